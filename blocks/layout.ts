import { moreLine, section } from './elements.js';
import { type Budget, fitItems, packLines, SLACK_LIMITS, spend } from './limits.js';
import type { SlackBlock } from './native-types.js';

/**
 * Lists of lines packed into sections (within 3,000 characters each), as many sections as the
 * budget allows, then "…and N more <noun>" counting the lines left out.
 */
export function fitLines(
  lines: readonly string[],
  budget: Budget,
  noun: string,
  hint?: string,
): SlackBlock[] {
  const chunks = packChunks(lines);
  return fitItems(
    chunks,
    (chunk) => [section(chunk.text)],
    budget,
    (remaining) => moreLine(sumCounts(chunks.slice(chunks.length - remaining)), noun, hint),
  );
}

interface Chunk {
  text: string;
  count: number;
}

function packChunks(lines: readonly string[]): Chunk[] {
  // Pack one line at a time so each chunk knows how many lines it holds.
  const chunks: Chunk[] = [];
  for (const line of lines) {
    const [packed] = packLines([line], SLACK_LIMITS.sectionText);
    if (packed === undefined) continue;
    const last = chunks.at(-1);
    if (last && last.text.length + 1 + packed.length <= SLACK_LIMITS.sectionText) {
      last.text = `${last.text}\n${packed}`;
      last.count += 1;
    } else {
      chunks.push({ text: packed, count: 1 });
    }
  }
  return chunks;
}

function sumCounts(chunks: readonly Chunk[]): number {
  return chunks.reduce((n, c) => n + c.count, 0);
}

/** What each later list keeps back so that it can at least say "…and N more". */
const LIST_RESERVE: Budget = { blocks: 2, chars: 300 };

/**
 * Lays out a surface from fixed head and tail blocks and a series of lists that share what is
 * left of the budget, in order (earlier lists have priority). Each list keeps room for the lists
 * after it to show at least a heading or an "…and N more" line, so nothing disappears silently.
 */
export function composeBlocks(
  head: readonly SlackBlock[],
  lists: readonly ((budget: Budget) => SlackBlock[])[],
  tail: readonly SlackBlock[],
  budget: Budget,
): SlackBlock[] {
  let left = spend(budget, [...head, ...tail]);
  const middle: SlackBlock[] = [];
  lists.forEach((list, index) => {
    const later = lists.length - index - 1;
    const blocks = list({
      blocks: left.blocks - later * LIST_RESERVE.blocks,
      chars: left.chars - later * LIST_RESERVE.chars,
    });
    middle.push(...blocks);
    left = spend(left, blocks);
  });
  return [...head, ...middle, ...tail];
}
