/** The shapes `runDemo` reports: one result per step, and the options it takes. */

/** A figure a step reports (what the summary table and the test read). */
export type DemoValue = string | number | boolean;

/** One finished step of the demo. */
export interface DemoStep {
  /** A stable id, e.g. `train`, `drift`. */
  id: string;
  /** What the step did, e.g. `train two model families`. */
  title: string;
  /** The key figure, one line, e.g. `linear AUC 0.781 · gbdt AUC 0.802`. */
  figure: string;
  /** The figures behind the line. */
  values: Record<string, DemoValue>;
  seconds: number;
}

/** How to run the demo. */
export interface DemoOptions {
  /** The workspace folder (created; must be empty or absent). */
  dir: string;
  /** Rows generated in all (default 20,000). */
  rows?: number;
  /** Seed of the generated data (default 7). */
  seed?: number;
  /** Run the online serving steps (default true). */
  serve?: boolean;
}

/** The whole run. */
export interface DemoResult {
  dir: string;
  steps: DemoStep[];
  seconds: number;
}
