import type { CoreOptions } from '../src/app.ts';
import type { Clock } from '../src/clock.ts';
import { paceRulesFrom, type Config } from '../src/config.ts';
import type { Logger } from '../src/logger.ts';
import type { ChatPlatform } from '../src/platform/port.ts';
import type { Template } from '../src/domain/template.ts';
import { operatorTemplates } from '../src/templates/directory.ts';

/**
 * The core's options from the configuration, as `start`, `tick` and the outbox thread open it. The
 * operator's templates are read here unless handed in (the outbox thread gets the start's, so a
 * refused file is logged once).
 */
export function coreOptionsFrom(config: Config, deps: { clock: Clock; logger: Logger; platforms: ChatPlatform[]; templates?: Template[] }): CoreOptions {
  return {
    dbPath: config.TOVHOLDER_DB,
    clock: deps.clock,
    logger: deps.logger,
    platforms: deps.platforms,
    templates: deps.templates ?? operatorTemplates(config.TOVHOLDER_TEMPLATES_DIR, deps.logger),
    workerId: config.TOVHOLDER_WORKER_ID,
    paceRules: paceRulesFrom(config),
    defaults: { timezone: config.TOVHOLDER_TIMEZONE, locale: config.TOVHOLDER_LOCALE, creators: config.TOVHOLDER_CREATORS },
    nightlyBackup: config.TOVHOLDER_BACKUP_DIR
      ? { dir: config.TOVHOLDER_BACKUP_DIR, keep: config.TOVHOLDER_BACKUP_KEEP, at: config.TOVHOLDER_BACKUP_AT, zone: config.TOVHOLDER_TIMEZONE }
      : undefined,
  };
}
