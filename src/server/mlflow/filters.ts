/**
 * The small filters MLflow's experiment, model and model-version searches take: comparisons such
 * as `name = 'churn'`, `name LIKE 'ch%'` or `run_id = '…'`, joined by AND. (Run searches use the
 * full filter language of the tracking module.)
 */
import { FlywheelError } from '../../core/index.js';
import { checkLikePattern, FILTER_LIMITS, filterLimitError } from '../../tracking/index.js';

/** One comparison of a search filter. */
export interface SimpleCondition {
  field: string;
  operator: '=' | 'like' | 'ilike';
  value: string;
}

const CLAUSE = /^\s*([A-Za-z_]+)\s*(=|like|ilike)\s*(?:'((?:[^']|'')*)'|"((?:[^"]|"")*)")\s*$/i;

/** Split on AND outside quotes, in one pass (each whitespace run is looked at once). */
function clauses(filter: string): string[] {
  const out: string[] = [];
  let quote: string | undefined;
  let start = 0;
  let i = 0;
  while (i < filter.length) {
    const c = filter[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      i++;
    } else if (c === "'" || c === '"') {
      quote = c;
      i++;
    } else if (/\s/.test(c)) {
      let j = i;
      while (j < filter.length && /\s/.test(filter[j]!)) j++;
      const word = filter.slice(j, j + 3).toLowerCase();
      if (word === 'and' && /\s/.test(filter[j + 3] ?? '')) {
        out.push(filter.slice(start, i));
        j += 3;
        while (j < filter.length && /\s/.test(filter[j]!)) j++;
        start = j;
      }
      i = j;
    } else i++;
  }
  out.push(filter.slice(start));
  return out;
}

/** These searches take one or two conditions; a few more are refused by the routes with a reason. */
const MAX_CLAUSES = 8;

/**
 * Parse a simple filter over `fields`; anything else is an error saying what is supported. The
 * run filter's limits (FILTER_LIMITS) apply: length first, then clauses, values and patterns.
 */
export function parseSimpleFilter(filter: string | undefined, fields: readonly string[]): SimpleCondition[] {
  if (filter === undefined) return [];
  if (filter.length > FILTER_LIMITS.length)
    throw filterLimitError('the filter is too long (characters)', 'length', filter.length);
  if (filter.trim() === '') return [];
  const parts = clauses(filter);
  if (parts.length > MAX_CLAUSES) {
    throw new FlywheelError(
      'INVALID_ARGUMENT',
      `the filter has ${parts.length} conditions; this search takes at most ${MAX_CLAUSES}`,
      { where: { field: 'filter' }, details: { limit: 'clauses', max: MAX_CLAUSES, got: parts.length } },
    );
  }
  return parts.map((clause) => {
    const m = CLAUSE.exec(clause);
    const field = m?.[1]?.toLowerCase();
    if (!m || field === undefined || !fields.includes(field)) {
      throw new FlywheelError('INVALID_ARGUMENT', `unsupported filter clause "${clause.trim()}"`, {
        where: { field: 'filter' },
        hint: `This search supports ${fields.map((f) => `${f} = '…'`).join(', ')} (also LIKE and ILIKE), joined by AND.`,
      });
    }
    const value = m[3] !== undefined ? m[3].replaceAll("''", "'") : m[4]!.replaceAll('""', '"');
    const operator = m[2]!.toLowerCase() as SimpleCondition['operator'];
    if (value.length > FILTER_LIMITS.valueLength)
      throw filterLimitError('a compared value is too long', 'valueLength', value.length);
    if (operator !== '=') checkLikePattern(value);
    return { field, operator, value };
  });
}
