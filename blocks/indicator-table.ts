import type { RawTextElement, TableBlock } from '@slack/types';
import { formatIndicatorValue } from '../src/domain/engine/indicator-text.js';
import type { Indicator, IndicatorStatus } from '../src/domain/review-types.js';
import { SLACK_LIMITS, truncate } from './limits.js';
import { describeDelta, escapeMrkdwn } from './text.js';

/**
 * The indicators as a table block (messages only, one per message): value, threshold, status and
 * the change since the last review, one row each. The App Home and the fallback keep the mrkdwn
 * lines (recommendations.ts `indicatorLine`). Cells are raw text: Unicode status marks, since
 * raw text shows no `:emoji:` codes.
 */

const STATUS_CELL = {
  ok: '🟢 OK',
  approaching: '🟡 Approaching',
  over: '🔴 Over',
  critical: '‼️ Critical',
  unknown: '⚪ Unknown',
} as const satisfies Record<IndicatorStatus, string>;

const HEADER = ['Indicator', 'Value', 'Threshold', 'Status', 'Change'] as const;

/** Table rows the indicators may fill: the header takes one of Slack's 100. */
const MAX_INDICATOR_ROWS = SLACK_LIMITS.tableRows - 1;

/** A cell's text: never empty (Slack refuses an empty cell), cut visibly at 100 characters. */
function cell(text: string): RawTextElement {
  return { type: 'raw_text', text: text === '' ? '—' : truncate(text, 100) };
}

function row(indicator: Indicator): RawTextElement[] {
  const { unit } = indicator;
  return [
    cell(indicator.label),
    cell(indicator.value === null ? 'no data' : formatIndicatorValue(unit, indicator.value)),
    cell(indicator.threshold === null ? '—' : formatIndicatorValue(unit, indicator.threshold)),
    cell(STATUS_CELL[indicator.status]),
    cell(indicator.delta === null ? '—' : describeDelta(indicator.delta, unit)),
  ];
}

/** The table block of the indicators (at most 99 rows: more would not fit Slack's 100). */
export function indicatorTable(indicators: readonly Indicator[]): TableBlock {
  return {
    type: 'table',
    column_settings: [
      { is_wrapped: true },
      { align: 'right' },
      { align: 'right' },
      { align: 'left' },
      { align: 'right' },
    ],
    rows: [HEADER.map(cell), ...indicators.slice(0, MAX_INDICATOR_ROWS).map(row)],
  };
}

/**
 * What the mrkdwn lines say beside a value and the table has no column for: each indicator's note
 * ("Server CPU: _partial window_"), and why an unknown one is unknown (the data-quality line
 * leaves that to the indicator).
 */
export function indicatorNotes(indicators: readonly Indicator[]): string[] {
  return indicators.flatMap((i) =>
    i.note ? [`${escapeMrkdwn(i.label)}: _${escapeMrkdwn(i.note)}_`] : [],
  );
}
