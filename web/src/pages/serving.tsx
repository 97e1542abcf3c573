export function ServingPage() {
  return <h1>Serving</h1>;
}
