/**
 * The request ids this process answered, with the endpoint and row count of each: what `/feedback`
 * checks a label against (an id never answered is refused, a label must fit the request's rows).
 * Bounded: the newest `capacity` answers are kept (the oldest forgotten first), a Map of one
 * number per id (about 100 bytes an entry: ~10 MB for the default 100,000).
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
  private readonly ids = new Map<string, number>();
  /** Endpoint names by index (one number per id holds the index and the row count). */
  private readonly models: string[] = [];
  private readonly modelIndex = new Map<string, number>();

  constructor(readonly capacity: number = DEFAULT_REMEMBERED) {}

  /** Remember that request `id` of endpoint `model` with `rows` rows was answered. */
  add(id: string, model: string, rows: number): void {
    let m = this.modelIndex.get(model);
    if (m === undefined) {
      m = this.models.length;
      this.models.push(model);
      this.modelIndex.set(model, m);
    }
    if (this.ids.size >= this.capacity && !this.ids.has(id)) {
      const oldest = this.ids.keys().next();
      if (!oldest.done) this.ids.delete(oldest.value);
    }
    this.ids.set(id, m * ROWS + Math.min(rows, ROWS - 1));
  }

  /** The answered request with this id, if it is still remembered. */
  get(id: string): AnsweredRequest | undefined {
    const v = this.ids.get(id);
    if (v === undefined) return undefined;
    return { model: this.models[Math.floor(v / ROWS)]!, rows: v % ROWS };
  }

  /** How many ids are remembered now. */
  get size(): number {
    return this.ids.size;
  }
}
