/** The one seeded generator keeps training's sequence (sfc32 seeded by splitmix32): trained models stay the same for a seed. */
import { describe, expect, it } from 'vitest';
import { createRng, seededUniform } from './random.js';

describe('createRng', () => {
  it("draws training's sequence for a seed (the values of the former src/training/rng.ts)", () => {
    const r = createRng(42);
    expect([r.next(), r.next(), r.int(1000), r.normal()]).toEqual([
      0.23955312534235418, 0.5859209857881069, 93, -1.6994458822667327,
    ]);
  });

  it('is the same stream through seededUniform, and another for another seed', () => {
    const a = createRng(7);
    const u = seededUniform(7);
    for (let i = 0; i < 1000; i++) expect(u()).toBe(a.next());
    expect(seededUniform(8)()).not.toBe(seededUniform(7)());
  });

  it('shuffles typed and plain arrays in place, the same way for a seed', () => {
    const plain = createRng(3).shuffle(['a', 'b', 'c', 'd', 'e']);
    const typed = createRng(3).shuffle(Int32Array.from([0, 1, 2, 3, 4]));
    expect(plain).toEqual(Array.from(typed, (i) => 'abcde'[i]));
    expect([...typed].sort()).toEqual([0, 1, 2, 3, 4]);
  });
});
