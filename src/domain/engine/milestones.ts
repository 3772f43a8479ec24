import type { Plan } from '../plan/schema.js';

/** A conversations/month level at which the plan says something. */
export interface Milestone {
  kind: 'stage' | 'prepare' | 'trigger';
  /** The stage the milestone belongs to (the stage entered or prepared, or the trigger's stage). */
  stage: number;
  /** Crossed when the volume goes from <= atConversations to > atConversations. */
  atConversations: number;
  text: string;
}

const KIND_RANK = { trigger: 0, prepare: 1, stage: 2 } as const;

/** Ascending by level; at the same level a stage entry outranks a preparation, which outranks a trigger. */
export function compareMilestones(a: Milestone, b: Milestone): number {
  return (
    a.atConversations - b.atConversations ||
    KIND_RANK[a.kind] - KIND_RANK[b.kind] ||
    a.stage - b.stage
  );
}

/**
 * Every milestone the plan defines, derived from its stages only:
 * - each stage n >= 2 contributes its entry (conversationsPerMonth.min -> entryAction, `stage`);
 * - its optional `prepare` (atConversations -> action, `prepare`);
 * - every metric trigger on `conversations` is a `trigger` (reported, but never the action).
 */
export function planMilestones(plan: Plan): Milestone[] {
  const milestones = plan.stages.flatMap((stage, index): Milestone[] => {
    const entry: Milestone[] =
      index === 0
        ? []
        : [
            {
              kind: 'stage',
              stage: stage.number,
              atConversations: stage.conversationsPerMonth.min,
              text: stage.entryAction,
            },
          ];
    const prepare: Milestone[] = stage.prepare
      ? [
          {
            kind: 'prepare',
            stage: stage.number,
            atConversations: stage.prepare.atConversations,
            text: stage.prepare.action,
          },
        ]
      : [];
    const triggers = stage.triggers.flatMap((t): Milestone[] =>
      t.kind === 'metric' && t.indicator === 'conversations'
        ? [{ kind: 'trigger', stage: stage.number, atConversations: t.above, text: t.text }]
        : [],
    );
    return [...entry, ...prepare, ...triggers];
  });
  return milestones.sort(compareMilestones);
}
