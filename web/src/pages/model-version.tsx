export function ModelVersionPage(_: { name: string; version: string }) {
  return <h1>Model version</h1>;
}
