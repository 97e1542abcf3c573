/**
 * What every request passes before any route sees it, on the framework's routes and the predict
 * lane alike: its `Host` must name this server (a web page that rebinds its own DNS name to
 * 127.0.0.1 sends its own name, so the browser cannot be used to read or feed the server), and its
 * client must be within the rate limit, when one is configured. One policy for every route.
 */
import { FlywheelError } from '../core/index.js';
import type { RateLimiter } from '../serving/index.js';

/** The host names always allowed: the loopback names a local client uses. */
export const LOOPBACK_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/** Why the gate refused a request (a metric label). */
export type RefusalReason = 'host' | 'rate_limit';

/** The gate's settings. */
export interface RequestGateOptions {
  /** Host names beyond the loopback ones and the bound address; `*` allows any (behind a proxy that checks Host). */
  allowedHosts: readonly string[];
  /** The address the server listens on (allowed as a Host unless it is a wildcard such as 0.0.0.0). */
  boundHost: string;
  /** Per-client rate limit over every route, when configured. */
  limiter?: RateLimiter;
  /** Told of each refusal (metrics). */
  onRefuse?(reason: RefusalReason): void;
}

/** Admits a request or throws the FlywheelError to answer it with. */
export type RequestGate = (host: string | undefined, clientIp: string) => void;

/** A gate for the given settings. */
export function requestGate(options: RequestGateOptions): RequestGate {
  const any = options.allowedHosts.includes('*');
  const allowed = new Set([...LOOPBACK_HOSTS, ...options.allowedHosts].map((h) => h.toLowerCase()));
  const bound = hostName(options.boundHost.includes(':') ? `[${options.boundHost}]` : options.boundHost);
  if (bound !== undefined && !['0.0.0.0', '[::]'].includes(bound)) allowed.add(bound);
  const shown = [...allowed].join(', ');
  return (host, clientIp) => {
    if (!any) {
      const name = host === undefined ? undefined : hostName(host);
      if (name === undefined || !allowed.has(name)) {
        options.onRefuse?.('host');
        throw new FlywheelError(
          'PERMISSION_DENIED',
          `this server does not answer for the host ${JSON.stringify((host ?? '').slice(0, 100))}`,
          {
            hint: `Call it by one of its names (${shown}), or add the name to server.allowed_hosts in flywheel.yaml.`,
            details: { refused: 'host' },
          },
        );
      }
    }
    if (options.limiter) {
      try {
        options.limiter.admit(clientIp);
      } catch (error) {
        options.onRefuse?.('rate_limit');
        throw error;
      }
    }
  };
}

/**
 * The host name of a Host header value (`name`, `name:port`, `[v6]`, `[v6]:port`), lower case;
 * undefined when it is not one.
 */
export function hostName(value: string): string | undefined {
  const v = value.trim().toLowerCase();
  if (v.startsWith('[')) {
    const close = v.indexOf(']');
    if (close < 0) return undefined;
    const rest = v.slice(close + 1);
    return rest === '' || /^:[0-9]{1,5}$/.test(rest) ? v.slice(0, close + 1) : undefined;
  }
  const m = /^([a-z0-9._-]+)(?::[0-9]{1,5})?$/.exec(v);
  return m ? m[1] : undefined;
}
