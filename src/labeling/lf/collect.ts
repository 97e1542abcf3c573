/**
 * What an LF file exports, checked once for the main thread and every worker thread alike: the
 * labeling functions (`export default [...]`, `export const lfs = [...]`, or every exported LF in
 * export order) and, optionally, the class names (`export const labels = ['ham', 'spam']`).
 */
import { FlywheelError } from '../../core/index.js';
import { isLabelingFunction, type LabelingFunction } from './labeling-function.js';

/** The functions and label names an LF file exports. */
export interface LabelingFile {
  lfs: LabelingFunction<object>[];
  /** Class names, index = the class an LF returns; undefined when the file names none. */
  labels: string[] | undefined;
}

/** Collect and check the labeling functions of an imported LF module. */
export function collectLabelingFile(module: Record<string, unknown>, file: string): LabelingFile {
  const listed = module.default ?? module.lfs;
  const candidates = Array.isArray(listed)
    ? (listed as unknown[])
    : listed !== undefined && isLabelingFunction(listed)
      ? [listed]
      : Object.values(module).filter(isLabelingFunction);
  candidates.forEach((lf, i) => {
    if (!isLabelingFunction(lf))
      throw new FlywheelError(
        'INVALID_ARGUMENT',
        `Entry ${i} of the LF list in ${file} is not a labeling function`,
        {
          where: { file },
          hint: "Make each entry with labelingFunction(name, fn) from 'flywheel/labeling'.",
        },
      );
  });
  const lfs = candidates as LabelingFunction<object>[];
  if (lfs.length === 0)
    throw new FlywheelError('INVALID_ARGUMENT', `${file} exports no labeling functions`, {
      where: { file },
      hint: 'Export them: export default [labelingFunction(...), ...] (or export const lfs = [...]).',
    });
  const seen = new Set<string>();
  for (const lf of lfs) {
    if (typeof lf.name !== 'string' || lf.name.trim() === '')
      throw new FlywheelError('INVALID_ARGUMENT', `A labeling function in ${file} has no name`, {
        where: { file },
        hint: 'Give each function a name: labelingFunction("keyword_free", fn).',
      });
    if (seen.has(lf.name))
      throw new FlywheelError(
        'INVALID_ARGUMENT',
        `Two labeling functions in ${file} are named "${lf.name}"`,
        {
          where: { file },
          details: { lf: lf.name },
          hint: 'Names identify LFs in the label matrix and the reports: rename one of them.',
        },
      );
    seen.add(lf.name);
  }
  return { lfs, labels: parseLabels(module.labels, file) };
}

function parseLabels(value: unknown, file: string): string[] | undefined {
  if (value === undefined) return undefined;
  const ok =
    Array.isArray(value) &&
    value.length >= 2 &&
    value.every((v) => typeof v === 'string' && v !== '') &&
    new Set(value).size === value.length;
  if (!ok)
    throw new FlywheelError(
      'INVALID_ARGUMENT',
      `The labels exported by ${file} are not a list of distinct names`,
      {
        where: { file },
        hint: "Export at least two distinct class names, in class-index order: export const labels = ['ham', 'spam'].",
      },
    );
  return value as string[];
}
