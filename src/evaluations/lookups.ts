import type { Repositories } from '../app.ts';
import type { Partnership, Programme } from '../domain/entities.ts';
import type { Locale } from '../domain/text.ts';
import type { Db } from '../store/db.ts';
import type { MemberWithDm } from '../store/programmes.ts';
import { getUserLocale } from '../store/user-settings.ts';

/** What evaluations read about programmes and people (never written by evaluations). */
export interface Lookups {
  programme(id: string): Programme | undefined;
  partnership(id: string): Partnership | undefined;
  member(id: string): MemberWithDm | undefined;
  members(programmeId: string): MemberWithDm[];
  /** The language a platform user chose with `sprog`, if any. */
  userLocale(programme: Programme, userRef: string): Locale | undefined;
}

/** Straight from the store: for buttons and replies, which each read a few rows once. */
export function storeLookups(db: Db, repos: Repositories): Lookups {
  return {
    programme: (id) => repos.programmes.get(id),
    partnership: (id) => repos.partnerships.get(id),
    member: (id) => repos.members.get(id),
    members: (programmeId) => repos.members.listForProgramme(programmeId),
    userLocale: (programme, userRef) => getUserLocale(db, programme.platform, programme.workspaceId, userRef),
  };
}

/**
 * Each read done once. For one scheduler pass: it asks hundreds of members of the same programmes
 * and used to read the programme, partnership and member again for every message (~7 queries per
 * prompt). The pass writes none of these rows, so within it the cache is exact; a change another
 * process makes meanwhile is seen by the next pass, as a change made just after this one would be.
 */
export function cachedLookups(inner: Lookups): Lookups {
  const programmes = new Map<string, Programme | undefined>();
  const partnerships = new Map<string, Partnership | undefined>();
  const members = new Map<string, MemberWithDm | undefined>();
  const memberLists = new Map<string, MemberWithDm[]>();
  const userLocales = new Map<string, Locale | undefined>();
  return {
    programme: (id) => once(programmes, id, () => inner.programme(id)),
    partnership: (id) => once(partnerships, id, () => inner.partnership(id)),
    member: (id) => once(members, id, () => inner.member(id)),
    members: (programmeId) => once(memberLists, programmeId, () => inner.members(programmeId)),
    userLocale: (programme, userRef) =>
      once(userLocales, `${programme.platform}|${programme.workspaceId}|${userRef}`, () => inner.userLocale(programme, userRef)),
  };
}

function once<V>(cache: Map<string, V>, key: string, load: () => V): V {
  if (cache.has(key)) return cache.get(key) as V;
  const value = load();
  cache.set(key, value);
  return value;
}
