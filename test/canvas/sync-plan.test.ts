import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CapacityPlanViewModel } from '../../blocks/capacity-plan-model.js';
import { type CanvasApi, CanvasUnavailableError } from '../../src/canvas/port.js';
import { createSlackCanvas } from '../../src/canvas/slack-canvas.js';
import { type CanvasDeps, syncCapacityPlan } from '../../src/canvas/sync-plan.js';
import { StoreUnavailableError } from '../../src/store/errors.js';
import type { Store, Subscription } from '../../src/store/ports.js';
import { planModel } from '../blocks/plan-fixtures.js';
import { type DigestHarness, digestHarness } from '../digest/digest-harness.js';
import { CapturingLogger } from '../store/fixtures.js';
import { FakeSlack } from '../support/fake-slack.js';

/**
 * The canvas sync (src/canvas/sync-plan.ts) over the embedded store and the fake Slack: which
 * parts it writes, how it finds them again, and what a fault or a refusal leaves behind.
 */

const NOW = '2025-12-08T09:05:00Z';
let fake: FakeSlack;
let harness: DigestHarness;
let logger: CapturingLogger;
let told: { userId: string; text: string }[];
let tellFailures: number;
let deps: CanvasDeps;
let subscription: Subscription;

beforeEach(async () => {
  fake = new FakeSlack();
  const { apiUrl } = await fake.start();
  harness = digestHarness({ now: NOW });
  logger = new CapturingLogger();
  told = [];
  tellFailures = 0;
  const client = new WebClient('xoxb-sync-test', {
    slackApiUrl: apiUrl,
    retryConfig: { retries: 0 },
  });
  deps = {
    ...harness.deps,
    logger,
    canvas: createSlackCanvas(client),
    async tell(userId, text) {
      if (tellFailures > 0) {
        tellFailures -= 1;
        throw new Error('DM refused');
      }
      told.push({ userId, text });
    },
  };
  subscription = await harness.store.subscriptions.upsert(
    {
      teamId: 'T0SYNC',
      channelId: 'C0SYNC',
      schedule: { weekday: 1, time: '09:00' },
      timezone: 'UTC',
      createdBy: 'U0SUB',
      active: true,
      nextRunAt: new Date(NOW),
    },
    new Date(NOW),
  );
});

afterEach(async () => {
  await fake.close();
  await harness.close();
});

const sync = (vm: CapacityPlanViewModel, trigger: 'digest' | 'click' = 'digest', d = deps) =>
  syncCapacityPlan(d, subscription, trigger, async () => vm);

/** The same plan a week later: every part but the stage says something new. */
function nextWeek(): CapacityPlanViewModel {
  const vm = planModel();
  return {
    ...vm,
    actions: vm.actions.map((a) => (a.state === 'open' ? { ...a, state: 'done' as const } : a)),
    forecasts: [],
    weeks: [{ ...vm.weeks[0], label: 'Week 51, 2025' } as (typeof vm.weeks)[number], ...vm.weeks],
    decisions: [...vm.decisions].reverse(),
  };
}

const edits = () => fake.canvases.of('C0SYNC')?.edits ?? [];
const paragraph = (marker: string) =>
  fake.canvases.of('C0SYNC')?.blocks.find((b) => b.text.startsWith(marker));

