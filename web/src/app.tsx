/**
 * The dashboard's shell: a skip link, the header with the site's navigation and the sign-in box,
 * and the view the URL's hash names in `<main>`. Focus moves to `<main>` on navigation (not on the
 * first load), so keyboard and screen-reader users land on the new view.
 */
import { useEffect, useRef } from 'preact/hooks';
import { SignIn, useSignedIn } from './components/sign-in';
import { NotFound } from './components/status';
import { ComparePage } from './pages/compare';
import { DatasetPage, DatasetsPage, DatasetVersionPage } from './pages/datasets';
import { HomePage } from './pages/home';
import { ModelVersionPage } from './pages/model-version';
import { ModelPage, ModelsPage } from './pages/models';
import { MonitoringPage } from './pages/monitoring';
import { RunPage } from './pages/run';
import { RunsPage } from './pages/runs';
import { ServingPage } from './pages/serving';
import { href, type Route, useRoute } from './router';

const NAV: Array<[label: string, to: string, pages: Route['page'][]]> = [
  ['Home', href.home(), ['home']],
  ['Runs', href.runs(), ['runs', 'run', 'compare']],
  ['Models', href.models(), ['models', 'model', 'model-version']],
  ['Datasets', href.datasets(), ['datasets', 'dataset', 'dataset-version']],
  ['Monitoring', href.monitoring(), ['monitoring']],
  ['Serving', href.serving(), ['serving']],
];

/** What names a view apart from its query (a new sort or filter keeps focus where it is). */
export function viewKey(route: Route): string {
  const { query: _query, ...rest } = route as Route & { query?: unknown };
  return JSON.stringify(rest);
}

/** The view of a route. */
function View({ route }: { route: Route }) {
  switch (route.page) {
    case 'home':
      return <HomePage />;
    case 'runs':
      return <RunsPage query={route.query} />;
    case 'run':
      return <RunPage id={route.id} />;
    case 'compare':
      return <ComparePage runs={route.runs} query={route.query} />;
    case 'models':
      return <ModelsPage />;
    case 'model':
      return <ModelPage name={route.name} />;
    case 'model-version':
      return <ModelVersionPage name={route.name} version={route.version} />;
    case 'datasets':
      return <DatasetsPage />;
    case 'dataset':
      return <DatasetPage name={route.name} query={route.query} />;
    case 'dataset-version':
      return <DatasetVersionPage name={route.name} version={route.version} />;
    case 'monitoring':
      return <MonitoringPage model={route.model} query={route.query} />;
    case 'serving':
      return <ServingPage />;
    default:
      return <NotFound what={`The page "${route.path}"`} />;
  }
}

/** The whole page. */
export function App() {
  const route = useRoute();
  const signedIn = useSignedIn();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus({ preventScroll: true });
    scrollTo(0, 0);
  }, [viewKey(route)]);
  return (
    <>
      {/* A button, not an anchor: `#main` would be read as a route. */}
      <button type="button" class="skip" onClick={() => main.current?.focus()}>
        Skip to content
      </button>
      <header class="top">
        <a class="brand" href={href.home()}>
          Flywheel
        </a>
        <nav aria-label="Main">
          <ul>
            {NAV.map(([label, to, pages]) => (
              <li key={label}>
                <a href={to} aria-current={pages.includes(route.page) ? 'page' : undefined}>
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <SignIn />
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <View key={`${signedIn}`} route={route} />
      </main>
      <footer class="foot muted">
        Flywheel dashboard · reads the JSON API at <code>/api/v1</code>
      </footer>
    </>
  );
}
