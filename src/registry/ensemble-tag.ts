/**
 * The version tag that makes a version an ensemble: `flywheel.ensemble`, a JSON list of members
 * and weights. This module owns its shape. A member is a pinned registry reference (`name:3`),
 * never a path: whatever a client writes into the tag is parsed here, and the loader resolves
 * members through the registry only.
 */
import { z } from 'zod';
import { type ErrorCode, FlywheelError, TAGS } from '../core/index.js';
import { parseModelRef } from './model-ref.js';

/** The version tag that lists an ensemble's members and weights. */
export const ENSEMBLE_TAG = TAGS.ensemble;

/** The most members one ensemble lists. */
export const MAX_ENSEMBLE_MEMBERS = 64;

/** One member of an ensemble as the tag records it. */
export interface EnsembleMemberRef {
  name: string;
  version: number;
  weight: number;
}

const memberSchema = z.object({ ref: z.string().min(1).max(300), weight: z.number().nonnegative() }).strict();
const tagSchema = z.array(memberSchema).min(1).max(MAX_ENSEMBLE_MEMBERS);

/**
 * Parse an ensemble tag (`where` names the version in errors); a member that is not `name:N` is
 * refused. `code` is DATA_INVALID for a stored tag, INVALID_ARGUMENT for one about to be stored.
 */
export function parseEnsembleTag(
  text: string,
  where: string,
  code: ErrorCode = 'DATA_INVALID',
): EnsembleMemberRef[] {
  let list: Array<z.infer<typeof memberSchema>>;
  try {
    list = tagSchema.parse(JSON.parse(text));
  } catch (error) {
    throw invalidTag(code, where, (error as Error).message);
  }
  return list.map((m) => {
    let ref: ReturnType<typeof parseModelRef> | undefined;
    try {
      ref = parseModelRef(m.ref);
    } catch {
      ref = undefined;
    }
    if (ref?.kind !== 'version') {
      throw invalidTag(
        code,
        where,
        `member ${JSON.stringify(m.ref)} is not a registered model version (name:N)`,
      );
    }
    return { name: ref.name, version: ref.version, weight: m.weight };
  });
}

/** The tag text for `members` (each pinned to its version). */
export function ensembleTagText(members: readonly EnsembleMemberRef[]): string {
  return JSON.stringify(members.map((m) => ({ ref: `${m.name}:${m.version}`, weight: m.weight })));
}

/** Check the ensemble tag among `tags`, if there is one, before it is stored. */
export function checkEnsembleTag(tags: Readonly<Record<string, string>>, where: string): void {
  const text = tags[ENSEMBLE_TAG];
  if (text !== undefined && text !== '') parseEnsembleTag(text, where, 'INVALID_ARGUMENT');
}

function invalidTag(code: ErrorCode, where: string, why: string): FlywheelError {
  return new FlywheelError(code, `the member list (${ENSEMBLE_TAG}) of ${where} is invalid: ${why}`, {
    where: { field: ENSEMBLE_TAG },
    hint: 'Members are registered versions (name:N) with non-negative weights; record ensembles with `flywheel models set-weights`.',
  });
}