describe('syncCapacityPlan', () => {
  it('writes only the parts that changed, and finishes next time what a failure left', async () => {
    // Arrange
    expect(await sync(planModel())).toBe('created');
    expect(await sync(planModel())).toBe('unchanged');
    // Act: the first edit (open actions) lands; the second (forecasts) fails with a 503.
    const failedAt = await sync(nextWeek(), 'digest', {
      ...deps,
      canvas: failingAfter(deps.canvas, 1),
    });
    const landed = edits().length;
    const finished = await sync(nextWeek());
    // Assert
    expect(failedAt).toBe('failed');
    expect(landed).toBe(1);
    expect(finished).toBe('updated');
    expect(edits().map((e) => e.operation)).toEqual(['replace', 'replace', 'replace', 'replace']);
    expect(paragraph('Scale Review plan: open actions')?.text).toContain('Archive old data · done');
    expect(paragraph('Scale Review plan: last eight weeks')?.text).toContain('Week 51, 2025');
    expect(fake.canvases.of('C0SYNC')?.blocks).toHaveLength(10);
    expect(await sync(nextWeek())).toBe('unchanged');
  });

  it('writes a deleted paragraph back after its heading, and a deleted part at the end', async () => {
    // Arrange
    await sync(planModel());
    const canvas = fake.canvases.of('C0SYNC');
    if (!canvas) throw new Error('no canvas');
    const drop = (text: string) => {
      canvas.blocks = canvas.blocks.filter((b) => !b.text.startsWith(text));
    };
    drop('Scale Review plan: open actions');
    drop('Scale Review plan: forecasts');
    drop('Forecasts');
    // Act
    const outcome = await sync(nextWeek());
    // Assert
    expect(outcome).toBe('updated');
    expect(edits().map((e) => e.operation)).toEqual([
      'insert_after',
      'insert_at_end',
      'replace',
      'replace',
    ]);
    expect(fake.canvases.of('C0SYNC')?.blocks.map((b) => b.text.split('\n')[0])).toEqual([
      'Stage and estate',
      'Scale Review plan: stage and estate · Week 50, 2025',
      'Open actions',
      'Scale Review plan: open actions · Week 50, 2025',
      'Last eight weeks',
      'Scale Review plan: last eight weeks · Week 50, 2025',
      'Decisions log',
      'Scale Review plan: decisions log · Week 50, 2025',
      'Forecasts',
      'Scale Review plan: forecasts · Week 50, 2025',
    ]);
  });

  it('logs a refusal once at warn and tells the subscriber once, even when the first DM fails', async () => {
    // Arrange
    fake.canvases.refuse('tier');
    tellFailures = 1;
    // Act
    const outcomes = [await sync(planModel()), await sync(planModel()), await sync(planModel())];
    const click = await sync(planModel(), 'click');
    // Assert
    expect(outcomes).toEqual(['refused', 'refused', 'refused']);
    expect(click).toBe('skipped');
    expect(told).toHaveLength(1);
    expect(told[0]?.userId).toBe('U0SUB');
    expect(told[0]?.text).toContain("this workspace's Slack plan allows no further channel canvas");
    expect(told[0]?.text).toContain('`team_tier_cannot_create_channel_canvases`');
    const warnings = logger.entries.filter((e) => e.level === 'warn');
    expect(warnings.map((w) => w.msg)).toEqual([
      'capacity plan canvas refused by Slack; the digest goes on without it',
      'could not tell the subscriber about the canvas',
    ]);
    expect(fake.calls('conversations.canvases.create')).toHaveLength(3);
  });

  it('takes the canvas once Slack allows it, and a new refusal code is told again', async () => {
    // Arrange
    fake.canvases.refuse('disabled');
    await sync(planModel());
    fake.canvases.refuse(null);
    // Act
    const allowed = await sync(planModel());
    fake.canvases.refuse('restricted');
    const restricted = await sync(nextWeek());
    // Assert
    expect(allowed).toBe('created');
    expect(restricted).toBe('refused');
    expect(told.map((t) => /`(\w+)`\)/.exec(t.text)?.[1])).toEqual([
      'canvas_disabled_user_team',
      'restricted_action',
    ]);
    expect(await harness.store.canvases.get('T0SYNC', 'C0SYNC')).toMatchObject({
      canvasId: fake.canvases.of('C0SYNC')?.id,
      refusal: { code: 'restricted_action', told: true },
    });
  });

  it('creates one canvas when a digest and a click sync the channel at once', async () => {
    // Arrange
    await harness.store.canvases.put({
      teamId: 'T0SYNC',
      channelId: 'C0SYNC',
      canvasId: null,
      sections: {},
      refusal: null,
      updatedAt: new Date(NOW),
    });
    // Act
    const outcomes = await Promise.all([sync(planModel()), sync(planModel(), 'click')]);
    // Assert
    expect(outcomes).toEqual(['created', 'unchanged']);
    expect(fake.calls('conversations.canvases.create')).toHaveLength(1);
  });

  it('never throws: a store that fails makes the sync fail, logged', async () => {
    // Arrange
    const down = new Proxy(harness.store, {
      get: (target, prop, receiver) =>
        prop === 'canvases'
          ? {
              get: async () => {
                throw new StoreUnavailableError('canvases.get', { cause: new Error('test: down') });
              },
              put: async () => undefined,
            }
          : Reflect.get(target, prop, receiver),
    }) as Store;
    // Act
    const outcome = await sync(planModel(), 'digest', { ...deps, store: down });
    // Assert
    expect(outcome).toBe('failed');
    expect(logger.entries.some((e) => e.msg.startsWith('capacity plan canvas not written'))).toBe(
      true,
    );
    expect(fake.calls('conversations.canvases.create')).toHaveLength(0);
  });
});

/** The port with its edits failing after `n` have gone through (a 503 part-way). */
function failingAfter(api: CanvasApi, n: number): CanvasApi {
  let left = n;
  return {
    ...api,
    async edit(canvasId, change) {
      if (left <= 0) throw new CanvasUnavailableError('http_503');
      left -= 1;
      return api.edit(canvasId, change);
    },
  };
}
