// The addon's sortDoubles (native/sort_doubles.c) against Float64Array.prototype.sort, the
// reference order (ascending, -0 before +0, NaNs last), bit for bit; and the profile it speeds
// up against the same profile computed without the addon.
import { describe, expect, it } from 'vitest';
import { seededUniform } from '../core/random.js';
import { sameBits } from '../testing/arrays.js';
import { nativeCopy, nativeCopyUnavailableReason, setNativeCopyEnabled } from './native.js';
import { profileChunks } from './profile.js';
import { createTable, type Float64Column, type Table } from './table.js';

const native = nativeCopy();
const skipReason = native === null ? `(native helper unavailable: ${nativeCopyUnavailableReason()})` : '';

/** Float64Array.sort's result with every NaN as the canonical one (sortDoubles writes that NaN). */
function reference(values: Float64Array): Float64Array {
  const sorted = values.slice().sort();
  for (let i = 0; i < sorted.length; i++) if (Number.isNaN(sorted[i]!)) sorted[i] = Number.NaN;
  return sorted;
}

describe('sortDoubles', () => {
  const random = seededUniform(5);
  const gauss = () => Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
  const cases: [string, () => number][] = [
    ['uniform doubles of both signs', () => (random() - 0.5) * 1e6],
    ['normal values', gauss],
    ['log-normal values (skewed)', () => Math.exp(3 * gauss())],
    [
      'wide magnitudes and subnormals',
      () => (random() < 0.5 ? -1 : 1) * 10 ** (random() * 616 - 308) * (random() < 0.01 ? 1e-10 : 1),
    ],
    ['small integers (most passes skipped)', () => Math.floor(random() * 100) - 50],
    ['one value (every pass skipped)', () => 3.25],
    [
      'signed zeros, infinities and NaNs',
      () => [0, -0, Infinity, -Infinity, 1, -1, Number.NaN][Math.floor(random() * 7)]!,
    ],
  ];
  for (const [label, draw] of cases) {
    it.skipIf(native === null)(`orders ${label} as Float64Array.sort does ${skipReason}`, async () => {
      const values = Float64Array.from({ length: 200_003 }, draw);
      const expected = reference(values);
      await native!.sortDoubles(values);
      expect(sameBits(values, expected)).toBe(true);
    });
  }

  it.skipIf(native === null)(`sorts views at any offset, several at once ${skipReason}`, async () => {
    // Views that start 8, 16, … bytes into their buffers: the sort's full-line stores must start
    // at the first 64-byte boundary inside the view, never before it or past its end.
    const backing = Float64Array.from({ length: 8 * 70_000 }, () => (random() - 0.5) * 1000);
    const original = backing.slice();
    const views = Array.from({ length: 8 }, (_, k) => backing.subarray(k * 70_000 + k, (k + 1) * 70_000 - 1));
    const expected = views.map(reference);
    await Promise.all(views.map((v) => native!.sortDoubles(v)));
    views.forEach((v, k) => {
      expect(sameBits(v, expected[k]!)).toBe(true);
    });
    // The values outside the views are untouched.
    for (let k = 0; k < 8; k++) {
      for (let i = k * 70_000; i < k * 70_000 + k; i++) expect(backing[i]).toBe(original[i]);
      expect(backing[(k + 1) * 70_000 - 1]).toBe(original[(k + 1) * 70_000 - 1]);
    }
  });

  it.skipIf(native === null)(
    `sorts empty and one-value arrays and refuses other arrays ${skipReason}`,
    async () => {
      await native!.sortDoubles(new Float64Array(0));
      const one = Float64Array.of(Number.NaN);
      await native!.sortDoubles(one);
      expect(Number.isNaN(one[0])).toBe(true);
      expect(() => native!.sortDoubles(new Float32Array(4) as unknown as Float64Array)).toThrow(
        /Float64Array/,
      );
    },
  );
});

describe('profile with the native sort', () => {
  it.skipIf(native === null)(`equals the profile computed without the addon ${skipReason}`, async () => {
    const random = seededUniform(9);
    const rows = 120_000;
    const table = createTable(
      ['price', 'count', 'spiky'],
      [
        {
          kind: 'float64',
          values: Float64Array.from({ length: rows }, () => Math.exp(random() * 5)),
          nulls: null,
        },
        {
          kind: 'float64',
          values: Float64Array.from({ length: rows }, () => Math.floor(random() * 40)),
          nulls: null,
        },
        {
          kind: 'float64',
          values: Float64Array.from({ length: rows }, (_, i) =>
            i % 5 === 0 ? -0 : i % 3 === 0 ? 0 : random() - 0.5,
          ),
          nulls: null,
        },
      ],
      rows,
    );
    async function* chunks(): AsyncGenerator<Table> {
      for (let from = 0; from < rows; from += 30_000) {
        yield createTable(
          table.names,
          table.columns.map((c) => {
            const { values } = c as Float64Column;
            return { kind: 'float64', values: values.slice(from, from + 30_000), nulls: null };
          }),
          30_000,
        );
      }
    }
    const withAddon = await profileChunks(chunks());
    setNativeCopyEnabled(false);
    try {
      const withoutAddon = await profileChunks(chunks());
      expect(withAddon).toEqual(withoutAddon);
    } finally {
      setNativeCopyEnabled(true);
    }
    // Enough values for the native sort, and a result that says something.
    expect(withAddon.columns[1]!.distinct).toBe(40);
    expect(withAddon.columns[0]!.quantiles.length).toBeGreaterThan(0);
  });
});
