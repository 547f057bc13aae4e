import type { Partnership, Programme } from '../domain/entities.ts';

/**
 * What a channel is called and what it says it is for. Platforms shorten long names (Slack to 80
 * characters after æ→ae etc., Teams to 50), so the core keeps names well within that, and the purpose
 * names exactly one programme or partnership: an adapter that finds a channel it may have made on an
 * earlier attempt (answer lost, crash) adopts it only if the purpose is the one asked for now.
 */

/** A partnership channel's name gets this long at most, unless the partnership's own name is longer. */
export const CHANNEL_NAME_MAX = 60;
/** The programme's part of a partnership channel's name keeps at least this much. */
const PROGRAMME_PART_MIN = 20;
/** Slack and Teams both allow 250 characters of purpose. */
export const PURPOSE_MAX = 250;

/**
 * "Små Partnerskaber 2027 Havet". The partnership's name is what tells its channel from the shared
 * one and the others, so when the whole is too long the programme's name gives way ("Små
 * Partnerskaber for kultur… Havet") and the partnership's name stays whole.
 */
export function partnershipChannelName(programmeName: string, partnershipName: string): string {
  const programme = programmeName.trim().replace(/\s+/g, ' ');
  const partnership = partnershipName.trim().replace(/\s+/g, ' ');
  const full = `${programme} ${partnership}`;
  if (full.length <= CHANNEL_NAME_MAX) return full;
  const room = Math.max(PROGRAMME_PART_MIN, CHANNEL_NAME_MAX - partnership.length - 1);
  return `${shorten(programme, room)} ${partnership}`;
}

/** The shared channel's purpose: "Fælles kanal for Små Partnerskaber 2027 · <the template's description>". */
export function programmePurpose(programme: Pick<Programme, 'name' | 'locale'>, description: string): string {
  const lead = programme.locale === 'en' ? `Shared channel for ${programme.name}` : `Fælles kanal for ${programme.name}`;
  return clip(description.trim() ? `${lead} · ${description.trim()}` : lead, PURPOSE_MAX);
}

/** A partnership channel's purpose: "Partnerskabet Havet · Små Partnerskaber 2027". */
export function partnershipPurpose(programme: Pick<Programme, 'name' | 'locale'>, partnership: Pick<Partnership, 'name'>): string {
  const text = programme.locale === 'en' ? `The partnership ${partnership.name} · ${programme.name}` : `Partnerskabet ${partnership.name} · ${programme.name}`;
  return clip(text, PURPOSE_MAX);
}

/** Cuts at a word's end where that costs little, and says so with "…"; the result is at most `max` long. */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  if (text[max - 1] !== ' ' && space >= max / 2) cut = cut.slice(0, space);
  return `${cut.replace(/[\s.,;:\-–·]+$/, '')}…`;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
