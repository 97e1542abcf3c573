// Runs examples/README.md end to end (issue 24 #8): its shell commands in order, in a copy of the
// examples folder in a temporary directory (each `flywheel` line with the exit code its comment
// states; `flywheel serve` as a real server process, on a free port), then every request of its
// ```http block against that server, with the status and error text the page shows.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './testing/cli.js';
import { tempDir } from './testing/services.js';

const ROOT = join(import.meta.dirname, '..');
const README = readFileSync(join(ROOT, 'examples', 'README.md'), 'utf8');
const BIN = join(ROOT, 'bin', 'flywheel.js');

/** Split a command line into words (double and single quotes group; no other shell syntax). */
function words(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

/** The page's first ```sh block: one command a line, `# …` comments after two spaces. */
function commands(): Array<{
  line: string;
  env: Record<string, string>;
  args: string[] | null;
  exit: number;
}> {
  const block = /```sh\n([\s\S]*?)```/.exec(README)![1]!;
  return block
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const [command, comment = ''] = line.split(/\s+#\s+/);
      const exit = Number(/exit (\d+)/.exec(comment)?.[1] ?? 0);
      const env: Record<string, string> = {};
      let rest = command!.trim();
      for (let m = /^([A-Z_]+)=(\S+)\s+/.exec(rest); m; m = /^([A-Z_]+)=(\S+)\s+/.exec(rest)) {
        env[m[1]!] = m[2]!;
        rest = rest.slice(m[0].length);
      }
      return { line, env, args: rest.startsWith('flywheel ') ? words(rest.slice(9)) : null, exit };
    });
}

/** The page's ```http requests: method, path, bearer token, JSON body, status and error text shown. */
function requests() {
  const block = /```http\n([\s\S]*?)```/.exec(README)![1]!;
  return block
    .trim()
    .split(/\n\s*\n/)
    .map((chunk) => {
      const [head, body, answer] = chunk.split('\n');
      const m = /^(POST|GET) http:\/\/localhost:8080(\S+)(?:\s+\(Authorization: Bearer (\S+)\))?/.exec(
        head!,
      )!;
      const status = Number(/^→ (\d+)/.exec(answer!)![1]);
      const error = /"error": ("(?:[^"\\]|\\.)*")/.exec(answer!)?.[1];
      return {
        method: m[1]!,
        path: m[2]!,
        token: m[3],
        body: body!,
        status,
        error: error === undefined ? undefined : (JSON.parse(error) as string),
      };
    });
}

/** Start `flywheel serve ARGS --port 0 --json` in `cwd`; resolves with its URL. */
function serve(
  cwd: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [BIN, ...args, '--port', '0', '--json'], {
    cwd,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const take = (d: Buffer) => {
      out += d;
      const m = /"url":\s*"([^"]+)"/.exec(out);
      if (m) resolve({ url: m[1]!, child });
    };
    child.stdout!.on('data', take);
    child.stderr!.on('data', (d: Buffer) => (out += d));
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
}

describe('examples/README.md', () => {
  it('runs as written: its commands, then its requests against the served model', async () => {
    const steps = commands();
    expect(steps.filter((s) => s.args !== null).length).toBeGreaterThanOrEqual(8);
    const dir = tempDir();
    let server: ChildProcess | undefined;
    try {
      cpSync(join(ROOT, 'examples'), join(dir.path, 'examples'), { recursive: true });
      let cwd = dir.path;
      let url = '';
      let token = '';
      for (const step of steps) {
        if (step.args === null) {
          // A shell line (cp, cd): run it, and follow the folder it ends in.
          cwd = execFileSync('bash', ['-c', `set -e\n${step.line}\npwd`], { cwd, encoding: 'utf8' }).trim();
        } else if (step.args[0] === 'serve') {
          ({ url, child: server } = await serve(cwd, step.args, step.env));
          token = step.env.FLYWHEEL_TOKEN ?? '';
        } else {
          const r = await runCli(['-C', cwd, ...step.args], step.env);
          expect({ line: step.line, code: r.code, stderr: r.stderr.slice(0, 500) }).toEqual({
            line: step.line,
            code: step.exit,
            stderr: expect.any(String),
          });
        }
      }
      expect(url).not.toBe('');
      let lastId = '';
      const shown = requests();
      expect(shown.length).toBeGreaterThanOrEqual(3);
      for (const q of shown) {
        expect(q.token === undefined || q.token === token).toBe(true);
        const r = await fetch(`${url}${q.path}`, {
          method: q.method,
          body: q.body.replace('<the request_id above>', lastId),
          headers: {
            'content-type': 'application/json',
            ...(q.token ? { authorization: `Bearer ${q.token}` } : {}),
          },
        });
        const answer = (await r.json()) as { request_id?: string; error?: string };
        expect({ request: q.body, status: r.status, error: answer.error }).toEqual({
          request: q.body,
          status: q.status,
          error: q.error,
        });
        if (q.path.endsWith('/predict') && r.status === 200) lastId = answer.request_id!;
      }
    } finally {
      server?.kill('SIGTERM');
      if (server && server.exitCode === null) await new Promise((r) => server!.once('exit', r));
      dir.cleanup();
    }
  }, 180_000);
});
