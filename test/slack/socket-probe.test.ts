import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeWebSocket } from '../../src/slack/receivers/socket-probe.js';
import { freePort, TEST_APP_TOKEN } from '../support/bot-harness.js';
import { FakeSlack } from '../support/fake-slack.js';

/** Why a Socket Mode WebSocket does not open, found by doing the handshake step by step. */
describe('probeWebSocket', () => {
  const slack = new FakeSlack();
  let socketUrl: URL;
  let silent: Server;
  const held: Socket[] = [];

  beforeAll(async () => {
    const { apiUrl } = await slack.start();
    const opened = await fetch(`${apiUrl}apps.connections.open`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_APP_TOKEN}` },
    });
    socketUrl = new URL(((await opened.json()) as { url: string }).url);
    // Holds every connection without a byte; destroyed at the end.
    silent = createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    for (const socket of held) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
    await slack.close();
  });

  it.each([
    ['forbidden', 'the WebSocket upgrade was answered HTTP 403 Forbidden'],
    ['reset', 'the connection was closed during the WebSocket handshake, without an answer'],
  ] as const)('names a refused upgrade (%s, as a proxy or a firewall does)', async (how, cause) => {
    // Arrange
    slack.refuseSockets(how, 1);

    // Act
    const found = await probeWebSocket(socketUrl);

    // Assert
    expect(found).toBe(cause);
    expect(slack.socketsRefused()).toBeGreaterThan(0);
  });

  it('says when the handshake goes through', async () => {
    // Act
    const found = await probeWebSocket(socketUrl);

    // Assert
    expect(found).toBe('the WebSocket handshake succeeds now (the failure was transient)');
  });

  it('names a refused connection and a host that does not resolve', async () => {
    // Act
    const refused = await probeWebSocket(new URL(`ws://127.0.0.1:${await freePort()}/link/`));
    const unknown = await probeWebSocket(new URL('wss://wss-primary.slack.invalid/link/'));

    // Assert
    expect(refused).toBe('the connection was refused (ECONNREFUSED)');
    expect(unknown).toMatch(
      /^cannot resolve wss-primary\.slack\.invalid \((ENOTFOUND|EAI_AGAIN)\)$/,
    );
  });

  it('gives up on a server that never answers', async () => {
    // Act
    const { port } = silent.address() as { port: number };
    const found = await probeWebSocket(new URL(`ws://127.0.0.1:${port}/link/`), 200);

    // Assert
    expect(found).toBe('no answer within 0.2 s');
  });
});
