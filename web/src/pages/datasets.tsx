/**
 * Datasets: the list (each with its latest version), a dataset's versions and tags, and the diff
 * of two of its versions (rows, bytes, files, schema changes, per-column shifts). The two versions
 * diffed are in the URL (`?from=1&to=2`).
 */
import { useState } from 'preact/hooks';
import type { DatasetDetail, DatasetDiff, DatasetsResponse } from '../../../src/server/api/schemas';
import { useApi } from '../api';
import { Show, useTitle } from '../components/status';
import { formatBytes, formatNumber, formatPercent, formatTime } from '../format';
import { href, navigate } from '../router';

export { DatasetVersionPage } from './dataset-version';

/** All datasets. */
export function DatasetsPage() {
  useTitle('Datasets');
  const list = useApi<DatasetsResponse>('/datasets');
  return (
    <>
      <h1>Datasets</h1>
      <Show load={list} what="The datasets">
        {(d) =>
          d.datasets.length === 0 ? (
            <p class="muted">
              No datasets yet. Add one with <code>flywheel data add</code>.
            </p>
          ) : (
            <div class="table-wrap">
              <table class="data">
                <caption class="sr-only">Datasets</caption>
                <thead>
                  <tr>
                    <th scope="col">Dataset</th>
                    <th scope="col" class="num">
                      Versions
                    </th>
                    <th scope="col">Latest</th>
                    <th scope="col" class="num">
                      Rows
                    </th>
                    <th scope="col" class="num">
                      Size
                    </th>
                    <th scope="col">Added</th>
                    <th scope="col">Message</th>
                  </tr>
                </thead>
                <tbody>
                  {d.datasets.map((x) => (
                    <tr key={x.name}>
                      <th scope="row" class="cell-text">
                        <a href={href.dataset(x.name)}>{x.name}</a>
                      </th>
                      <td class="num">{x.version_count}</td>
                      <td>
                        <a href={href.datasetVersion(x.name, x.latest.version)}>{x.latest.ref}</a>
                      </td>
                      <td class="num">{formatNumber(x.latest.row_count)}</td>
                      <td class="num">{formatBytes(x.latest.size)}</td>
                      <td>{formatTime(x.latest.created_at)}</td>
                      <td class="cell-text">{x.latest.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Show>
    </>
  );
}

/** One dataset: its versions, tags, and the diff of two versions. */
export function DatasetPage({ name, query }: { name: string; query: Record<string, string> }) {
  useTitle(`Dataset ${name}`);
  const detail = useApi<DatasetDetail>(`/datasets/${encodeURIComponent(name)}`);
  return (
    <Show load={detail} what={`The dataset "${name}"`}>
      {(d) => (
        <>
          <p class="crumbs">
            <a href={href.datasets()}>Datasets</a> › {d.name}
          </p>
          <h1>{d.name}</h1>
          <h2>Versions</h2>
          <div class="table-wrap">
            <table class="data">
              <caption class="sr-only">Versions of {d.name}</caption>
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Tags</th>
                  <th scope="col" class="num">
                    Rows
                  </th>
                  <th scope="col" class="num">
                    Size
                  </th>
                  <th scope="col">Format</th>
                  <th scope="col">From</th>
                  <th scope="col">Added</th>
                  <th scope="col">By</th>
                  <th scope="col">Message</th>
                </tr>
              </thead>
              <tbody>
                {d.versions.map((v) => (
                  <tr key={v.version}>
                    <th scope="row">
                      <a href={href.datasetVersion(d.name, v.version)}>{v.ref}</a>
                    </th>
                    <td class="cell-text">{v.tags.join(', ')}</td>
                    <td class="num">{formatNumber(v.row_count)}</td>
                    <td class="num">{formatBytes(v.size)}</td>
                    <td>{v.format ?? v.kind}</td>
                    <td>{v.parent ? <ParentLink ref_={v.parent} /> : '—'}</td>
                    <td>{formatTime(v.created_at)}</td>
                    <td class="cell-text">{v.author}</td>
                    <td class="cell-text">{v.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <DiffSection detail={d} query={query} />
        </>
      )}
    </Show>
  );
}

function ParentLink({ ref_ }: { ref_: string }) {
  const i = ref_.lastIndexOf(':');
  if (i <= 0) return <>{ref_}</>;
  return <a href={href.datasetVersion(ref_.slice(0, i), ref_.slice(i + 1))}>{ref_}</a>;
}

function DiffSection({ detail, query }: { detail: DatasetDetail; query: Record<string, string> }) {
  const versions = detail.versions.map((v) => String(v.version));
  const [from, setFrom] = useState(query.from ?? versions[versions.length > 1 ? 1 : 0] ?? '');
  const [to, setTo] = useState(query.to ?? versions[0] ?? '');
  const asked = query.from !== undefined && query.to !== undefined;
  const diff = useApi<DatasetDiff>(asked ? `/datasets/${encodeURIComponent(detail.name)}/diff` : null, {
    from: query.from,
    to: query.to,
  });
  if (versions.length < 2) return <p class="muted">One version only: nothing to diff yet.</p>;
  return (
    <section aria-labelledby="diff">
      <h2 id="diff">Diff of two versions</h2>
      <form
        class="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(href.dataset(detail.name, { from, to }));
        }}
      >
        <div class="field">
          <label for="diff-from">From version</label>
          <select id="diff-from" value={from} onChange={(e) => setFrom(e.currentTarget.value)}>
            {versions.map((v) => (
              <option key={v}>{v}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="diff-to">To version</label>
          <select id="diff-to" value={to} onChange={(e) => setTo(e.currentTarget.value)}>
            {versions.map((v) => (
              <option key={v}>{v}</option>
            ))}
          </select>
        </div>
        <button type="submit">Show the diff</button>
      </form>
      {asked ? (
        <Show load={diff} what="The diff">
          {(d) => <DiffView d={d} />}
        </Show>
      ) : null}
    </section>
  );
}

const pair = (p: readonly [number | null, number | null] | null, f = formatNumber) =>
  p === null ? '—' : `${f(p[0])} → ${f(p[1])}`;

function DiffView({ d }: { d: DatasetDiff }) {
  const s = d.schema;
  return (
    <>
      <p>
        {`${d.from} → ${d.to}: rows ${pair(d.rows)}, size ${formatBytes(d.bytes[0])} → ${formatBytes(d.bytes[1])}`}
        {`; files added ${d.files.added.length}, removed ${d.files.removed.length}, changed ${d.files.changed.length}.`}
      </p>
      <h3>Schema</h3>
      {s.added.length + s.removed.length + s.retyped.length === 0 ? (
        <p>Same columns and types.</p>
      ) : (
        <ul>
          {s.added.map((c) => (
            <li key={`a-${c.name}`}>
              added <code>{c.name}</code> ({c.type})
            </li>
          ))}
          {s.removed.map((c) => (
            <li key={`r-${c.name}`}>
              removed <code>{c.name}</code> ({c.type})
            </li>
          ))}
          {s.retyped.map((c) => (
            <li key={`t-${c.name}`}>
              <code>{c.name}</code>: {c.from} → {c.to}
            </li>
          ))}
        </ul>
      )}
      <h3>Columns</h3>
      <div class="table-wrap">
        <table class="data">
          <caption class="sr-only">Per-column changes</caption>
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Type</th>
              <th scope="col">Missing</th>
              <th scope="col">Mean</th>
              <th scope="col">Std</th>
              <th scope="col" class="num">
                Mean shift (sd)
              </th>
              <th scope="col" class="num">
                PSI
              </th>
              <th scope="col">Distinct</th>
              <th scope="col">Top values</th>
            </tr>
          </thead>
          <tbody>
            {d.columns.map((c) => (
              <tr key={c.column}>
                <th scope="row" class="cell-text">
                  {c.column}
                </th>
                <td>{c.type}</td>
                <td>{pair(c.null_share, formatPercent)}</td>
                <td>{pair(c.mean)}</td>
                <td>{pair(c.std)}</td>
                <td class="num">{formatNumber(c.mean_shift_sd)}</td>
                <td class={`num${c.psi !== null && c.psi >= 0.2 ? ' bad' : ''}`}>{formatNumber(c.psi)}</td>
                <td>{pair(c.distinct)}</td>
                <td class="cell-text">
                  {c.top_values ? `${c.top_values[0].join(', ')} → ${c.top_values[1].join(', ')}` : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
