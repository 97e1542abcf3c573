/**
 * One served endpoint (a model name): its loaded versions, each with its batcher, and its routing
 * table. Hot swap loads a version in the background, checks it (schema compatible with what clients
 * send, a warm-up prediction), then swaps the table in one assignment; requests already holding the
 * old version finish on it, and a version that fails its checks is never routed to.
 */
import { FlywheelError } from '../core/index.js';
import type { FeatureRow, Model, ModelSchema } from '../models/index.js';
import type { CompiledSuite } from '../validation/index.js';
import { Batcher, type BatchObserver, type BatchOptions } from './pipeline/index.js';
import { checkRouting, type RoutingTable, tableVersions } from './routing.js';

/** A loaded, checked version. */
export interface LoadedVersion {
  version: number;
  model: Model;
  batcher: Batcher;
}

/** What an endpoint needs from the service. */
export interface EndpointDeps {
  load(version: number): Promise<Model>;
  batch: BatchOptions;
  observer(version: number): BatchObserver;
}

/** Why a new version cannot replace the current one, or null when it can. */
export function schemaIncompatibility(current: ModelSchema, next: ModelSchema): string | null {
  if (current.output.task !== next.output.task) {
    return `its task is ${next.output.task}, the served version's is ${current.output.task}`;
  }
  const known = new Map(current.features.map((f) => [f.name, f.type]));
  for (const f of next.features) {
    const type = known.get(f.name);
    if (type === undefined)
      return `it needs feature "${f.name}", which clients of the served version do not send`;
    if (type !== f.type) return `feature "${f.name}" is ${f.type}, the served version's is ${type}`;
  }
  return null;
}

function zeroRow(schema: ModelSchema): FeatureRow {
  return Object.fromEntries(schema.features.map((f) => [f.name, f.type === 'numeric' ? 0 : null]));
}

/** A row that every model accepts: all features missing (imputed or routed as missing). */
export function warmupRow(schema: ModelSchema): FeatureRow {
  return Object.fromEntries(schema.features.map((f) => [f.name, null]));
}

/** One endpoint. */
export class Endpoint {
  /** The routing table requests read (replaced whole, never edited). */
  table: RoutingTable;
  private readonly loaded = new Map<number, LoadedVersion>();
  /** Swaps run one at a time, in order. */
  private swapChain: Promise<unknown> = Promise.resolve();
  /**
   * The features of every version this endpoint has loaded: what its clients may send. A version
   * reading a subset of them may replace the served one, and clients' keys for the features it
   * dropped stay accepted (then ignored), not refused as unknown.
   */
  readonly clientKeys = new Set<string>();

  constructor(
    readonly name: string,
    /** What the endpoint follows (`churn@production`), or null when pinned by admin calls. */
    readonly alias: string | null,
    readonly suite: CompiledSuite | undefined,
    private readonly deps: EndpointDeps,
    first: LoadedVersion,
    /** Keys that are neither features nor suite columns are ignored, not refused (serve.yaml `unknown_keys`). */
    readonly acceptUnknownKeys = false,
  ) {
    this.loaded.set(first.version, first);
    this.learnKeys(first);
    this.table = { split: [{ version: first.version, weight: 1 }], shadow: null, stickyHeader: null };
  }

  /** Load and check a version (not yet routed to). */
  static async loadVersion(
    deps: EndpointDeps,
    version: number,
    reference?: ModelSchema,
  ): Promise<LoadedVersion> {
    const model = await deps.load(version);
    if (reference) {
      const why = schemaIncompatibility(reference, model.schema);
      if (why)
        throw new FlywheelError(
          'SCHEMA_MISMATCH',
          `version ${version} cannot replace the served one: ${why}`,
          {
            hint: 'Serve it under another endpoint name, or make its inputs a subset of the served ones.',
          },
        );
    }
    // An imported ONNX graph takes no missing values: it is warmed with zeros.
    model.predictRow(model.family === 'onnx' ? zeroRow(model.schema) : warmupRow(model.schema));
    // The batch kernel too (the batcher scores through it), compiled here rather than on the
    // first request after a swap.
    model.scorer.batchBuffer(1);
    return { version, model, batcher: new Batcher(model, deps.batch, deps.observer(version)) };
  }

  /** The version serving most traffic (the primary). */
  get primary(): LoadedVersion {
    const arm = this.table.split.reduce((a, b) => (b.weight > a.weight ? b : a));
    return this.loaded.get(arm.version)!;
  }

  /** A loaded version, if loaded. */
  version(version: number): LoadedVersion | undefined {
    return this.loaded.get(version);
  }

  /** Versions loaded now. */
  versions(): number[] {
    return [...this.loaded.keys()].sort((a, b) => a - b);
  }

  /** Replace `from` by `to` in the table (a hot swap: the alias moved). */
  swap(to: number): Promise<{ from: number; to: number }> {
    const run = async () => {
      const from = this.primary.version;
      if (from === to) return { from, to };
      const next =
        this.loaded.get(to) ?? (await Endpoint.loadVersion(this.deps, to, this.primary.model.schema));
      this.loaded.set(to, next);
      this.learnKeys(next);
      const split = this.table.split.map((a) => (a.version === from ? { ...a, version: to } : a));
      this.install({ ...this.table, split: mergeArms(split) });
      return { from, to };
    };
    const result = this.swapChain.then(run, run);
    this.swapChain = result.catch(() => undefined);
    return result;
  }

  /** Route by a new table: versions it names are loaded and checked first; the old table stays on failure. */
  async route(table: RoutingTable): Promise<void> {
    const checked = checkRouting(table);
    const reference = this.primary.model.schema;
    for (const v of tableVersions(checked)) {
      if (this.loaded.has(v)) continue;
      const next = await Endpoint.loadVersion(this.deps, v, reference);
      this.loaded.set(v, next);
      this.learnKeys(next);
    }
    this.install(checked);
  }

  private learnKeys(v: LoadedVersion): void {
    for (const f of v.model.schema.features) this.clientKeys.add(f.name);
  }

  private install(table: RoutingTable): void {
    this.table = table;
    // Versions no longer routed to are dropped; requests holding one still finish on it.
    const keep = tableVersions(table);
    for (const v of [...this.loaded.keys()]) if (!keep.has(v)) this.loaded.delete(v);
  }
}

function mergeArms(split: { version: number; weight: number }[]): { version: number; weight: number }[] {
  const out = new Map<number, number>();
  for (const a of split) out.set(a.version, (out.get(a.version) ?? 0) + a.weight);
  return [...out].map(([version, weight]) => ({ version, weight }));
}
