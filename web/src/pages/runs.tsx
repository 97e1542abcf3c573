export function RunsPage(_: { query: Record<string, string> }) {
  return <h1>Runs</h1>;
}
