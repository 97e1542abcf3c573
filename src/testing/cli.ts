/** Running the CLI in-process for tests: captured stdout/stderr, the exit code, and the JSON output. */
import { main } from '../cli/main.js';

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
  );
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}
