/**
 * The runs table of an experiment (MLflow's main view): the server's filter language with its
 * errors and their position, sortable columns (the server sorts, so the order holds across pages),
 * a column chooser, server-side paging, and selection of 2–10 runs to compare. Everything the
 * table shows lives in the URL, so a view can be shared.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ExperimentsResponse, RunRow, RunsResponse } from '../../../src/server/api/schemas';
import { type ApiError, useApi } from '../api';
import { StatusBadge } from '../components/bits';
import { ErrorBox, Loading, useTitle } from '../components/status';
import { formatDuration, formatNumber, formatTime } from '../format';
import { href, MAX_COMPARE, navigate } from '../router';
import { rememberRuns } from '../run-cache';
import {
  type Column,
  canCompare,
  columnsText,
  defaultColumns,
  fieldOf,
  nextOrder,
  parseColumns,
  sortOf,
} from './runs-logic';

const SIZES = [25, 100, 500];

/** The runs page; `query` is the URL's (experiment, filter, order, cols, page, size). */
export function RunsPage({ query }: { query: Record<string, string> }) {
  useTitle('Runs');
  const experiments = useApi<ExperimentsResponse>('/experiments');
  const size = SIZES.includes(Number(query.size)) ? Number(query.size) : 100;
  const runs = useApi<RunsResponse>(
    '/runs',
    {
      experiment_id: query.experiment,
      filter: query.filter,
      order_by: query.order,
      max_results: size,
      page_token: query.page,
    },
    undefined,
    true,
  );
  const [selected, setSelected] = useState<string[]>([]);
  const [pages, setPages] = useState<string[]>([]);
  const go = (change: Record<string, string | undefined>) => navigate(href.runs({ ...query, ...change }));
  const data = runs.data;
  useEffect(() => {
    if (data) rememberRuns(data.runs);
  }, [data]);
  const columns = useMemo(
    () =>
      query.cols !== undefined
        ? parseColumns(query.cols)
        : defaultColumns(data?.param_keys ?? [], data?.metric_keys ?? []),
    [query.cols, data],
  );
  const filterError = runs.error && isFilterError(runs.error) ? runs.error : undefined;
  return (
    <>
      <h1>Runs</h1>
      <div class="toolbar">
        <div class="field">
          <label for="experiment">Experiment</label>
          <select
            id="experiment"
            value={query.experiment ?? ''}
            onChange={(e) => go({ experiment: e.currentTarget.value || undefined, page: undefined })}
          >
            <option value="">All experiments</option>
            {experiments.data?.experiments.map((x) => (
              <option key={x.experiment_id} value={x.experiment_id}>
                {x.name}
              </option>
            ))}
          </select>
        </div>
        <FilterBox
          value={query.filter ?? ''}
          error={filterError}
          onApply={(f) => go({ filter: f, page: undefined })}
        />
        <div class="field">
          <label for="size">Rows per page</label>
          <select
            id="size"
            value={String(size)}
            onChange={(e) => go({ size: e.currentTarget.value, page: undefined })}
          >
            {SIZES.map((n) => (
              <option key={n} value={String(n)}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <CompareBar selected={selected} clear={() => setSelected([])} />
      </div>
      {experiments.error ? <ErrorBox error={experiments.error} /> : null}
      {runs.error && !filterError ? <ErrorBox error={runs.error} retry={runs.reload} /> : null}
      {runs.loading && data ? (
        <p class="muted" role="status">
          Updating…
        </p>
      ) : null}
      {data ? (
        <>
          <ColumnChooser data={data} columns={columns} onChange={(cols) => go({ cols: columnsText(cols) })} />
          <RunsTable
            runs={data.runs}
            columns={columns}
            order={query.order}
            onSort={(field, kind) => go({ order: nextOrder(query.order, field, kind), page: undefined })}
            selected={selected}
            onSelect={(id, on) =>
              setSelected((s) => (on ? (s.includes(id) ? s : [...s, id]) : s.filter((x) => x !== id)))
            }
          />
          <nav class="pager" aria-label="Pages of runs">
            <button
              type="button"
              disabled={!query.page}
              onClick={() => {
                const prev = pages.slice(0, -1);
                setPages(prev);
                go({ page: prev[prev.length - 1] });
              }}
            >
              Previous page
            </button>
            <span class="muted">
              {data.runs.length === 0 ? 'No runs' : `${data.runs.length} runs on this page`}
            </span>
            <button
              type="button"
              disabled={!data.next_page_token}
              onClick={() => {
                const token = data.next_page_token ?? undefined;
                setPages((p) => [...p, token ?? '']);
                go({ page: token });
              }}
            >
              Next page
            </button>
          </nav>
        </>
      ) : runs.loading ? (
        <Loading what="runs" />
      ) : null}
    </>
  );
}

function isFilterError(e: ApiError): boolean {
  return e.status === 400 && (typeof e.details?.position === 'number' || /filter|sort/i.test(e.message));
}

/** The filter box: applied on Enter or the button; a filter error is shown with a caret at its position. */
function FilterBox({
  value,
  error,
  onApply,
}: {
  value: string;
  error?: ApiError;
  onApply: (filter: string | undefined) => void;
}) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const position = typeof error?.details?.position === 'number' ? error.details.position : undefined;
  return (
    <form
      class="field filter"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(text.trim() || undefined);
      }}
    >
      <label for="filter">Filter</label>
      <div class="row">
        <input
          id="filter"
          type="search"
          value={text}
          placeholder="metrics.auc > 0.7 and params.model = 'gbdt'"
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? 'filter-error' : 'filter-help'}
          spellcheck={false}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <button type="submit">Apply</button>
      </div>
      {error ? (
        <div id="filter-error" class="error" role="alert">
          <p>
            <strong>Filter error</strong>: {error.message}
          </p>
          {position !== undefined ? (
            <p class="filter-error" aria-hidden="true">
              {value}
              {'\n'}
              {`${' '.repeat(Math.max(0, position - 1))}^`}
            </p>
          ) : null}
          {/* The server's hint repeats the filter with its own caret: its first line is enough here. */}
          {error.hint ? <p class="hint">{error.hint.split('\n')[0]}</p> : null}
        </div>
      ) : (
        <span id="filter-help" class="hint">
          The language of <code>flywheel runs list --filter</code>: metrics., params., tags., attributes; and,
          or, parentheses.
        </span>
      )}
    </form>
  );
}

