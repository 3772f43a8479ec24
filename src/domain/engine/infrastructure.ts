import type { ConfiguredEstate } from '../estate-types.js';
import type { DbSize, Plan } from '../plan/schema.js';

const MB_PER_GB = 1024;

/** What the team told us about its setup (scale-review.yml `infrastructure:`). */
export type InfrastructureInput = ConfiguredEstate;

export function tierStorageMb(tier: DbSize): number {
  return tier.storageGb * MB_PER_GB;
}

/** The plan's tiers, smallest storage first. */
export function tiersBySize(plan: Plan): DbSize[] {
  return plan.dbSizes.toSorted((a, b) => a.storageGb - b.storageGb);
}
