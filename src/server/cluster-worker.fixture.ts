/**
 * A stand-in cluster worker for run-server.test.ts: the primary (cluster.ts's runPrimary, run in
 * the test's own process) forks this file and talks to it with the real message protocol. It
 * answers the primary's requests (gather, lookup) and, when the test asks through `test.*`
 * messages, sends the worker-side requests (admin, collect, ask) or exits. FAKE_WORKER=fail makes
 * it exit before it listens.
 */
import cluster from 'node:cluster';

const send = (m: object) => process.send?.(m);
const id = cluster.worker?.id ?? 0;
if (process.env.FAKE_WORKER === 'fail') process.exit(3);
send({ type: 'flywheel.listening', url: `http://127.0.0.1:${1000 + id}`, models: ['m'] });
process.on('message', (m: { type: string; id: number; requestId?: string; change?: unknown }) => {
  switch (m.type) {
    case 'flywheel.gather':
      send({ type: 'flywheel.gathered', id: m.id, text: `# TYPE x_total counter\nx_total{w="any"} ${id}\n` });
      break;
    case 'flywheel.lookup':
      send({ type: 'flywheel.found', id: m.id, answer: m.requestId === `req-${id}` ? { rows: id } : null });
      break;
    case 'test.admin':
      send({ type: 'flywheel.admin', change: { op: 'rollback', name: 'm' } });
      break;
    case 'test.collect':
      send({ type: 'flywheel.collect', id: 70 + id });
      break;
    case 'test.ask':
      send({ type: 'flywheel.ask', id: 90 + id, requestId: m.requestId });
      break;
    case 'test.exit':
      process.exit(1);
      break;
    default:
      // What the primary relayed to this worker, reported back to the test.
      send({ type: 'test.got', worker: id, message: m });
  }
});
process.on('SIGTERM', () => process.exit(0));
