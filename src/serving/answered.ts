/**
 * The request ids this process answered, with the endpoint and row count of each: what `/feedback`
 * checks a label against (an id never answered is refused, a label must fit the request's rows).
 * Bounded in two generations: ids go into a young Map; when it holds `capacity`, it becomes the old
 * one (the previous old one is dropped whole) and a new young one starts. So the newest `capacity`
 * answers are always remembered, at most 2 × `capacity` are held (about 100 bytes each: 10-20 MB
 * for the default 100,000), and nothing is ever evicted one by one: deleting a Map's oldest entries
 * one at a time leaves holes its iterator must skip, which made every answer slower as they grew
 * (measured: 16 → 56 µs a request on the predict path).
 */

/** Where and how many rows an answered request had. */
export interface AnsweredRequest {
  model: string;
  rows: number;
}

/** How many answered ids a server remembers by default (serve.yaml `feedback.remember`). */
export const DEFAULT_REMEMBERED = 100_000;

const ROWS = 2 ** 32;

/** The bounded memory of answered request ids (insertion order: the oldest go first). */
export class AnsweredIds {
  private young = new Map<string, number>();
  private old = new Map<string, number>();
  /** Endpoint names by index (one number per id holds the index and the row count). */
  private readonly models: string[] = [];
  private readonly modelIndex = new Map<string, number>();
  /** The last endpoint added and its index (answers come in runs of one endpoint). */
  private lastModel = '';
  private lastIndex = -1;

  constructor(readonly capacity: number = DEFAULT_REMEMBERED) {}

  /** Remember that request `id` of endpoint `model` with `rows` rows was answered. */
  add(id: string, model: string, rows: number): void {
    let m = model === this.lastModel ? this.lastIndex : this.modelIndex.get(model);
    if (m === undefined || m < 0) {
      m = this.models.length;
      this.models.push(model);
      this.modelIndex.set(model, m);
    }
    this.lastModel = model;
    this.lastIndex = m;
    if (this.young.size >= this.capacity) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(id, m * ROWS + Math.min(rows, ROWS - 1));
  }

  /** The answered request with this id, if it is still remembered. */
  get(id: string): AnsweredRequest | undefined {
    const v = this.young.get(id) ?? this.old.get(id);
    if (v === undefined) return undefined;
    return { model: this.models[Math.floor(v / ROWS)]!, rows: v % ROWS };
  }

  /** How many ids are remembered now (between `capacity` and 2 × `capacity` once that many were answered). */
  get size(): number {
    return this.young.size + this.old.size;
  }
}
