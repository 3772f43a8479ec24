import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { resolvePlan } from '../../src/domain/plan/overrides.js';
import {
  captureIo,
  NOW,
  SEED_GROWTH_ROWS,
  SEED_PANEL_LINES,
  SEED_WEEK,
  tempDir,
} from './cli-harness.js';

let empty: { dir: string; cleanup: () => void };

beforeAll(() => {
  empty = tempDir();
});

afterAll(() => {
  empty.cleanup();
});

describe('runCli status', () => {
  it('prints the seed panel from examples/seed-week.json', async () => {
    // Arrange
    const run = captureIo({ cwd: empty.dir });

    // Act
    const code = await runCli(['status', '--metrics', SEED_WEEK], run.io);

    // Assert
    expect(code).toBe(0);
    const lines = run.stdout().split('\n');
    expect(lines.slice(0, 2)).toEqual(['Scaling Indicators', '━━━━━━━━━━━━━━━━━━━━━━━━']);
    const first = lines.indexOf(SEED_PANEL_LINES[0] ?? '');
    expect(lines.slice(first, first + 5)).toEqual(SEED_PANEL_LINES);
    expect(lines).toContain('Next review: In 7 days (Mon 7 Dec 2026)');
    expect(lines).toContain('Recommendation: Monitor, no action needed yet');
    expect(lines.find((l) => l.startsWith('Stage '))).toMatch(/^Stage 1: Small Team \(0-1K/);
    expect(run.stdout()).not.toContain('Data quality:');
    expect(run.stderr()).toBe('');
  });

  it('caps a projection at the plan horizon and says which and why', async () => {
    // Arrange
    const text = captureIo({ cwd: empty.dir });
    const json = captureIo({ cwd: empty.dir });

    // Act
    await runCli(['project', '1000', '80%', '120'], text.io);
    await runCli(['project', '1000', '80%', '120', '--json'], json.io);

    // Assert
    expect(text.stdout()).toContain(
      "Capped at 36 months, the plan's horizon (plan.growth.maxMonths); 120 were asked for. Compound growth further out is no forecast.",
    );
    expect(text.stdout()).toMatch(/\nIn 36 months: [\d,]+\/mo — /);
    expect(text.stdout()).not.toMatch(/\n {3}37 /);
    expect(JSON.parse(json.stdout())).toMatchObject({ months: 36, cappedFrom: 120 });
  });

  it('prints the stable JSON shape with --json', async () => {
    // Arrange
    const run = captureIo({ cwd: empty.dir });

    // Act
    const code = await runCli(['status', '--metrics', SEED_WEEK, '--json'], run.io);

    // Assert
    expect(code).toBe(0);
    const json = JSON.parse(run.stdout());
    expect(Object.keys(json)).toEqual([
      'stage',
      'indicators',
      'recommendations',
      'forecasts',
      'infrastructure',
      'period',
      'headline',
      'nextReviewAt',
      'dataQuality',
      'source',
      'reviewId',
    ]);
    expect(json.stage).toEqual({ number: 1, name: 'Small Team' });
    expect(json.indicators[0]).toEqual({
      key: 'cpu',
      label: 'Server CPU',
      value: 72,
      unit: '%',
      threshold: 75,
      critical: 90,
      status: 'ok',
      delta: null,
    });
    expect(json.indicators.slice(0, 5).map((i: { status: string }) => i.status)).toEqual([
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
    ]);
    expect(json.recommendations).toEqual([]);
    expect(json.headline).toMatch(/^Monitor, no action needed yet/);
    expect(json.nextReviewAt).toBe('2026-12-07T09:00:00.000Z');
    expect(json.dataQuality).toEqual({ missing: [], stale: [] });
    expect(json.source).toEqual({
      kind: 'file',
      description: 'metrics file',
      detail: `file ${SEED_WEEK}`,
      apiCalls: 0,
      metricsRequested: 0,
    });
    expect(json.reviewId).toBeNull();
  });

  it('reads the snapshot from stdin with --metrics -', async () => {
    // Arrange
    const stdin = JSON.stringify({ cpuPercent: 80, capturedAt: NOW.toISOString() });
    const run = captureIo({ cwd: empty.dir, stdin });

    // Act
    const code = await runCli(['status', '--metrics', '-'], run.io);

    // Assert
    expect(code).toBe(0);
    expect(run.stdout()).toContain('Metrics: stdin');
    expect(run.stdout()).toContain('Server CPU: 80% (consider scaling at >75%)');
  });

  it('uses the metrics file configured in scale-review.yml when no --metrics is given', async () => {
    // Arrange
    const config = tempDir({
      'week.json': JSON.stringify({ cpuPercent: 50 }),
      'scale-review.yml': 'metrics:\n  source: file\n  file: week.json\n',
    });
    const run = captureIo({ cwd: config.dir });

    // Act
    const code = await runCli(['status'], run.io);
    config.cleanup();

    // Assert
    expect(code).toBe(0);
    expect(run.stdout().split('\n')[2]).toBe(`Metrics: file ${config.dir}/week.json`);
    expect(run.stdout()).toContain('Server CPU: 50%');
  });

  it('applies plan overrides from the config file', async () => {
    // Arrange
    const config = tempDir({ 'custom.yml': 'plan:\n  thresholds:\n    cpu:\n      over: 85\n' });
    const run = captureIo({
      cwd: empty.dir,
      env: { SCALE_REVIEW_CONFIG: `${config.dir}/custom.yml` },
    });

    // Act
    const code = await runCli(['status', '--metrics', SEED_WEEK], run.io);
    config.cleanup();

    // Assert
    expect(code).toBe(0);
    expect(run.stdout()).toContain('Server CPU: 72% (consider scaling at >85%)');
  });
});

describe('runCli project', () => {
  it.each(SEED_GROWTH_ROWS)('gives the seed row for project $args', async ({ args, line }) => {
    // Arrange
    const run = captureIo({ cwd: empty.dir });

    // Act
    const code = await runCli(['project', ...args], run.io);

    // Assert
    expect(code).toBe(0);
    expect(run.stdout().trimEnd().split('\n').at(-1)).toBe(line);
  });

  it('prints the month-by-month table and the crossing', async () => {
    // Arrange
    const run = captureIo({ cwd: empty.dir });

    // Act
    await runCli(['project', '2k', '30%', '3'], run.io);

    // Assert
    const out = run.stdout();
    expect(out).toContain('    0                2,000  2 Growing Team');
    expect(out).toContain('    3                4,394  2 Growing Team');
    expect(out).toContain('Month 3: Upgrade DB soon (prepare for stage 3 at 4,000/month)');
  });

  it('uses the plan default growth (20%) and 3 months when they are not given', async () => {
    // Arrange
    const run = captureIo({ cwd: empty.dir });

    // Act
    await runCli(['project', '500'], run.io);

    // Assert
    expect(run.stdout()).toContain(
      'Growth: 20%/month (plan default; give a growth rate to change it), over 3 months',
    );
    expect(run.stdout()).toContain('In 3 months: 864/mo — Current OK');
  });

  it('caps a projection at the plan horizon and says which and why', async () => {
    // Arrange
    const text = captureIo({ cwd: empty.dir });
    const json = captureIo({ cwd: empty.dir });

    // Act
    await runCli(['project', '1000', '80%', '120'], text.io);
    await runCli(['project', '1000', '80%', '120', '--json'], json.io);

    // Assert
    expect(text.stdout()).toContain(
      "Capped at 36 months, the plan's horizon (plan.growth.maxMonths); 120 were asked for. Compound growth further out is no forecast.",
    );
    expect(text.stdout()).toMatch(/\nIn 36 months: [\d,]+\/mo — /);
    expect(text.stdout()).not.toMatch(/\n {3}37 /);
    expect(JSON.parse(json.stdout())).toMatchObject({ months: 36, cappedFrom: 120 });
  });

  it('prints the stable JSON shape with --json', async () => {
    // Arrange
    const run = captureIo({ cwd: empty.dir });

    // Act
    await runCli(['project', '10k', '15%', '3', '--json'], run.io);

    // Assert
    const json = JSON.parse(run.stdout());
    expect(json).toMatchObject({
      volume: 10_000,
      growthPercent: 15,
      growthSource: 'argument',
      months: 3,
      cappedFrom: null,
      projectedVolume: 15_209,
      currentStage: { number: 3, name: 'Medium Team' },
      projectedStage: { number: 3, name: 'Medium Team' },
      action: 'Scale horizontally',
    });
    expect(json.rows.map((r: { volume: number }) => r.volume)).toEqual([
      10_000, 11_500, 13_225, 15_209,
    ]);
    expect(json.crossings[0]).toEqual({
      month: 3,
      kind: 'trigger',
      stage: 3,
      atConversations: 15_000,
      text: '>15K conversations',
    });
  });
});

describe('runCli cost', () => {
  it('prints both stages, the change and the helpdesk comparison for next with 50 agents', async () => {
    // Arrange
    const run = captureIo({ cwd: empty.dir });

    // Act
    const code = await runCli(['cost', 'next', '--agents', '50'], run.io);

    // Assert
    expect(code).toBe(0);
    const out = run.stdout();
    expect(out).toContain('Stage 1: Small Team — $20-30/month');
    expect(out).toContain('Stage 2: Growing Team — $70-85/month + WhatsApp fees');
    expect(out).toContain('Change: +$40-65/month');
    expect(out).toContain(
      'Zendesk: $49/agent × 50 agents = $2,450/month; stage 2 saves $2,365-2,380/month',
    );
  });

  it('prints the stable JSON shape with --json and takes the stage from --metrics', async () => {
    // Arrange
    const run = captureIo({ cwd: empty.dir });

    // Act
    await runCli(['cost', '--agents', '50', '--metrics', SEED_WEEK, '--json'], run.io);

    // Assert
    const json = JSON.parse(run.stdout());
    expect(json.currentStageSource).toBe('metrics');
    expect(json.current.stage).toEqual({ number: 1, name: 'Small Team' });
    expect(json.target.totalCost).toEqual({ min: 70, max: 85 });
    expect(json.delta).toEqual({ min: 40, max: 65 });
    expect(json.helpdesk).toEqual({
      name: 'Zendesk',
      agents: 50,
      pricePerAgentMonthly: 49,
      monthly: 2450,
      savings: { min: 2365, max: 2380 },
    });
  });
});

describe('runCli plan and help', () => {
  it('prints the effective plan as JSON', async () => {
    // Arrange
    const run = captureIo({ cwd: empty.dir });

    // Act
    const code = await runCli(['plan', '--json'], run.io);

    // Assert
    expect(code).toBe(0);
    expect(JSON.parse(run.stdout())).toEqual(resolvePlan(undefined));
  });

  it('derives the approaching level of a lowered cpu.over instead of refusing the file', async () => {
    // Arrange
    const config = tempDir({
      'scale-review.yml': 'plan:\n  thresholds:\n    cpu:\n      over: 70\n',
    });
    const run = captureIo({ cwd: config.dir });

    // Act
    const code = await runCli(['plan', '--json'], run.io);
    config.cleanup();

    // Assert
    expect(code).toBe(0);
    expect(JSON.parse(run.stdout()).thresholds.cpu).toMatchObject({
      approaching: 68.1,
      over: 70,
      critical: 90,
    });
  });

  it('prints the effective plan as YAML with its source', async () => {
    // Arrange
    const run = captureIo({ cwd: empty.dir });

    // Act
    await runCli(['plan'], run.io);

    // Assert
    expect(run.stdout()).toMatch(
      /^# Effective scaling plan: defaults \(no config file\)\nstages:\n/,
    );
  });

  it.each([[['help']], [['--help']], [['help', 'project']], [['project', '-h']]])(
    'prints help for %j',
    async (argv) => {
      // Arrange
      const run = captureIo({ cwd: empty.dir });

      // Act
      const code = await runCli(argv, run.io);

      // Assert
      expect(code).toBe(0);
      expect(run.stdout()).toContain('scale-review ');
      expect(run.stderr()).toBe('');
    },
  );
});
