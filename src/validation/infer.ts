/**
 * `suite infer`: draft a suite from a data profile, with margins chosen so that a fresh batch of
 * `batchRows` rows from the same distribution passes the whole suite with probability at least
 * 1 − `falseAlarm` (default 95%). The budget is split evenly over the K expectations that can fail
 * by chance (Bonferroni: each gets falseAlarm / K); docs/validation.md gives the reasoning.
 *
 * Per column: its type; not_null (no nulls seen) or a null-share ceiling; for numbers and dates a
 * [min, max] range whose `mostly` tolerates the values a fresh batch may put outside it; for
 * numbers with enough variety a mean range and a KS distance to the reference histogram; for
 * low-cardinality columns the set of values; for text, a length range. For the table: the
 * ordered column list and a row-count range of half to twice `batchRows`.
 */
import type { ColumnProfile, DatasetProfile } from '../data/index.js';
import type { Expectation } from './expectation-schema.js';
import { ksCritical, normalQuantile, outsideAllowance, roundOutward } from './infer-stats.js';
import type { Suite } from './suite.js';

/** Options for inferring a suite. */
export interface InferOptions {
  /** The suite name. */
  name: string;
  /** Rows of the batches the suite will check (default: the profile's row count). */
  batchRows?: number;
  /** The chance a fresh batch from the same distribution may fail the suite (default 0.05). */
  falseAlarm?: number;
  /** Most distinct values for a value set (default 10; limited by the profile's top-k list). */
  maxSetSize?: number;
  /** Where the profile came from, for the description. */
  source?: string;
}

/** The stochastic checks planned for a column, counted before margins are set. */
interface Plan {
  column: ColumnProfile;
  /** "Whole numbers" is a statistical claim too: a fresh batch may hold a rare fraction. */
  integer: boolean;
  nullShare: boolean;
  range: boolean;
  mean: boolean;
  ks: boolean;
  set: boolean;
  length: boolean;
}

// The fewest values differing from the most common one for a mean check: below this the sample
// mean is far from normal (a few rare values), and the normal margin would not hold.
const MIN_VARIETY = 10;

/** Draft a suite from a profile. */
export function inferSuite(profile: DatasetProfile, options: InferOptions): Suite {
  const m = Math.max(1, Math.round(options.batchRows ?? profile.rowCount));
  const falseAlarm = options.falseAlarm ?? 0.05;
  const plans = profile.columns.map((c) => plan(c, options.maxSetSize ?? 10));
  const k = plans.reduce(
    (s, p) => s + +p.integer + +p.nullShare + +p.range + +p.mean + +p.ks + +p.set + +p.length,
    0,
  );
  const alpha = falseAlarm / Math.max(1, k);
  const expectations: Expectation[] = [
    { expect: 'columns_match_list', columns: profile.columns.map((c) => c.name) },
    {
      expect: 'row_count_between',
      min: Math.floor(m / 2),
      max: 2 * m,
      notes: `batches of half to twice ${m} rows`,
    },
  ];
  for (const p of plans) expectations.push(...columnExpectations(p, profile.rowCount, m, alpha));
  return {
    version: 1,
    name: options.name,
    description:
      `Drafted by flywheel suite infer from ${options.source ?? 'a profile'} (${profile.rowCount} rows) for batches of ${m} rows. ` +
      `A fresh batch from the same distribution fails it with probability at most ${falseAlarm} ` +
      `(${k} checks can fail by chance, each at level ${alpha.toPrecision(3)}). Review before use.`,
    expectations,
  };
}

function plan(c: ColumnProfile, maxSetSize: number): Plan {
  const values = c.count - c.nulls;
  const numeric = c.kind === 'float64' && c.min !== null && c.max !== null;
  const completeTopK = c.distinctExact && c.topKExact && c.topK.length === c.distinct;
  const set =
    values > 0 &&
    completeTopK &&
    c.distinct <= maxSetSize &&
    c.type !== 'numeric' &&
    c.type !== 'text' &&
    c.type !== 'timestamp';
  const variety = values - (c.topK[0]?.count ?? values);
  return {
    column: c,
    integer: c.kind === 'float64' && c.type === 'integer',
    nullShare: c.nulls > 0,
    range: (numeric || (c.kind === 'timestamp' && c.min !== null)) && values >= 2,
    mean: numeric && (c.std ?? 0) > 0 && variety >= MIN_VARIETY,
    ks: numeric && c.histogram !== null && c.distinct > 1 && variety >= MIN_VARIETY,
    set,
    length: c.type === 'text' && c.length !== null && values >= 2,
  };
}

function columnExpectations(p: Plan, rows: number, m: number, alpha: number): Expectation[] {
  const c = p.column;
  const column = c.name;
  const n = c.count - c.nulls - c.nan - c.infinite;
  // The non-null values a batch of m rows is expected to hold.
  const mc = Math.max(1, Math.round((m * (c.count - c.nulls)) / Math.max(1, c.count)));
  const u = outsideAllowance(n, mc, alpha) + extraAllowance(c, mc, alpha);
  const mostly = u === 0 ? undefined : Math.floor((1 - u / mc) * 1e4) / 1e4;
  const why = `mostly allows ${u} of ${mc} values outside (reference n=${n}, level ${alpha.toPrecision(3)})`;
  const type = typeOf(c);
  const out: Expectation[] = [
    type === 'integer' && mostly !== undefined
      ? { expect: 'type', column, type, mostly, notes: `whole numbers in the reference; ${why}` }
      : { expect: 'type', column, type },
  ];
  if (p.nullShare) out.push(nullShare(c, rows, m, alpha));
  else out.push({ expect: 'not_null', column, notes: 'no nulls in the reference' });
  if (p.range) out.push(rangeOf(c, mostly, why));
  if (p.set)
    out.push({
      expect: 'in_set',
      column,
      values: sortedValues(c),
      ...(mostly === undefined ? {} : { mostly }),
      notes: why,
    });
  if (p.length && c.length)
    out.push({
      expect: 'length_between',
      column,
      min: c.length.min,
      max: c.length.max,
      ...(mostly === undefined ? {} : { mostly }),
      notes: why,
    });
  if (p.mean) out.push(meanOf(c, n, mc, alpha));
  if (p.ks) out.push(ksOf(c, mc, alpha));
  return out;
}

