// Runs `flywheel ARGS` in this process and writes every module URL it resolved to the file named by
// the first argument: run by cold-start.test.ts to see what a command loads.
import { writeFileSync } from 'node:fs';
import { register } from 'node:module';

const [out, ...args] = process.argv.slice(2);
// A resolve hook (it runs on the loader thread) that sends each resolved URL back to this thread.
const { port1, port2 } = new MessageChannel();
const seen: string[] = [];
port1.on('message', (url: string) => seen.push(url));
port1.unref();
const hook = `let port;
export function initialize(data) { port = data.port; }
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  port.postMessage(r.url);
  return r;
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`, {
  data: { port: port2 },
  transferList: [port2],
});
const { main } = await import('./main.js');
const sink = { write: () => true } as unknown as NodeJS.WriteStream;
const code = await main(args, { stdout: sink, stderr: sink }, { FLYWHEEL_LOG_LEVEL: 'silent' });
// Messages posted before main returned have arrived once the event loop turns.
await new Promise((r) => setTimeout(r, 50));
writeFileSync(out!, JSON.stringify({ code, urls: seen }));
