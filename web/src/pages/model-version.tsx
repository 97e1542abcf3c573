/**
 * A model version: where it came from and where it went — lineage from the dataset versions its
 * run read, through the run, to its aliases and deployments — its input and output schema, and
 * the summaries of its evaluation and explanation reports.
 */
import type { ReportSummary, VersionDetail } from '../../../src/server/api/schemas';
import { useApi } from '../api';
import { barChart } from '../charts';
import { KeyValues, RecordTable, StatusBadge } from '../components/bits';
import { Chart } from '../components/chart';
import { Show, useTitle } from '../components/status';
import { formatNumber, formatTime } from '../format';
import { href } from '../router';
import { summarise } from './models';

/** The page of `name` version `version`. */
export function ModelVersionPage({ name, version }: { name: string; version: string }) {
  useTitle(`Model ${name}:${version}`);
  const v = useApi<VersionDetail>(
    `/models/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}`,
  );
  return (
    <Show load={v} what={`The model version "${name}:${version}"`}>
      {(d) => <Version v={d} />}
    </Show>
  );
}

function Version({ v }: { v: VersionDetail }) {
  const l = v.lineage;
  return (
    <>
      <p class="crumbs">
        <a href={href.models()}>Models</a> › <a href={href.model(v.name)}>{v.name}</a> › version {v.version}
      </p>
      <h1>
        {v.name}:{v.version}
      </h1>
      {v.description ? <p>{v.description}</p> : null}
      <KeyValues
        items={[
          ['Aliases', v.aliases.length > 0 ? v.aliases.map((a) => `@${a}`).join(', ') : 'none'],
          ['Run', v.run_id ? <a href={href.run(v.run_id)}>{v.run_id}</a> : 'none recorded'],
          ['Created', formatTime(v.created_at)],
          ['By', v.user],
          ['Source', <code>{v.source}</code>],
        ]}
      />
      <section aria-labelledby="lineage">
        <h2 id="lineage">Lineage</h2>
        <ol class="lineage">
          <li>
            <strong>Data</strong>:{' '}
            {l.inputs.length === 0
              ? 'no dataset versions recorded'
              : l.inputs.map((i, k) => (
                  <span key={`${i.ref}-${i.role}`}>
                    {k > 0 ? ', ' : ''}
                    {i.exists ? (
                      <a href={href.datasetVersion(i.dataset, i.version)}>{i.ref}</a>
                    ) : (
                      `${i.ref} (gone)`
                    )}{' '}
                    <span class="muted">
                      ({i.role}
                      {i.row_count === null ? '' : `, ${formatNumber(i.row_count)} rows`})
                    </span>
                  </span>
                ))}
          </li>
          <li>
            <strong>Run</strong>:{' '}
            {l.run ? (
              <>
                <a href={href.run(l.run.run_id)}>{l.run.run_name || l.run.run_id}</a> in{' '}
                {l.run.experiment_name} <StatusBadge status={l.run.status} />
                {l.run.git_commit ? (
                  <>
                    {' '}
                    at commit <code>{l.run.git_commit.slice(0, 10)}</code>
                    {l.run.git_dirty ? ' (uncommitted changes)' : ''}
                  </>
                ) : null}
              </>
            ) : (
              'none recorded'
            )}
          </li>
          <li>
            <strong>Model version</strong>: {v.name}:{v.version}
            {l.aliases.length > 0 ? ` (@${l.aliases.join(', @')})` : ''}
          </li>
          <li>
            <strong>Deployments</strong>:{' '}
            {l.deployments.length === 0 ? (
              'none recorded'
            ) : (
              <ul>
                {l.deployments.map((d) => (
                  <li key={d.id}>
                    {formatTime(d.time)} — {d.kind}: {summarise(d.data)} <a href={href.serving()}>serving</a>
                  </li>
                ))}
              </ul>
            )}
          </li>
        </ol>
      </section>
      <h2>Reports</h2>
      {v.reports.length === 0 ? (
        <p class="muted">
          No evaluation or explanation reports stored for this version (<code>flywheel eval</code>,{' '}
          <code>flywheel explain</code>).
        </p>
      ) : (
        v.reports.map((r) => <Report key={`${r.run_id}/${r.path}`} r={r} />)
      )}
      <h2>Input schema</h2>
      <Schema columns={v.input_schema} />
      <h2>Output schema</h2>
      <Schema columns={v.output_schema} />
    </>
  );
}

function Report({ r }: { r: ReportSummary }) {
  const keys = Object.keys(r.summary);
  return (
    <section class="card">
      <h3>
        {r.kind === 'evaluation' ? 'Evaluation' : 'Explanation'} · {formatTime(r.created_at)}
      </h3>
      <p class="muted">
        From run <a href={href.run(r.run_id)}>{r.run_id.slice(0, 8)}</a>, artifact <code>{r.path}</code>
      </p>
      {r.kind === 'explanation' && keys.length > 0 ? (
        <Chart
          make={() => {
            const top = keys
              .map((k) => [k, r.summary[k] ?? 0] as const)
              .sort((a, b) => Math.abs(b[1] ?? 0) - Math.abs(a[1] ?? 0))
              .slice(0, 15);
            return barChart({
              title: 'Mean |contribution| per feature',
              labels: top.map(([k]) => k),
              series: [{ name: 'mean |contribution|', values: top.map(([, v]) => v ?? 0) }],
              orientation: 'horizontal',
              value: (x) => formatNumber(x),
            });
          }}
          deps={[r]}
        />
      ) : null}
      <RecordTable
        caption={r.kind === 'evaluation' ? 'Metrics' : 'Mean |contribution| per feature'}
        record={r.summary}
        keyLabel={r.kind === 'evaluation' ? 'Metric' : 'Feature'}
      />
    </section>
  );
}

function Schema({ columns }: { columns: Array<{ name: string; type: string }> | null }) {
  if (!columns || columns.length === 0) return <p class="muted">Not recorded.</p>;
  return (
    <div class="table-wrap">
      <table class="data">
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">Type</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((c) => (
            <tr key={c.name}>
              <td class="cell-text">{c.name}</td>
              <td>{c.type}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
