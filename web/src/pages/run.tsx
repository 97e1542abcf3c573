export function RunPage(_: { id: string }) {
  return <h1>Run</h1>;
}
