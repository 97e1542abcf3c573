/**
 * Runs whose process died are marked FAILED instead of staying RUNNING forever: on the first
 * tracking call of a process (and again every minute in long-lived ones) runs owned by a process
 * on this host that no longer exists are failed, and so are runs whose owner has not sent a
 * heartbeat for `staleAfterMs` (any host). An owner that was only slow revives its run on its next
 * heartbeat. Exit and signal hooks end a process's own runs when it stops.
 */
import type { MetadataStore, RunStatus } from '../storage/metadata/index.js';
import { STALE_HEARTBEAT_REASON } from '../storage/metadata/index.js';

/** True when a process with this id exists on this machine. */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** What the sweep needs to know about this process. */
export interface SweepOptions {
  host: string;
  staleAfterMs: number;
  now: number;
  isAlive?: (pid: number) => boolean;
}

/** A run the sweep marked FAILED, and why. */
export interface SweptRun {
  id: string;
  reason: string;
}

/** Mark dead runs FAILED; returns them. */
export async function sweepDeadRuns(metadata: MetadataStore, options: SweepOptions): Promise<SweptRun[]> {
  const isAlive = options.isAlive ?? pidAlive;
  const swept: SweptRun[] = [];
  for (const run of await metadata.tracking.runningRuns()) {
    let reason: string | undefined;
    if (run.host === options.host && run.pid !== null && run.pid !== process.pid && !isAlive(run.pid)) {
      reason = `its process ${run.pid} on ${run.host} exited without ending the run`;
    } else if (run.heartbeatAt !== null && options.now - run.heartbeatAt > options.staleAfterMs) {
      const minutes = Math.round((options.now - run.heartbeatAt) / 60_000);
      reason = `${STALE_HEARTBEAT_REASON} since ${new Date(run.heartbeatAt).toISOString()} (${minutes} min)`;
    }
    if (reason === undefined) continue;
    await metadata.tracking.updateRun(run.id, {
      status: 'FAILED',
      statusReason: reason,
      endTime: run.heartbeatAt ?? options.now,
    });
    swept.push({ id: run.id, reason });
  }
  return swept;
}

/** Something that can be ended when the process stops. */
export interface EndableRun {
  end(options?: { status?: RunStatus; reason?: string }): Promise<void>;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Marks the signal handlers of ExitHooks, to tell them from the program's own. */
const OURS = Symbol('flywheel.exitHooks');

/**
 * Ends the runs this process owns when it stops: normally (`beforeExit`: FINISHED, or FAILED
 * when the exit code is non-zero) or on SIGINT/SIGTERM/SIGHUP (FAILED; the signal is then raised
 * again so the process stops as it would have). A program that handles the signal itself is left
 * to do so.
 * A crash or SIGKILL leaves the run to the sweep.
 */
export class ExitHooks {
  private readonly runs = new Set<EndableRun>();
  private installed = false;

  private readonly onBeforeExit = () => void this.endForExit();

  private readonly onSignal = (signal: NodeJS.Signals) => {
    // A program with its own handler decides how to stop (and may end its runs itself); the exit
    // hook or the sweep settles the runs afterwards. Other Flywheel instances' handlers do not count.
    if (process.listeners(signal).some((l) => !(OURS in l))) return;
    void this.endAll('FAILED', `the process received ${signal}`).finally(() => {
      this.uninstall();
      process.kill(process.pid, signal);
    });
  };

  constructor() {
    Object.defineProperty(this.onSignal, OURS, { value: true });
  }

  /** Watch a run until it ends. */
  add(run: EndableRun): void {
    this.runs.add(run);
    if (!this.installed) {
      this.installed = true;
      process.on('beforeExit', this.onBeforeExit);
      for (const s of SIGNALS) process.on(s, this.onSignal);
    }
  }

  /** Stop watching a run (it ended). */
  delete(run: EndableRun): void {
    this.runs.delete(run);
    if (this.runs.size === 0) this.uninstall();
  }

  /** End every watched run as the process is ending: FINISHED, or FAILED when the exit code is non-zero. */
  endForExit(): Promise<void> {
    const code = process.exitCode;
    const failed = code !== undefined && code !== 0 && code !== '0';
    return this.endAll(
      failed ? 'FAILED' : 'FINISHED',
      failed ? `the process exited with code ${code}` : undefined,
    );
  }

  /** End every watched run. */
  async endAll(status: RunStatus, reason?: string): Promise<void> {
    await Promise.allSettled([...this.runs].map((r) => r.end({ status, reason })));
  }

  private uninstall(): void {
    if (!this.installed) return;
    this.installed = false;
    process.off('beforeExit', this.onBeforeExit);
    for (const s of SIGNALS) process.off(s, this.onSignal);
  }
}
