export function ComparePage(_: { runs: string[]; query: Record<string, string> }) {
  return <h1>Compare</h1>;
}
