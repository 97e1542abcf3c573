/**
 * A reader of Thrift's compact protocol (field headers with delta-encoded ids, zigzag varints),
 * enough to decode a Parquet footer (parquet-footer.ts): every read is bounds-checked and throws
 * on bytes that do not decode, and nesting is bounded.
 */

// Thrift compact protocol type ids.
export const T_TRUE = 1;
export const T_FALSE = 2;
export const T_BYTE = 3;
export const T_I16 = 4;
export const T_I32 = 5;
export const T_I64 = 6;
export const T_DOUBLE = 7;
export const T_BINARY = 8;
export const T_LIST = 9;
export const T_SET = 10;
export const T_MAP = 11;
export const T_STRUCT = 12;

/** Deeper nesting than this is not a Parquet footer; refusing it bounds the recursion. */
const MAX_DEPTH = 64;

const UTF8 = new TextDecoder('utf-8', { fatal: true });

export class CompactReader {
  private at = 0;

  constructor(private readonly bytes: Uint8Array) {}

  /** The bytes from `at` to the end. */
  rest(at: number): Uint8Array {
    return this.bytes.subarray(at);
  }

  get offset(): number {
    return this.at;
  }

  set offset(at: number) {
    this.at = at;
  }

  byte(): number {
    if (this.at >= this.bytes.length) throw new Error('footer ends early');
    return this.bytes[this.at++]!;
  }

  /** An unsigned varint, exact up to 2^53. */
  varint(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.byte();
      value += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) {
        if (value > Number.MAX_SAFE_INTEGER) throw new Error('integer too large');
        return value;
      }
      scale *= 128;
    }
    throw new Error('varint too long');
  }

  /** A zigzag-encoded integer (i16, i32 or i64). */
  integer(): number {
    const n = this.varint();
    return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
  }

  text(): string {
    const length = this.varint();
    if (this.at + length > this.bytes.length) throw new Error('footer ends early');
    const value = UTF8.decode(this.bytes.subarray(this.at, this.at + length));
    this.at += length;
    return value;
  }

  /** The fields of a struct: calls `field(id, type)` for each, which must read or skip the value. */
  struct(field: (id: number, type: number) => void): void {
    this.fields((id, type) => {
      field(id, type);
      return true;
    });
  }

  /**
   * Like `struct`, but `field` may return false to stop with the reader just after that field's
   * header (its value unread).
   */
  fields(field: (id: number, type: number) => boolean): void {
    let id = 0;
    for (;;) {
      const header = this.byte();
      const type = header & 0x0f;
      if (type === 0) return;
      const delta = header >> 4;
      id = delta === 0 ? this.integer() : id + delta;
      if (!field(id, type)) return;
    }
  }

  /** A list's elements: calls `element(type)` for each. */
  list(element: (type: number) => void): void {
    const header = this.byte();
    const size = header >> 4 === 15 ? this.varint() : header >> 4;
    const type = header & 0x0f;
    for (let i = 0; i < size; i++) element(type);
  }

  /** A boolean field's value, which compact fields carry in their type. */
  bool(type: number): boolean {
    return type === T_TRUE;
  }

  skip(type: number, depth = 0): void {
    if (depth > MAX_DEPTH) throw new Error('footer nested too deeply');
    switch (type) {
      case T_TRUE:
      case T_FALSE:
        return;
      case T_BYTE:
        this.byte();
        return;
      case T_I16:
      case T_I32:
      case T_I64:
        this.varint();
        return;
      case T_DOUBLE:
        if (this.at + 8 > this.bytes.length) throw new Error('footer ends early');
        this.at += 8;
        return;
      case T_BINARY: {
        const length = this.varint();
        if (this.at + length > this.bytes.length) throw new Error('footer ends early');
        this.at += length;
        return;
      }
      case T_LIST:
      case T_SET:
        // Booleans inside a collection take one byte each.
        this.list((t) => (t === T_TRUE || t === T_FALSE ? this.byte() : this.skip(t, depth + 1)));
        return;
      case T_MAP: {
        const size = this.varint();
        if (size === 0) return;
        const types = this.byte();
        // Booleans take a byte here too: skipped as none, a map of 2^50 of them never ended.
        const one = (t: number) => (t === T_TRUE || t === T_FALSE ? this.byte() : this.skip(t, depth + 1));
        for (let i = 0; i < size; i++) {
          one(types >> 4);
          one(types & 0x0f);
        }
        return;
      }
      case T_STRUCT:
        this.struct((_, t) => this.skip(t, depth + 1));
        return;
      default:
        throw new Error(`unknown compact type ${type}`);
    }
  }
}
