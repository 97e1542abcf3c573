/**
 * The runs table's pure logic: which columns it shows (chosen by the person, kept in the URL),
 * how a column is named in the server's filter/sort language (`metrics.auc`, `params."max depth"`),
 * and how a header click moves the sort order. Tested in runs-logic.test.ts.
 */

/** A column of the runs table besides the fixed ones (select, name, status, start, duration). */
export interface Column {
  kind: 'param' | 'metric' | 'tag';
  key: string;
}

const PREFIX = { param: 'params', metric: 'metrics', tag: 'tags' } as const;

/** The column's field in the filter and sort language: `metrics.auc`, `params."max depth"`. */
export function fieldOf(c: Column): string {
  const key = /^[A-Za-z_][A-Za-z0-9_]*$/.test(c.key) ? c.key : `"${c.key.replace(/"/g, '\\"')}"`;
  return `${PREFIX[c.kind]}.${key}`;
}

/** The columns shown by default: up to 8 metrics and 8 params, in key order. */
export function defaultColumns(paramKeys: readonly string[], metricKeys: readonly string[]): Column[] {
  return [
    ...[...metricKeys]
      .sort()
      .slice(0, 8)
      .map((key) => ({ kind: 'metric' as const, key })),
    ...[...paramKeys]
      .sort()
      .slice(0, 8)
      .map((key) => ({ kind: 'param' as const, key })),
  ];
}

/** Columns to the URL's `cols` value: `m:auc,p:lr,t:team` (keys URI-encoded, so commas are safe). */
export function columnsText(cols: readonly Column[]): string {
  return cols.map((c) => `${c.kind[0]}:${encodeURIComponent(c.key)}`).join(',');
}

/** The URL's `cols` value back to columns (unknown parts left out). */
export function parseColumns(text: string): Column[] {
  const kinds: Record<string, Column['kind']> = { p: 'param', m: 'metric', t: 'tag' };
  const out: Column[] = [];
  for (const part of text.split(',')) {
    const kind = kinds[part.slice(0, 1)];
    if (!kind || part[1] !== ':') continue;
    try {
      out.push({ kind, key: decodeURIComponent(part.slice(2)) });
    } catch {
      // A damaged part of a hand-edited URL: left out.
    }
  }
  return out;
}

/** The sort a field has in an `order_by` text (its first key only), for aria-sort. */
export function sortOf(order: string | undefined, field: string): 'ascending' | 'descending' | undefined {
  if (!order) return undefined;
  const first = order.split(',')[0]!.trim();
  const m = /^(.*?)\s+(asc|desc)$/i.exec(first);
  const f = m ? m[1]!.trim() : first.replace(/^[-+]/, '');
  if (f !== field) return undefined;
  if (m) return m[2]!.toLowerCase() === 'desc' ? 'descending' : 'ascending';
  return first.startsWith('-') ? 'descending' : 'ascending';
}

/**
 * The order after a click on a field's header: metrics sort best-first the first time (descending),
 * other fields ascending; a second click reverses.
 */
export function nextOrder(
  order: string | undefined,
  field: string,
  kind: Column['kind'] | 'attribute',
): string {
  const now = sortOf(order, field);
  const first = kind === 'metric' ? 'DESC' : 'ASC';
  if (now === undefined) return `${field} ${first}`;
  return `${field} ${now === 'ascending' ? 'DESC' : 'ASC'}`;
}

/** Whether a comparison of `n` selected runs can be made (2 to 10). */
export function canCompare(n: number, max = 10): boolean {
  return n >= 2 && n <= max;
}
