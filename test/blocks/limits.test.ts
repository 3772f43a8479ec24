import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { button, context, fieldSections, header, section } from '../../blocks/elements.js';
import { fitLines } from '../../blocks/layout.js';
import {
  BlockLimitError,
  fitItems,
  packLines,
  SLACK_LIMITS,
  truncate,
} from '../../blocks/limits.js';
import { validateBlocks } from '../../blocks/validate.js';
import { ctx, md } from './helpers.js';

const divider = { type: 'divider' } as const;

describe('truncate', () => {
  it('leaves text that fits alone and marks a cut', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abcdef', 5, '[cut]')).toBe('[cut]');
  });

  it('never splits a surrogate pair', () => {
    // Arrange: '😀' is two UTF-16 code units; a cut at 3 would leave a lone high surrogate.
    const text = 'ab😀cd';
    // Act
    const out = truncate(text, 4);
    // Assert
    expect(out).toBe('ab…');
  });
});

describe('packLines', () => {
  it('joins lines up to the limit and starts a new chunk after', () => {
    expect(packLines(['aaa', 'bbb', 'ccc'], 7)).toEqual(['aaa\nbbb', 'ccc']);
  });

  it('cuts a single line longer than the limit, visibly', () => {
    const [chunk] = packLines(['z'.repeat(4000)]);
    expect(chunk).toHaveLength(3000);
    expect(chunk?.endsWith('… (truncated)')).toBe(true);
  });
});

describe('fitItems', () => {
  const render = (n: number): KnownBlock[] => [md(`item ${n}`)];
  const more = (n: number): KnownBlock => ctx(`…and ${n} more`);

  it('renders everything that fits without a "more" line', () => {
    expect(fitItems([1, 2, 3], render, { blocks: 3, chars: 100 }, more)).toEqual([
      md('item 1'),
      md('item 2'),
      md('item 3'),
    ]);
  });

  it('keeps room for the "more" line and counts what was left out', () => {
    expect(fitItems([1, 2, 3, 4, 5], render, { blocks: 3, chars: 100 }, more)).toEqual([
      md('item 1'),
      md('item 2'),
      ctx('…and 3 more'),
    ]);
  });

  it('also stops on the character budget', () => {
    expect(fitItems([1, 2, 3], render, { blocks: 10, chars: 20 }, more)).toEqual([
      md('item 1'),
      ctx('…and 2 more'),
    ]);
  });

  it('throws when not even the "more" line fits', () => {
    expect(() => fitItems([1, 2], render, { blocks: 0, chars: 100 }, more)).toThrow(
      BlockLimitError,
    );
  });
});

describe('fitLines', () => {
  it('counts the lines left out, not the sections', () => {
    // Arrange: 3 chunks of about 2,000 characters, room for one section and the "more" line.
    const lines = Array.from({ length: 6 }, (_, i) => `${i}${'.'.repeat(999)}`);
    // Act
    const out = fitLines(lines, { blocks: 2, chars: 100_000 }, 'lines');
    // Assert
    expect(out).toHaveLength(2);
    expect(out[1]).toEqual(ctx('…and 4 more lines'));
  });
});

describe('element limits', () => {
  it('splits 11 fields into sections of 10 and 1', () => {
    // Arrange
    const fields = Array.from({ length: 11 }, (_, i) => `f${i}`);
    // Act
    const out = fieldSections(fields);
    // Assert
    expect(out.map((s) => s.fields?.length)).toEqual([10, 1]);
    expect(out[1]?.fields).toEqual([{ type: 'mrkdwn', text: 'f10' }]);
  });

  it('cuts a 2,500-character field to 2,000', () => {
    const [only] = fieldSections(['q'.repeat(2500)]);
    expect(only?.fields?.[0]?.text).toHaveLength(2000);
  });

  it('shows at most 10 context elements, the last saying how many more', () => {
    // Act
    const out = context(Array.from({ length: 12 }, (_, i) => `c${i}`));
    // Assert
    expect(out.elements).toHaveLength(10);
    expect(out.elements.at(-1)).toEqual({ type: 'mrkdwn', text: '…and 3 more' });
  });

  it('cuts header text to 150 and button text to 75', () => {
    expect(header('h'.repeat(200)).text.text).toHaveLength(150);
    expect(button({ text: 'b'.repeat(100), actionId: 'x' }).text.text).toHaveLength(75);
  });

  it('throws on an action id over 255 or a value over 2,000 characters', () => {
    expect(() => button({ text: 'ok', actionId: 'a'.repeat(256) })).toThrow(BlockLimitError);
    expect(() => button({ text: 'ok', actionId: 'a', value: 'v'.repeat(2001) })).toThrow(
      'button value is 2001 characters; Slack allows 2000',
    );
    expect(button({ text: 'ok', actionId: 'a', value: 'v'.repeat(2000) }).value).toHaveLength(2000);
  });
});

describe('validateBlocks', () => {
  it('allows 50 blocks in a message and 100 in the App Home, not one more', () => {
    const blocks = (n: number) => Array.from({ length: n }, () => divider);
    expect(() => validateBlocks(blocks(50), 'message')).not.toThrow();
    expect(() => validateBlocks(blocks(51), 'message')).toThrow('51 blocks; a message allows 50');
    expect(() => validateBlocks(blocks(100), 'home')).not.toThrow();
    expect(() => validateBlocks(blocks(101), 'home')).toThrow('101 blocks; a home allows 100');
  });

  it('rejects what the constructors never produce', () => {
    const long = { type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } } as const;
    const fields = {
      type: 'section',
      fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })),
    } as const;
    const empty = { type: 'section', text: { type: 'mrkdwn', text: '' } } as const;
    expect(() => validateBlocks([long], 'message')).toThrow(
      'block 0 (section) text is 3001 characters',
    );
    expect(() => validateBlocks([fields as KnownBlock], 'message')).toThrow('11 fields');
    expect(() => validateBlocks([empty], 'message')).toThrow('is empty');
  });

  it('rejects more than the message text budget', () => {
    // Arrange: 5 sections of 2,500 characters = 12,500 > 12,000.
    const blocks = Array.from({ length: 5 }, () => section('t'.repeat(2500)));
    // Act / Assert
    expect(() => validateBlocks(blocks, 'message')).toThrow(
      '12500 characters of text; the message budget is 12000',
    );
    expect(() => validateBlocks(blocks, 'home')).not.toThrow();
  });

  it('rejects duplicate block ids and duplicate action ids in one block', () => {
    const a = { type: 'divider', block_id: 'same' } as const;
    const dupActions: KnownBlock = {
      type: 'actions',
      elements: [button({ text: 'a', actionId: 'x' }), button({ text: 'b', actionId: 'x' })],
    };
    expect(() => validateBlocks([a, a], 'message')).toThrow('duplicate block_id');
    expect(() => validateBlocks([dupActions], 'message')).toThrow('duplicate action_id x');
  });

  it('has the documented limits', () => {
    expect(SLACK_LIMITS).toMatchObject({
      messageBlocks: 50,
      homeBlocks: 100,
      sectionText: 3000,
      fields: 10,
      fieldText: 2000,
      headerText: 150,
      buttonText: 75,
      buttonValue: 2000,
      actionId: 255,
      contextElements: 10,
    });
  });
});
