/**
 * A run as the SDK sees it: `logMetric` is synchronous and buffered (points go to the database in
 * batches, one transaction per flush, never one round trip per point); params, tags, inputs and
 * artifacts are written at once. A timer flushes and sends a heartbeat; `end()` flushes and sets
 * the final status.
 */
import { FlywheelError, type Logger } from '../core/index.js';
import type { ArtifactStore } from '../storage/artifacts/index.js';
import type {
  MetadataStore,
  RunArtifact,
  RunInput,
  RunRecord,
  RunStatus,
} from '../storage/metadata/index.js';
import { logArtifact } from './artifacts.js';
import { checkKey } from './limits.js';
import { MetricBuffer } from './metric-buffer.js';
import { appendMetrics, checkMetric, logParams, setTags, writableRun } from './run-ops.js';

/** Timing of buffering and heartbeats. */
export interface RunHandleTiming {
  /** Flush when this many points are buffered. */
  flushPoints: number;
  /** Flush and send a heartbeat this often (ms). */
  heartbeatMs: number;
}

/** What a run handle writes to. */
export interface RunHandleDeps {
  metadata: MetadataStore;
  artifacts: ArtifactStore;
  logger: Logger;
  timing: RunHandleTiming;
  /** Resolve a data reference (`train:2`, `train@gold`) to a dataset version. */
  resolveDataset(ref: string): Promise<{ name: string; version: number }>;
  /** Called once when the run ends (the owner stops watching it). */
  onEnd(handle: RunHandle): void;
}

/** A run being logged to by this process. */
export class RunHandle {
  private readonly buffer = new MetricBuffer();
  private readonly checkedKeys = new Set<string>();
  private chain: Promise<void> = Promise.resolve();
  private failure: unknown;
  private timer: NodeJS.Timeout | undefined;
  private ended = false;
  private flushQueued = false;

  constructor(
    private readonly deps: RunHandleDeps,
    /** The run as it was when the handle was made. */
    readonly record: RunRecord,
    /** Whether this process owns the run (ends it; sends heartbeats). */
    readonly owned: boolean,
  ) {
    this.timer = setInterval(() => void this.beat(), deps.timing.heartbeatMs);
    this.timer.unref();
  }

  /** The run id. */
  get id(): string {
    return this.record.id;
  }

  /** Log params (write-once: the same value again is fine, a different one is an error). */
  async logParams(params: Record<string, string | number | boolean>): Promise<void> {
    await logParams(this.deps.metadata, this.id, params);
  }

  /** Log one param. */
  logParam(key: string, value: string | number | boolean): Promise<void> {
    return this.logParams({ [key]: value });
  }

  /** Buffer one metric point (step defaults to 0, time to now); no database round trip. */
  logMetric(key: string, value: number, step?: number, time: number = Date.now()): void {
    this.throwIfFailed();
    if (this.ended) throw endedError(this.id);
    if (!this.checkedKeys.has(key)) {
      checkKey(key, 'metric key');
      this.checkedKeys.add(key);
    }
    this.buffer.push(key, value, checkMetric(key, value, step), time);
    if (this.buffer.length >= this.deps.timing.flushPoints && !this.flushQueued) {
      // One background flush at a time; points logged meanwhile wait for the next one.
      this.flushQueued = true;
      void this.flush()
        .catch(() => undefined)
        .finally(() => {
          this.flushQueued = false;
        });
    }
  }

  /** Buffer several metrics at one step. */
  logMetrics(metrics: Record<string, number>, step?: number): void {
    const time = Date.now();
    for (const [key, value] of Object.entries(metrics)) this.logMetric(key, value, step, time);
  }

  /** Set tags (mutable). */
  async setTags(tags: Record<string, string>): Promise<void> {
    await setTags(this.deps.metadata, this.id, tags);
  }

  /** Set one tag. */
  setTag(key: string, value: string): Promise<void> {
    return this.setTags({ [key]: value });
  }

  /** Record that the run read a dataset version (`train:2`, `train@gold`) in a role. */
  async logInput(ref: string, role: string): Promise<RunInput> {
    checkKey(role, 'input role');
    const { name, version } = await this.deps.resolveDataset(ref);
    const input = { dataset: name, version, role };
    await this.deps.metadata.transaction(async (tx) => {
      await writableRun(tx, this.id);
      await tx.tracking.addInputs(this.id, [input]);
    });
    return input;
  }

  /** Store a file or folder as an artifact of the run (under `name`, default its file name). */
  logArtifact(path: string, options: { name?: string } = {}): Promise<RunArtifact[]> {
    return logArtifact(this.deps.metadata, this.deps.artifacts, this.id, path, options.name);
  }

  /** Write the buffered points now; rejects with the error of any earlier background flush. */
  flush(): Promise<void> {
    const run = async () => {
      const points = this.buffer.take();
      if (points.length === 0) return;
      try {
        await appendMetrics(this.deps.metadata, this.id, points);
      } catch (error) {
        this.buffer.restore(points);
        this.failure = error;
        throw error;
      }
    };
    this.chain = this.chain.catch(() => undefined).then(run);
    return this.chain.then(() => this.throwIfFailed());
  }

  /** Flush and set the final status (FINISHED unless given); later calls do nothing. */
  async end(options: { status?: RunStatus; reason?: string } = {}): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.timer);
    this.deps.onEnd(this);
    try {
      await this.flush();
    } finally {
      if (this.owned) {
        await this.deps.metadata.tracking.updateRun(this.id, {
          status: options.status ?? 'FINISHED',
          statusReason: options.reason ?? null,
          endTime: Date.now(),
        });
      }
    }
  }

  /** Stop the timer and flush, leaving the run's status as it is (for handles that do not own the run). */
  async detach(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.timer);
    this.deps.onEnd(this);
    await this.flush();
  }

  private async beat(): Promise<void> {
    try {
      await this.flush();
      if (this.owned) await this.deps.metadata.tracking.heartbeat(this.id, Date.now());
    } catch (error) {
      this.deps.logger.warn(`run ${this.id}: background flush failed: ${(error as Error).message}`);
    }
  }

  private throwIfFailed(): void {
    if (this.failure === undefined) return;
    const error = this.failure;
    this.failure = undefined;
    throw error;
  }
}

function endedError(id: string): FlywheelError {
  return new FlywheelError('INVALID_ARGUMENT', `run ${id} has ended; it takes no more metrics`, {
    hint: 'Log before calling run.end(), or start a new run.',
  });
}
