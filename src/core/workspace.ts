/** Finding and creating workspaces: a folder with flywheel.yaml and, by default, .flywheel/. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CONFIG_FILE, defaultConfigText } from './config.js';
import { FlywheelError, fromSystemError } from './errors.js';

/** The folder that holds the default metadata database and objects. */
export const STATE_DIR = '.flywheel';

/** Walk up from `start` to the nearest folder holding flywheel.yaml; undefined if there is none. */
export function findWorkspaceRoot(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, CONFIG_FILE))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Like findWorkspaceRoot, but a missing workspace is an error that says how to create one. */
export function requireWorkspaceRoot(start: string): string {
  const root = findWorkspaceRoot(start);
  if (root === undefined) {
    throw new FlywheelError(
      'WORKSPACE_NOT_FOUND',
      `No Flywheel workspace in ${resolve(start)} or any parent folder`,
      {
        hint: 'Run `flywheel init` here to create one, or cd into a folder that has flywheel.yaml.',
      },
    );
  }
  return root;
}

/** Write flywheel.yaml and create .flywheel/ in `dir` (created if missing); refuses to overwrite. */
export function createWorkspaceFiles(dir: string, name?: string): string {
  const root = resolve(dir);
  const file = join(root, CONFIG_FILE);
  if (existsSync(file)) {
    throw new FlywheelError('WORKSPACE_EXISTS', `${file} already exists`, {
      where: { file },
      hint: 'This folder is already a workspace; run `flywheel status` to inspect it.',
    });
  }
  try {
    mkdirSync(join(root, STATE_DIR, 'objects'), { recursive: true });
    writeFileSync(file, defaultConfigText(name ?? basename(root)), { flag: 'wx' });
    writeFileSync(join(root, STATE_DIR, '.gitignore'), '*\n');
  } catch (error) {
    throw fromSystemError(error, root, 'create a workspace in');
  }
  return file;
}
