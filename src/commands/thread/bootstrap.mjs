// Entry of the command thread. Plain JavaScript that loads the TypeScript through tsx's API, so the
// thread starts the same under `tsx`, vitest and plain node.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
