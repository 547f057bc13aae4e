/**
 * The load generator: correctly signed slash-command POSTs over node:http with a keep-alive agent,
 * each timed from the request being handed to the socket layer until its response has fully arrived
 * (the ack is an empty 200). Signing and building the body happen before the clock starts: they are
 * the client's work, not the server's. The same client serves both servers.
 */
import { Agent, request } from 'node:http';
import { CONSULTANT, SIGNING_SECRET, TEAM } from '../../test/support/slack-harness.ts';
import { slackSignature, slashCommandBody } from '../../test/support/slack-requests.ts';
import type { Command, Kind } from './mix.ts';

export interface Shot extends Command {
  responseUrl: string;
  triggerId: string;
}

export interface Sample {
  kind: Kind;
  /** When the request was sent (performance.now() of the bench process), and how long its ack took. */
  at: number;
  ms: number;
  /** HTTP status, or 0 for a network error. */
  status: number;
}

function signed(shot: Shot): { body: string; headers: Record<string, string> } {
  // slashCommandBody reads only the form fields; url and signingSecret are for sending, done here.
  const body = slashCommandBody({
    url: '',
    signingSecret: SIGNING_SECRET,
    command: '/tovholder',
    text: shot.text,
    teamId: TEAM,
    userId: shot.userId,
    userName: shot.userId === CONSULTANT ? 'karen' : undefined,
    channelId: shot.channelId,
    responseUrl: shot.responseUrl,
    triggerId: shot.triggerId,
  }).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  return {
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': String(Buffer.byteLength(body)),
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(SIGNING_SECRET, timestamp, body),
    },
  };
}

/** Keep-alive connections to one server; `concurrency` sockets at most. */
export class Client {
  private readonly agent: Agent;
  private readonly url: URL;

  constructor(eventsUrl: string, concurrency: number) {
    this.url = new URL(eventsUrl);
    this.agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  }

  send(shot: Shot): Promise<Sample> {
    const { body, headers } = signed(shot);
    const { hostname, port, pathname } = this.url;
    return new Promise((resolve) => {
      const started = performance.now();
      const done = (status: number): void => resolve({ kind: shot.kind, at: started, ms: performance.now() - started, status });
      const req = request({ agent: this.agent, host: hostname, port, path: pathname, method: 'POST', headers }, (res) => {
        res.resume();
        res.once('end', () => done(res.statusCode ?? 0));
        res.once('error', () => done(0));
      });
      req.once('error', () => done(0));
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/**
 * Sends every shot with `concurrency` in flight at all times (closed loop: the next one goes out when
 * an ack comes back); returns the samples in the order of `shots`. A fresh client per call, closed
 * afterwards, so each round starts with `concurrency` new connections for either server and no
 * socket idles across rounds.
 */
export async function fire(eventsUrl: string, shots: Shot[], concurrency: number): Promise<Sample[]> {
  const client = new Client(eventsUrl, concurrency);
  // In the order of `shots`, so a sample can be matched with its shot's answer.
  const samples: Sample[] = new Array<Sample>(shots.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < shots.length) {
      const index = next++;
      samples[index] = await client.send(shots[index]!);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, shots.length) }, worker));
  } finally {
    client.close();
  }
  return samples;
}
