import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/command/parse-command.js';
import type { CommandError, Surface } from '../../src/command/types.js';

function errorOf(input: string | string[], surface: Surface): CommandError {
  const result = parseCommand(input, surface);
  if (result.ok) {
    throw new Error(
      `expected ${JSON.stringify(input)} to be refused, got ${JSON.stringify(result.command)}`,
    );
  }
  return result.error;
}

describe('parseCommand errors: commands', () => {
  it.each([
    ['foo', '`foo` is not a command; try `help`'],
    ['stauts', '`stauts` is not a command; did you mean `status`? try `help`'],
    ['2k', '`2k` is not a command; did you mean `project 2k`?'],
    ['constructor', '`constructor` is not a command; try `help`'],
    ['__proto__', '`__proto__` is not a command; try `help`'],
    [
      'plan',
      '`plan` is a command-line command: run `npx scale-review plan` where Scale Review is installed',
    ],
    [
      'digest --now',
      '`digest` is a command-line command: run `npx scale-review digest` where Scale Review is installed',
    ],
  ])('refuses %j on Slack: %s', (input, message) => {
    // Act
    const error = errorOf(input, 'slack');

    // Assert
    expect(error.message).toBe(message);
  });

  it('refuses Slack-only commands on the CLI', () => {
    // Act
    const error = errorOf(['subscribe', 'mon', '9am'], 'cli');

    // Assert
    expect(error.message).toBe(
      '`subscribe` works in Slack only: type `/scale subscribe` in a channel',
    );
  });

  it('gives the general usage for an unknown command', () => {
    // Act
    const error = errorOf('foo', 'slack');

    // Assert
    expect(error.topic).toBeNull();
    expect(error.usage).toContain('/scale project <volume> [growth] [months]');
    expect(error.usage).not.toContain('/scale plan');
  });
});

describe('parseCommand errors: project', () => {
  it.each([
    ['project', 'project needs a volume, e.g. project 2k 30% 3'],
    ['project 2x', '`2x` is not a volume; try 2000 or 2k'],
    ['project NaN', '`NaN` is not a volume; try 2000 or 2k'],
    ['project Infinity', '`Infinity` is not a volume; try 2000 or 2k'],
    ['project 1e308', '`1e308` is not a volume; try 2000 or 2k'],
    ['project 0x10', '`0x10` is not a volume; try 2000 or 2k'],
    ['project 2,00', '`2,00` is not a volume; try 2000 or 2k'],
    ['project -5', '`-5` is not a volume: it must not be negative; try 2000 or 2k'],
    ['project 2000000k', '`2000000k` is too large a volume; the most is 1,000,000,000/month'],
    ['project 2k fast', '`fast` is not a growth rate; try 30% (per month)'],
    ['project 2k 30%% 3', '`30%%` is not a growth rate; try 30% (per month)'],
    ['project 2k -100%', '`-100%` is too low a growth rate; it must be above -100% per month'],
    ['project 2k 1001%', '`1001%` is too high a growth rate; the most is 1000% per month'],
    ['project 2k 30% three', '`three` is not a number of months; try 3 (1 to 120)'],
    ['project 2k 30% 0', '`0` months is out of range; give 1 to 120'],
    ['project 2k 30% 121', '`121` months is out of range; give 1 to 120'],
    ['project 2k 30% 2.5', '`2.5` is not a number of months; try 3 (1 to 120)'],
    [
      'project 2k 30% 3 4',
      '`4` is one argument too many: project takes <volume> [growth] [months]',
    ],
  ])('refuses %j: %s', (input, message) => {
    // Act
    const error = errorOf(input, 'slack');

    // Assert
    expect(error.message).toBe(message);
    expect(error.topic).toBe('project');
    expect(error.usage).toBe(
      'Usage: /scale project <volume> [growth] [months]  (more: /scale help project)',
    );
  });
});

describe('parseCommand errors: options', () => {
  it.each([
    [['project', '2k', '--metrics', 'x.json'], '`--metrics` is not an option of project'],
    [['status', '--metrics'], '--metrics needs a value: a file path, or - for stdin'],
    [['status', '--metrics='], '--metrics needs a value: a file path, or - for stdin'],
    [['status', '--metrics', '--json'], '--metrics needs a value: a file path, or - for stdin'],
    [['status', '--metrics', 'a', '--metrics', 'b'], '--metrics is given twice'],
    [['status', '--jsn'], '`--jsn` is not an option; did you mean `--json`?'],
    [['status', '--json=yes'], '`--json=yes`: --json takes no value'],
    [['status', '-x'], '`-x` is not an option'],
    [['status', '--__proto__'], '`--__proto__` is not an option'],
    [
      ['status', '\u2014json'],
      '`\u2014json` starts with a long dash; type options with two hyphens (--)',
    ],
    [['status', 'public'], '`public` only works in Slack (/scale status public)'],
    [['status', 'now'], 'status takes no arguments; `now` is unexpected'],
    [['plan', 'everything'], 'plan takes no arguments; `everything` is unexpected'],
    [['digest'], 'digest needs --now (scheduled digests run inside the bot)'],
    [
      ['digest', '--now', '--channel', '#general'],
      '`#general` is not a Slack channel id; use the id, e.g. C0123456789',
    ],
    [['digest', '--now', 'please'], 'digest takes no arguments; `please` is unexpected'],
    [
      ['status', '--team', 'T0123ABCD'],
      '--team needs --save (it names the team the review is saved for)',
    ],
    [['history', '--team', 'T 1'], '`T 1` is not a team id; use the Slack team id, e.g. T0123ABCD'],
    [['digest', '--now', '--team', 'T1'], '`--team` is not an option of digest'],
  ])('refuses %j on the CLI: %s', (argv, message) => {
    // Act
    const error = errorOf(argv, 'cli');

    // Assert
    expect(error.message).toBe(message);
  });

  it.each([
    ['status --json', '`--json` only works in the command-line tool (scale-review)'],
    ['cost --agents 5', '`--agents` only works in the command-line tool (scale-review)'],
    ['history --team T1', '`--team` only works in the command-line tool (scale-review)'],
    [
      'status private',
      'status takes no arguments; `private` is unexpected; the only word it takes is `public`',
    ],
  ])('refuses %j on Slack: %s', (input, message) => {
    // Act
    const error = errorOf(input, 'slack');

    // Assert
    expect(error.message).toBe(message);
  });
});

