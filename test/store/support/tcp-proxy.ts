import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy to a MongoDB server that a test can take down and bring back on the same
 * port: the outage test uses it when MONGODB_URL points at a server the test cannot stop.
 */
export interface TcpProxy {
  port: number;
  /** Close the listener and cut every open connection (the server "goes away"). */
  stop(): Promise<void>;
  /** Listen again on the same port. */
  start(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const next = createServer((client) => {
        const upstream = createConnection(target);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => socket.destroy());
        }
        client.pipe(upstream).pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => {
        const address = next.address();
        port = typeof address === 'object' && address !== null ? address.port : port;
        server = next;
        resolve();
      });
    });

  await listen();
  return {
    get port() {
      return port;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        if (!server) return resolve();
        server.close(() => resolve());
        server = undefined;
      }),
    start: listen,
  };
}

/** host and port of the first host in a mongodb:// URL. */
export function firstHost(url: string): { host: string; port: number } {
  const match = /^mongodb:\/\/(?:[^@/]*@)?([^,/?:]+)(?::(\d+))?/.exec(url);
  if (!match?.[1]) {
    throw new Error(
      'the outage test needs a plain mongodb://host:port MONGODB_URL (not mongodb+srv), or MONGODB_URL unset to use FerretDB',
    );
  }
  return { host: match[1], port: Number(match[2] ?? 27017) };
}
