import { z } from 'zod';
import type { PaceReport, WorkspacePace } from './ports.js';

/** Pace records older than this are deleted by the next exchange of their workspace. */
export const PACE_RECORD_MAX_AGE_MS = 24 * 3600_000;

export const paceReportSchema = z.strictObject({
  workspace: z.string().min(1).max(256),
  owner: z.string().min(1).max(256),
  postsPerSecond: z.number().positive().max(1000),
  pausedUntil: z.date().nullable(),
  now: z.date(),
  freshMs: z.number().int().min(1),
});

/** A stored record as both adapters read it back. */
const paceRecordSchema = z.object({
  postsPerSecond: z.number().positive(),
  pausedUntil: z.date().nullable(),
});
export type PaceRecord = z.infer<typeof paceRecordSchema>;

/** The workspace's pace from its fresh records (the reporter's own included). Pure. */
export function combinePace(report: PaceReport, records: readonly unknown[]): WorkspacePace {
  const fresh = records.flatMap((r) => {
    const parsed = paceRecordSchema.safeParse(r);
    return parsed.success ? [parsed.data] : [];
  });
  const own: PaceRecord = {
    postsPerSecond: report.postsPerSecond,
    pausedUntil: report.pausedUntil,
  };
  const all = [own, ...fresh];
  const pausedUntil = Math.max(
    ...all.map((r) => r.pausedUntil?.getTime() ?? Number.NEGATIVE_INFINITY),
  );
  return {
    postsPerSecond: Math.min(...all.map((r) => r.postsPerSecond)),
    pausedUntil: pausedUntil > report.now.getTime() ? new Date(pausedUntil) : null,
    senders: Math.max(1, fresh.length),
  };
}
