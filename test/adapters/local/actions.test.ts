/**
 * Meeting actions in the local workspace (issue 14, item 6), driven over HTTP as the page drives it:
 * the owner sees the action in her conversation with Tovholder with a Færdig button, the page's
 * click (/api/action) closes it and the message loses its button; `/tovholder handling` without words
 * opens the form, whose bad date is refused in Danish with nothing stored.
 */
import type { Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listen } from '../../../adapters/http.ts';
import { GENERAL_CHANNEL } from '../../../adapters/local/directory.ts';
import { silentLogger } from '../../../src/logger.ts';
import { localHarness, visibleText, type LocalHarness } from './harness.ts';

const mette = 'U-mette';
const anders = 'U-anders';

describe('meeting actions in the local workspace', () => {
  let h: LocalHarness;
  let server: Server;
  let url: string;

  beforeEach(async () => {
    h = await localHarness();
    ({ server, url } = await listen(h.adapter.routes, { port: 0, host: '127.0.0.1', logger: silentLogger() }));
  });
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
    await h.close();
  });

  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(response.status, await response.clone().text()).toBe(200);
    return response.json();
  };
  const page = async (as: string, channel: string): Promise<string> => (await (await fetch(`${url}/api/state?as=${as}&channel=${channel}`)).json()).html;
  const say = (as: string, channel: string, text: string) => post('/api/send', { as, channel, text });
  const stored = () => h.core.db.prepare('SELECT owner_name AS owner, text, status FROM meeting_actions').all();

  /** Mette's programme with Anders and Sofie in Havet, the time moved to after the kick-off workshop. */
  async function afterKickoff(): Promise<void> {
    await say(mette, GENERAL_CHANNEL, '/tovholder opret "Forløb 2027" 2027-01-04');
    await say(mette, GENERAL_CHANNEL, '/tovholder partnerskab "Havet" "Nordsøen Oceanarium" "Børnehaven Bjørnen" @anders=kultur @sofie=dagtilbud');
    // The page's "next activity" until the kick-off (the leaders' presentation in December comes first).
    let arrived = '';
    for (let i = 0; i < 5 && !arrived.startsWith('Opstartsworkshop'); i += 1) arrived = (await post('/api/time', { step: 'next' })).arrived;
    expect(arrived).toMatch(/^Opstartsworkshop/);
    await h.time.advanceBy(6 * 60 * 60_000);
  }

  it('shows the owner the action with Færdig, and the click closes it', async () => {
    await afterKickoff();
    await say(mette, GENERAL_CHANNEL, '/tovholder handling @anders "Send udkast til skolerne" 2027-01-20');
    await h.workspace.settle();
    expect(visibleText(h, GENERAL_CHANNEL, mette)).toContain('Handlingen «Send udkast til skolerne» er givet til');
    const dm = h.workspace.directChannel(anders).ref;
    const before = await page(anders, dm);
    expect(before).toContain('Send udkast til skolerne');
    const button = /<button [^>]*data-action-id="action\.done" data-value="([^"]+)" data-message="([^"]+)">Færdig<\/button>/.exec(before);
    expect(button, before).not.toBeNull();

    // Sofie cannot press it in Anders' conversation; Anders' click closes the action.
    await expect(fetch(`${url}/api/action`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ as: 'U-sofie', channel: dm, messageRef: button![2], actionId: 'action.done', value: button![1] }) }).then((r) => r.status)).resolves.not.toBe(200);
    await post('/api/action', { as: anders, channel: dm, messageRef: button![2], actionId: 'action.done', value: button![1] });
    await h.workspace.settle();
    expect(stored()).toEqual([{ owner: expect.stringMatching(/^anders/i), text: 'Send udkast til skolerne', status: 'done' }]);
    const after = await page(anders, dm);
    expect(after).toContain('er markeret som færdig');
    expect(after).toMatch(/✓ Færdig [a-zæøå]+ \d+\. januar 2027/);
    expect(after).not.toContain('data-action-id="action.done"');
    await say(mette, GENERAL_CHANNEL, '/tovholder handlinger');
    expect(visibleText(h, GENERAL_CHANNEL, mette)).toContain('Ingen åbne handlinger.');
  });

  it('opens the form for handling without words and refuses a date that does not exist', async () => {
    await afterKickoff();
    const { form } = await say(mette, GENERAL_CHANNEL, '/tovholder handling');
    expect(form.formId).toBe('action.add');
    expect(form.fields.map((f: { id: string; kind: string }) => `${f.id}:${f.kind}`)).toEqual(['owner:select', 'text:text', 'due:date', 'meeting:select']);
    const owner = form.fields[0].options.find((o: { label: string }) => /^anders/i.test(o.label)).value;
    const meeting = form.fields[3].initial;
    await post('/api/form', { as: mette, channel: GENERAL_CHANNEL, formId: form.formId, state: form.state, values: { owner, text: 'Book bussen', due: '31-02-2027', meeting } });
    expect(visibleText(h, GENERAL_CHANNEL, mette)).toContain('«2027-02-31» er ikke en gyldig dato');
    expect(stored()).toEqual([]);
    await post('/api/form', { as: mette, channel: GENERAL_CHANNEL, formId: form.formId, state: form.state, values: { owner, text: 'Book bussen', due: '2027-01-21', meeting } });
    expect(stored()).toEqual([{ owner: expect.stringMatching(/^anders/i), text: 'Book bussen', status: 'open' }]);
  });
});
