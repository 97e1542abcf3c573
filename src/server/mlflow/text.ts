/**
 * Text the server refuses at the edge, in every field of a request: NUL characters (PostgreSQL's
 * text cannot hold them) and ill-formed UTF-16 (a lone surrogate has no UTF-8 form, so it would be
 * stored altered or fail deep inside a store). One walk over the parsed input, before any route
 * logic, answers 400 naming the field.
 */
import { badText, FlywheelError } from '../../core/index.js';

/**
 * Throw INVALID_ARGUMENT for the first string (key or value) in `input` that `badText` refuses.
 * The walk keeps its own stack, so deeply nested JSON cannot overflow the call stack.
 */
export function checkRequestText(input: unknown): void {
  const stack: Array<[value: unknown, path: string]> = [[input, '']];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      const why = badText(value);
      if (why) throw refused(path, why);
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], path ? `${path}.${i}` : String(i)]);
    } else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) {
        const at = path ? `${path}.${k}` : k;
        const why = badText(k);
        if (why) throw refused(at, `has a name that ${why}`);
        stack.push([v, at]);
      }
    }
  }
}

function refused(field: string, why: string): FlywheelError {
  const shown = JSON.stringify(field).slice(1, -1);
  return new FlywheelError('INVALID_ARGUMENT', `Invalid value for parameter '${shown}': it ${why}`, {
    where: { field: shown },
    hint: 'Send text without NUL characters, as well-formed UTF-8 JSON.',
  });
}
