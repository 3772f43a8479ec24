import { z } from 'zod';

/**
 * An id as the store accepts it (team, channel, user, review, key…). Its own module so that the
 * schema modules can share it without importing each other.
 */
export const idSchema = z.string().min(1).max(512);
