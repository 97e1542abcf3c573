/**
 * The small filters MLflow's experiment, model and model-version searches take: comparisons such
 * as `name = 'churn'`, `name LIKE 'ch%'` or `run_id = '…'`, joined by AND. (Run searches use the
 * full filter language of the tracking module.)
 */
import { FlywheelError } from '../../core/index.js';

/** One comparison of a search filter. */
export interface SimpleCondition {
  field: string;
  operator: '=' | 'like' | 'ilike';
  value: string;
}

const CLAUSE = /^\s*([A-Za-z_]+)\s*(=|like|ilike)\s*(?:'((?:[^']|'')*)'|"((?:[^"]|"")*)")\s*$/i;

/** Split on AND outside quotes. */
function clauses(filter: string): string[] {
  const out: string[] = [];
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < filter.length; i++) {
    const c = filter[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (/\s/.test(c) && /^\s+and\s+/i.test(filter.slice(i))) {
      out.push(filter.slice(start, i));
      i += /^\s+and\s+/i.exec(filter.slice(i))![0].length - 1;
      start = i + 1;
    }
  }
  out.push(filter.slice(start));
  return out;
}

/** Parse a simple filter over `fields`; anything else is an error saying what is supported. */
export function parseSimpleFilter(filter: string | undefined, fields: readonly string[]): SimpleCondition[] {
  if (filter === undefined || filter.trim() === '') return [];
  return clauses(filter).map((clause) => {
    const m = CLAUSE.exec(clause);
    const field = m?.[1]?.toLowerCase();
    if (!m || field === undefined || !fields.includes(field)) {
      throw new FlywheelError('INVALID_ARGUMENT', `unsupported filter clause "${clause.trim()}"`, {
        where: { field: 'filter' },
        hint: `This search supports ${fields.map((f) => `${f} = '…'`).join(', ')} (also LIKE and ILIKE), joined by AND.`,
      });
    }
    const value = m[3] !== undefined ? m[3].replaceAll("''", "'") : m[4]!.replaceAll('""', '"');
    return { field, operator: m[2]!.toLowerCase() as SimpleCondition['operator'], value };
  });
}
