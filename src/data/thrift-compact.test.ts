import { describe, expect, it } from 'vitest';
import { CompactReader, T_MAP } from './thrift-compact.js';

describe('CompactReader.skip', () => {
  it('refuses a map that claims more booleans than its bytes hold, at once (it once looped for ever)', () => {
    // A map of 2^49 entries, boolean keys and values (types 1 and 1), and no entries after it.
    const bytes = Uint8Array.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0x11]);
    const reader = new CompactReader(bytes);
    expect(() => reader.skip(T_MAP)).toThrow(/ends early/);
  }, 5_000);

  it('skips a map of booleans as one byte each', () => {
    const reader = new CompactReader(Uint8Array.from([0x02, 0x11, 1, 2, 2, 1, 0x7f]));
    reader.skip(T_MAP);
    expect(reader.offset).toBe(6);
  });
});
