/** Running the CLI in-process for tests: captured stdout/stderr, the exit code, and the JSON output. */
import { main } from '../cli/main.js';
import { isolatedReads, setIsolatedReads } from '../data/index.js';

/** What one CLI invocation printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (for `--json` runs); loosely typed on purpose: tests assert on its shape. */
  // biome-ignore lint/suspicious/noExplicitAny: parsed JSON in tests, checked by the assertions that use it
  json(): any;
}

/** Run `flywheel ARGS` in this process with environment `env` (default: none, so the host's settings don't leak in). */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const sink = (add: (s: string) => void, isTTY = false) =>
    ({
      write: (s: string) => {
        add(s);
        return true;
      },
      isTTY,
    }) as unknown as NodeJS.WriteStream;
  // `serve`, `worker` and `monitor --watch` turn on isolated reads for their process's life; here
  // the process is the test runner's, shared by other test files, so the setting is put back.
  const isolated = isolatedReads();
  const code = await main(
    args,
    {
      stdout: sink((s) => {
        stdout += s;
      }),
      stderr: sink((s) => {
        stderr += s;
      }),
    },
    env,
  ).finally(() => setIsolatedReads(isolated));
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}
