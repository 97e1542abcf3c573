/**
 * Registered models: the list with their aliases, and a model's page with its versions, aliases,
 * the form that moves an alias (token needed; a confirmation names what serves the alias now) and
 * the audit history of the model (versions, alias moves with their reasons, deployments).
 */
import { useState } from 'preact/hooks';
import type { ModelDetail, ModelHistory, ModelsResponse } from '../../../src/server/api/schemas';
import { useApi } from '../api';
import { Show, useTitle } from '../components/status';
import { formatTime } from '../format';
import { href } from '../router';
import { AliasMove } from './alias-move';

/** All registered models. */
export function ModelsPage() {
  useTitle('Models');
  const [page, setPage] = useState<string>();
  const models = useApi<ModelsResponse>('/models', { page_token: page, max_results: 100 });
  return (
    <>
      <h1>Models</h1>
      <Show load={models} what="The models">
        {(m) =>
          m.models.length === 0 ? (
            <p class="muted">
              No registered models yet. Register one with <code>flywheel models register</code>.
            </p>
          ) : (
            <>
              <div class="table-wrap">
                <table class="data">
                  <caption class="sr-only">Registered models</caption>
                  <thead>
                    <tr>
                      <th scope="col">Model</th>
                      <th scope="col">Aliases</th>
                      <th scope="col" class="num">
                        Versions
                      </th>
                      <th scope="col">Latest version</th>
                      <th scope="col">Updated</th>
                      <th scope="col">Description</th>
                    </tr>
                  </thead>
                  <tbody>
                    {m.models.map((x) => (
                      <tr key={x.name}>
                        <th scope="row" class="cell-text">
                          <a href={href.model(x.name)}>{x.name}</a>
                        </th>
                        <td>
                          <Aliases name={x.name} aliases={x.aliases} />
                        </td>
                        <td class="num">{x.version_count}</td>
                        <td>
                          {x.latest_version === null ? (
                            '—'
                          ) : (
                            <a href={href.modelVersion(x.name, x.latest_version)}>
                              version {x.latest_version}
                            </a>
                          )}
                        </td>
                        <td>{formatTime(x.updated_at)}</td>
                        <td class="cell-text">{x.description}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {m.next_page_token ? (
                <button type="button" onClick={() => setPage(m.next_page_token ?? undefined)}>
                  Next page
                </button>
              ) : null}
            </>
          )
        }
      </Show>
    </>
  );
}

/** `production → 3` links, one per alias. */
export function Aliases({
  name,
  aliases,
}: {
  name: string;
  aliases: Array<{ alias: string; version: number }>;
}) {
  if (aliases.length === 0) return <span class="muted">none</span>;
  return (
    <ul class="plain">
      {aliases.map((a) => (
        <li key={a.alias}>
          <strong>@{a.alias}</strong> → <a href={href.modelVersion(name, a.version)}>version {a.version}</a>
        </li>
      ))}
    </ul>
  );
}

/** One registered model. */
export function ModelPage({ name }: { name: string }) {
  useTitle(`Model ${name}`);
  const model = useApi<ModelDetail>(`/models/${encodeURIComponent(name)}`);
  const history = useApi<ModelHistory>(`/models/${encodeURIComponent(name)}/history`);
  return (
    <Show load={model} what={`The model "${name}"`}>
      {(m) => (
        <>
          <p class="crumbs">
            <a href={href.models()}>Models</a> › {m.name}
          </p>
          <h1>{m.name}</h1>
          {m.description ? <p>{m.description}</p> : null}
          <h2>Aliases</h2>
          <Aliases name={m.name} aliases={m.aliases} />
          <AliasMove
            model={m}
            onMoved={() => {
              model.reload();
              history.reload();
            }}
          />
          <h2>Versions</h2>
          <div class="table-wrap">
            <table class="data">
              <caption class="sr-only">Versions of {m.name}</caption>
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Aliases</th>
                  <th scope="col">Run</th>
                  <th scope="col">Created</th>
                  <th scope="col">By</th>
                  <th scope="col">Description</th>
                </tr>
              </thead>
              <tbody>
                {m.versions.map((v) => (
                  <tr key={v.version}>
                    <th scope="row">
                      <a href={href.modelVersion(m.name, v.version)}>version {v.version}</a>
                    </th>
                    <td>{v.aliases.map((a) => `@${a}`).join(', ') || '—'}</td>
                    <td class="cell-text">
                      {v.run_id ? <a href={href.run(v.run_id)}>{v.run_id.slice(0, 8)}</a> : '—'}
                    </td>
                    <td>{formatTime(v.created_at)}</td>
                    <td class="cell-text">{v.user}</td>
                    <td class="cell-text">{v.description}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>History</h2>
          <Show load={history} what="The model's history">
            {(h) => <History name={m.name} history={h} />}
          </Show>
        </>
      )}
    </Show>
  );
}

function History({ name, history }: { name: string; history: ModelHistory }) {
  if (history.events.length === 0) return <p class="muted">No recorded events.</p>;
  const events = [...history.events].sort((a, b) => b.time - a.time);
  return (
    <div class="table-wrap">
      <table class="data history">
        <caption class="sr-only">Audit history of {name}, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">What</th>
            <th scope="col">Details</th>
            <th scope="col">Who</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td>{formatTime(e.time)}</td>
              <td>{e.kind}</td>
              <td class="cell-text">
                {e.alias_move ? (
                  <>
                    @{e.alias_move.alias}:{' '}
                    {e.alias_move.from === null ? 'none' : <VersionLink name={name} v={e.alias_move.from} />}{' '}
                    → {e.alias_move.to === null ? 'none' : <VersionLink name={name} v={e.alias_move.to} />}
                    {e.alias_move.reason ? <> — “{e.alias_move.reason}”</> : null}
                  </>
                ) : (
                  summarise(e.data)
                )}
              </td>
              <td class="cell-text">{e.actor}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function VersionLink({ name, v }: { name: string; v: number }) {
  return <a href={href.modelVersion(name, v)}>version {v}</a>;
}

/** An event's data as short `key: value` text (objects as JSON), shown as text. */
export function summarise(data: Record<string, unknown>): string {
  return Object.entries(data)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' · ')
    .slice(0, 400);
}
