/**
 * The text form (WAT) of an assembled module, printed from the same instruction lists that
 * `assemble` encodes: named params and locals, one instruction per line, blocks indented. It is
 * for review (the snapshots under __snapshots__ show each kernel for small shapes), not parsed back.
 */
import type { WasmFunction } from './wasm-asm.js';

const OPENERS = new Set(['block', 'loop', 'if']);

/** The module `assemble(functions)` encodes, as WAT. */
export function toWat(functions: readonly WasmFunction[]): string {
  const lines = ['(module', '  (import "env" "memory" (memory 1))'];
  for (const f of functions) {
    const params = f.params.map((p) => ` (param $${p.name} ${p.type})`).join('');
    lines.push(`  (func $${f.name} (export "${f.name}")${params}`);
    for (const l of f.locals) lines.push(`    (local $${l.name} ${l.type})`);
    let depth = 2;
    for (const c of f.code) {
      if (c.text === 'end') depth--;
      lines.push(`${'  '.repeat(depth)}${c.text}`);
      if (OPENERS.has(c.text)) depth++;
    }
    lines.push('  )');
  }
  lines.push(')', '');
  return lines.join('\n');
}
