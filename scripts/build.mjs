// What `npm start` runs first (its `prestart`): compiles the TypeScript of src/, adapters/ and bin/ to
// JavaScript in dist/ (or the folder given as argument), so production runs plain `node` without
// tsx's compiler in every thread. Incremental (tsc's build info in the output folder): a second run
// compiles only what changed. Then copies the files the compiled code reads at run time next to it.
// Plain JavaScript: it runs before anything is compiled.
import { execFileSync } from 'node:child_process';
import { cpSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const outDir = resolve(ROOT, process.argv[2] ?? 'dist');
/** Read at run time through import.meta.url (not imported), so tsc does not emit them. */
const ASSETS = ['adapters/local/public', 'src/templates/builtin', 'src/store/checkpoint-worker.mjs'];

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const listed = execFileSync(
  process.execPath,
  [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', outDir, '--tsBuildInfoFile', join(outDir, '.tsbuildinfo'), '--listEmittedFiles'],
  { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
);
for (const asset of ASSETS) cpSync(join(ROOT, asset), join(outDir, asset), { recursive: true });
// The output is ES modules wherever it is put (package.json's "type" does not reach a folder outside the project).
writeFileSync(join(outDir, 'package.json'), '{ "type": "module" }\n');
const emitted = listed.split('\n').filter((line) => line.startsWith('TSFILE: ') && line.endsWith('.js')).length;
process.stdout.write(`build: ${emitted} file(s) compiled to ${outDir}\n`);
