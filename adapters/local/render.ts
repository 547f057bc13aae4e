import { DateTime } from 'luxon';
import type { Block } from '../../src/messages/model.ts';
import { BOT_REF, type LocalPerson } from './directory.ts';
import { escapeHtml, markdownToHtml, type NameOf } from './markup.ts';
import type { LocalMessage } from './store.ts';

/** What rendering needs besides the messages: who is who, whose page it is, and the bot's zone. */
export interface RenderContext {
  people: Map<string, LocalPerson>;
  viewer: string;
  zone: string;
  now: Date;
  /** A shared file's name, for its download link. */
  fileName?: (fileRef: string) => string | undefined;
}

const esc = escapeHtml;
/** Consecutive messages by one author within this time share one header, as in Slack. */
const GROUP_MS = 5 * 60_000;

/** The message list of one conversation as HTML: day separators, messages, their thread replies. */
export function renderMessages(messages: LocalMessage[], ctx: RenderContext): string {
  const visible = new Set(messages.map((m) => m.ref));
  const replies = new Map<string, LocalMessage[]>();
  const top: LocalMessage[] = [];
  for (const m of messages) {
    if (m.threadRef && visible.has(m.threadRef)) replies.set(m.threadRef, [...(replies.get(m.threadRef) ?? []), m]);
    else top.push(m);
  }
  let html = '';
  let previous: LocalMessage | null = null;
  for (const m of top) {
    const day = dayOf(m.createdAt, ctx.zone);
    if (!previous || dayOf(previous.createdAt, ctx.zone) !== day) {
      html += `<div class="day-sep" role="separator"><span>${esc(dayLabel(m.createdAt, ctx))}</span></div>`;
      previous = null;
    }
    const continued = !!previous && continues(previous, m);
    html += renderMessage(m, ctx, { continued, replies: replies.get(m.ref) ?? [] });
    previous = m;
  }
  return html;
}

function continues(previous: LocalMessage, m: LocalMessage): boolean {
  return (
    previous.authorRef === m.authorRef &&
    !previous.visibleTo &&
    !m.visibleTo &&
    Date.parse(m.createdAt) - Date.parse(previous.createdAt) < GROUP_MS
  );
}

function renderMessage(m: LocalMessage, ctx: RenderContext, options: { continued: boolean; replies: LocalMessage[]; inThread?: boolean }): string {
  const author = ctx.people.get(m.authorRef);
  const classes = ['msg', author?.isBot ? 'from-bot' : '', m.visibleTo ? 'ephemeral' : '', options.continued ? 'cont' : ''].filter(Boolean);
  const time = DateTime.fromISO(m.createdAt, { zone: ctx.zone }).toFormat('HH.mm');
  const meta = options.continued
    ? `<time class="side-time" datetime="${esc(m.createdAt)}">${time}</time>`
    : `<div class="msg-meta"><span class="author">${esc(author?.name ?? m.authorRef)}</span>${author?.isBot ? '<span class="badge">APP</span>' : ''}` +
      `<time datetime="${esc(m.createdAt)}">${time}</time>${m.editedAt ? '<span class="edited">(opdateret)</span>' : ''}</div>`;
  const threadTools = options.inThread || m.visibleTo ? '' : `<button type="button" class="tool" data-reply="${esc(m.ref)}">Svar i tråd</button>`;
  const thread = options.replies.length
    ? `<div class="thread" aria-label="Svar">${options.replies.map((r) => renderMessage(r, ctx, { continued: false, replies: [], inThread: true })).join('')}</div>`
    : '';
  return (
    `<article class="${classes.join(' ')}" id="msg-${esc(m.ref)}" data-ref="${esc(m.ref)}">` +
    (options.continued ? '<div class="gutter"></div>' : avatar(author, m.authorRef)) +
    `<div class="msg-body">${meta}${ephemeralNote(m)}<div class="content">${body(m, ctx)}</div>${file(m, ctx)}` +
    (threadTools ? `<div class="msg-tools">${threadTools}</div>` : '') +
    `${thread}</div></article>`
  );
}

function avatar(person: LocalPerson | undefined, ref: string): string {
  if (person?.isBot) return '<div class="avatar bot" aria-hidden="true">T</div>';
  const name = person?.name ?? ref;
  const initials = name.split(/\s+/).filter(Boolean).map((w) => w[0]!.toUpperCase()).slice(0, 2).join('');
  return `<div class="avatar c${colourOf(ref)}" aria-hidden="true">${esc(initials)}</div>`;
}

/** A stable colour class per person, so someone keeps their colour across reloads. */
export function colourOf(ref: string): number {
  let h = 0;
  for (const c of ref) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h % 8;
}

function ephemeralNote(m: LocalMessage): string {
  if (!m.visibleTo) return '';
  const note = m.note ? ` · svar på <code>${esc(m.note)}</code>` : '';
  return `<div class="eph-note"><span class="eye" aria-hidden="true"></span>Kun synlig for dig${note}` +
    `<button type="button" class="tool" data-dismiss="${esc(m.ref)}">Skjul</button></div>`;
}

function body(m: LocalMessage, ctx: RenderContext): string {
  const nameOf: NameOf = (ref) => ctx.people.get(ref)?.name;
  const from = m.authorRef === BOT_REF ? 'bot' : 'person';
  if (!m.blocks || m.blocks.length === 0) return `<div class="b-section">${markdownToHtml(m.text, nameOf, from)}</div>`;
  return m.blocks.map((b) => renderBlock(b, m.ref, nameOf)).join('');
}

export function renderBlock(block: Block, messageRef: string, nameOf: NameOf): string {
  switch (block.type) {
    case 'header':
      return `<div class="b-header">${esc(block.text)}</div>`;
    case 'section': {
      const fields = block.fields?.length
        ? `<dl class="b-fields">${block.fields.map((f) => `<div><dt>${esc(f.label)}</dt><dd>${markdownToHtml(f.value, nameOf, 'bot')}</dd></div>`).join('')}</dl>`
        : '';
      return `<div class="b-section">${markdownToHtml(block.text, nameOf, 'bot')}${fields}</div>`;
    }
    case 'context':
      return `<div class="b-context">${markdownToHtml(block.text, nameOf, 'bot')}</div>`;
    case 'divider':
      return '<hr class="b-divider">';
    case 'actions':
      return `<div class="b-actions">${block.buttons
        .map(
          (b) =>
            `<button type="button" class="btn${b.style ? ` ${b.style}` : ''}" data-action-id="${esc(b.actionId)}" data-value="${esc(b.value)}" data-message="${esc(messageRef)}">${esc(b.label)}</button>`,
        )
        .join('')}</div>`;
  }
}

function file(m: LocalMessage, ctx: RenderContext): string {
  if (!m.fileRef) return '';
  const name = ctx.fileName?.(m.fileRef) ?? 'Hent fil';
  return `<a class="file" href="/files/${encodeURIComponent(m.fileRef)}" download><span class="file-icon" aria-hidden="true"></span>${esc(name)}</a>`;
}

function dayOf(instant: string, zone: string): string {
  return DateTime.fromISO(instant, { zone }).toISODate() ?? '';
}

function dayLabel(instant: string, ctx: RenderContext): string {
  const dt = DateTime.fromISO(instant, { zone: ctx.zone }).setLocale('da');
  const sameYear = dt.year === DateTime.fromJSDate(ctx.now, { zone: ctx.zone }).year;
  return dt.toFormat(sameYear ? 'cccc d. LLLL' : 'cccc d. LLLL yyyy');
}
