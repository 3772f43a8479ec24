#!/usr/bin/env node
import { withDotEnv } from './bootstrap/dotenv.js';
import { ignoreBrokenStdio } from './bootstrap/log-destination.js';
import { installShutdown } from './bootstrap/shutdown.js';
import { startBot } from './bootstrap/start-bot.js';
import { describeStartupError } from './bootstrap/startup-error.js';
import { processEnvironment } from './config/process-env.js';

// `npm start`: the Slack bot. Configuration comes from the environment and ./.env (README "Running the bot").
ignoreBrokenStdio();
try {
  const cwd = process.cwd();
  const bot = await startBot({ env: await withDotEnv(processEnvironment(), cwd), cwd });
  installShutdown(bot, bot.logger, { drainMs: bot.drainMs, flushLogs: bot.flushLogs });
  // Only now: a SIGTERM sent on seeing this line gets the clean shutdown it expects.
  bot.announce();
} catch (error) {
  const failure = describeStartupError(error);
  for (const line of failure.lines) process.stderr.write(`scale-review: ${line}\n`);
  process.exit(failure.exitCode);
}
