import type { Locale } from '../../domain/text.ts';
import type { RichMessage } from '../../messages/model.ts';
import { COMMAND, textsFor, tr } from '../texts.ts';

export function helpMessage(locale: Locale, templates: string[]): RichMessage {
  const t = textsFor(locale);
  const lines = t.helpLines.map(([example, what]) => `• \`${COMMAND} ${example}\`\n    ${what}`).join('\n');
  return {
    text: t.helpTitle,
    blocks: [
      { type: 'header', text: t.helpTitle },
      { type: 'section', text: t.helpIntro },
      { type: 'section', text: lines },
      { type: 'context', text: tr(locale, 'helpFooter', { templates: templates.join(', ') }) },
    ],
  };
}
