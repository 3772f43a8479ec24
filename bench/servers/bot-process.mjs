// The real bot, built (`npm run build`: dist/, what `npm start` runs), as a process of its own in
// HTTP mode, configured by its environment like `npm start`. The parent asks it for its memory,
// waits for its replies to go out, and stops it with a clean exit (so --cpu-prof writes a profile).
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8';
import { startBot } from '../../dist/src/bootstrap/start-bot.js';
import { serveRpc } from './rpc-child.mjs';

const bot = await startBot({
  env: process.env,
  cwd: process.cwd(),
  overrides: { host: '127.0.0.1' },
});

serveRpc(
  {
    memory: (params) => {
      if (params?.collect === true && typeof globalThis.gc === 'function') {
        globalThis.gc();
        globalThis.gc();
      }
      return process.memoryUsage();
    },
    inFlight: () => bot.slackDeps.tracker.size,
    /** V8's heap spaces: what each holds in use, and what it keeps committed. */
    heapSpaces: () =>
      getHeapSpaceStatistics().map((s) => ({
        name: s.space_name,
        size: s.space_size,
        used: s.space_used_size,
        available: s.space_available_size,
        physical: s.physical_space_size,
      })),
    /** A heap snapshot written to `path` (after a full GC, which writing one does anyway). */
    heapSnapshot: (path) => writeHeapSnapshot(String(path)),
    /** What the answer path holds: answers waiting or running, work tracked, open connections. */
    holding: async () => ({
      queued: bot.slackDeps.answers.queued,
      active: bot.slackDeps.answers.active,
      tracked: bot.slackDeps.tracker.size,
      activeHandles: process.getActiveResourcesInfo().length,
      /** The highest RSS so far (bytes). */
      maxRss: process.resourceUsage().maxRSS * 1024,
    }),
    idle: () => bot.idle(),
    stop: async () => {
      await bot.stop();
      process.exit(0);
    },
  },
  { port: bot.port },
);
