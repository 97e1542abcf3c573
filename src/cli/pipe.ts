/**
 * A reader that stops early (`flywheel data profile x --json | head`) closes the pipe, and the
 * next write to it fails with EPIPE, which Node reports as an unhandled 'error' event: a stack
 * trace and exit code 1. Here the rest of the output is dropped instead; the command itself runs
 * to its end (a store write is never cut short) and exits with its own code, as `git log | head`
 * or ripgrep do.
 */
export function dropOutputOnClosedPipe(
  streams: NodeJS.WriteStream[] = [process.stdout, process.stderr],
): void {
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      stream.write = (() => true) as typeof stream.write;
    });
  }
}
