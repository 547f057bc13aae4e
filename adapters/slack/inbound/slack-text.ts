/**
 * Text as Slack sends it in message events and slash commands (with should_escape), turned back into
 * what the user typed, so the core compares, stores and parses the user's own words:
 *
 * - `&amp;`, `&lt;` and `&gt;` are the user's `&`, `<` and `>` (Slack escapes exactly these three);
 * - `<mailto:anna@kommune.dk|anna@kommune.dk>` is the e-mail address the core's member parser reads;
 * - `<https://kommune.dk|kommune.dk>` is the label the user typed (the URL when there is no label);
 * - mentions `<@U123>` / `<@U123|anna>`, channels `<#C123|havet>` and `<!here>` stay as they are: the
 *   core's member parser (src/commands/resolve.ts) reads `<@U123>` and `<@U123|anna>` as people.
 *
 * Modal inputs need none of this: view_submission values are the plain text the user typed.
 */
export function fromSlackText(text: string): string {
  let out = '';
  let last = 0;
  // Slack's own `<` and `>` only ever delimit these tokens; the user's are escaped, so never nest.
  for (const match of text.matchAll(/<([^<>]*)>/g)) {
    out += decode(text.slice(last, match.index)) + token(match[1]!, match[0]);
    last = match.index + match[0].length;
  }
  return out + decode(text.slice(last));
}

function token(inner: string, whole: string): string {
  // Mentions, channel references and special commands (<!here>, <!subteam^…>): the core's syntax.
  if (/^[@#!]/.test(inner)) return whole;
  const bar = inner.indexOf('|');
  const target = bar < 0 ? inner : inner.slice(0, bar);
  const label = bar < 0 ? '' : inner.slice(bar + 1);
  // The address, not the label: the core needs the e-mail, and Slack's label is normally the same.
  if (/^mailto:/i.test(target)) return decode(target.slice('mailto:'.length));
  return decode(label || target);
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>' };

/** In one pass: the user's literal "&lt;" arrives as "&amp;lt;" and must stay "&lt;", not become "<". */
function decode(text: string): string {
  return text.replace(/&(?:amp|lt|gt);/g, (entity) => ENTITIES[entity]!);
}
