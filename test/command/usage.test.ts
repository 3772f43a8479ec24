import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../../src/command/types.js';
import { commandsFor, detailsFor, helpText, usageFor } from '../../src/command/usage.js';

describe('usage text', () => {
  it('lists only the commands of each surface', () => {
    // Act
    const slack = commandsFor('slack');
    const cli = commandsFor('cli');

    // Assert
    expect(slack).toEqual([
      'status',
      'project',
      'cost',
      'history',
      'subscribe',
      'unsubscribe',
      'subscriptions',
      'help',
    ]);
    expect(cli).toEqual([
      'status',
      'project',
      'cost',
      'history',
      'subscriptions',
      'help',
      'plan',
      'digest',
    ]);
  });

  it('writes the Slack usage with /scale and without CLI options', () => {
    // Act
    const usage = usageFor('cost', 'slack');

    // Assert
    expect(usage).toBe(
      'Usage: /scale cost [stage|next|current] [agents N]  (more: /scale help cost)',
    );
  });

  it('writes the CLI usage with scale-review and its options', () => {
    // Act
    const usage = usageFor('status', 'cli');

    // Assert
    expect(usage).toBe(
      'Usage: scale-review status [--metrics FILE|-] [--save [--team T]] [--json]  (more: scale-review help status)',
    );
  });

  it('shows each surface its own details: no CLI flag in Slack, no Slack word in the CLI', () => {
    // Act
    const slack = helpText('status', 'slack');
    const cli = helpText('status', 'cli');
    const slackDetails = COMMAND_NAMES.flatMap((name) => detailsFor(name, 'slack'));
    const slackCommands = commandsFor('slack').flatMap((name) => detailsFor(name, 'slack'));
    // Assert
    expect(slack).toBe(
      [
        '/scale status [public]',
        '  the current Scaling Indicators, stage and recommendation',
        '  The command alone, with no text, is the same as `status`.',
        '  `public` posts the answer to the channel instead of only to you.',
        '  The review is stored: Acknowledge and Snooze are recorded on it, and `history` lists it.',
        'Example: /scale status',
      ].join('\n'),
    );
    expect(cli).toContain('`--save` stores the review');
    expect(cli).not.toContain('public');
    expect(slackCommands.filter((line) => /--[a-z]/.test(line))).toEqual([]);
    expect(slackDetails.join('\n')).not.toContain('(CLI)');
  });

  it('documents the project defaults in the help of project', () => {
    // Act
    const help = helpText('project', 'slack');

    // Assert
    expect(help).toContain('/scale project <volume> [growth] [months]');
    expect(help).toContain('else the plan default (20%/month)');
    expect(help).toContain('(default 3)');
    expect(help).toContain('Example: /scale project 2k 30% 3');
  });

  it('has a help text for every command on both surfaces', () => {
    for (const name of COMMAND_NAMES) {
      // Act
      const slack = helpText(name, 'slack');
      const cli = helpText(name, 'cli');

      // Assert
      expect(slack).toContain(`/scale ${name}`);
      expect(cli).toContain(`scale-review ${name}`);
    }
  });

  it('lists every command of the surface in the general help', () => {
    // Act
    const help = helpText(null, 'cli');

    // Assert
    for (const name of commandsFor('cli')) {
      expect(help).toContain(`scale-review ${name}`);
    }
    expect(help).not.toContain('subscribe [day time]');
  });
});