function sortedValues(c: ColumnProfile): (string | number | boolean)[] {
  return c.topK.map((t) => t.value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function typeOf(c: ColumnProfile): 'numeric' | 'integer' | 'string' | 'boolean' | 'timestamp' {
  if (c.kind === 'dictionary') return 'string';
  if (c.kind === 'bool') return 'boolean';
  if (c.kind === 'timestamp') return 'timestamp';
  return c.type === 'integer' ? 'integer' : 'numeric';
}

function nullShare(c: ColumnProfile, rows: number, m: number, alpha: number): Expectation {
  const p = c.nulls / Math.max(1, rows);
  const z = normalQuantile(1 - alpha);
  const max = Math.min(1, p + z * Math.sqrt(Math.max(p * (1 - p), 1 / rows) * (1 / rows + 1 / m)) + 1 / m);
  return {
    expect: 'null_share_at_most',
    column: c.name,
    max: roundOutward(max, 1e-4, 1),
    notes: `reference null share ${p.toFixed(4)} + z=${z.toFixed(2)} standard errors`,
  };
}

/** Reference NaN and infinite values fail a range; allow for them at their reference rate. */
function extraAllowance(c: ColumnProfile, mc: number, alpha: number): number {
  const rate = (c.nan + c.infinite) / Math.max(1, c.count - c.nulls);
  if (rate === 0) return 0;
  const z = normalQuantile(1 - alpha);
  return Math.ceil(mc * rate + z * Math.sqrt(mc * rate) + 1);
}

function rangeOf(c: ColumnProfile, mostly: number | undefined, notes: string): Expectation {
  const timestamp = c.kind === 'timestamp';
  const min = timestamp ? new Date(c.min!).toISOString() : c.min!;
  const max = timestamp ? new Date(c.max!).toISOString() : c.max!;
  return { expect: 'between', column: c.name, min, max, ...(mostly === undefined ? {} : { mostly }), notes };
}

function meanOf(c: ColumnProfile, n: number, mc: number, alpha: number): Expectation {
  const z = normalQuantile(1 - alpha / 2);
  // The reference sd underestimates σ most often for heavy tails (outliers the reference missed):
  // use an upper bound, s²·(1 + z·√((κ − 1)/n)), with the kurtosis κ read from the histogram.
  const kurtosis = histogramKurtosis(c) ?? 3;
  const sd = c.std! * Math.sqrt(1 + z * Math.sqrt(Math.max(0, kurtosis - 1) / n));
  const margin = z * sd * Math.sqrt(1 / n + 1 / mc);
  return {
    expect: 'mean_between',
    column: c.name,
    min: roundOutward(c.mean! - margin, margin / 100, -1),
    max: roundOutward(c.mean! + margin, margin / 100, 1),
    notes:
      `reference mean ${c.mean!.toPrecision(6)} ± z=${z.toFixed(2)} × sd ${sd.toPrecision(4)} × √(1/${n} + 1/${mc}) ` +
      `(sd ${c.std!.toPrecision(4)} raised for kurtosis ${kurtosis.toFixed(1)})`,
  };
}

/** The kurtosis m4 / m2² of a column, from its histogram's bin midpoints (undefined without one). */
export function histogramKurtosis(c: ColumnProfile): number | undefined {
  const h = c.histogram;
  if (h === null) return undefined;
  const mid = (i: number) => (h.edges[i]! + h.edges[i + 1]!) / 2;
  let n = 0;
  let sum = 0;
  h.counts.forEach((k, i) => {
    n += k;
    sum += k * mid(i);
  });
  const mean = sum / n;
  let m2 = 0;
  let m4 = 0;
  h.counts.forEach((k, i) => {
    const d = mid(i) - mean;
    m2 += k * d * d;
    m4 += k * d ** 4;
  });
  return m2 > 0 ? m4 / n / (m2 / n) ** 2 : undefined;
}

function ksOf(c: ColumnProfile, mc: number, alpha: number): Expectation {
  const h = c.histogram!;
  const nh = h.counts.reduce((s, x) => s + x, 0);
  const threshold = roundOutward(ksCritical(nh, mc, alpha), 1e-3, 1);
  return {
    expect: 'distribution_distance_below',
    column: c.name,
    metric: 'ks',
    threshold,
    // 12 significant digits drop float noise (4.4799999999999995) without moving a bin edge past a value.
    reference: { edges: h.edges.map((x) => Number(x.toPrecision(12))), counts: [...h.counts] },
    notes: `two-sample KS critical value at level ${alpha.toPrecision(3)} for ${nh} reference and ${mc} batch values`,
  };
}
