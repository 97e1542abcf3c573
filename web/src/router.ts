/**
 * Hash routes: every view has a URL that can be shared (`/#/runs/abc`, `/#/compare?runs=a,b`) while
 * the server serves only `/` and `/assets/*`. Parsing and building are pure (tested in
 * router.test.ts); `useRoute` follows the hash.
 */
import { useEffect, useState } from 'preact/hooks';

/** A view and what it shows. */
export type Route =
  | { page: 'home' }
  | { page: 'runs'; query: Record<string, string> }
  | { page: 'run'; id: string }
  | { page: 'compare'; runs: string[]; query: Record<string, string> }
  | { page: 'models' }
  | { page: 'model'; name: string }
  | { page: 'model-version'; name: string; version: string }
  | { page: 'datasets' }
  | { page: 'dataset'; name: string; query: Record<string, string> }
  | { page: 'dataset-version'; name: string; version: string }
  | { page: 'monitoring'; model?: string; query: Record<string, string> }
  | { page: 'serving' }
  | { page: 'not-found'; path: string };

/** The most runs one comparison shows. */
export const MAX_COMPARE = 10;

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The route a location hash (`#/runs?experiment=1`) names. */
export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const query = Object.fromEntries(new URLSearchParams(q < 0 ? '' : raw.slice(q + 1)));
  const parts = path.split('/').filter((s) => s !== '');
  const seg = parts.map(decode);
  if (seg.some((s) => s === undefined || s === '')) return { page: 'not-found', path };
  const [a, b, c, d] = seg as string[];
  const n = seg.length;
  if (n === 0) return { page: 'home' };
  if (a === 'runs' && n === 1) return { page: 'runs', query };
  if (a === 'runs' && n === 2) return { page: 'run', id: b! };
  if (a === 'compare' && n === 1) {
    const runs = [...new Set((query.runs ?? '').split(',').filter((s) => s !== ''))];
    return { page: 'compare', runs, query };
  }
  if (a === 'models' || a === 'datasets') {
    const one = a === 'models' ? 'model' : 'dataset';
    if (n === 1) return { page: a };
    if (n === 2) return a === 'models' ? { page: 'model', name: b! } : { page: 'dataset', name: b!, query };
    if (n === 4 && c === 'versions') return { page: `${one}-version`, name: b!, version: d! };
  }
  if (a === 'monitoring' && n <= 2)
    return n === 1 ? { page: 'monitoring', query } : { page: 'monitoring', model: b!, query };
  if (a === 'serving' && n === 1) return { page: 'serving' };
  return { page: 'not-found', path };
}

const enc = encodeURIComponent;

function withQuery(path: string, query: Record<string, string | undefined> = {}): string {
  const entries = Object.entries(query).filter(
    (e): e is [string, string] => e[1] !== undefined && e[1] !== '',
  );
  return entries.length === 0 ? `#${path}` : `#${path}?${new URLSearchParams(entries).toString()}`;
}

/** Links to each view (hash hrefs). */
export const href = {
  home: () => '#/',
  runs: (query?: Record<string, string | undefined>) => withQuery('/runs', query),
  run: (id: string) => `#/runs/${enc(id)}`,
  compare: (runs: readonly string[], query: Record<string, string | undefined> = {}) =>
    withQuery('/compare', { runs: runs.join(','), ...query }),
  models: () => '#/models',
  model: (name: string) => `#/models/${enc(name)}`,
  modelVersion: (name: string, version: string | number) =>
    `#/models/${enc(name)}/versions/${enc(String(version))}`,
  datasets: () => '#/datasets',
  dataset: (name: string, query?: Record<string, string | undefined>) =>
    withQuery(`/datasets/${enc(name)}`, query),
  datasetVersion: (name: string, version: string | number) =>
    `#/datasets/${enc(name)}/versions/${enc(String(version))}`,
  monitoring: (model?: string, query?: Record<string, string | undefined>) =>
    withQuery(model === undefined ? '/monitoring' : `/monitoring/${enc(model)}`, query),
  serving: () => '#/serving',
};

/** A `name:version` reference (`churn:3`) split, or undefined when it is not one. */
export function splitRef(ref: string): { name: string; version: string } | undefined {
  const i = ref.lastIndexOf(':');
  if (i <= 0 || i === ref.length - 1) return undefined;
  return { name: ref.slice(0, i), version: ref.slice(i + 1) };
}

/** The current route, following hash changes. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return route;
}

/** Go to a view (adds a history entry). */
export function navigate(to: string): void {
  location.hash = to.replace(/^#/, '');
}
