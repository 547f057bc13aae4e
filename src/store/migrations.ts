import { migrations0001to0005 } from './migrations/0001-0005.ts';
import { migrations0006to0013 } from './migrations/0006-0013.ts';
import { migrations0014 } from './migrations/0014.ts';

/**
 * Numbered migrations, applied in order inside one transaction each. Never edit a released migration:
 * add a new one. Instants are ISO-8601 UTC strings ("2027-01-04T08:00:00.000Z"), which sort correctly
 * as text; local dates are "yyyy-mm-dd".
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  /**
   * Run with foreign keys off (SQLite's procedure for rebuilding a table): dropping a table that others
   * reference would otherwise cascade and delete their rows. The keys are checked before the commit.
   */
  rebuildsTables?: boolean;
}

/**
 * Every migration, in order. Each file holds one era's; a new migration goes at the end of the newest
 * file (renamed to its new range), or into a new file once that one nears 300 lines.
 */
export const migrations: Migration[] = [...migrations0001to0005, ...migrations0006to0013, ...migrations0014];