describe('parseCommand errors: cost, history, help', () => {
  it.each([
    ['cost soon', '`soon` is not a stage; try a stage number such as 2, next or current'],
    ['cost 0', '`0` is not a stage; give 1 to 20'],
    ['cost next 3', '`3` is unexpected: cost takes one stage (a number, next or current)'],
    ['cost agents', 'agents needs a number, e.g. cost next agents 50'],
    [
      'cost agents fifty',
      '`fifty` is not a number of agents; give a whole number from 1 to 100,000',
    ],
    ['cost agents 0', '`0` is out of range for a number of agents; give 1 to 100,000'],
    ['cost agents -3', '`-3` is not a number of agents; give a whole number from 1 to 100,000'],
    ['cost agents 2.5', '`2.5` is not a number of agents; give a whole number from 1 to 100,000'],
    ['cost agents 5 agents 6', 'the number of agents is given twice'],
    ['history 0', '`0` is out of range for a number of reviews; give 1 to 50'],
    ['history 51', '`51` is out of range for a number of reviews; give 1 to 50'],
    ['history lots', '`lots` is not a number of reviews; give a whole number from 1 to 50'],
    ['history 5 6', '`6` is one argument too many: history takes [n]'],
    ['help me', '`me` is not a command; try `help`'],
    ['help cost project', '`project` is unexpected: help takes one command name'],
    ['unsubscribe now', 'unsubscribe takes no arguments; `now` is unexpected'],
  ])('refuses %j: %s', (input, message) => {
    // Act
    const error = errorOf(input, 'slack');

    // Assert
    expect(error.message).toBe(message);
  });

  it('refuses --agents together with agents N', () => {
    // Act
    const error = errorOf(['cost', '--agents', '5', 'agents', '6'], 'cli');

    // Assert
    expect(error.message).toBe('the number of agents is given twice');
  });
});

describe('parseCommand errors: subscribe', () => {
  it.each([
    ['subscribe monday', 'subscribe needs a time after the day, e.g. subscribe monday 09:00'],
    [
      'subscribe mon Europe/Paris',
      'subscribe needs a time after the day, e.g. subscribe monday 09:00',
    ],
    ['subscribe 9am', 'subscribe needs a day before the time, e.g. subscribe monday 09:00'],
    ['subscribe mon 25:00', '`25:00` is not a time: hours go up to 23'],
    ['subscribe mon 9:75', '`9:75` is not a time: minutes go up to 59; try 09:30'],
    ['subscribe mon 13pm', '`13pm` is not a time: with am/pm, hours go from 1 to 12'],
    ['subscribe mon 9.30', '`9.30` is not a time; try 09:00 or 9am'],
    [
      'subscribe mon 9am Mars/Olympus',
      '`Mars/Olympus` is not a time zone; use an IANA name such as Europe/Paris',
    ],
    [
      'subscribe mon 9am Paris',
      '`Paris` is not a time zone; use an IANA name such as Europe/Paris',
    ],
    [
      'subscribe someday',
      '`someday` is not a day or a time zone; try subscribe monday 09:00 Europe/Paris',
    ],
    ['subscribe mon 9am UTC extra', '`extra` is unexpected: subscribe takes [day time] [timezone]'],
    [
      'subscribe ../../etc/passwd',
      '`../../etc/passwd` is not a time zone; use an IANA name such as Europe/Paris',
    ],
  ])('refuses %j: %s', (input, message) => {
    // Act
    const error = errorOf(input, 'slack');

    // Assert
    expect(error.message).toBe(message);
    expect(error.topic).toBe('subscribe');
  });
});

describe('parseCommand errors: hostile and odd input', () => {
  it('refuses text over 500 characters on Slack with the length', () => {
    // Act
    const error = errorOf(`project ${'9'.repeat(600)}`, 'slack');

    // Assert
    expect(error.message).toBe('the command is too long (608 characters; the limit is 500)');
  });

  it('refuses control characters', () => {
    // Act
    const error = errorOf('status\u0000', 'slack');

    // Assert
    expect(error.message).toBe('the command contains a control character; type it as plain text');
  });

  it.each([
    '<!channel> hello',
    "project 2k'; DROP TABLE reviews; --",
    'project $(rm -rf /)',
    'status `whoami`',
    'project {"$gt": ""}',
    '💥 project',
    'project ２ｋ',
  ])('answers %j with a clean error', (input) => {
    // Act
    const result = parseCommand(input, 'slack');

    // Assert
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.message).not.toContain('\n');
      expect(result.error.message.length).toBeLessThan(200);
    }
  });

  it('shows a long offending token shortened, without breaking the code span', () => {
    // Act
    const error = errorOf(`project ${'`x'.repeat(100)}`, 'slack');

    // Assert
    expect(error.message).toMatch(/^`('x){20}…` is not a volume; try 2000 or 2k$/);
  });

  it('refuses input that is not text at run time', () => {
    // Act
    const result = parseCommand(42 as unknown as string, 'slack');

    // Assert
    expect(result).toMatchObject({ ok: false, error: { message: 'the command must be text' } });
  });
});
