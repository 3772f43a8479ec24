// The ceiling for this stack: a bare Bolt app on the same HTTPReceiver and endpoint as the bot,
// whose `/scale` handler only calls ack(). No store, no metrics, no reply, no logging per request.
import bolt from '@slack/bolt';
import { serveRpc } from './rpc-child.mjs';

const { App, HTTPReceiver, LogLevel } = bolt;
const port = Number(process.env.PORT);
const receiver = new HTTPReceiver({
  signingSecret: process.env.SLACK_SIGNING_SECRET ?? '',
  endpoints: ['/slack/events'],
  port,
});
const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  receiver,
  convoStore: false,
  logLevel: LogLevel.WARN,
  // auth.test goes to the fake Slack once, at init, as the bot's does.
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
  deferInitialization: true,
});

app.command('/scale', async ({ ack }) => {
  await ack();
});

await app.init();
await app.start({ port, host: '127.0.0.1' });

serveRpc(
  {
    memory: () => process.memoryUsage(),
    stop: async () => {
      await app.stop();
      process.exit(0);
    },
  },
  { port },
);
