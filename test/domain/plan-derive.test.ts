import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAN } from '../../src/domain/plan/default-plan.js';
import { deriveFromOver } from '../../src/domain/plan/derive.js';
import { resolvePlan } from '../../src/domain/plan/overrides.js';

describe('an `over` given alone moves what depends on it (derive.ts)', () => {
  it('lowering cpu.over below the default approaching derives approaching at the default proportion', () => {
    // Act
    const plan = resolvePlan({ thresholds: { cpu: { over: 70 } } });

    // Assert: 70 × 73/75 = 68.1; critical (90) is still above over, so it stays.
    expect(plan.thresholds.cpu).toMatchObject({ approaching: 68.1, over: 70, critical: 90 });
  });

  it('raising over moves approaching with it, and critical once over passes it (at most 100%)', () => {
    // Act
    const cpu = resolvePlan({ thresholds: { cpu: { over: 95 } } }).thresholds.cpu;
    const p95 = resolvePlan({ thresholds: { responseTimeP95: { over: 1200 } } }).thresholds
      .responseTimeP95;

    // Assert
    expect(cpu).toMatchObject({ approaching: 92.5, over: 95, critical: 100 });
    expect(p95).toMatchObject({ approaching: 1140, over: 1200, critical: 2400 });
  });

  it('keeps every value the file gives, and the other indicators as they were', () => {
    // Act
    const plan = resolvePlan({ thresholds: { memory: { approaching: 50, over: 60 } } });

    // Assert
    expect(plan.thresholds.memory).toMatchObject({ approaching: 50, over: 60, critical: 90 });
    expect(plan.thresholds.cpu).toEqual(DEFAULT_PLAN.thresholds.cpu);
  });

  it('keeps a small threshold distinct from its over (three significant digits)', () => {
    // Act
    const plan = resolvePlan({ thresholds: { errorRate: { over: 0.1 } } });

    // Assert
    expect(plan.thresholds.errorRate).toMatchObject({ approaching: 0.05, over: 0.1 });
  });

  it('lowers a sizing target above a lowered cpu.over, unless the file gives it', () => {
    // Arrange
    const merged = () => ({
      thresholds: structuredClone(DEFAULT_PLAN.thresholds),
      sizing: { targetPercent: 65, spares: 1 },
    });
    const lowered = merged();
    const explicit = merged();
    const raised = merged();

    // Act
    deriveFromOver(lowered, { thresholds: { cpu: { over: 60 } } });
    deriveFromOver(explicit, {
      thresholds: { cpu: { over: 60 } },
      sizing: { targetPercent: 65 },
    });
    deriveFromOver(raised, { thresholds: { cpu: { over: 85 } } });

    // Assert
    expect(lowered.sizing.targetPercent).toBeGreaterThan(0);
    expect(lowered.sizing.targetPercent).toBeLessThanOrEqual(60);
    expect(explicit.sizing.targetPercent).toBe(65);
    expect(raised.sizing.targetPercent).toBe(65);
  });
});
