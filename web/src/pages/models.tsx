export function ModelsPage() {
  return <h1>Models</h1>;
}
export function ModelPage(_: { name: string }) {
  return <h1>Model</h1>;
}
