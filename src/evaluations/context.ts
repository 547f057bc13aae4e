import type { Core } from '../app.ts';
import { EvaluationService } from './service.ts';

const services = new WeakMap<Core, EvaluationService>();

/** The evaluation service of a core: one per core, so the pass, buttons and replies share it. */
export function evaluationService(core: Core): EvaluationService {
  let service = services.get(core);
  if (!service) {
    service = new EvaluationService({
      db: core.db,
      repos: core.repos,
      templates: core.templates,
      clock: core.clock,
      logger: core.logger.child({ part: 'evaluations' }),
      transaction: core.transaction,
      kick: () => core.scheduler.kick(),
    });
    services.set(core, service);
  }
  return service;
}
