export function MonitoringPage(_: { model?: string; query: Record<string, string> }) {
  return <h1>Monitoring</h1>;
}
