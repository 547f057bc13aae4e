/**
 * The message model's small markdown (*bold*, _italic_, ~struck~, `code`, line breaks, <@user> mentions) as
 * HTML. Everything is escaped first; only the tags made here reach the page.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/**
 * Mentions, found before escaping, on the raw text: the core's own (mention() in src/messages/model.ts)
 * and, in what people typed in the workspace, `<@U1>` / `<@U1|anna>` as Slack writes them. In the bot's
 * messages a typed-looking `<@U1>` came from a user's text (a name, an answer) and is shown as written.
 */
const CORE_MENTION = /\uE000([^\uE000\uE001]*)\uE001/g;
const ANY_MENTION = /\uE000([^\uE000\uE001]*)\uE001|<@([A-Za-z0-9._:-]+)(?:\|([^>]*))?>/g;
const CODE = /`([^`\n]+)`/g;
// Markers count only at word edges, so "snake_case" and "a*b*c" stay as they are.
// They run on escaped text, so a quote before or after is the end or start of an entity (";", "&").
const BOLD = /(^|[\s([{;«„“>])\*(?=\S)([^*\n]*?\S)\*(?=$|[\s)\]}.,:;!?&»”<-])/g;
const ITALIC = /(^|[\s([{;«„“>])_(?=\S)([^_\n]*?\S)_(?=$|[\s)\]}.,:;!?&»”<-])/g;
const STRIKE = /(^|[\s([{;«„“>])~(?=\S)([^~\n]*?\S)~(?=$|[\s)\]}.,:;!?&»”<-])/g;

export type NameOf = (userRef: string) => string | undefined;

export function markdownToHtml(text: string, nameOf: NameOf, from: 'bot' | 'person' = 'person'): string {
  let html = '';
  let last = 0;
  for (const match of text.matchAll(from === 'bot' ? CORE_MENTION : ANY_MENTION)) {
    html += inline(text.slice(last, match.index));
    const ref = match[1] ?? match[2]!;
    const name = nameOf(ref) ?? match[3] ?? ref;
    html += `<span class="mention" data-user="${escapeHtml(ref)}">@${escapeHtml(name)}</span>`;
    last = match.index + match[0].length;
  }
  html += inline(text.slice(last));
  return html.replace(/\n/g, '<br>');
}

/** Code spans are kept apart so markers inside them are shown literally. */
function inline(text: string): string {
  let html = '';
  let last = 0;
  for (const match of text.matchAll(CODE)) {
    html += emphasis(escapeHtml(text.slice(last, match.index)));
    html += `<code>${escapeHtml(match[1]!)}</code>`;
    last = match.index + match[0].length;
  }
  return html + emphasis(escapeHtml(text.slice(last)));
}

function emphasis(escaped: string): string {
  return escaped.replace(BOLD, '$1<strong>$2</strong>').replace(ITALIC, '$1<em>$2</em>').replace(STRIKE, '$1<del>$2</del>');
}
