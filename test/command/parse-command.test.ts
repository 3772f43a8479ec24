import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/command/parse-command.js';
import type { Command, Surface } from '../../src/command/types.js';

function parsed(input: string | string[], surface: Surface): Command {
  const result = parseCommand(input, surface);
  if (!result.ok) {
    throw new Error(`expected ${JSON.stringify(input)} to parse, got: ${result.error.message}`);
  }
  return result.command;
}

const STATUS = { kind: 'status', metrics: null, save: false, public: false, json: false } as const;

describe('parseCommand: status', () => {
  it.each([
    ['', 'slack'],
    ['   ', 'slack'],
    ['status', 'slack'],
    ['STATUS', 'slack'],
    ['\u200bstatus\u200b', 'slack'],
  ] as const)('reads %j on %s as the default status', (input, surface) => {
    // Act
    const command = parsed(input, surface);

    // Assert
    expect(command).toEqual(STATUS);
  });

  it('reads an empty argv as status', () => {
    // Act
    const command = parsed([], 'cli');

    // Assert
    expect(command).toEqual(STATUS);
  });

  it('reads `status public` on Slack', () => {
    // Act
    const command = parsed('status public', 'slack');

    // Assert
    expect(command).toEqual({ ...STATUS, public: true });
  });

  it.each([
    [
      ['status', '--metrics', 'examples/seed-week.json'],
      { kind: 'file', path: 'examples/seed-week.json' },
    ],
    [['status', '--metrics=my file.json'], { kind: 'file', path: 'my file.json' }],
    [['status', '--metrics', '-'], { kind: 'stdin' }],
  ] as const)('reads %j', (argv, metrics) => {
    // Act
    const command = parsed([...argv], 'cli');

    // Assert
    expect(command).toEqual({ ...STATUS, metrics });
  });

  it('reads --json and --save on the CLI', () => {
    // Act
    const command = parsed(['status', '--json', '--save'], 'cli');

    // Assert
    expect(command).toEqual({ ...STATUS, json: true, save: true });
  });

  it('gives options without a command to status', () => {
    // Act
    const command = parsed(['--metrics', 'x.json', '--json'], 'cli');

    // Assert
    expect(command).toEqual({ ...STATUS, metrics: { kind: 'file', path: 'x.json' }, json: true });
  });
});

describe('parseCommand: project', () => {
  it.each([
    ['project 2000', 2000],
    ['project 2,000', 2000],
    ['project 2k', 2000],
    ['project 2K', 2000],
    ['project 2.5K', 2500],
    ['project 1.2m', 1_200_000],
    ['project 500/mo', 500],
    ['project 0', 0],
    ['project 12,345,678', 12_345_678],
  ])('reads the volume in %j', (input, volume) => {
    // Act
    const command = parsed(input, 'slack');

    // Assert
    expect(command).toEqual({
      kind: 'project',
      volume,
      growthPercent: null,
      months: null,
      json: false,
    });
  });

  it.each([
    ['30%', 30],
    ['30', 30],
    ['0', 0],
    ['0%', 0],
    ['-5%', -5],
    ['-99.5', -99.5],
    ['+12.5%', 12.5],
    ['1000%', 1000],
    ['25%/mo', 25],
  ])('reads the growth %j as %d%%/month', (growth, growthPercent) => {
    // Act
    const command = parsed(`project 2k ${growth}`, 'slack');

    // Assert
    expect(command).toMatchObject({ kind: 'project', volume: 2000, growthPercent, months: null });
  });

  it.each([
    ['1', 1],
    ['3', 3],
    ['120', 120],
    ['6mo', 6],
    ['12months', 12],
  ])('reads the months %j', (months, expected) => {
    // Act
    const command = parsed(`project 2k 30% ${months}`, 'slack');

    // Assert
    expect(command).toMatchObject({ months: expected });
  });

  it('reads argv with --json on the CLI', () => {
    // Act
    const command = parsed(['project', '10k', '15%', '3', '--json'], 'cli');

    // Assert
    expect(command).toEqual({
      kind: 'project',
      volume: 10_000,
      growthPercent: 15,
      months: 3,
      json: true,
    });
  });

  it('reads a negative growth rate as a positional, not an option', () => {
    // Act
    const command = parsed(['project', '2k', '-20%', '3'], 'cli');

    // Assert
    expect(command).toMatchObject({ growthPercent: -20, months: 3 });
  });
});

describe('parseCommand: cost', () => {
  it.each([
    ['cost', 'next', null],
    ['cost next', 'next', null],
    ['cost current', 'current', null],
    ['cost 3', 3, null],
    ['cost stage3', 3, null],
    ['cost stage 4', 4, null],
    ['cost NEXT agents 50', 'next', 50],
    ['cost agents 12', 'next', 12],
    ['cost 2 agent 7', 2, 7],
  ] as const)('reads %j on Slack', (input, target, agents) => {
    // Act
    const command = parsed(input, 'slack');

    // Assert
    expect(command).toEqual({ kind: 'cost', target, agents, metrics: null, json: false });
  });

  it('reads --agents, --metrics and --json on the CLI', () => {
    // Act
    const command = parsed(
      ['cost', 'next', '--agents', '50', '--metrics', 'm.json', '--json'],
      'cli',
    );

    // Assert
    expect(command).toEqual({
      kind: 'cost',
      target: 'next',
      agents: 50,
      metrics: { kind: 'file', path: 'm.json' },
      json: true,
    });
  });

  it('reads `agents N` on the CLI too', () => {
    // Act
    const command = parsed(['cost', '3', 'agents', '20'], 'cli');

    // Assert
    expect(command).toMatchObject({ target: 3, agents: 20 });
  });
});

