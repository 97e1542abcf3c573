/**
 * The prediction log's folder layout, which the writer (segment-sink.ts) and the reader
 * (reader.ts) share and DuckDB reads with hive partitioning:
 * `DIR/model=NAME/hour=YYYY-MM-DDTHH/part-….jsonl` for predictions and
 * `DIR/feedback/hour=YYYY-MM-DDTHH/part-….jsonl` for feedback labels. DIR is the workspace's
 * `prediction_log.dir` (flywheel.yaml), `.flywheel/predictions` by default.
 */
import { isAbsolute, resolve } from 'node:path';

/** The log folder when flywheel.yaml names none, relative to the workspace root. */
export const DEFAULT_LOG_DIR = '.flywheel/predictions';

/** The folder (under DIR) feedback labels are written to. */
export const FEEDBACK_FOLDER = 'feedback';

/** What every segment file name ends with (one JSON record a line). */
export const SEGMENT_SUFFIX = '.jsonl';

/**
 * A name kept as is in its partition folder: a letter or digit, then up to 99 of `A-Za-z0-9._-`
 * (every endpoint name is one, serving/endpoint-name.ts).
 */
const PLAIN_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** The absolute log folder of a workspace: `dir` as configured, relative to the workspace root. */
export function logDirOf(root: string, dir: string = DEFAULT_LOG_DIR): string {
  return isAbsolute(dir) ? dir : resolve(root, dir);
}

/**
 * The partition folder of an endpoint's predictions: `model=NAME` for a plain name; any other
 * name (a log written before names were checked, a monitor asked about a registry name) as `~`
 * and the hex of its UTF-8 bytes, which no plain name can be, so no two names share a folder.
 */
export function partitionFolder(model: string): string {
  if (PLAIN_NAME.test(model)) return `model=${model}`;
  return `model=~${Buffer.from(model, 'utf8').toString('hex')}`;
}

/** The hour folder of a record written at `isoTime` (an ISO timestamp, UTC): `hour=YYYY-MM-DDTHH`. */
export function hourFolder(isoTime: string): string {
  return `hour=${isoTime.slice(0, 13)}`;
}

/** Whether a folder name is an hour partition. */
export const isHourFolder = (name: string): boolean => name.startsWith('hour=');

/** Whether a file name is a segment. */
export const isSegmentFile = (name: string): boolean => name.endsWith(SEGMENT_SUFFIX);

/**
 * The segment file name of one writer (`part-START-PID-SEQ.jsonl`): unique per writer, so two
 * writers, in one process or several, never append to the same file.
 */
export function segmentFileName(startMs: number, pid: number, seq: number): string {
  return `part-${startMs}-${pid}-${seq}${SEGMENT_SUFFIX}`;
}
