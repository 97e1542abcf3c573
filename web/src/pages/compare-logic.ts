/**
 * The comparison's pure logic: params (or any string record) side by side with the rows that
 * differ marked, and a param turned into numbers for the scatter (categories get positions).
 * Tested in compare-logic.test.ts.
 */

/** One row of a side-by-side table: a key, each run's value (undefined: not set), and whether they differ. */
export interface DiffRow {
  key: string;
  values: Array<string | undefined>;
  differs: boolean;
}

/** The union of the records' keys, sorted, each with every record's value; a missing value counts as different. */
export function diffRecords(records: ReadonlyArray<Record<string, string>>): DiffRow[] {
  const keys = [...new Set(records.flatMap((r) => Object.keys(r)))].sort();
  return keys.map((key) => {
    const values = records.map((r) => (Object.hasOwn(r, key) ? r[key] : undefined));
    return { key, values, differs: new Set(values).size > 1 };
  });
}

/** The same for numbers (latest metric values): equal when both are the same number or both missing. */
export function diffNumbers(records: ReadonlyArray<Record<string, number | null>>): Array<{
  key: string;
  values: Array<number | null | undefined>;
  differs: boolean;
}> {
  const keys = [...new Set(records.flatMap((r) => Object.keys(r)))].sort();
  return keys.map((key) => {
    const values = records.map((r) => (Object.hasOwn(r, key) ? r[key] : undefined));
    return { key, values, differs: new Set(values.map((v) => (v === undefined ? 'u' : String(v)))).size > 1 };
  });
}

/**
 * A param's values as x positions: the numbers themselves when every set value is a number, else
 * each distinct value's place in sorted order (with the labels to write on the axis).
 */
export function paramAxis(values: ReadonlyArray<string | undefined>): {
  xs: Array<number | undefined>;
  categories?: string[];
} {
  const set = values.filter((v): v is string => v !== undefined);
  const numeric = set.length > 0 && set.every((v) => v.trim() !== '' && Number.isFinite(Number(v)));
  if (numeric) return { xs: values.map((v) => (v === undefined ? undefined : Number(v))) };
  const categories = [...new Set(set)].sort();
  return { xs: values.map((v) => (v === undefined ? undefined : categories.indexOf(v))), categories };
}
