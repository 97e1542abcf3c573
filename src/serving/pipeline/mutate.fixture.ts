/** Fuzzing helper for body decoders: `text` with `edits` random one-character edits. */
export function mutateText(text: string, rnd: () => number, alphabet: string, edits: number): string {
  const chars = [...text];
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rnd() * chars.length);
    const c = alphabet[Math.floor(rnd() * alphabet.length)]!;
    const kind = rnd();
    if (kind < 0.4)
      chars[at] = c; // replace
    else if (kind < 0.7)
      chars.splice(at, 0, c); // insert
    else chars.splice(at, 1); // delete
  }
  return chars.join('');
}
