import { expect, it } from 'vitest';
import { at } from '../../src/actions/texts.ts';

it('says whose an action is in good Danish: "Annas", "Lars\'", and in English "Lars’s"', () => {
  expect(at('da', 'notYours', { text: 'Send udkast', owner: 'Anna' })).toBe('Handlingen «Send udkast» er Annas – kun Anna kan markere den som færdig. Intet er ændret.');
  expect(at('da', 'notYours', { text: 'Send udkast', owner: 'Lars' })).toBe('Handlingen «Send udkast» er Lars\' – kun Lars kan markere den som færdig. Intet er ændret.');
  expect(at('da', 'noMeeting', { owner: 'Max', command: '/tovholder' })).toMatch(/^Jeg kan ikke finde et holdt møde for Max' gruppe\./);
  expect(at('en', 'notYours', { text: 'Send the draft', owner: 'Lars' })).toBe('The action “Send the draft” is Lars’s – only Lars can mark it as done. Nothing was changed.');
});
