import type { Locale } from './text.ts';

/**
 * Something the user did that we refuse, with the reason in their language. Commands catch these and
 * reply with the text; nothing has been changed when one is thrown (actions validate before writing
 * and write inside one transaction).
 */
export class UserError extends Error {
  readonly code: string;
  readonly text: { da: string; en: string };

  constructor(code: string, text: { da: string; en: string }) {
    super(text.en);
    this.name = 'UserError';
    this.code = code;
    this.text = text;
  }

  in(locale: Locale): string {
    return this.text[locale];
  }
}
