import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * A minimal WebSocket endpoint (RFC 6455, no extensions) standing in for Slack's Socket Mode
 * server: it completes the handshake, says `hello` like Slack, answers pings, records what the
 * client sends (envelope acks) and lets a test push envelopes. It can also refuse upgrades as a
 * proxy or firewall that lets HTTPS through but not WebSockets would (`refuse`), and drop the open
 * connections without a close frame (`closeAll`).
 */

/**
 * How an upgrade is refused: `forbidden` answers `HTTP/1.1 403 Forbidden` (a proxy that blocks
 * WebSocket upgrades), `reset` closes the connection without a byte (a firewall).
 */
export type SocketRefusal = 'forbidden' | 'reset';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export interface SocketConnection {
  id: number;
  /** Request path and query, e.g. `/link/?ticket=1&app_id=A0`. */
  url: string;
  openedAt: number;
  /** Text frames received from the client, JSON-decoded when possible. */
  received: unknown[];
  closed: boolean;
}

function frame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  if (len < 126) return Buffer.concat([Buffer.from([0x80 | opcode, len]), payload]);
  if (len < 65536) {
    const head = Buffer.alloc(4);
    head[0] = 0x80 | opcode;
    head[1] = 126;
    head.writeUInt16BE(len, 2);
    return Buffer.concat([head, payload]);
  }
  const head = Buffer.alloc(10);
  head[0] = 0x80 | opcode;
  head[1] = 127;
  head.writeBigUInt64BE(BigInt(len), 2);
  return Buffer.concat([head, payload]);
}

interface Frame {
  opcode: number;
  payload: Buffer;
  size: number;
}

/** Decodes one (masked, unfragmented) client frame from the front of `buf`, or null if incomplete. */
export function decodeFrame(buf: Buffer): Frame | null {
  if (buf.length < 2) return null;
  const opcode = (buf[0] ?? 0) & 0x0f;
  const masked = ((buf[1] ?? 0) & 0x80) !== 0;
  let len = (buf[1] ?? 0) & 0x7f;
  let offset = 2;
  if (len === 126) {
    if (buf.length < 4) return null;
    len = buf.readUInt16BE(2);
    offset = 4;
  } else if (len === 127) {
    if (buf.length < 10) return null;
    len = Number(buf.readBigUInt64BE(2));
    offset = 10;
  }
  const maskLen = masked ? 4 : 0;
  if (buf.length < offset + maskLen + len) return null;
  const mask = buf.subarray(offset, offset + maskLen);
  const payload = Buffer.from(buf.subarray(offset + maskLen, offset + maskLen + len));
  if (masked)
    for (let i = 0; i < payload.length; i += 1) payload[i] = (payload[i] ?? 0) ^ (mask[i % 4] ?? 0);
  return { opcode, payload, size: offset + maskLen + len };
}

export class SocketHub {
  private readonly connections: { record: SocketConnection; socket: Duplex }[] = [];
  private refusal: { how: SocketRefusal; left: number } | null = null;
  /** Upgrades refused so far. */
  refused = 0;

  constructor(
    private readonly clock: () => number,
    private readonly hello: (connection: SocketConnection) => unknown,
  ) {}

  list(): SocketConnection[] {
    return this.connections.map((c) => c.record);
  }

  /** Refuses the next `count` upgrades (default: all of them until `refuse(null)`). */
  refuse(how: SocketRefusal | null, count = Number.POSITIVE_INFINITY): void {
    this.refusal = how === null ? null : { how, left: count };
  }

  /** True when this upgrade was refused (and answered as the refusal says). */
  private refuseIfAsked(socket: Duplex): boolean {
    if (this.refusal === null || this.refusal.left <= 0) return false;
    this.refusal.left -= 1;
    this.refused += 1;
    if (this.refusal.how === 'reset') socket.destroy();
    else socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    return true;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex): void {
    socket.on('error', () => undefined);
    if (this.refuseIfAsked(socket)) return;
    const key = req.headers['sec-websocket-key'];
    if (typeof key !== 'string') {
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    const accept = createHash('sha1').update(`${key}${GUID}`).digest('base64');
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    const record: SocketConnection = {
      id: this.connections.length + 1,
      url: req.url ?? '/',
      openedAt: this.clock(),
      received: [],
      closed: false,
    };
    this.connections.push({ record, socket });
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (let f = decodeFrame(pending); f !== null; f = decodeFrame(pending)) {
        pending = pending.subarray(f.size);
        this.onFrame(record, socket, f);
      }
    });
    socket.on('close', () => {
      record.closed = true;
    });
    socket.on('error', () => {
      record.closed = true;
    });
    this.sendTo(socket, this.hello(record));
  }

  private onFrame(record: SocketConnection, socket: Duplex, f: Frame): void {
    if (f.opcode === 0x1) {
      const text = f.payload.toString('utf8');
      try {
        record.received.push(JSON.parse(text));
      } catch {
        record.received.push(text);
      }
    } else if (f.opcode === 0x9) {
      socket.write(frame(0xa, f.payload));
    } else if (f.opcode === 0x8) {
      record.closed = true;
      socket.end(frame(0x8, f.payload.subarray(0, 2)));
    }
  }

  private sendTo(socket: Duplex, message: unknown): void {
    socket.write(frame(0x1, Buffer.from(JSON.stringify(message), 'utf8')));
  }

  /** Sends a JSON message (e.g. an `events_api` envelope) to one open connection or all of them. */
  send(message: unknown, connectionId?: number): number {
    const targets = this.connections.filter(
      (c) => !c.record.closed && (connectionId === undefined || c.record.id === connectionId),
    );
    for (const c of targets) this.sendTo(c.socket, message);
    return targets.length;
  }

  /** Drops every open connection without a close frame, as a lost network does. */
  closeAll(): void {
    for (const c of this.connections) {
      if (!c.record.closed) c.socket.destroy();
      c.record.closed = true;
    }
  }

  clear(): void {
    this.closeAll();
    this.connections.length = 0;
    this.refusal = null;
    this.refused = 0;
  }
}
