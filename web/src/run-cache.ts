/**
 * The rows of the runs table last shown, by run id: comparing runs picked from the table starts
 * from these instead of asking the server again, so the compare page's only wait is the metric
 * history. A link opened cold finds nothing here and asks (compare.tsx's loadRuns).
 */
import type { RunRow } from '../../src/server/api/schemas';

const MAX = 2000;
const rows = new Map<string, RunRow>();

/** Keep the rows of a runs page (the oldest are dropped past a few thousand). */
export function rememberRuns(list: readonly RunRow[]): void {
  for (const r of list) {
    rows.delete(r.run_id);
    rows.set(r.run_id, r);
  }
  for (const id of rows.keys()) {
    if (rows.size <= MAX) break;
    rows.delete(id);
  }
}

/** The rows of all of `ids`, in order, or undefined when any is not kept. */
export function cachedRuns(ids: readonly string[]): RunRow[] | undefined {
  const out: RunRow[] = [];
  for (const id of ids) {
    const r = rows.get(id);
    if (!r) return undefined;
    out.push(r);
  }
  return out;
}
