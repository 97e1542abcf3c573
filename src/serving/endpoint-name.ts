/**
 * The one rule for endpoint names — what `/models/{name}/predict` takes, what serve.yaml and the
 * admin API accept, what the prediction log is partitioned by — and the one mapping from a name to
 * its log folder, which the monitor reads through this module too.
 */
import { FlywheelError } from '../core/index.js';

/** An endpoint name as a regular-expression source: a letter or digit, then up to 99 of `A-Za-z0-9._-`. */
export const ENDPOINT_NAME_PATTERN = '[A-Za-z0-9][A-Za-z0-9._-]{0,99}';

/** A whole endpoint name. */
export const ENDPOINT_NAME = new RegExp(`^${ENDPOINT_NAME_PATTERN}$`);

/** Throw INVALID_ARGUMENT unless `name` is a valid endpoint name (`from` says where it came from). */
export function checkEndpointName(name: string, from: string): void {
  if (ENDPOINT_NAME.test(name)) return;
  throw new FlywheelError(
    'INVALID_ARGUMENT',
    `${JSON.stringify(name.slice(0, 120))} (${from}) is not a valid endpoint name: use 1-100 of letters, digits, ".", "_" and "-", starting with a letter or digit`,
    {
      hint: 'Give the endpoint a name of its own: `name:` beside the model in serve.yaml, or "name" in POST /admin/models.',
    },
  );
}

/**
 * The prediction log's partition folder of an endpoint: `model=NAME` for a valid name; any other
 * name (a log written before names were checked, a monitor asked about a registry name) as `~` and
 * the hex of its UTF-8 bytes, which no valid name can be, so no two names share a folder.
 */
export function logFolderName(name: string): string {
  if (ENDPOINT_NAME.test(name)) return `model=${name}`;
  return `model=~${Buffer.from(name, 'utf8').toString('hex')}`;
}
