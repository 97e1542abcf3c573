/**
 * `server:` in flywheel.yaml — the HTTP server `flywheel serve` starts: where it listens, the token
 * writes need (or FLYWHEEL_TOKEN), its limits. Serving owns this section; core's config reader
 * composes it (src/workspace-config.ts).
 */
import { z } from 'zod';
import { byteSizeSchema, type ConfigSection } from '../core/index.js';

const serverSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65_535).default(8080),
    // A token with a space or a character outside visible ASCII could never match an
    // "Authorization: Bearer TOKEN" header: refused here, at start, not at every request.
    token: z
      .string()
      .min(16, 'the token must be at least 16 characters long')
      .regex(/^[\x21-\x7e]+$/, 'the token must be visible ASCII characters only, without spaces')
      .optional(),
    // Parsing a JSON body holds the event loop (about 4 ms a MiB): a cap keeps one request from
    // stalling every other client for long.
    body_limit: byteSizeSchema
      .refine((v) => v <= 64 * 1024 * 1024, 'the body limit can be at most 64 MiB')
      .default(1_048_576),
    /** Server processes sharing the port (`flywheel serve --workers`). */
    workers: z.number().int().min(1).max(64).default(1),
    /** Host header names answered besides localhost, 127.0.0.1, [::1] and `host`; "*" answers any. */
    allowed_hosts: z
      .array(
        z
          .string()
          .regex(
            /^(\*|[A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\])$/,
            'write a host name, an IPv4 address, an IPv6 address in brackets ([::1]) or "*"',
          ),
      )
      .default([]),
    /** Reads of the JSON APIs (/api/v1 and the MLflow routes) need the bearer token too (default: open). */
    read_token_required: z.boolean().default(false),
    /** One per-client rate limit over every route (none by default). */
    rate_limit: z
      .object({ requests_per_second: z.number().positive(), burst: z.number().int().min(1) })
      .strict()
      .optional(),
  })
  .strict()
  .default({
    host: '127.0.0.1',
    port: 8080,
    body_limit: 1_048_576,
    workers: 1,
    allowed_hosts: [],
    read_token_required: false,
  });

/** The `server:` section after parsing. */
export type ServerConfig = z.output<typeof serverSchema>;

/** The `server:` section of flywheel.yaml. */
export const serverSection: ConfigSection<typeof serverSchema> = {
  schema: serverSchema,
  hint: 'server: takes host (127.0.0.1), port (0-65535), token (16+ visible ASCII characters, no spaces), body_limit (bytes or e.g. 1MiB), workers, allowed_hosts (host names), read_token_required (true: reads of /api/v1 and the MLflow routes need the token) and rate_limit (requests_per_second, burst).',
  env: { token: 'FLYWHEEL_TOKEN' },
};
