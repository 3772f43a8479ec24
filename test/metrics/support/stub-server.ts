import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A loopback HTTP server for the answers moto cannot give (throttling, auth errors, paging, silence). */
export interface StubServer {
  url: string;
  /** Requests received (every SDK attempt counts). */
  requests: { target: string; body: string }[];
  close(): Promise<void>;
}

export type StubHandler = (
  request: { target: string; body: string },
  response: ServerResponse,
) => void;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startStub(handler: StubHandler): Promise<StubServer> {
  const requests: StubServer['requests'] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const target = String(req.headers['x-amz-target'] ?? '');
      requests.push({ target, body });
      handler({ target, body }, res);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** An AWS JSON-1.0 (query-compatible) error, as CloudWatch sends it. */
export function awsError(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    'x-amzn-query-error': `${code};Sender`,
    'x-amzn-requestid': 'stub-request',
  });
  res.end(JSON.stringify({ __type: `com.amazonaws.cloudwatch#${code}`, message }));
}

export function awsJson(res: ServerResponse, body: unknown): void {
  res.writeHead(200, {
    'content-type': 'application/x-amz-json-1.0',
    'x-amzn-requestid': 'stub-request',
  });
  res.end(JSON.stringify(body));
}
