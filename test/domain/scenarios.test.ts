import { describe, expect, it } from 'vitest';
import { costReport } from '../../src/domain/cost.js';
import type { Recommendation, Review } from '../../src/domain/review-types.js';
import { ALL_SCENARIOS } from './scenarios/all.js';
import { NOW, PLAN, reviewText, runScenario } from './scenarios/run-scenario.js';
import { ADVICE_CLASSES, type ExpectedAction, type Scenario } from './scenarios/scenario.js';

function matches(key: string, pattern: string | RegExp): boolean {
  return typeof pattern === 'string' ? key === pattern : pattern.test(key);
}

function describeAdvice(r: Review): string {
  const recs = r.recommendations.map(
    (x) => `  [${x.severity}/${x.basis}${x.state ? `/${x.state}` : ''}] ${x.key}: ${x.text}`,
  );
  return [`headline: ${r.headline}`, `stage: ${r.stage.number}`, ...recs].join('\n');
}

function checkAction(r: Review, want: ExpectedAction, found: Recommendation | undefined): void {
  const where = `${String(want.key)} in\n${describeAdvice(r)}`;
  expect(found, `expected action ${where}`).toBeDefined();
  if (!found) return;
  if (want.severity) expect(found.severity, `severity of ${where}`).toBe(want.severity);
  if (want.text) expect(found.text, `text of ${where}`).toMatch(want.text);
  if (want.cost) expect(found.monthlyCostChange, `cost of ${where}`).toEqual(want.cost);
  if (want.decideBy) expect(found.decideBy, `decision date of ${where}`).toBeDefined();
  if (want.state) expect(found.state, `state of ${where}`).toBe(want.state);
}

function check(s: Scenario, r: Review): void {
  const e = s.expect;
  const text = reviewText(r);
  expect(r.headline, describeAdvice(r)).toMatch(e.headline);
  for (const want of e.actions ?? []) {
    checkAction(
      r,
      want,
      r.recommendations.find((rec) => matches(rec.key, want.key)),
    );
  }
  if (e.only) {
    expect(r.recommendations.length, describeAdvice(r)).toBe(e.actions?.length ?? 0);
  }
  for (const key of e.absent ?? []) {
    const found = r.recommendations.filter((rec) => matches(rec.key, key));
    expect(
      found.map((x) => x.key),
      `absent ${String(key)}\n${describeAdvice(r)}`,
    ).toEqual([]);
  }
  for (const pattern of e.says ?? []) expect(text).toMatch(pattern);
  for (const pattern of e.neverSays ?? []) expect(text).not.toMatch(pattern);
  if (e.stage !== undefined) expect(r.stage.number, describeAdvice(r)).toBe(e.stage);
  for (const [key, status] of Object.entries(e.status ?? {})) {
    expect(r.indicators.find((i) => i.key === key)?.status, `status of ${key}`).toBe(status);
  }
  if (e.stableAcrossSeconds !== undefined) {
    const later = runScenario(s, e.stableAcrossSeconds * 1000);
    expect(later.headline).toBe(r.headline);
    expect(later.recommendations).toEqual(r.recommendations);
    expect(later.forecasts.map((f) => f.text)).toEqual(r.forecasts.map((f) => f.text));
  }
  if (e.costAgreesWithReport) {
    const move = r.recommendations.find((rec) => rec.key.startsWith('stage-upgrade:'));
    const report = costReport(PLAN, { currentStage: r.stage.number, target: 'next' });
    expect(move?.monthlyCostChange).toEqual(report.delta);
  }
}

describe('advice scenarios (issue 20): the expected advice, written before the engine', () => {
  it('has at least 100 situations across the four stages, in every class', () => {
    // Arrange / Act
    const stages = new Set(ALL_SCENARIOS.map((s) => s.base));
    const classes = new Set(ALL_SCENARIOS.map((s) => s.klass));
    const ids = new Set(ALL_SCENARIOS.map((s) => s.id));
    // Assert
    expect(ALL_SCENARIOS.length).toBeGreaterThanOrEqual(100);
    expect([...stages].toSorted()).toEqual([1, 2, 3, 4]);
    expect([...classes].toSorted()).toEqual([...ADVICE_CLASSES].toSorted());
    expect(ids.size).toBe(ALL_SCENARIOS.length);
  });

  for (const klass of ADVICE_CLASSES) {
    describe(klass, () => {
      for (const s of ALL_SCENARIOS.filter((x) => x.klass === klass)) {
        it(`${s.id}: ${s.title}`, () => {
          // Arrange / Act
          const r = runScenario(s);
          // Assert
          check(s, r);
        });
      }
    });
  }

  it('reviews Tuesday 1 December 2026 (the scenarios are dated from it)', () => {
    expect(NOW.toISOString()).toBe('2026-12-01T09:00:00.000Z');
  });
});
