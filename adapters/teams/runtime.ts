import type { Core } from '../../src/app.ts';
import type { Logger } from '../../src/logger.ts';
import { TransientError } from '../../src/platform/errors.ts';
import type { TokenSource } from './tokens.ts';
import { ConnectorClient } from './connector.ts';
import { FileOffers } from './files.ts';
import { GraphClient } from './graph.ts';
import { GraphRefusals } from './graph-refusals.ts';
import { Rosters } from './rosters.ts';
import type { TeamsSettings } from './settings.ts';
import { TeamsStore } from './store.ts';

export interface Bound {
  core: Core;
  store: TeamsStore;
  connector: ConnectorClient;
  graph: GraphClient;
  refusals: GraphRefusals;
  rosters: Rosters;
  files: FileOffers;
}

/**
 * What the port and the inbound handler share. The adapter is created before the core (the core needs
 * its port) and bound to it afterwards; until then there is no database to keep references in.
 */
export class TeamsRuntime {
  private bound: Bound | null = null;

  constructor(
    readonly settings: TeamsSettings,
    readonly credentials: TokenSource,
    readonly logger: Logger,
  ) {}

  bind(core: Core): void {
    if (this.bound) return;
    const store = new TeamsStore(core.db, () => core.clock.now());
    const refusals = new GraphRefusals(core.db, () => core.clock.now());
    const connector = new ConnectorClient(this.settings, this.credentials, store);
    const rosters = new Rosters(connector, () => core.clock.now().getTime());
    const files = new FileOffers(core.db, () => core.clock.now());
    this.bound = { core, store, connector, graph: new GraphClient(this.settings, this.credentials), refusals, rosters, files };
  }

  get(): Bound {
    if (!this.bound) throw new TransientError('the Teams adapter is not attached to the core yet');
    return this.bound;
  }

  get isBound(): boolean {
    return this.bound !== null;
  }

  /** A person's name for a mention: as Teams last told us, else as the consultant typed it. */
  nameOf(userRef: string): string {
    const { store, core } = this.get();
    const known = store.user(userRef)?.name;
    if (known) return known;
    const member = core.db.prepare('SELECT display_name FROM members WHERE user_ref = ? ORDER BY rowid DESC').pluck().get(userRef) as string | undefined;
    return member ?? userRef;
  }
}