describe('parseCommand: history, help, unsubscribe', () => {
  it.each([
    ['history', 5],
    ['history 1', 1],
    ['history 50', 50],
  ])('reads %j', (input, count) => {
    // Act
    const command = parsed(input, 'slack');

    // Assert
    expect(command).toEqual({ kind: 'history', count, json: false });
  });

  it('reads history --json on the CLI', () => {
    // Act
    const command = parsed(['history', '10', '--json'], 'cli');

    // Assert
    expect(command).toEqual({ kind: 'history', count: 10, json: true });
  });

  it.each([
    ['help', null],
    ['help project', 'project'],
    ['help COST', 'cost'],
    ['project --help', 'project'],
    ['cost -h', 'cost'],
    ['--help', null],
  ] as const)('reads %j as help', (input, topic) => {
    // Act
    const command = parsed(input, 'slack');

    // Assert
    expect(command).toEqual({ kind: 'help', topic });
  });

  it('reads unsubscribe on Slack', () => {
    // Act
    const command = parsed('unsubscribe', 'slack');

    // Assert
    expect(command).toEqual({ kind: 'unsubscribe' });
  });
});

describe('parseCommand: subscribe', () => {
  it.each([
    ['subscribe', null, null],
    ['subscribe monday 09:00', { weekday: 1, time: '09:00' }, null],
    ['subscribe mon 9:00', { weekday: 1, time: '09:00' }, null],
    ['subscribe Tue 9am', { weekday: 2, time: '09:00' }, null],
    ['subscribe wed 5:30pm', { weekday: 3, time: '17:30' }, null],
    ['subscribe thursdays 12pm', { weekday: 4, time: '12:00' }, null],
    ['subscribe fri 12am', { weekday: 5, time: '00:00' }, null],
    ['subscribe sat 9 am', { weekday: 6, time: '09:00' }, null],
    ['subscribe sunday 23:59 UTC', { weekday: 7, time: '23:59' }, 'UTC'],
    ['subscribe mon 9am Europe/Paris', { weekday: 1, time: '09:00' }, 'Europe/Paris'],
    ['subscribe america/new_york', null, 'America/New_York'],
    ['subscribe Australia/Sydney', null, 'Australia/Sydney'],
    // As given, not as Intl's older aliases (Asia/Calcutta, Asia/Katmandu, Europe/Kiev)
    ['subscribe Asia/Kolkata', null, 'Asia/Kolkata'],
    ['subscribe mon 9am Asia/Kathmandu', { weekday: 1, time: '09:00' }, 'Asia/Kathmandu'],
    ['subscribe Europe/Kyiv', null, 'Europe/Kyiv'],
  ] as const)('reads %j', (input, schedule, timezone) => {
    // Act
    const command = parsed(input, 'slack');

    // Assert
    expect(command).toEqual({ kind: 'subscribe', schedule, timezone });
  });
});

describe('parseCommand: CLI-only commands', () => {
  it.each([
    [['plan'], { kind: 'plan', json: false }],
    [['plan', '--json'], { kind: 'plan', json: true }],
    [['subscriptions'], { kind: 'subscriptions', json: false }],
    [['subscriptions', '--json'], { kind: 'subscriptions', json: true }],
    [['digest', '--now'], { kind: 'digest', now: true, channel: null }],
    [
      ['digest', '--now', '--channel', 'C0123456789'],
      { kind: 'digest', now: true, channel: 'C0123456789' },
    ],
    [['digest', '--channel=G0123456', '--now'], { kind: 'digest', now: true, channel: 'G0123456' }],
    [
      ['subscriptions', '--team', 'T0123ABCD'],
      { kind: 'subscriptions', json: false, team: 'T0123ABCD' },
    ],
    [['history', '3', '--team=local'], { kind: 'history', count: 3, json: false, team: 'local' }],
    [['status', '--save', '--team', 'T0123ABCD'], { ...STATUS, save: true, team: 'T0123ABCD' }],
  ] as const)('reads %j', (argv, expected) => {
    // Act
    const command = parsed([...argv], 'cli');

    // Assert
    expect(command).toEqual(expected);
  });

  it('accepts the same command as one string on the CLI surface', () => {
    // Act
    const command = parsed('project 2k 30% 3 --json', 'cli');

    // Assert
    expect(command).toEqual({
      kind: 'project',
      volume: 2000,
      growthPercent: 30,
      months: 3,
      json: true,
    });
  });
});
