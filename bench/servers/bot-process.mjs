// The real bot, built (`npm run build`: dist/, what `npm start` runs), as a process of its own in
// HTTP mode, configured by its environment like `npm start`. The parent asks it for its memory,
// waits for its replies to go out, and stops it with a clean exit (so --cpu-prof writes a profile).
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
    idle: () => bot.idle(),
    stop: async () => {
      await bot.stop();
      process.exit(0);
    },
  },
  { port: bot.port },
);
