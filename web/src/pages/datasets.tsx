export function DatasetsPage() {
  return <h1>Datasets</h1>;
}
export function DatasetPage(_: { name: string }) {
  return <h1>Dataset</h1>;
}
export function DatasetVersionPage(_: { name: string; version: string }) {
  return <h1>Dataset version</h1>;
}
