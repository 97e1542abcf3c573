/**
 * HyperLogLog: a fixed-size (16 KiB) estimate of the number of distinct values, used by profiles
 * once exact counting would need too much memory. Precision p = 14 gives 16,384 registers and a
 * standard error of about 1.04 / sqrt(16384) ≈ 0.8%. Hashes are 64 bits, built from two 32-bit
 * MurmurHash3 finalisers, so the estimate stays unbiased far beyond 2^32 values.
 */

const P = 14;
const M = 1 << P;
const ALPHA = 0.7213 / (1 + 1.079 / M);

const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);

/** A HyperLogLog distinct-count sketch. */
export class HyperLogLog {
  readonly registers = new Uint8Array(M);

  /** Add a number (+0 and -0 count as one value, like SQL). */
  addNumber(value: number): void {
    scratch[0] = value === 0 ? 0 : value;
    const low = words[0]!;
    const high = words[1]!;
    // Both halves of the hash depend on both words: small integers have an all-zero low word.
    this.addHash(
      fmix(Math.imul(low, 0xcc9e2d51) ^ fmix(high ^ 0x9e3779b9)),
      fmix(Math.imul(high, 0x1b873593) ^ fmix(low ^ 0x85ebca6b)),
    );
  }

  /** Add a string. */
  addString(value: string): void {
    let h1 = 0x1b873593;
    let h2 = 0xcc9e2d51;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x5bd1e995);
      h2 = Math.imul(h2 ^ c, 0x27d4eb2d);
    }
    this.addHash(fmix(h1 ^ value.length), fmix(h2 ^ 0x165667b1));
  }

  /** Fold another sketch into this one. */
  merge(other: HyperLogLog): void {
    for (let i = 0; i < M; i++)
      if (other.registers[i]! > this.registers[i]!) this.registers[i] = other.registers[i]!;
  }

  /** The estimated number of distinct values added. */
  estimate(): number {
    let sum = 0;
    let zeros = 0;
    for (let i = 0; i < M; i++) {
      const r = this.registers[i]!;
      sum += 2 ** -r;
      if (r === 0) zeros++;
    }
    const raw = (ALPHA * M * M) / sum;
    // Small-range correction (linear counting) while many registers are still empty.
    if (raw <= 2.5 * M && zeros > 0) return Math.round(M * Math.log(M / zeros));
    return Math.round(raw);
  }

  private addHash(high: number, low: number): void {
    const index = high >>> (32 - P);
    // The rank is the position of the first 1 bit in the remaining 18 + 32 bits.
    const rest = (high << P) >>> 0;
    const rank = rest !== 0 ? Math.clz32(rest) + 1 : 32 - P + (low !== 0 ? Math.clz32(low) + 1 : 33);
    if (rank > this.registers[index]!) this.registers[index] = rank;
  }
}

function fmix(h: number): number {
  let x = h >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}
