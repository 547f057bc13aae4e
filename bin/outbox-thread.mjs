// Entry of the outbox thread (see outbox-thread.ts). Plain JavaScript that loads the TypeScript
// through tsx's API, so the thread starts the same however the process was started.
import { register } from 'tsx/esm/api';

register();
await import('./outbox-thread.ts');
