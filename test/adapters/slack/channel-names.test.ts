/**
 * Channel names and purposes: the core's partnership channel name keeps the partnership's name whole,
 * Slack's name keeps its end when it must be shortened, and each purpose names one target.
 */
import { describe, expect, it } from 'vitest';
import { channelNameCandidate, channelNameCandidates, fitName, MAX_CHANNEL_NAME, MAX_CHANNEL_NUMBER, slackChannelName } from '../../../adapters/slack/channel-name.ts';
import { CHANNEL_NAME_MAX, partnershipChannelName, partnershipPurpose, programmePurpose, PURPOSE_MAX } from '../../../src/programmes/channel-names.ts';

/** 88 characters. */
const LONG_PROGRAMME = 'Små Partnerskaber mellem kulturinstitutioner og daginstitutioner i Hjørring Kommune 2027';
const SLACK_NAME = /^[a-z0-9][a-z0-9_-]*[a-z0-9]$/;

describe('Slack channel names', () => {
  it('spells out æ, ø and å, lowercases and keeps only what Slack allows', () => {
    expect(slackChannelName('Små Partnerskaber 2027 Havet')).toBe('smaa-partnerskaber-2027-havet');
    expect(slackChannelName('Ærø Øster Å')).toBe('aeroe-oester-aa');
    expect(slackChannelName('Åen')).toBe(slackChannelName('Aaen'));
  });

  it('shortens a long name in the middle: its beginning and its end (the partnership) survive', () => {
    const shared = slackChannelName(LONG_PROGRAMME);
    expect(shared.length).toBeLessThanOrEqual(MAX_CHANNEL_NAME);
    expect(shared).toMatch(SLACK_NAME);
    expect(shared.startsWith('smaa-partnerskaber')).toBe(true);
    expect(shared.endsWith('-2027')).toBe(true);

    const havet = slackChannelName(`${LONG_PROGRAMME} Havet`);
    const skoven = slackChannelName(`${LONG_PROGRAMME} Skoven`);
    for (const name of [havet, skoven]) expect(name.length).toBeLessThanOrEqual(MAX_CHANNEL_NAME);
    expect(havet.endsWith('-havet')).toBe(true);
    expect(skoven.endsWith('-skoven')).toBe(true);
    expect(new Set([shared, havet, skoven]).size).toBe(3);
  });

  it('cuts on a "-" where that costs little, and never leaves "--" or a dangling "-"', () => {
    for (let max = 20; max <= 80; max += 7) {
      const fitted = fitName(slackChannelName(`${LONG_PROGRAMME} Fortællingen om havet`), max);
      expect(fitted.length).toBeLessThanOrEqual(max);
      expect(fitted).toMatch(SLACK_NAME);
      expect(fitted).not.toContain('--');
    }
    expect(fitName('kort-navn', 80)).toBe('kort-navn');
  });

  it('a collision number makes room in the middle, so the end is not cut off', () => {
    const base = slackChannelName(`${LONG_PROGRAMME} Havet`);
    for (const n of [2, 10, MAX_CHANNEL_NUMBER]) {
      const candidate = channelNameCandidate(base, n);
      expect(candidate.length).toBeLessThanOrEqual(MAX_CHANNEL_NAME);
      expect(candidate.endsWith(`-havet-${n}`)).toBe(true);
    }
    expect(channelNameCandidate('havet', 1)).toBe('havet');
    expect(channelNameCandidate('havet', 12)).toBe('havet-12');
  });

  it('offers the name, then -2 ... -999, all different', () => {
    const all = [...channelNameCandidates(slackChannelName(`${LONG_PROGRAMME} Havet`))];
    expect(all).toHaveLength(MAX_CHANNEL_NUMBER);
    expect(new Set(all).size).toBe(MAX_CHANNEL_NUMBER);
    expect([...channelNameCandidates('havet')].slice(0, 3)).toEqual(['havet', 'havet-2', 'havet-3']);
  });
});

describe('channel names and purposes from the core', () => {
  it('leaves a name that fits alone', () => {
    expect(partnershipChannelName('Små Partnerskaber 2027', 'Havet')).toBe('Små Partnerskaber 2027 Havet');
  });

  it("shortens the programme's part of a long name, never the partnership's", () => {
    const name = partnershipChannelName(LONG_PROGRAMME, 'Fortællingen');
    expect(name.length).toBeLessThanOrEqual(CHANNEL_NAME_MAX);
    expect(name).toBe('Små Partnerskaber mellem kulturinstitutioner… Fortællingen');
    // With room for "-999" and æ→ae etc., Slack has nothing left to cut.
    const slack = slackChannelName(name);
    expect(slack).toBe('smaa-partnerskaber-mellem-kulturinstitutioner-fortaellingen');
    expect(channelNameCandidate(slack, 999)).toBe(`${slack}-999`);
    // A long partnership name keeps a little of the programme.
    const long = partnershipChannelName(LONG_PROGRAMME, 'Nordsøen Oceanarium og Børnehaven Bjørnen i Hirtshals');
    expect(long).toMatch(/^Små Partnerskaber… Nordsøen Oceanarium og Børnehaven Bjørnen i Hirtshals$/);
  });

  it('each purpose names its one programme or partnership, readably and within 250 characters', () => {
    const programme = { name: 'Små Partnerskaber 2027', locale: 'da' as const };
    expect(partnershipPurpose(programme, { name: 'Havet' })).toBe('Partnerskabet Havet · Små Partnerskaber 2027');
    expect(partnershipPurpose(programme, { name: 'Åen' })).not.toBe(partnershipPurpose(programme, { name: 'Aaen' }));
    expect(partnershipPurpose({ ...programme, locale: 'en' }, { name: 'Havet' })).toBe('The partnership Havet · Små Partnerskaber 2027');
    expect(programmePurpose(programme, 'Partnerskaber mellem kultur og dagtilbud.')).toBe('Fælles kanal for Små Partnerskaber 2027 · Partnerskaber mellem kultur og dagtilbud.');
    const long = programmePurpose(programme, 'x'.repeat(400));
    expect(long.length).toBe(PURPOSE_MAX);
    expect(long.startsWith('Fælles kanal for Små Partnerskaber 2027 · ')).toBe(true);
    expect(long.endsWith('…')).toBe(true);
  });
});
