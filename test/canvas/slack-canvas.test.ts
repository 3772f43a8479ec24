import { WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CanvasGoneError,
  CanvasRefusedError,
  CanvasUnavailableError,
} from '../../src/canvas/port.js';
import { createSlackCanvas } from '../../src/canvas/slack-canvas.js';
import { FakeSlack, type FakeSlackOptions } from '../support/fake-slack.js';

/**
 * The canvas adapter against the fake Slack (through @slack/web-api): what each call sends, what
 * the fake keeps (blocks with their section ids), and how each refusal comes back.
 */

const TOKEN = 'xoxb-canvas-test';
let fake: FakeSlack;

async function start(options: FakeSlackOptions = {}) {
  fake = new FakeSlack(options);
  const { apiUrl } = await fake.start();
  const client = new WebClient(TOKEN, {
    slackApiUrl: apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
  return createSlackCanvas(client);
}

afterEach(async () => {
  await fake?.close();
});

const DOC = [
  '## Open actions',
  '',
  '_Scale Review plan: open actions · Week 50, 2026_\\',
  '• **Add a server** · open',
  '',
  '## Decisions log',
  '',
  '_Scale Review plan: decisions log · Week 50, 2026_\\',
  '• No decision yet.',
].join('\n');

describe('the canvas adapter and the fake Slack', () => {
  it('creates the channel canvas, finds a paragraph by its marker and a heading by type, and replaces one block', async () => {
    // Arrange
    const api = await start();
    // Act
    const id = await api.createChannelCanvas('C0OPS', 'Capacity plan', DOC);
    const [paragraph] = await api.findSections(id, {
      containsText: 'Scale Review plan: open actions',
    });
    const headings = await api.findSections(id, { sectionTypes: ['h2'], containsText: 'Open' });
    await api.edit(id, {
      operation: 'replace',
      sectionId: paragraph as string,
      markdown: '_Scale Review plan: open actions · Week 50, 2026_\\\n• **Add a server** · done',
    });
    // Assert
    expect(fake.calls('conversations.canvases.create')[0]?.args).toEqual({
      channel_id: 'C0OPS',
      title: 'Capacity plan',
      document_content: { type: 'markdown', markdown: DOC },
    });
    expect(fake.calls('canvases.sections.lookup').map((c) => c.args.criteria)).toEqual([
      { contains_text: 'Scale Review plan: open actions' },
      { contains_text: 'Open', section_types: ['h2'] },
    ]);
    expect(fake.calls('canvases.edit')[0]?.args.changes).toEqual([
      {
        operation: 'replace',
        section_id: paragraph,
        document_content: {
          type: 'markdown',
          markdown:
            '_Scale Review plan: open actions · Week 50, 2026_\\\n• **Add a server** · done',
        },
      },
    ]);
    const canvas = fake.canvases.of('C0OPS');
    expect(canvas?.title).toBe('Capacity plan');
    expect(canvas?.blocks.map((b) => b.type)).toEqual(['h2', 'paragraph', 'h2', 'paragraph']);
    expect(headings).toEqual([canvas?.blocks[0]?.id]);
    expect(canvas?.blocks[1]?.id).not.toBe(paragraph);
    expect(canvas?.blocks[1]?.text).toBe(
      'Scale Review plan: open actions · Week 50, 2026\n• Add a server · done',
    );
    expect(fake.canvases.markdown('C0OPS')).toBe(DOC.replace('· open', '· done'));
  });

  it('inserts after a section, at the end, and deletes, one operation per call', async () => {
    // Arrange
    const api = await start();
    const id = await api.createChannelCanvas('C0OPS', 'Capacity plan', '## A\n\ntext a');
    const [a] = await api.findSections(id, { sectionTypes: ['any_header'], containsText: 'a' });
    // Act
    await api.edit(id, { operation: 'insert_after', sectionId: a as string, markdown: 'after a' });
    await api.edit(id, { operation: 'insert_at_end', markdown: '## B\n\ntext b' });
    await api.edit(id, { operation: 'insert_at_start', markdown: 'first' });
    const [textA] = await api.findSections(id, { containsText: 'TEXT A' });
    await api.edit(id, { operation: 'delete', sectionId: textA as string });
    // Assert
    expect(fake.canvases.markdown('C0OPS')).toBe('first\n\n## A\n\nafter a\n\n## B\n\ntext b');
    expect(fake.canvases.of('C0OPS')?.edits.map((e) => e.operation)).toEqual([
      'insert_after',
      'insert_at_end',
      'insert_at_start',
      'delete',
    ]);
  });

  it('maps refusals: canvases off, a channel canvas that is not ours, a missing scope, a restricted action', async () => {
    // Arrange
    const api = await start({ tokenScopes: { 'xoxb-no-canvas': ['chat:write'] } });
    fake.canvases.addForeign('C0THEIRS', '# Team notes');
    const refusal = (p: Promise<unknown>) =>
      p.then(
        () => null,
        (e: unknown) => e,
      );
    // Act
    const theirs = await refusal(api.createChannelCanvas('C0THEIRS', 'Capacity plan', DOC));
    const ours = await api.createChannelCanvas('C0OPS', 'Capacity plan', DOC);
    fake.canvases.refuse('restricted');
    const restricted = await refusal(api.edit(ours, { operation: 'insert_at_end', markdown: 'x' }));
    fake.canvases.refuse('disabled');
    const disabled = await refusal(api.createChannelCanvas('C0NEW', 'Capacity plan', DOC));
    const disabledLookup = await refusal(api.findSections(ours, { containsText: 'x' }));
    fake.canvases.refuse(null);
    const { apiUrl } = await fake.start();
    const unscoped = createSlackCanvas(
      new WebClient('xoxb-no-canvas', { slackApiUrl: apiUrl, retryConfig: { retries: 0 } }),
    );
    const scope = await refusal(unscoped.createChannelCanvas('C0NEW', 'Capacity plan', DOC));
    // Assert
    expect(theirs).toMatchObject({ code: 'channel_canvas_already_exists' });
    expect(restricted).toMatchObject({ code: 'restricted_action' });
    expect(disabled).toMatchObject({ code: 'canvas_disabled_user_team' });
    expect(disabledLookup).toMatchObject({ code: 'canvas_disabled_user_team' });
    expect(scope).toMatchObject({ code: 'missing_scope', needed: 'canvases:write' });
    for (const e of [theirs, restricted, disabled, disabledLookup, scope]) {
      expect(e).toBeInstanceOf(CanvasRefusedError);
    }
    expect(fake.canvases.markdown('C0THEIRS')).toBe('# Team notes');
    expect(fake.canvases.of('C0NEW')).toBeNull();
  });

  it('says a deleted canvas is gone, and a stale section or a failed call is worth another try', async () => {
    // Arrange
    const api = await start();
    const id = await api.createChannelCanvas('C0OPS', 'Capacity plan', DOC);
    const failureOf = (p: Promise<unknown>) =>
      p.then(
        () => null,
        (e: unknown) => e,
      );
    // Act
    const stale = await failureOf(
      api.edit(id, { operation: 'replace', sectionId: 'temp:C:nope', markdown: 'x' }),
    );
    fake.script('canvases.sections.lookup', { kind: 'httpError', status: 503 });
    const down = await failureOf(api.findSections(id, { containsText: 'x' }));
    fake.canvases.delete('C0OPS');
    const gone = await failureOf(api.findSections(id, { containsText: 'x' }));
    // Assert
    expect(stale).toBeInstanceOf(CanvasUnavailableError);
    expect(stale).toMatchObject({ code: 'canvas_editing_failed' });
    expect(down).toBeInstanceOf(CanvasUnavailableError);
    expect(down).toMatchObject({ code: 'http_503' });
    expect(gone).toBeInstanceOf(CanvasGoneError);
    expect(gone).toMatchObject({ code: 'canvas_not_found' });
  });

  it('refuses a call with several operations, as Slack does', async () => {
    // Arrange
    const api = await start();
    const id = await api.createChannelCanvas('C0OPS', 'Capacity plan', DOC);
    const client = new WebClient(TOKEN, {
      slackApiUrl: (await fake.start()).apiUrl,
      retryConfig: { retries: 0 },
    });
    // Act
    const both = client.canvases.edit({
      canvas_id: id,
      changes: [
        { operation: 'insert_at_end', document_content: { type: 'markdown', markdown: 'a' } },
        { operation: 'insert_at_end', document_content: { type: 'markdown', markdown: 'b' } },
      ],
    });
    // Assert
    await expect(both).rejects.toMatchObject({ data: { error: 'invalid_arguments' } });
    expect(fake.canvases.markdown('C0OPS')).toBe(DOC);
  });
});
