/** Driving a Tovholder modal in the fake Slack as the consultant: open it, read its fields, submit it. */
import { expect } from 'vitest';
import { CONSULTANT, SIGNING_SECRET, TEAM, waitFor } from '../support/slack-harness.ts';
import { blockAction, slashCommand, submittedValues, viewSubmission, type ModalInputBlock } from '../support/slack-requests.ts';
import { buttonsOf, readable, type SlackEvaluationWorld } from '../support/slack-evaluations.ts';

export interface OpenedModal {
  responseUrl: string;
  view: { callback_id: string; private_metadata: string; title: { text: string }; blocks: ModalInputBlock[] };
}

/** A block of the modal as views.open got it, with the labels people read. */
export type ShownBlock = Omit<ModalInputBlock, 'element'> & { label?: { text: string }; element?: { type: string; options?: { value: string; text: { text: string } }[]; initial_option?: { text: { text: string } } } };
export const shown = (modal: OpenedModal, field: string): ShownBlock => modal.view.blocks.find((b) => b.block_id === field) as unknown as ShownBlock;

/** `/tovholder <text>` typed by the consultant in `channelId`, which opens a modal (views.open with its trigger_id). */
export async function openModal(w: SlackEvaluationWorld, text: string, channelId: string): Promise<OpenedModal> {
  const responseUrl = w.fake.newResponseUrl(TEAM);
  const triggerId = w.fake.newTriggerId();
  const opened = w.fake.callsTo('views.open').length;
  const response = await slashCommand({ url: w.bot.eventsUrl, signingSecret: SIGNING_SECRET, command: '/tovholder', text, teamId: TEAM, userId: CONSULTANT, channelId, responseUrl, triggerId });
  expect(response.status).toBe(200);
  await waitFor(() => w.fake.callsTo('views.open').length > opened, 10_000, `a modal for "${text}"`);
  const call = w.fake.callsTo('views.open').at(-1)!;
  expect([call.status, call.params.trigger_id]).toEqual([200, triggerId]);
  return { responseUrl, view: call.params.view as OpenedModal['view'] };
}

/** The consultant submits the modal with `answers`: the refusals on its fields (kept open), or the answer once it closed. */
export async function submit(w: SlackEvaluationWorld, modal: OpenedModal, answers: Record<string, string>): Promise<{ errors?: Record<string, string>; answer?: string }> {
  const before = w.fake.responses(modal.responseUrl).length;
  const values = submittedValues(modal.view.blocks, answers);
  const response = await viewSubmission({ url: w.bot.eventsUrl, signingSecret: SIGNING_SECRET, teamId: TEAM, userId: CONSULTANT, callbackId: modal.view.callback_id, privateMetadata: modal.view.private_metadata, blocks: modal.view.blocks, values });
  expect(response.status).toBe(200);
  const body = await response.text();
  const ack = body ? (JSON.parse(body) as { response_action?: string; errors?: Record<string, string> }) : null;
  if (ack?.response_action === 'errors') return { errors: ack.errors! };
  await waitFor(() => w.fake.responses(modal.responseUrl).length > before, 10_000, 'the answer to the modal');
  await w.settle();
  return { answer: w.fake.responses(modal.responseUrl).slice(before).map((p) => readable(p.body as { text?: string })).join('\n') };
}

export const optionOf = (modal: OpenedModal, field: string, label: string): string => {
  const block = shown(modal, field);
  const option = block.element!.options!.find((o) => o.text.text === label);
  if (!option) throw new Error(`no option "${label}" in ${field}: ${block.element!.options!.map((o) => o.text.text).join(', ')}`);
  return option.value;
};

/** The consultant presses a button on a message the bot sent her, which opens a modal with the click's trigger_id. */
export async function openModalByButton(w: SlackEvaluationWorld, message: { ts: string; channel: string; blocks?: unknown[] }, label: string): Promise<OpenedModal> {
  const button = buttonsOf(message).find((b) => b.text.text === label);
  if (!button) throw new Error(`no button "${label}"`);
  const responseUrl = w.fake.newResponseUrl(TEAM);
  const triggerId = w.fake.newTriggerId();
  const opened = w.fake.callsTo('views.open').length;
  const response = await blockAction({ url: w.bot.eventsUrl, signingSecret: SIGNING_SECRET, teamId: TEAM, userId: CONSULTANT, actionId: button.action_id, value: button.value, messageTs: message.ts, channelId: message.channel, responseUrl, triggerId });
  expect(response.status).toBe(200);
  await waitFor(() => w.fake.callsTo('views.open').length > opened, 10_000, `a modal for "${label}"`);
  const call = w.fake.callsTo('views.open').at(-1)!;
  expect([call.status, call.params.trigger_id]).toEqual([200, triggerId]);
  return { responseUrl, view: call.params.view as OpenedModal['view'] };
}
