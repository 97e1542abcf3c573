/**
 * Traffic routing of one endpoint: a weighted split between loaded versions (A/B, canary), sticky
 * by a user key (the same key always lands on the same version while the weights stay), and an
 * optional shadow version that sees every request but never answers one. Tables are immutable:
 * a change builds a new table and swaps one reference, so a request sees one table throughout.
 */
import { FlywheelError } from '../core/index.js';

/** One arm of a split. */
export interface RouteArm {
  version: number;
  weight: number;
}

/** An endpoint's routing. */
export interface RoutingTable {
  split: readonly RouteArm[];
  shadow: number | null;
  /** The header whose value makes routing sticky (lower case), or null for random. */
  stickyHeader: string | null;
}

/** Check a routing table: positive total weight, non-negative integer weights, distinct versions. */
export function checkRouting(table: RoutingTable): RoutingTable {
  const seen = new Set<number>();
  let total = 0;
  for (const arm of table.split) {
    if (
      !Number.isInteger(arm.version) ||
      arm.version < 1 ||
      !(arm.weight >= 0) ||
      !Number.isFinite(arm.weight)
    ) {
      throw new FlywheelError(
        'INVALID_ARGUMENT',
        `routing arm ${JSON.stringify(arm)} is not a version and a weight ≥ 0`,
        {
          hint: 'Give each arm {"version": N, "weight": W}, e.g. 90/10 for a canary.',
        },
      );
    }
    if (seen.has(arm.version)) {
      throw new FlywheelError('INVALID_ARGUMENT', `version ${arm.version} appears twice in the split`, {
        hint: 'List each version once.',
      });
    }
    seen.add(arm.version);
    total += arm.weight;
  }
  if (total <= 0) {
    throw new FlywheelError('INVALID_ARGUMENT', 'the routing weights add up to 0', {
      hint: 'Give at least one version a positive weight.',
    });
  }
  return {
    split: table.split.map((a) => ({ ...a })),
    shadow: table.shadow,
    stickyHeader: table.stickyHeader?.toLowerCase() ?? null,
  };
}

/** FNV-1a of a string, as a number in [0, 1). */
export function stickyPoint(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) / 4294967296;
}

/** The version that answers: by the sticky key's point, or a random one. */
export function pickVersion(
  table: RoutingTable,
  stickyKey: string | undefined,
  random: () => number = Math.random,
): number {
  const split = table.split;
  if (split.length === 1) return split[0]!.version;
  let total = 0;
  for (const arm of split) total += arm.weight;
  let point = (stickyKey === undefined ? random() : stickyPoint(stickyKey)) * total;
  for (const arm of split) {
    if (point < arm.weight) return arm.version;
    point -= arm.weight;
  }
  return split[split.length - 1]!.version;
}

/** The versions a table needs loaded. */
export function tableVersions(table: RoutingTable): Set<number> {
  const out = new Set(table.split.map((a) => a.version));
  if (table.shadow !== null) out.add(table.shadow);
  return out;
}