function CompareBar({ selected, clear }: { selected: string[]; clear: () => void }) {
  const ok = canCompare(selected.length, MAX_COMPARE);
  return (
    <div class="field">
      <span class="muted" aria-live="polite">
        {selected.length} selected{selected.length > MAX_COMPARE ? ` (at most ${MAX_COMPARE})` : ''}
      </span>
      <div class="row">
        <button type="button" class="primary" disabled={!ok} onClick={() => navigate(href.compare(selected))}>
          Compare {selected.length >= 2 ? selected.length : ''} runs
        </button>
        <button type="button" disabled={selected.length === 0} onClick={clear}>
          Clear selection
        </button>
      </div>
    </div>
  );
}

function ColumnChooser({
  data,
  columns,
  onChange,
}: {
  data: RunsResponse;
  columns: Column[];
  onChange: (cols: Column[]) => void;
}) {
  const on = new Set(columns.map(fieldOf));
  const groups: Array<[string, Column['kind'], string[]]> = [
    ['Metrics', 'metric', data.metric_keys],
    ['Params', 'param', data.param_keys],
    ['Tags', 'tag', data.tag_keys],
  ];
  const toggle = (c: Column, checked: boolean) =>
    onChange(checked ? [...columns, c] : columns.filter((x) => fieldOf(x) !== fieldOf(c)));
  return (
    <details>
      <summary>Columns ({columns.length} shown)</summary>
      <div class="row">
        {groups.map(([title, kind, keys]) => (
          <fieldset key={kind} class="columns">
            <legend>{title}</legend>
            {keys.length === 0 ? <span class="muted">none</span> : null}
            {[...keys].sort().map((key) => {
              const c = { kind, key };
              return (
                <label key={key}>
                  <input
                    type="checkbox"
                    checked={on.has(fieldOf(c))}
                    onChange={(e) => toggle(c, e.currentTarget.checked)}
                  />{' '}
                  {key}
                </label>
              );
            })}
          </fieldset>
        ))}
      </div>
    </details>
  );
}

function SortHeader({
  label,
  field,
  kind,
  order,
  onSort,
  num,
}: {
  label: string;
  field: string;
  kind: Column['kind'] | 'attribute';
  order: string | undefined;
  onSort: (field: string, kind: Column['kind'] | 'attribute') => void;
  num?: boolean;
}) {
  const sort = sortOf(order, field);
  return (
    <th scope="col" aria-sort={sort ?? 'none'} class={num ? 'num' : undefined}>
      <button type="button" class="sort" onClick={() => onSort(field, kind)}>
        {label}
        <span aria-hidden="true">{sort === 'ascending' ? ' ▲' : sort === 'descending' ? ' ▼' : ''}</span>
      </button>
    </th>
  );
}

function RunsTable({
  runs,
  columns,
  order,
  onSort,
  selected,
  onSelect,
}: {
  runs: RunRow[];
  columns: Column[];
  order: string | undefined;
  onSort: (field: string, kind: Column['kind'] | 'attribute') => void;
  selected: string[];
  onSelect: (id: string, on: boolean) => void;
}) {
  const chosen = new Set(selected);
  const sortProps = { order, onSort };
  return (
    <div class="table-wrap">
      <table class="data runs">
        <caption class="sr-only">Runs; column headers sort</caption>
        <thead>
          <tr>
            <th scope="col">
              <span class="sr-only">Select</span>
            </th>
            <SortHeader label="Run" field="attributes.run_name" kind="attribute" {...sortProps} />
            <SortHeader label="Status" field="attributes.status" kind="attribute" {...sortProps} />
            <SortHeader label="Started" field="attributes.start_time" kind="attribute" {...sortProps} />
            <th scope="col" class="num">
              Duration
            </th>
            {columns.map((c) => (
              <SortHeader
                key={fieldOf(c)}
                label={c.key}
                field={fieldOf(c)}
                kind={c.kind}
                num={c.kind === 'metric'}
                {...sortProps}
              />
            ))}
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.run_id} class={chosen.has(r.run_id) ? 'selected' : undefined}>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Select run ${r.run_name || r.run_id}`}
                  checked={chosen.has(r.run_id)}
                  onChange={(e) => onSelect(r.run_id, e.currentTarget.checked)}
                />
              </td>
              <td class="cell-text">
                <a href={href.run(r.run_id)}>{r.run_name || r.run_id}</a>
              </td>
              <td>
                <StatusBadge status={r.status} />
              </td>
              <td>{formatTime(r.start_time)}</td>
              <td class="num">{formatDuration(r.duration_ms)}</td>
              {columns.map((c) => (
                <td key={fieldOf(c)} class={c.kind === 'metric' ? 'num' : 'cell-text'}>
                  {c.kind === 'metric'
                    ? formatNumber(r.metrics[c.key])
                    : ((c.kind === 'param' ? r.params : r.tags)[c.key] ?? '')}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
