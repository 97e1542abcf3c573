/** Text renderings of validation results for the terminal. */
import type { ValidationRecord } from '../../storage/metadata/index.js';
import type { CheckResult } from '../../validation/index.js';
import { table } from '../output.js';

/** `check` as text: the verdict, every failed expectation with its detail, then what was written. */
export function formatCheck(r: CheckResult): string {
  const rep = r.report;
  const lines = [
    `${rep.success ? 'PASSED' : 'FAILED'}  suite ${rep.suite.name} on ${r.source}: ${rep.rowCount.toLocaleString('en-US')} rows × ${rep.columnCount} columns, ` +
      `${rep.evaluated} expectations, ${rep.failed} failed (${rep.elapsedMs.toFixed(1)} ms)`,
  ];
  const failed = rep.results.filter((x) => !x.success);
  if (failed.length > 0) {
    lines.push(
      table(
        failed.map((x) => [
          '  FAIL',
          x.id,
          x.message,
          x.unexpectedRows.length > 0
            ? `rows ${x.unexpectedRows.slice(0, 5).join(', ')}${x.unexpectedCount > 5 ? ', …' : ''}`
            : '',
        ]),
      ),
    );
  }
  if (rep.evaluated > failed.length)
    lines.push(`  ok    ${rep.evaluated - failed.length} expectations passed`);
  const q = r.quarantine;
  if (q) {
    lines.push(
      `quarantine: ${q.badRows} bad row(s)${q.bad ? ` → ${q.bad}` : ''}, ${q.cleanRows} clean row(s)${q.clean ? ` → ${q.clean}` : ''}`,
    );
  }
  if (r.html) lines.push(`report: ${r.html}`);
  if (r.stored)
    lines.push(`stored with ${r.source} (result ${r.stored.id}); see: flywheel data show ${r.source}`);
  return lines.join('\n');
}

/** The validation results shown under `data show NAME:N` (empty when there are none). */
export function formatValidations(results: readonly ValidationRecord[]): string {
  if (results.length === 0) return '';
  return [
    '',
    '',
    'validation (latest per suite):',
    table([
      ['  SUITE', 'RESULT', 'FAILED', 'ROWS', 'CHECKED AT'],
      ...results.map((v) => [
        `  ${v.suiteName}`,
        v.success ? 'passed' : 'FAILED',
        `${v.failed}/${v.evaluated}`,
        v.rowCount,
        new Date(v.createdAt).toISOString().slice(0, 19),
      ]),
    ]),
  ].join('\n');
}
