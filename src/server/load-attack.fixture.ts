/**
 * The attacks of load.test.ts, run in a process of their own so that the attackers' work does not
 * delay the test's probe: `node --import tsx load-attack.fixture.ts '{"attack": …, "port": N, "ms": M}'`
 * attacks for `ms` milliseconds, then prints one JSON line of what it saw and exits.
 *   - `close-then-trickle`: 300 connections each sending a predict request with Connection: close
 *     and a stray byte, then a byte every 100 ms (10 of them 12 MiB as fast as they can) until the
 *     server closes it, then again;
 *   - `search`: the 60,000-clause `POST /api/2.0/mlflow/runs/search` (~996 KB), three at a time, and
 *     one sender of the same search twice over (over the 1 MiB body limit).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';

const BODY = readFileSync(join(import.meta.dirname, 'fixtures', 'http', 'bc-row.body'));
const MIB = 1024 * 1024;

/** What an attack reports. */
export interface AttackReport {
  /** Connections made (close-then-trickle). */
  connections: number;
  /** Answers by status (search). */
  statuses: Record<string, number>;
}

/** One attacking connection; resolves with the bytes it sent after the closing request. */
function closeThenTrickle(port: number, flood: boolean, stop: () => boolean): Promise<number> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let timer: NodeJS.Timeout | undefined;
    let sent = 0;
    const finish = () => {
      clearInterval(timer);
      socket.destroy();
      resolve(sent);
    };
    socket.on('error', finish);
    socket.on('close', finish);
    socket.on('data', () => {});
    socket.on('connect', () => {
      const head = `POST /models/bc/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: ${BODY.length}\r\n\r\n`;
      socket.write(Buffer.concat([Buffer.from(head), BODY, Buffer.from('X')]));
      if (flood) {
        const chunk = Buffer.alloc(64 * 1024, 0x59);
        const pump = () => {
          while (!socket.destroyed && sent < 12 * MIB && !stop()) {
            sent += chunk.length;
            if (!socket.write(chunk)) return void socket.once('drain', pump);
          }
          if (stop() || sent >= 12 * MIB) finish();
        };
        pump();
      } else
        timer = setInterval(() => {
          if (stop()) finish();
          else if (!socket.destroyed) socket.write('Y', () => (sent += 1));
        }, 100);
    });
  });
}

function post(port: number, path: string, body: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

/** The 60,000-clause filter as a runs/search body. */
export function hugeSearch(times = 1): string {
  const filter = Array.from({ length: 60_000 * times }, () => 'metrics.x > 1').join(' or ');
  return JSON.stringify({ experiment_ids: ['0'], filter });
}

async function attack(kind: string, port: number, ms: number): Promise<AttackReport> {
  const end = Date.now() + ms;
  const stop = () => Date.now() >= end;
  const report: AttackReport = { connections: 0, statuses: {} };
  if (kind === 'close-then-trickle') {
    await Promise.all(
      Array.from({ length: 300 }, async (_, i) => {
        while (!stop()) {
          report.connections++;
          await closeThenTrickle(port, i < 10, stop);
        }
      }),
    );
  } else {
    const search = hugeSearch();
    const tooLarge = hugeSearch(2);
    await Promise.all(
      Array.from({ length: 4 }, async (_, i) => {
        while (!stop()) {
          const status = await post(port, '/api/2.0/mlflow/runs/search', i === 0 ? tooLarge : search);
          report.statuses[status] = (report.statuses[status] ?? 0) + 1;
        }
      }),
    );
  }
  return report;
}

/** Run an attack in a child process: `started` once it attacks, `done` with its report once it is over. */
export function runAttack(
  kind: 'close-then-trickle' | 'search',
  port: number,
  ms: number,
): { started: Promise<void>; done: Promise<AttackReport> } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', import.meta.filename, JSON.stringify({ kind, port, ms })],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let text = '';
  let began: () => void = () => {};
  const started = new Promise<void>((resolve) => {
    began = resolve;
  });
  child.stdout.on('data', (d: Buffer) => {
    text += String(d);
    if (text.startsWith('started\n')) began();
  });
  const done = new Promise<AttackReport>((resolve, reject) =>
    child.once('exit', (code) => {
      began();
      if (code === 0) resolve(JSON.parse(text.slice('started\n'.length)) as AttackReport);
      else reject(new Error(`the attack exited with ${code}`));
    }),
  );
  return { started, done };
}

if (process.argv[1] === import.meta.filename) {
  const { kind, port, ms } = JSON.parse(process.argv[2]!) as { kind: string; port: number; ms: number };
  process.stdout.write('started\n');
  process.stdout.write(`${JSON.stringify(await attack(kind, port, ms))}\n`);
}
