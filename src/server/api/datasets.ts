/**
 * `/api/v1` datasets: the list, one dataset's versions and tags, one version's schema, stored
 * profile (histograms, top values) and stored validation results with their failed expectations,
 * and the diff of two versions. Only what `data add` and `check` stored is read: a profile is never
 * computed here, and the diff (which reads the newer version's numeric columns for PSI) is refused
 * above a size bound.
 */
import { FlywheelError } from '../../core/index.js';
import type { Platform } from '../../platform.js';
import type { DatasetRecord } from '../../storage/metadata/index.js';
import type { ExpectationResult, ValidationReport } from '../../validation/index.js';
import type { Route } from '../route.js';
import { datasetVersion, profileColumns } from './convert.js';
import { finite, required } from './input.js';
import type {
  DatasetDetail,
  DatasetDiff,
  DatasetsResponse,
  DatasetVersionDetail,
  ValidationResult,
} from './schemas.js';

/** The largest dataset version a diff reads (its PSI reads the newer version's numeric columns). */
export const MAX_DIFF_BYTES = 512 * 1024 * 1024;
/** The largest stored validation report read for its failed expectations. */
const MAX_REPORT_BYTES = 16 * 1024 * 1024;
/** Failed expectations sent per validation result. */
const MAX_FAILED = 200;

/** The dataset routes of `/api/v1`. */
export function datasetApiRoutes(p: Platform): Route[] {
  return [
    {
      method: 'GET',
      path: '/datasets',
      write: false,
      async handle(): Promise<DatasetsResponse> {
        const list = await p.data.list();
        return {
          datasets: list.map((d) => ({
            name: d.name,
            version_count: d.versions,
            latest: datasetVersion(d.latest),
          })),
        };
      },
    },
    {
      method: 'GET',
      path: '/datasets/:name',
      write: false,
      async handle(input): Promise<DatasetDetail> {
        const shown = await p.data.show(required(input, 'name', 200));
        const tagsOf = tagIndex(shown.tags);
        return {
          name: shown.name,
          versions: shown.versions.map((v) => datasetVersion(v, tagsOf(v.version))),
          tags: shown.tags.map((t) => ({ tag: t.tag, version: t.version })),
        };
      },
    },
    {
      method: 'GET',
      path: '/datasets/:name/versions/:version',
      write: false,
      async handle(input): Promise<DatasetVersionDetail> {
        const shown = await p.data.show(required(input, 'name', 200));
        const d = pick(shown, required(input, 'version', 200));
        const profile = d.profileDigest
          ? (await p.data.profile(`${d.name}:${d.version}`, p.root)).profile
          : undefined;
        const results = await p.validation.results({ name: d.name, version: d.version });
        return {
          ...datasetVersion(d, tagIndex(shown.tags)(d.version)),
          schema: d.schema,
          profile: profile ? { row_count: profile.rowCount, columns: profileColumns(profile) } : null,
          validation: await Promise.all(results.map((r) => validation(p, r))),
        };
      },
    },
    {
      method: 'GET',
      path: '/datasets/:name/diff',
      write: false,
      async handle(input): Promise<DatasetDiff> {
        const shown = await p.data.show(required(input, 'name', 200));
        const a = pick(shown, required(input, 'from', 200));
        const b = pick(shown, required(input, 'to', 200));
        if (b.size > MAX_DIFF_BYTES) {
          throw new FlywheelError(
            'PAYLOAD_TOO_LARGE',
            `${b.name}:${b.version} is ${b.size} bytes; the API diffs versions of at most ${MAX_DIFF_BYTES} bytes`,
            { hint: `Run \`flywheel data diff ${a.name}:${a.version} ${b.name}:${b.version}\` instead.` },
          );
        }
        const d = await p.data.diff(`${a.name}:${a.version}`, `${b.name}:${b.version}`);
        const pair = (v: [number | null, number | null] | undefined) =>
          v ? ([finite(v[0]), finite(v[1])] as [number | null, number | null]) : null;
        return {
          from: d.from,
          to: d.to,
          rows: d.rows,
          bytes: d.bytes,
          files: {
            added: d.files.added.map((f) => f.path),
            removed: d.files.removed.map((f) => f.path),
            changed: d.files.changed.map((f) => f.path),
          },
          schema: d.schema,
          columns: d.columns.map((c) => ({
            column: c.column,
            type: c.type,
            null_share: [finite(c.nullShare[0]), finite(c.nullShare[1])],
            mean: pair(c.mean),
            std: pair(c.std),
            min: pair(c.min),
            max: pair(c.max),
            mean_shift_sd: finite(c.meanShiftSd),
            psi: finite(c.psi),
            distinct: c.distinct,
            top_values: c.topValues ?? null,
          })),
        };
      },
    },
  ];
}

function tagIndex(tags: Array<{ tag: string; version: number }>): (version: number) => string[] {
  return (version) => tags.filter((t) => t.version === version).map((t) => t.tag);
}

/** A version of a shown dataset by number or tag (`3`, `gold`, `latest`), or NOT_FOUND. */
function pick(
  shown: { name: string; versions: DatasetRecord[]; tags: Array<{ tag: string; version: number }> },
  ref: string,
): DatasetRecord {
  const number = /^\d+$/.test(ref)
    ? Number(ref)
    : ref === 'latest'
      ? shown.versions.at(-1)?.version
      : shown.tags.find((t) => t.tag === ref)?.version;
  const found = shown.versions.find((v) => v.version === number);
  if (!found) {
    throw new FlywheelError('NOT_FOUND', `dataset ${shown.name} has no version or tag "${ref}"`, {
      hint: `Its versions are ${shown.versions.map((v) => v.version).join(', ')}; GET /api/v1/datasets/${shown.name} lists them.`,
    });
  }
  return found;
}

type Stored = Awaited<ReturnType<Platform['validation']['results']>>[number];

async function validation(p: Platform, r: Stored): Promise<ValidationResult> {
  let failed: ExpectationResult[] = [];
  const info = await p.artifacts.stat(r.reportDigest);
  if (info && info.size <= MAX_REPORT_BYTES) {
    // The stored object is `{dataset, report}` (validation/service.ts).
    const stored = JSON.parse(Buffer.from(await p.artifacts.getBytes(r.reportDigest)).toString('utf8')) as {
      report?: ValidationReport;
    };
    const report = stored.report ?? (stored as ValidationReport);
    failed = (report.results ?? []).filter((e) => !e.success);
  }
  return {
    id: r.id,
    suite_name: r.suiteName,
    suite_digest: r.suiteDigest,
    success: r.success,
    evaluated: r.evaluated,
    failed: r.failed,
    row_count: r.rowCount,
    created_at: r.createdAt,
    failed_expectations: failed.slice(0, MAX_FAILED).map((e) => ({
      id: e.id,
      expect: e.expect,
      columns: e.columns,
      message: e.message,
      unexpected_count: e.unexpectedCount,
      unexpected_percent: e.unexpectedPercent,
      unexpected_values: e.unexpectedValues,
    })),
  };
}
