import type { Programme } from '../../domain/entities.ts';
import { UserError } from '../../domain/errors.ts';
import type { Locale } from '../../domain/text.ts';
import type { Core } from '../../app.ts';
import { formatDate } from '../../messages/format.ts';
import { setUserProgramme } from '../../store/user-settings.ts';
import { ephemeral } from '../reply.ts';
import { both, currentProgramme, normalize } from '../resolve.ts';
import { COMMAND, tr } from '../texts.ts';
import type { CommandContext, CommandReply } from '../types.ts';

/**
 * `forløb`: the workspace's programmes, the one the user's commands act on marked. `forløb <navn>`
 * picks it: a consultant running KL's 001, 003 and 004 side by side works on one at a time from their
 * direct conversation with the bot (in a programme's own channel, commands act on that programme).
 */
export function programmesCommand(core: Core, args: string[], ctx: CommandContext, locale: Locale): CommandReply {
  const all = core.repos.programmes.listInWorkspace(ctx.platform, ctx.workspaceId);
  if (all.length === 0) return ephemeral(tr(locale, 'programmesNone'));
  const words = args.join(' ').trim();
  if (words) {
    const chosen = findProgramme(all, words);
    setUserProgramme(core.db, ctx.platform, ctx.workspaceId, ctx.userRef, chosen.id);
    return ephemeral(tr(locale, 'programmeChosen', { name: chosen.name }));
  }
  const current = currentProgramme(core, ctx);
  const lines = all.map((p) => {
    const start = formatDate(`${p.startDate}T12:00:00Z`, p.timezone, locale); // noon UTC is that date in any European zone
    const line = tr(locale, 'programmesLine', { name: p.name, start, count: core.repos.partnerships.listForProgramme(p.id).length });
    return p.id === current.id && all.length > 1 ? `${line}${tr(locale, 'programmesHere')}` : line;
  });
  const blocks = [
    { type: 'header' as const, text: tr(locale, 'programmesTitle') },
    { type: 'section' as const, text: lines.join('\n') },
    ...(all.length > 1 ? [{ type: 'context' as const, text: tr(locale, 'programmesSwitch', { command: COMMAND }) }] : []),
  ];
  return { type: 'message', visibility: 'ephemeral', message: { text: tr(locale, 'programmesTitle'), blocks } };
}

/** By its whole name ("KL Kvalitet 2027"), or by the start of it when only one programme begins so. */
function findProgramme(all: Programme[], words: string): Programme {
  const wanted = normalize(words);
  const known = all.map((p) => p.name).join(', ');
  const exact = all.filter((p) => normalize(p.name) === wanted);
  const found = exact.length > 0 ? exact : all.filter((p) => wanted.length > 0 && normalize(p.name).includes(wanted));
  if (found.length === 1) return found[0]!;
  if (found.length === 0) throw new UserError('unknown_programme', both('unknownProgramme', { name: words, known }));
  throw new UserError('ambiguous_programme', both('ambiguousProgramme', { name: words, known: found.map((p) => p.name).join(', ') }));
}
