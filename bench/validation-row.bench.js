// Row-level validation (the serving hot path) with a 20-expectation suite, on one thread.
// Target: validateRow >= 200,000 rows/s. Reference measured in the same run: the same 20 checks
// written by hand as one inline JavaScript function (what a hand-tuned validator would cost).
// Usage: npm run bench -- validation-row [--rows 200000] [--repeat 5]
import { checkSuite, compileSuite } from '../dist/validation/index.js';
import { flag, median } from './lib.js';

const rows = flag('--rows', 200_000);
const repeat = flag('--repeat', 5);
const COLORS = ['red', 'green', 'blue', 'black', 'white'];
const PLANS = ['free', 'pro', 'team', 'enterprise'];

// A fixed pseudo-random sequence, so every run validates the same rows.
let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
const pick = (xs) => xs[Math.floor(random() * xs.length)];
const data = Array.from({ length: rows }, () => ({
  f0: random() * 10,
  f1: random() * 10,
  f2: random() * 10,
  f3: random() * 10,
  f4: random() * 100,
  f5: random() * 100,
  age: Math.floor(random() * 90),
  count: Math.floor(random() * 1000),
  color: pick(COLORS),
  plan: pick(PLANS),
  country: pick(['DE', 'FR', 'US', 'JP', 'BR']),
  email: `user${Math.floor(random() * 1e6)}@example.com`,
  code: `AB${Math.floor(random() * 1e4)}`,
  active: random() < 0.9,
  // 1 row in 1,000 has an out-of-range score; about 1 in 20 has f4 < f0 (the pair check)
  score: random() < 0.999 ? random() : 5,
}));

const expectations = [
  ...['f0', 'f1', 'f2', 'f3'].map((column) => ({ expect: 'between', column, min: 0, max: 10 })),
  ...['f4', 'f5'].map((column) => ({ expect: 'between', column, min: 0, max: 100 })),
  { expect: 'between', column: 'age', min: 0, max: 120 },
  { expect: 'between', column: 'score', min: 0, max: 1 },
  { expect: 'in_set', column: 'color', values: COLORS },
  { expect: 'in_set', column: 'plan', values: PLANS },
  { expect: 'not_in_set', column: 'country', values: ['XX', 'ZZ'] },
  { expect: 'regex', column: 'email', pattern: '^[^@\\s]+@[^@\\s]+\\.[a-z]+$' },
  { expect: 'length_between', column: 'code', min: 3, max: 8 },
  { expect: 'not_null', column: 'f0' },
  { expect: 'not_null', column: 'email' },
  { expect: 'not_null', column: 'active' },
  { expect: 'type', column: 'count', type: 'integer' },
  { expect: 'type', column: 'active', type: 'boolean' },
  { expect: 'pair_greater', column_a: 'f4', column_b: 'f0', or_equal: true, mostly: 0.5 },
  { expect: 'z_score_below', column: 'f5', threshold: 4, mean: 50, std: 28.9 },
];
if (expectations.length !== 20) throw new Error(`suite has ${expectations.length} expectations`);
const suite = compileSuite(checkSuite({ version: 1, name: 'row-bench', expectations }));

const colors = new Set(COLORS);
const plans = new Set(PLANS);
const email = /^[^@\s]+@[^@\s]+\.[a-z]+$/u;
const inRange = (v, lo, hi) => typeof v === 'number' && v >= lo && v <= hi;
function byHand(r) {
  return (
    inRange(r.f0, 0, 10) &&
    inRange(r.f1, 0, 10) &&
    inRange(r.f2, 0, 10) &&
    inRange(r.f3, 0, 10) &&
    inRange(r.f4, 0, 100) &&
    inRange(r.f5, 0, 100) &&
    inRange(r.age, 0, 120) &&
    inRange(r.score, 0, 1) &&
    colors.has(r.color) &&
    plans.has(r.plan) &&
    r.country !== 'XX' &&
    r.country !== 'ZZ' &&
    email.test(r.email) &&
    [...r.code].length >= 3 &&
    [...r.code].length <= 8 &&
    r.f0 != null &&
    r.email != null &&
    r.active != null &&
    Number.isInteger(r.count) &&
    typeof r.active === 'boolean' &&
    r.f4 >= r.f0 &&
    Math.abs(r.f5 - 50) / 28.9 < 4
  );
}

function time(fn) {
  globalThis.gc?.();
  const t = performance.now();
  let failed = 0;
  for (let i = 0; i < data.length; i++) if (!fn(data[i])) failed++;
  return { ms: performance.now() - t, failed };
}
const viaSuite = (r) => suite.validateRow(r).ok;
for (let i = 0; i < 3; i++) {
  time(viaSuite);
  time(byHand);
}
const times = { suite: [], hand: [] };
let failed = { suite: 0, hand: 0 };
for (let i = 0; i < repeat; i++) {
  const s = time(viaSuite);
  const h = time(byHand);
  times.suite.push(s.ms);
  times.hand.push(h.ms);
  failed = { suite: s.failed, hand: h.failed };
}
if (failed.suite !== failed.hand)
  throw new Error(`verdicts differ: ${failed.suite} vs ${failed.hand} failing rows`);
const suiteMs = median(times.suite);
const handMs = median(times.hand);
const rate = rows / (suiteMs / 1000);
const fmt = (xs) => xs.map((t) => t.toFixed(0)).join(', ');
console.log(
  `validation-row: ${rows.toLocaleString('en-US')} rows, 20 expectations, one thread, median of ${repeat} (node ${process.version}); ${failed.suite} rows fail`,
);
console.log(`  validateRow (compiled suite)   ${suiteMs.toFixed(0).padStart(6)} ms   [${fmt(times.suite)}]`);
console.log(`  the same checks by hand        ${handMs.toFixed(0).padStart(6)} ms   [${fmt(times.hand)}]`);
console.log(
  `  rows/s, validateRow            ${Math.round(rate).toLocaleString('en-US').padStart(10)}   target >= 200,000: ${rate >= 200_000 ? 'met' : 'NOT met'}`,
);
console.log(`  validateRow / by hand          ${(suiteMs / handMs).toFixed(2).padStart(6)} x`);
