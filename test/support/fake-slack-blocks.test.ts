import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildScalingIndicators } from '../../blocks/scaling-indicators.js';
import type { IndicatorKey } from '../../src/domain/plan/schema.js';
import type { Indicator, TrendPeriod } from '../../src/domain/review-types.js';
import { cpu, review } from '../blocks/fixtures.js';
import { FakeSlack } from './fake-slack.js';

/**
 * The fake Slack checks the table and chart blocks against Slack's documented limits (so a test
 * fails on a block Slack would refuse), and can be told to refuse them outright.
 */

let fake: FakeSlack;
let client: WebClient;

beforeEach(async () => {
  fake = new FakeSlack();
  const { apiUrl } = await fake.start();
  client = new WebClient('xoxb-fake', { slackApiUrl: apiUrl, retryConfig: { retries: 0 } });
});

afterEach(async () => {
  await fake.close();
});

const categories = (n: number) => Array.from({ length: n }, (_, i) => `week ${i}`);

function chart(series: number, n = 3, title = 'Trend') {
  const labels = categories(n);
  return {
    type: 'data_visualization',
    title,
    chart: {
      type: 'line',
      series: Array.from({ length: series }, (_, s) => ({
        name: `series ${s}`,
        data: labels.map((label) => ({ label, value: s })),
      })),
      axis_config: { categories: labels },
    },
  };
}

const table = (rows: number) => ({
  type: 'table',
  rows: Array.from({ length: rows }, (_, i) => [{ type: 'raw_text', text: `row ${i}` }]),
});

async function post(blocks: unknown[]): Promise<string> {
  try {
    await client.chat.postMessage({ channel: 'C1', text: 'fallback', blocks: blocks as never });
    return 'ok';
  } catch (error) {
    return String((error as { data?: { error?: string } }).data?.error);
  }
}

describe('FakeSlack: the table and chart blocks, checked as Slack documents them', () => {
  it('takes them within their limits, and refuses each limit crossed with invalid_blocks', async () => {
    expect(await post([chart(6, 20, 't'.repeat(50)), chart(1), table(100)])).toBe('ok');
    expect(await post([chart(7)])).toBe('invalid_blocks');
    expect(await post([chart(1, 21)])).toBe('invalid_blocks');
    expect(await post([chart(1, 3, 't'.repeat(51))])).toBe('invalid_blocks');
    expect(await post([chart(1), chart(1), chart(1)])).toBe('invalid_blocks');
    expect(await post([table(101)])).toBe('invalid_blocks');
    expect(await post([table(1), table(1)])).toBe('invalid_blocks');
    expect(fake.blockRefusals()).toEqual([
      'series: 1 to 6 [json-pointer:/blocks/0]',
      'categories: 1 to 20 [json-pointer:/blocks/0]',
      'title: 1 to 50 characters [json-pointer:/blocks/0]',
      'at most 2 data_visualization blocks per message',
      'rows: 1 to 100 [json-pointer:/blocks/0]',
      'only one table per message',
    ]);
    expect(fake.messages('C1')).toHaveLength(1);
  });

  it('refuses them in the App Home', async () => {
    const publish = client.views.publish({
      user_id: 'U1',
      view: { type: 'home', blocks: [table(1)] as never },
    });
    await expect(publish).rejects.toMatchObject({ data: { error: 'invalid_arguments' } });
  });

  it('refuses every table and chart when told to, in messages, updates and response_url posts', async () => {
    // Arrange
    fake.refuseNativeBlocks();
    const plain = [{ type: 'section', text: { type: 'mrkdwn', text: 'the lines' } }];
    // Act
    const refused = await post([table(1)]);
    const taken = await post(plain);
    const url = fake.responseUrl('R1');
    const reply = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'x', blocks: [chart(1)] }),
    });
    // Assert
    expect([refused, taken]).toEqual(['invalid_blocks', 'ok']);
    expect([reply.status, await reply.text()]).toEqual([400, 'invalid_blocks']);
    expect(fake.blockRefusals()).toEqual([
      'unsupported type: table [json-pointer:/blocks/0/type]',
      'unsupported type: data_visualization [json-pointer:/blocks/0/type]',
    ]);
  });
});

describe('FakeSlack: the app builds the largest digest the limits allow, and Slack takes it', () => {
  it('twenty weeks of five indicators and the threshold, with 20-character names, and the table', async () => {
    const keys: IndicatorKey[] = ['cpu', 'memory', 'dbConnections', 'responseTimeP95', 'errorRate'];
    const indicators: Indicator[] = keys.map((key) => ({
      ...cpu,
      key,
      label: `${key} ${'x'.repeat(30)}`,
    }));
    const trend: TrendPeriod[] = Array.from({ length: 30 }, (_, i) => ({
      key: `2025-W${String(i + 10).padStart(2, '0')}`,
      start: new Date(Date.UTC(2025, 2, 3) + i * 7 * 86_400_000).toISOString(),
      readings: keys.map((indicator) => ({ indicator, value: 50 + i, threshold: 75 })),
    }));
    const payload = buildScalingIndicators({
      reviewId: 'rev1',
      review: review({ indicators, trend }),
      weekLabel: 'Week 39, 2025',
      conversationsThisMonth: 300,
      sourceLine: 'CloudWatch',
      decisions: {},
    });
    expect(await post(payload.blocks)).toBe('ok');
    expect(await post(payload.plain ?? [])).toBe('ok');
    expect(fake.blockRefusals()).toEqual([]);
  });
});
