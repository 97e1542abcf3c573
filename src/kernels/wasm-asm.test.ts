/**
 * The assembler itself, against the WebAssembly binary format (Core Specification 2.0, chapter 5
 * "Binary Format", and the fixed-width SIMD opcodes): LEB128 integers, the module preamble,
 * section ids and sizes, local declarations, opcodes and memory immediates — bytes worked out by
 * hand from the specification, then checked by the runtime (validate, instantiate, run).
 */
import { describe, expect, it } from 'vitest';
import { wasmApi } from './wasm-api.js';
import { assemble, op, SECTION, simdOp, sleb, uleb, WasmFunction } from './wasm-asm.js';
import { toWat } from './wat.js';

const api = wasmApi()!;

/** Instantiate `bytes` on a fresh one-page memory. */
function run(bytes: Uint8Array) {
  const memory = new api.Memory({ initial: 1 });
  const { exports } = new api.Instance(new api.Module(bytes), { env: { memory } });
  return { memory: memory.buffer, exports: exports as Record<string, (...args: number[]) => void> };
}

/** store42(addr): i32.store(addr, 42). */
function store42(): WasmFunction {
  const f = new WasmFunction('store42');
  const { addr } = f.takes('addr');
  f.emit(op.get(addr), op.i32(42), op.storeI32());
  return f;
}

