import { describe, expect, it } from 'vitest';
import { costReport, InvalidAgentsError, UnknownStageError } from '../../src/domain/cost.js';
import { DEFAULT_PLAN } from '../../src/domain/plan/default-plan.js';

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('costReport', () => {
  it('gives stage 2 -> next: both stages, the delta and the comparison at the stage 3 team size', () => {
    // Act
    const report = costReport(DEFAULT_PLAN, { currentStage: 2, target: 'next' });

    // Assert
    expect(report.current.stage).toEqual({ number: 2, name: 'Growing Team' });
    expect(report.current.totalCost).toEqual({ min: 70, max: 85 });
    expect(report.current.componentTotal).toEqual({ min: 70, max: 85 });
    expect(report.current.components.map((c) => c.kind)).toEqual([
      'server',
      'database',
      'email',
      'redis',
    ]);
    expect(report.target.stage).toEqual({ number: 3, name: 'Medium Team' });
    expect(report.target.totalCost).toEqual({ min: 213, max: null });
    expect(report.target.componentTotal).toEqual({ min: 213, max: 233 });
    expect(report.target.plusWhatsAppFees).toBe(true);
    // The one cost convention (issue 20, class 10): $213+ against $70-85 is +$128 or more.
    expect(report.delta).toEqual({ min: 128, max: null });
    expect(report.helpdesk).toEqual({
      name: 'Zendesk',
      agents: 20,
      agentsSource: 'stage',
      pricePerAgentMonthly: 49,
      monthly: 980,
      savings: { min: null, max: 767 },
    });
  });

  it('uses the agents argument for the comparison', () => {
    const report = costReport(DEFAULT_PLAN, { currentStage: 1, target: 'next', agents: 5 });

    expect(report.delta).toEqual({ min: 40, max: 65 });
    expect(report.helpdesk).toMatchObject({
      agents: 5,
      agentsSource: 'argument',
      monthly: 245,
      savings: { min: 160, max: 175 },
    });
  });

  it('uses the seed example of 50 agents = $2,450/month for the open-ended stage 4 team', () => {
    const report = costReport(DEFAULT_PLAN, { currentStage: 3, target: 4 });

    // From "$213+" nothing bounds the least it adds; the most is $800 - $213.
    expect(report.delta).toEqual({ min: null, max: 587 });
    expect(report.target.totalCost).toEqual({ min: 500, max: 800 });
    expect(report.target.componentTotal).toEqual({ min: 540, max: 720 });
    expect(report.helpdesk).toMatchObject({
      agents: 50,
      agentsSource: 'example',
      monthly: 2450,
      savings: { min: 1650, max: 1950 },
    });
  });

  it('caps next at the last stage and supports current', () => {
    const last = costReport(DEFAULT_PLAN, { currentStage: 4, target: 'next' });
    const current = costReport(DEFAULT_PLAN, { currentStage: 1, target: 'current' });

    expect(last.target.stage.number).toBe(4);
    expect(last.delta).toEqual({ min: 0, max: 0 });
    expect(current.target.stage.number).toBe(1);
    expect(current.current.componentTotal).toEqual({ min: 5, max: 15 });
    expect(current.helpdesk).toMatchObject({ agents: 3, monthly: 147 });
  });

  it('computes a downgrade as a saving range', () => {
    const report = costReport(DEFAULT_PLAN, { currentStage: 2, target: 1 });

    expect(report.delta).toEqual({ min: -65, max: -40 });
  });

  it('prices the change against what the team says it pays', () => {
    const report = costReport(DEFAULT_PLAN, { currentStage: 3, target: 'next', monthlyCost: 250 });

    expect(report.delta).toEqual({ min: 250, max: 550 });
  });

  it.each([0, 5, 2.5])('rejects stage %s with the list of valid stages', (stage) => {
    const error = thrownBy(() => costReport(DEFAULT_PLAN, { currentStage: 1, target: stage }));

    expect(error).toBeInstanceOf(UnknownStageError);
    expect(error).toMatchObject({
      message: `stage ${stage} does not exist; valid stages: 1, 2, 3, 4`,
    });
  });

  it('rejects an unknown current stage', () => {
    expect(() => costReport(DEFAULT_PLAN, { currentStage: 9, target: 'next' })).toThrow(
      'stage 9 does not exist; valid stages: 1, 2, 3, 4',
    );
  });

  it.each([0, -3, 1.5])('rejects %s agents', (agents) => {
    const error = thrownBy(() =>
      costReport(DEFAULT_PLAN, { currentStage: 1, target: 'next', agents }),
    );

    expect(error).toBeInstanceOf(InvalidAgentsError);
    expect(error).toMatchObject({ message: `agents must be a whole number >= 1 (got ${agents})` });
  });
});
