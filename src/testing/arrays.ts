/** Test helpers for typed arrays. */

/** True when two Float64Arrays hold the same bits (NaN payloads and -0 included). */
export function sameBits(a: Float64Array, b: Float64Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );
}
