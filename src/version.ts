/** The Flywheel version, read from package.json; a leaf module so `flywheel --version` loads nothing else. */
import { readFileSync } from 'node:fs';

/** The Flywheel version (from package.json). */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
