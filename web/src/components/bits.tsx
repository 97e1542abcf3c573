/** Small pieces every page uses: a run's status badge, key-value lists, tables of a record. */
import { type ComponentChildren, Fragment } from 'preact';
import { formatNumber } from '../format';

/** A run status as a badge (text, not colour alone). */
export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge status-${status}`}>{status.toLowerCase()}</span>;
}

/** A definition list of label → value pairs (values left out when null or undefined). */
export function KeyValues({ items }: { items: Array<[string, ComponentChildren]> }) {
  return (
    <dl class="kv">
      {items
        .filter(([, v]) => v !== null && v !== undefined && v !== '')
        .map(([k, v]) => (
          <Fragment key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </Fragment>
        ))}
    </dl>
  );
}

/** A two-column table of a string (or number) record, sorted by key; "none" when empty. */
export function RecordTable({
  caption,
  record,
  keyLabel = 'Key',
  valueLabel = 'Value',
}: {
  caption: string;
  record: Record<string, string | number | null>;
  keyLabel?: string;
  valueLabel?: string;
}) {
  const keys = Object.keys(record).sort();
  if (keys.length === 0) return <p class="muted">No {caption.toLowerCase()}.</p>;
  return (
    <div class="table-wrap">
      <table class="data">
        <caption class="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{keyLabel}</th>
            <th scope="col">{valueLabel}</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => {
            const v = record[k];
            return (
              <tr key={k}>
                <th scope="row" class="cell-text">
                  {k}
                </th>
                <td class={typeof v === 'number' || v === null ? 'num' : 'cell-text'}>
                  {typeof v === 'number' || v === null ? formatNumber(v) : v}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
