/**
 * `registry:` in flywheel.yaml — what remote clients may record. `allow_sources` lists prefixes of
 * model-version sources accepted over HTTP although they name a local file or an internal host
 * (refused otherwise). The registry owns this section; core's config reader composes it
 * (src/workspace-config.ts).
 */
import { z } from 'zod';
import type { ConfigSection } from '../core/index.js';

const registrySchema = z
  .object({ allow_sources: z.array(z.string().min(1)).default([]) })
  .strict()
  .prefault({});

/** The `registry:` section after parsing. */
export type RegistryConfig = z.output<typeof registrySchema>;

/** The `registry:` section of flywheel.yaml. */
export const registrySection: ConfigSection<typeof registrySchema> = {
  schema: registrySchema,
  hint: 'registry: takes allow_sources (a list of source prefixes); see docs/registry.md.',
};
