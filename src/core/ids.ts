/** Identifiers: sortable random ids for runs, jobs and other records. */
import { randomBytes } from 'node:crypto';

/** A 26-character id, sortable by creation time (48-bit ms timestamp + 80 random bits, Crockford base32). */
export function newId(now: number = Date.now()): string {
  const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
  let out = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    out = alphabet[t % 32] + out;
    t = Math.floor(t / 32);
  }
  const rand = randomBytes(10);
  let bits = 0;
  let acc = 0;
  for (const byte of rand) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += alphabet[(acc >> bits) & 31];
    }
    acc &= (1 << bits) - 1;
  }
  return out;
}