describe('LEB128', () => {
  it('encodes unsigned integers 7 bits a byte, low group first, the high bit meaning "more"', () => {
    expect(uleb(0)).toEqual([0x00]);
    expect(uleb(127)).toEqual([0x7f]);
    expect(uleb(128)).toEqual([0x80, 0x01]);
    expect(uleb(300)).toEqual([0xac, 0x02]);
    expect(uleb(2 ** 32 - 1)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
  });

  it('encodes signed integers until the rest is the sign extension of bit 6 of the last byte', () => {
    expect(sleb(0)).toEqual([0x00]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(-64)).toEqual([0x40]);
    expect(sleb(-65)).toEqual([0xbf, 0x7f]);
    expect(sleb(-(2 ** 31))).toEqual([0x80, 0x80, 0x80, 0x80, 0x78]);
    expect(sleb(2 ** 31 - 1)).toEqual([0xff, 0xff, 0xff, 0xff, 0x07]);
  });
});

describe('instructions', () => {
  it('have the opcodes and immediates of the specification', () => {
    const f = new WasmFunction('f');
    const { p } = f.takes('p');
    const q = f.local('q', 'f64');
    const cases: Array<[{ bytes: readonly number[]; text: string }, number[], string]> = [
      [op.get(p), [0x20, 0x00], 'local.get $p'],
      [op.set(q), [0x21, 0x01], 'local.set $q'],
      [op.tee(q), [0x22, 0x01], 'local.tee $q'],
      [op.i32(-1), [0x41, 0x7f], 'i32.const -1'],
      [op.i32(128), [0x41, 0x80, 0x01], 'i32.const 128'],
      [op.select, [0x1b], 'select'],
      [op.add, [0x6a], 'i32.add'],
      [op.shrU, [0x76], 'i32.shr_u'],
      [op.ltU, [0x49], 'i32.lt_u'],
      [op.gtF64, [0x64], 'f64.gt'],
      [op.neF64, [0x62], 'f64.ne'],
      [op.addF64, [0xa0], 'f64.add'],
      // Memory immediates: the alignment exponent (natural: 2 for i32, 3 for f64), then the offset.
      [op.loadI32(8), [0x28, 0x02, 0x08], 'i32.load offset=8'],
      [op.loadF64(), [0x2b, 0x03, 0x00], 'f64.load'],
      [op.storeF64(200), [0x39, 0x03, 0xc8, 0x01], 'f64.store offset=200'],
      [op.block, [0x02, 0x40], 'block'],
      [op.loop, [0x03, 0x40], 'loop'],
      [op.if, [0x04, 0x40], 'if'],
      [op.brIf(1), [0x0d, 0x01], 'br_if 1'],
      [op.end, [0x0b], 'end'],
      // SIMD: prefix 0xfd and a u32 LEB128 sub-opcode (f64x2.add is 240: two bytes).
      [simdOp.load(16), [0xfd, 0x00, 0x03, 0x10], 'v128.load offset=16 align=8'],
      [simdOp.store(), [0xfd, 0x0b, 0x03, 0x00], 'v128.store align=8'],
      [simdOp.addF64, [0xfd, 0xf0, 0x01], 'f64x2.add'],
      [simdOp.maxF64, [0xfd, 0xf5, 0x01], 'f64x2.max'],
      [simdOp.lane(1), [0xfd, 0x21, 0x01], 'f64x2.extract_lane 1'],
      [simdOp.splatF64, [0xfd, 0x14], 'f64x2.splat'],
      [simdOp.anyTrue, [0xfd, 0x53], 'v128.any_true'],
    ];
    for (const [instr, bytes, text] of cases) {
      expect([...instr.bytes], text).toEqual(bytes);
      expect(instr.text).toBe(text);
    }
  });
});

describe('assemble', () => {
  it('encodes a one-function module byte for byte', () => {
    const name = (s: string) => [s.length, ...[...s].map((c) => c.charCodeAt(0))];
    const expected = [
      ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // "\0asm", version 1
      ...[SECTION.type, 5, 1, 0x60, 1, 0x7f, 0], // one type: (i32) -> ()
      ...[SECTION.import, 15, 1, ...name('env'), ...name('memory'), 0x02, 0x00, 1], // memory, min 1 page
      ...[SECTION.function, 2, 1, 0], // function 0 has type 0
      ...[SECTION.export, 11, 1, ...name('store42'), 0x00, 0], // exported as a function
      ...[SECTION.code, 11, 1, 9, 0, 0x20, 0, 0x41, 42, 0x36, 2, 0, 0x0b], // no locals; body; end
    ];
    expect(SECTION).toEqual({ type: 1, import: 2, function: 3, export: 7, code: 10 });
    const bytes = assemble([store42()]);
    expect([...bytes]).toEqual(expected);
    expect(api.validate(bytes)).toBe(true);
    const { memory, exports } = run(bytes);
    exports.store42!(16);
    expect(new Int32Array(memory, 16, 1)[0]).toBe(42);
  });

  it('gives functions of one signature one type', () => {
    const f = (name: string, params: string[]) => {
      const fn = new WasmFunction(name);
      fn.takes(...params);
      return fn;
    };
    const bytes = [...assemble([f('a', ['x']), f('b', ['x', 'y']), f('c', ['z'])])];
    const types = [SECTION.type, 10, 2, 0x60, 1, 0x7f, 0, 0x60, 2, 0x7f, 0x7f, 0];
    expect(bytes.slice(8, 8 + types.length)).toEqual(types);
    const functions = [SECTION.function, 4, 3, 0, 1, 0];
    const at = bytes.indexOf(SECTION.function, 8 + types.length + 17);
    expect(bytes.slice(at, at + functions.length)).toEqual(functions);
  });

  it('declares locals as runs of one type, numbered after the parameters', () => {
    const f = new WasmFunction('mixed');
    const { x } = f.takes('x');
    const { a, b } = f.uses('i32', 'a', 'b');
    const c = f.local('c', 'f64');
    const v = f.local('v', 'v128');
    const e = f.local('e');
    expect([x, a, b, c, v, e].map((l) => l.index)).toEqual([0, 1, 2, 3, 4, 5]);
    f.emit(op.get(x), op.set(e));
    const bytes = assemble([f]);
    // The body: size, 4 runs (2 × i32, 1 × f64, 1 × v128, 1 × i32), local.get 0, local.set 5, end.
    const body = [14, 4, 2, 0x7f, 1, 0x7c, 1, 0x7b, 1, 0x7f, 0x20, 0, 0x21, 5, 0x0b];
    expect([...bytes.slice(bytes.length - body.length)]).toEqual(body);
    expect(api.validate(bytes)).toBe(true);
  });

  it('runs SIMD code: two f64 pairs added lane by lane', () => {
    const f = new WasmFunction('add2');
    const { at } = f.takes('at');
    const { sum } = f.uses('v128', 'sum');
    f.emit(op.get(at), simdOp.load(), op.get(at), simdOp.load(16), simdOp.addF64, op.set(sum));
    f.emit(
      op.get(at),
      op.get(sum),
      simdOp.store(32),
      op.i32(0),
      op.get(sum),
      simdOp.lane(1),
      op.storeF64(48),
    );
    const { memory, exports } = run(assemble([f]));
    new Float64Array(memory, 0, 4).set([1.5, -2, 0.25, 8]);
    exports.add2!(0);
    expect(Array.from(new Float64Array(memory, 32, 2))).toEqual([1.75, 6]);
    expect(new Float64Array(memory, 48, 1)[0]).toBe(6);
  });

  it('gives modules the runtime refuses when the code is wrong (the checks above can fail)', () => {
    const f = new WasmFunction('bad');
    f.emit(op.i32(1), op.add); // i32.add with one operand
    expect(api.validate(assemble([f]))).toBe(false);
    const g = new WasmFunction('typed');
    const { p } = g.takes('p');
    const q = g.local('q', 'f64');
    g.emit(op.get(p), op.set(q)); // an i32 into an f64 local
    expect(api.validate(assemble([g]))).toBe(false);
  });

  it('refuses two locals of one name, and a parameter after a local', () => {
    const f = new WasmFunction('f');
    f.local('a');
    expect(() => f.local('a')).toThrow(/two locals named a/);
    expect(() => f.takes('p')).toThrow(/parameter p after a local/);
  });
});

describe('toWat', () => {
  it('prints the module with named locals, one instruction a line, blocks indented', () => {
    const f = new WasmFunction('count');
    const { n } = f.takes('n');
    const { i } = f.uses('i32', 'i');
    f.emit(op.block, op.loop, op.get(i), op.get(n), op.ltU, op.eqz, op.brIf(1));
    f.emit(op.get(i), op.i32(1), op.add, op.set(i), op.br(0), op.end, op.end);
    f.emit(op.i32(0), op.get(i), op.storeI32(4));
    expect(api.validate(assemble([f, store42()]))).toBe(true);
    expect(toWat([f, store42()])).toBe(
      [
        '(module',
        '  (import "env" "memory" (memory 1))',
        '  (func $count (export "count") (param $n i32)',
        '    (local $i i32)',
        '    block',
        '      loop',
        '        local.get $i',
        '        local.get $n',
        '        i32.lt_u',
        '        i32.eqz',
        '        br_if 1',
        '        local.get $i',
        '        i32.const 1',
        '        i32.add',
        '        local.set $i',
        '        br 0',
        '      end',
        '    end',
        '    i32.const 0',
        '    local.get $i',
        '    i32.store offset=4',
        '  )',
        '  (func $store42 (export "store42") (param $addr i32)',
        '    local.get $addr',
        '    i32.const 42',
        '    i32.store',
        '  )',
        ')',
        '',
      ].join('\n'),
    );
  });
});
