#!/usr/bin/env -S npx tsx
/**
 * Command-line entry (the commands are in cli.ts). Before any other module is even read, it keeps the
 * main thread's young generation at V8's initial size (1 MB semi-spaces): loading the bot's code
 * (parsing its modules allocates their sources and more) otherwise grows it to 16 MB semi-spaces, and
 * an idle bot keeps them resident for a young generation it no longer fills: about 30 MB of the
 * resident memory issue #16 measured against a bare Bolt app. A small one costs more scavenges, each
 * short (`npm run bench:slack`, BENCHMARKS.md). Set here rather than as `node --max-semi-space-size`
 * in `npm start`, so the Dockerfile, the systemd unit and a hand-typed `node dist/bin/tovholder.js
 * start` get it too. Worker threads cap theirs with resourceLimits (src/util/typescript-thread.ts).
 */
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--semi-space-growth-factor=1');
await import('./cli.ts');
