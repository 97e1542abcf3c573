/**
 * The one rule for endpoint names — what `/models/{name}/predict` takes, what serve.yaml and the
 * admin API accept, what the prediction log is partitioned by. Every endpoint name is a plain
 * partition name of the log's layout (prediction-log/layout.ts), kept as is in its folder name.
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
