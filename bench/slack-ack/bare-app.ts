/**
 * Child process: the baseline. A bare Bolt App on its own HTTPReceiver (the receiver the bot uses),
 * same signing secret, whose only listener acks `/tovholder`. Single-workspace set-up as in Bolt's
 * quick start: `token` is checked once with auth.test (against the fake Slack) at start-up.
 * Prints `bare Bolt listening on <url>` when it accepts requests.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';

const { SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, SLACK_API_URL } = process.env;
if (!SLACK_SIGNING_SECRET || !SLACK_BOT_TOKEN || !SLACK_API_URL) throw new Error('bare-app needs SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN and SLACK_API_URL');

// Same log level as the bot (LOG_LEVEL=warn), so neither writes a line per request.
const receiver = new HTTPReceiver({ signingSecret: SLACK_SIGNING_SECRET, endpoints: '/slack/events', logLevel: LogLevel.WARN });
const app = new App({ token: SLACK_BOT_TOKEN, receiver, logLevel: LogLevel.WARN, clientOptions: { slackApiUrl: SLACK_API_URL } });

app.command('/tovholder', async ({ ack }) => {
  await ack();
});

const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
const { port } = server.address() as AddressInfo;
process.stdout.write(`bare Bolt listening on http://127.0.0.1:${port}/slack/events\n`);
process.once('SIGTERM', () => void app.stop().finally(() => process.exit(0)));
