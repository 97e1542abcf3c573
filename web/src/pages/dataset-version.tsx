/**
 * A dataset version: what it is (size, rows, format, where it came from), its schema, its profile
 * (per column: counts, missing, range, a histogram for numbers or the top values for categories)
 * and its validation results with the failed expectations.
 */
import type { ColumnProfile, DatasetVersionDetail, ValidationResult } from '../../../src/server/api/schemas';
import { useApi } from '../api';
import { barChart, histogram } from '../charts';
import { KeyValues } from '../components/bits';
import { Chart } from '../components/chart';
import { Show, useTitle } from '../components/status';
import { formatBytes, formatNumber, formatPercent, formatTime } from '../format';
import { href } from '../router';

/** The page of `name` version `version`. */
export function DatasetVersionPage({ name, version }: { name: string; version: string }) {
  useTitle(`Dataset ${name}:${version}`);
  const v = useApi<DatasetVersionDetail>(
    `/datasets/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}`,
  );
  return (
    <Show load={v} what={`The dataset version "${name}:${version}"`}>
      {(d) => <Version d={d} />}
    </Show>
  );
}

function Version({ d }: { d: DatasetVersionDetail }) {
  return (
    <>
      <p class="crumbs">
        <a href={href.datasets()}>Datasets</a> › <a href={href.dataset(d.name)}>{d.name}</a> › version{' '}
        {d.version}
      </p>
      <h1>{d.ref}</h1>
      {d.message ? <p>{d.message}</p> : null}
      <KeyValues
        items={[
          ['Rows', formatNumber(d.row_count)],
          ['Size', `${formatBytes(d.size)} in ${d.file_count} file${d.file_count === 1 ? '' : 's'}`],
          ['Format', d.format ?? d.kind],
          ['Source', <code>{d.source}</code>],
          ['Made from', d.parent],
          ['Tags', d.tags.join(', ')],
          ['Added', formatTime(d.created_at)],
          ['By', d.author],
        ]}
      />
      <h2>Validation</h2>
      {d.validation.length === 0 ? (
        <p class="muted">
          Not checked yet (<code>flywheel check</code>).
        </p>
      ) : (
        d.validation.map((r) => <Validation key={r.id} r={r} />)
      )}
      <h2>Schema</h2>
      {d.schema ? (
        <div class="table-wrap">
          <table class="data">
            <caption class="sr-only">Schema of {d.ref}</caption>
            <thead>
              <tr>
                <th scope="col">Column</th>
                <th scope="col">Type</th>
              </tr>
            </thead>
            <tbody>
              {d.schema.map((c) => (
                <tr key={c.name}>
                  <td class="cell-text">{c.name}</td>
                  <td>{c.type}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="muted">Not recorded (a folder of files, or an unreadable format).</p>
      )}
      <h2>Profile</h2>
      {d.profile ? (
        <>
          <p>{formatNumber(d.profile.row_count)} rows profiled.</p>
          <div class="cards">
            {d.profile.columns.map((c) => (
              <ColumnCard key={c.name} c={c} />
            ))}
          </div>
        </>
      ) : (
        <p class="muted">
          No profile stored (<code>flywheel data profile</code>).
        </p>
      )}
    </>
  );
}

function Validation({ r }: { r: ValidationResult }) {
  return (
    <section class="card">
      <h3>
        Suite {r.suite_name}:{' '}
        {r.success ? <span class="good">passed</span> : <span class="bad">{r.failed} failed</span>} of{' '}
        {r.evaluated} expectations
      </h3>
      <p class="muted">
        {formatTime(r.created_at)} · {formatNumber(r.row_count)} rows · suite digest{' '}
        <code>{r.suite_digest.slice(0, 12)}</code>
      </p>
      {r.failed_expectations.length > 0 ? (
        <div class="table-wrap">
          <table class="data">
            <caption>Failed expectations</caption>
            <thead>
              <tr>
                <th scope="col">Expectation</th>
                <th scope="col">Columns</th>
                <th scope="col" class="num">
                  Unexpected rows
                </th>
                <th scope="col">Message</th>
                <th scope="col">Examples</th>
              </tr>
            </thead>
            <tbody>
              {r.failed_expectations.map((f) => (
                <tr key={f.id}>
                  <td class="cell-text">{f.expect}</td>
                  <td class="cell-text">{f.columns.join(', ')}</td>
                  <td class="num">
                    {formatNumber(f.unexpected_count)} ({formatPercent(f.unexpected_percent / 100)})
                  </td>
                  <td class="cell-text">{f.message}</td>
                  <td class="cell-text">
                    {f.unexpected_values
                      .slice(0, 5)
                      .map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))
                      .join(', ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : r.success ? null : (
        <p class="muted">The failed expectations' details were not stored.</p>
      )}
    </section>
  );
}

function ColumnCard({ c }: { c: ColumnProfile }) {
  const missing = c.count > 0 ? (c.nulls + c.nan) / c.count : 0;
  return (
    <section class="card" aria-label={`Column ${c.name}`}>
      <h3 class="cell-text">{c.name}</h3>
      <KeyValues
        items={[
          ['Type', c.type],
          ['Missing', `${formatNumber(c.nulls + c.nan)} (${formatPercent(missing)})`],
          ['Distinct', `${formatNumber(c.distinct)}${c.distinct_exact ? '' : ' (estimate)'}`],
          ['Min', c.min === null ? null : formatNumber(c.min)],
          ['Max', c.max === null ? null : formatNumber(c.max)],
          ['Mean', c.mean === null ? null : formatNumber(c.mean)],
          ['Std', c.std === null ? null : formatNumber(c.std)],
          ['Sampled', c.sampled ? 'yes' : null],
        ]}
      />
      {c.histogram && c.histogram.counts.length > 0 ? (
        <Chart
          make={() =>
            histogram({
              title: `Histogram of ${c.name}`,
              edges: c.histogram!.edges,
              series: [{ name: c.name, values: c.histogram!.counts }],
              x: { label: c.name },
              width: 420,
              height: 200,
            })
          }
          deps={[c]}
        />
      ) : c.top_values.length > 0 ? (
        <Chart
          make={() =>
            barChart({
              title: `Top values of ${c.name}`,
              labels: c.top_values.map((t) => String(t.value)),
              series: [{ name: 'rows', values: c.top_values.map((t) => t.count) }],
              orientation: 'horizontal',
              width: 420,
              height: Math.max(120, 24 * c.top_values.length + 40),
            })
          }
          deps={[c]}
        />
      ) : null}
    </section>
  );
}
