import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFerretDb } from '../../setup/ferretdb.js';
import { firstHost, startTcpProxy } from '../../store/support/tcp-proxy.js';

/**
 * A MongoDB-wire server this test may stop and start again on the same port, with the same data
 * (the approach of test/store/mongo.test.ts): a FerretDB of its own when the run built one, else a
 * TCP proxy in front of MONGODB_URL that drops every connection while "down".
 */
export interface PrivateMongo {
  /** `mongodb://host:port/` (no database), plus `directConnection` for the proxy. */
  url: string;
  /** True when this is a FerretDB the suite started (it accepts any credentials over PLAIN). */
  ownServer: boolean;
  down(): Promise<void>;
  up(): Promise<void>;
  dispose(): Promise<void>;
}

export async function startPrivateMongo(
  sharedUrl: string,
  ferretdbBinary: string | null,
): Promise<PrivateMongo> {
  if (ferretdbBinary !== null) {
    const dataDir = mkdtempSync(join(tmpdir(), 'scale-review-reliability-db-'));
    let server = await startFerretDb({ binary: ferretdbBinary, dataDir });
    const { port } = server;
    let running = true;
    return {
      url: server.url,
      ownServer: true,
      async down() {
        // SIGKILL: a crash, not a clean shutdown.
        await server.stop('SIGKILL');
        running = false;
      },
      async up() {
        server = await startFerretDb({ binary: ferretdbBinary, dataDir, port });
        running = true;
      },
      async dispose() {
        if (running) await server.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const proxy = await startTcpProxy(firstHost(sharedUrl));
  const url = sharedUrl.replace(
    /^mongodb:\/\/((?:[^@/]*@)?)[^/?]*/,
    `mongodb://$1127.0.0.1:${proxy.port}`,
  );
  return {
    url: `${url}${url.includes('?') ? '&' : '?'}directConnection=true`,
    ownServer: false,
    down: () => proxy.stop(),
    up: () => proxy.start(),
    dispose: () => proxy.stop(),
  };
}
