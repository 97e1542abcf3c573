/**
 * Which model-version sources a remote client may record. Flywheel never fetches a source, but a
 * source is a promise to whoever reads the registry later (a deploy script, a future importer), so
 * the HTTP API refuses the two kinds that point inside the server's own walls unless configured
 * (`registry.allow_sources` in flywheel.yaml): local files (`/etc/passwd`, `file:///…`, `C:\…`)
 * and addresses on internal networks (`http://169.254.169.254/…`, `http://localhost/…`,
 * `http://redis:6379`). The server's own URIs (`runs:/…`, `models:/…`, `flywheel:/…`) and
 * public object stores and hosts (`s3://bucket/…`, `https://example.com/…`) are recorded as given.
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { posix } from 'node:path';
import { FlywheelError } from '../core/index.js';

const FILE_SCHEMES = new Set(['file', 'local', 'unix', 'jar']);
/** Object stores: what follows `://` is a bucket or container name, not a network host. */
const BUCKET_SCHEMES = new Set([
  's3',
  's3a',
  's3n',
  'gs',
  'gcs',
  'wasb',
  'wasbs',
  'abfs',
  'abfss',
  'oss',
  'r2',
  'dbfs',
]);

/** IPv4 ranges that are not the public internet (RFC 6890 and friends). */
const PRIVATE_V4: Array<[string, number]> = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 3],
];
const privateV4 = new BlockList();
for (const [net, prefix] of PRIVATE_V4) privateV4.addSubnet(net, prefix, 'ipv4');
// IPv6: only global unicast (2000::/3) is public, less documentation, 6to4 and Teredo (which embed IPv4).
const globalV6 = new BlockList();
globalV6.addSubnet('2000::', 3, 'ipv6');
const tunnelledV6 = new BlockList();
tunnelledV6.addSubnet('2001:db8::', 32, 'ipv6');
tunnelledV6.addSubnet('2002::', 16, 'ipv6');
tunnelledV6.addSubnet('2001::', 32, 'ipv6');

const INTERNAL_SUFFIXES = ['.localhost', '.local', '.internal', '.lan', '.home.arpa', '.localdomain'];

/** True when `host` (a URL's hostname) names this machine or a private network. */
export function isInternalHost(host: string): boolean {
  let h = host.toLowerCase().replace(/\.$/, '');
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  // Numeric forms (2852039166, 0xA9FEA9FE, 127.1) as a browser would read them.
  if (!isIPv6(h) && /^[0-9a-fx.]+$/.test(h) && URL.canParse(`http://${h}/`))
    h = new URL(`http://${h}/`).hostname;
  if (isIPv4(h)) return privateV4.check(h, 'ipv4');
  if (isIPv6(h)) return !globalV6.check(h, 'ipv6') || tunnelledV6.check(h, 'ipv6');
  // A name without a dot resolves through the search domains: an internal service (`redis`, `metadata`).
  return h === '' || !h.includes('.') || INTERNAL_SUFFIXES.some((s) => h.endsWith(s));
}

/** Why `source` points inside the server's walls, or undefined when it may be recorded. */
export function unsafeSourceReason(source: string): string | undefined {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(source)?.[1]?.toLowerCase();
  // No scheme, or a one-letter one (a Windows drive), is a file path.
  if (scheme === undefined || scheme.length === 1) return 'it is a local file path';
  if (FILE_SCHEMES.has(scheme)) return `"${scheme}:" names a local file`;
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(source)?.[1];
  if (authority === undefined || BUCKET_SCHEMES.has(scheme)) return undefined;
  const host = URL.canParse(source)
    ? new URL(source).hostname
    : authority.replace(/^.*@/, '').replace(/:\d*$/, '');
  if (isInternalHost(host)) return `its host "${host}" is on this machine or an internal network`;
  return undefined;
}

/** A source with its dot segments resolved (`file:///a/../etc` is `file:///etc`), so a prefix cannot be climbed out of. */
function normalized(source: string): string {
  if (URL.canParse(source)) return new URL(source).href;
  return source.startsWith('/') ? posix.normalize(source) : source;
}

/**
 * Check a source a remote client sent: local files and internal addresses are refused unless the
 * source, dot segments resolved, starts with one of `allowed` (the server's own object store and
 * flywheel.yaml `registry.allow_sources`).
 */
export function checkRemoteSource(source: string, allowed: readonly string[] = []): string {
  const resolved = normalized(source);
  if (allowed.some((prefix) => prefix !== '' && resolved.startsWith(normalized(prefix)))) return source;
  const why = unsafeSourceReason(source);
  if (why) {
    throw new FlywheelError('INVALID_ARGUMENT', `model version source "${source}" is refused: ${why}`, {
      where: { field: 'source' },
      hint: 'Register from a run (runs:/RUN_ID/PATH) or a public location; to allow this one, add its prefix to registry.allow_sources in flywheel.yaml.',
    });
  }
  return source;
}
