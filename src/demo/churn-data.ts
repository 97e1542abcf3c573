/**
 * The demo's bundled dataset: a synthetic churn table generated from a fixed seed (no download).
 * Period 2025-H1 is the history; in 2025-H2 prices rise, support calls double, more customers are
 * on monthly contracts, and a competitor in the south changes who churns (covariate and concept drift).
 */
import { writeFileSync } from 'node:fs';
import { seededUniform } from '../core/index.js';

/** The column that says which period a row belongs to. */
export const PERIOD_COLUMN = 'period';
/** The label. */
export const TARGET = 'churned';
/** The columns a model never sees. */
export const ID_COLUMNS = ['customer_id', PERIOD_COLUMN];

/** The feature columns. */
export const FEATURES = [
  'tenure_months',
  'monthly_charges',
  'support_calls',
  'contract',
  'payment_method',
  'region',
];

const CONTRACTS = ['month-to-month', 'one-year', 'two-year'];
const PAYMENTS = ['electronic-check', 'card', 'bank-transfer', 'mailed-check'];
const REGIONS = ['north', 'south', 'east', 'west'];
const HEADER = [
  'customer_id',
  PERIOD_COLUMN,
  'tenure_months',
  'monthly_charges',
  'support_calls',
  'contract',
  'payment_method',
  'region',
  TARGET,
];

function pick(u: number, items: string[], shares: number[]): string {
  let acc = 0;
  for (let i = 0; i < items.length; i++) {
    acc += shares[i]!;
    if (u < acc) return items[i]!;
  }
  return items[items.length - 1]!;
}

function poisson(next: () => number, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let p = next();
  while (p > limit) {
    k++;
    p *= next();
  }
  return k;
}

function normal(next: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}

/** One customer row of `period` (0 = 2025-H1, 1 = 2025-H2). */
function customer(next: () => number, id: number, period: 0 | 1): Array<string | number> {
  const drifted = period === 1;
  const tenure = Math.max(1, Math.round((drifted ? 18 : 30) * -Math.log(1 - next()))) % 73 || 1;
  const charges = Math.min(120, Math.max(18, 65 + (drifted ? 12 : 0) + 20 * normal(next)));
  // At most 5 calls in 2025-H1: a 2,000-row hold-out then shows every value a clean history row can
  // take (P(5+) ≈ 0.8%), so the suite drafted from it quarantines exactly the spoiled rows, whatever
  // the seed (uncapped, a clean row with 7 calls was quarantined for 5 of seeds 1–9).
  const calls = drifted ? poisson(next, 2.4) : Math.min(5, poisson(next, 1.2));
  const contract = pick(next(), CONTRACTS, drifted ? [0.65, 0.2, 0.15] : [0.5, 0.25, 0.25]);
  const payment = pick(next(), PAYMENTS, [0.35, 0.25, 0.25, 0.15]);
  const region = pick(next(), REGIONS, [0.25, 0.25, 0.25, 0.25]);
  let logit = -1.2 - 0.035 * tenure + 0.3 * calls + (drifted ? 0.06 : 0.02) * (charges - 65);
  if (contract === 'month-to-month') logit += 1.2;
  if (contract === 'two-year') logit -= 0.9;
  if (payment === 'electronic-check') logit += 0.4;
  if (drifted && region === 'south') logit += 1.4; // a competitor opened there
  const churned = next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  const label = drifted ? '2025-H2' : '2025-H1';
  const key = `C${String(id).padStart(6, '0')}`;
  return [key, label, tenure, Math.round(charges * 100) / 100, calls, contract, payment, region, churned];
}

/** Make a row bad the way real feeds are: a negative tenure, a missing charge or an unknown contract. */
function spoil(row: Array<string | number>, kind: number): void {
  if (kind === 0) row[2] = -Number(row[2]);
  else if (kind === 1) row[3] = '';
  else row[5] = 'monthly'; // an unknown contract (not a missing-value token such as N/A)
}

/** What `writeChurnData` wrote: paths and row counts. */
export interface ChurnFiles {
  /** 2025-H1 training rows, some of them bad. */
  history: string;
  /** Clean 2025-H1 rows held out for evaluation. */
  historyHoldout: string;
  /** 2025-H2 rows to retrain on. */
  fresh: string;
  /** Clean 2025-H2 rows held out for the promotion gate and batch scoring. */
  freshHoldout: string;
  rows: { history: number; historyHoldout: number; fresh: number; freshHoldout: number };
  /** Rows of `history` spoiled on purpose. */
  spoiled: number;
}

/** Generate the churn table (`rows` in all, split 40/10/40/10) with seed `seed` into `dir`. */
export function writeChurnData(dir: string, rows: number, seed: number): ChurnFiles {
  const next = seededUniform(seed);
  const n = { history: 0.4 * rows, historyHoldout: 0.1 * rows, fresh: 0.4 * rows, freshHoldout: 0.1 * rows };
  let id = 0;
  let spoiled = 0;
  const write = (name: string, count: number, period: 0 | 1, badShare: number): string => {
    const lines = [HEADER.join(',')];
    for (let i = 0; i < count; i++) {
      const row = customer(next, ++id, period);
      if (next() < badShare) spoil(row, spoiled++ % 3);
      lines.push(row.join(','));
    }
    const path = `${dir}/${name}`;
    writeFileSync(path, `${lines.join('\n')}\n`);
    return path;
  };
  const history = write('churn-2025-h1.csv', Math.round(n.history), 0, 0.01);
  const historyHoldout = write('churn-2025-h1-holdout.csv', Math.round(n.historyHoldout), 0, 0);
  const fresh = write('churn-2025-h2.csv', Math.round(n.fresh), 1, 0);
  const freshHoldout = write('churn-2025-h2-holdout.csv', Math.round(n.freshHoldout), 1, 0);
  const counts = {
    history: Math.round(n.history),
    historyHoldout: Math.round(n.historyHoldout),
    fresh: Math.round(n.fresh),
    freshHoldout: Math.round(n.freshHoldout),
  };
  return { history, historyHoldout, fresh, freshHoldout, rows: counts, spoiled };
}
