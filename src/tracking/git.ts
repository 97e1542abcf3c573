/** The code version a run was made from: the git commit of the working tree and whether it had changes. */
import { execFile } from 'node:child_process';

/** A working tree's commit and dirty flag; both null outside a git repository or without git. */
export interface GitState {
  commit: string | null;
  dirty: boolean | null;
}

function git(args: string[], cwd: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, timeout: 5000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout) =>
      resolve(error ? undefined : stdout),
    );
  });
}

/** Read the commit and dirty flag of the git working tree around `cwd` (never throws). */
export async function readGitState(cwd: string): Promise<GitState> {
  const head = await git(['rev-parse', '--verify', 'HEAD'], cwd);
  const commit = head?.trim() || null;
  if (commit === null) return { commit: null, dirty: null };
  // Untracked files count: a new source file not yet committed is code the commit does not hold.
  const status = await git(['status', '--porcelain'], cwd);
  return { commit, dirty: status === undefined ? null : status.trim() !== '' };
}
