import { z } from 'zod';
import type { EstateChange } from '../domain/estate-types.js';
import { INDICATOR_KEYS } from '../domain/plan/schema.js';
import { idSchema } from './id-schema.js';
import { type EstateRecord, MAX_ESTATE_CHANGES } from './ports/estate.js';

/**
 * Schemas of the estate (src/store/ports/estate.ts) and of a `done` decision's change. What the
 * store is given is strict (an unknown field is a caller bug); what it reads back is loose, so a
 * field a newer version adds to a change survives an older version's append (which writes the
 * changes back). The plan is not known here: stages, tiers and measures are checked for shape,
 * not against the plan (the domain resolves them).
 */

const indicatorKeySchema = z.enum(INDICATOR_KEYS);
const name = z.string().min(1).max(200);
const positiveInt = z.number().int().min(1);

const setShape = {
  stage: positiveInt.optional(),
  servers: positiveInt.optional(),
  dbTier: name.optional(),
  serverSize: name.optional(),
  measures: z.array(name).max(100).optional(),
};

const configuredShape = {
  stage: positiveInt.nullable(),
  servers: positiveInt.nullable(),
  dbTier: name.nullable(),
};

function changeShape<S extends z.ZodType, C extends z.ZodType>(set: S, configured: C) {
  return {
    id: idSchema,
    at: z.date(),
    userId: idSchema,
    actionKey: idSchema,
    text: z.string().max(2000),
    set,
    configured,
    targets: z.array(indicatorKeySchema).max(50),
    before: z.partialRecord(indicatorKeySchema, z.number().finite()),
  };
}

/** A change as `estate.append` and `decisions.record` accept it. */
export const estateChangeSchema = z.strictObject(
  changeShape(z.strictObject(setShape), z.strictObject(configuredShape)),
) satisfies z.ZodType<EstateChange>;

/** A change read back (loose: a newer version's fields survive). */
export const storedEstateChangeSchema = z.looseObject(
  changeShape(z.looseObject(setShape), z.looseObject(configuredShape)),
) satisfies z.ZodType<EstateChange>;

/** A team's estate read back; unknown top-level fields (Mongo's `_id`) are dropped. */
export const storedEstateSchema = z.object({
  teamId: idSchema,
  changes: z.array(storedEstateChangeSchema).max(MAX_ESTATE_CHANGES),
  version: positiveInt,
  updatedAt: z.date(),
}) satisfies z.ZodType<EstateRecord>;
