// What `npm start` runs first (its `prestart`): bundles the TypeScript of src/, adapters/ and bin/ into
// one CommonJS file per entry in dist/ (or the folder given as argument) with esbuild: the command
// line (bin/cli.cjs, behind the few lines of bin/tovholder.js) and the two worker threads' entries
// (bin/outbox-thread.cjs, src/commands/thread/worker.cjs), each where tsc would have put its .js.
// Production then runs plain `node` without tsx, and without resolving and reading ~250 modules one
// by one at every start (issue #16: Node's module loader was about 0.5 s of a 1.2 s start on a small
// VM; BENCHMARKS.md, "Round 5"). esbuild strips types and checks none: the type check is `npm test`'s
// (and `npm run typecheck`'s).
//
// Packages stay in node_modules, required at run time: better-sqlite3 is native, the SDKs load only
// when their platform is configured (adapters/index.ts), and bundling the small pure-JavaScript ones
// (zod, luxon, commander, yaml) as well saved no start-up time on this VM but cost 4-5 MB resident.
//
// Incremental: dist/.build-inputs.json lists the files the last build read; when none of them changed
// since (size and modification time), nothing is bundled again. Then copies the files the code reads
// at run time (through import.meta.url, not imported) next to where it expects them.
// Plain JavaScript: it runs before anything is compiled.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const outDir = resolve(ROOT, process.argv[2] ?? 'dist');
/** Every start's entry, and the threads `tovholder start` starts (src/util/typescript-thread.ts runs their .cjs twins). */
const ENTRIES = ['bin/tovholder.ts', 'bin/cli.ts', 'bin/outbox-thread.ts', 'src/commands/thread/worker.ts'];
/** Read at run time through import.meta.url (not imported), so they are copied, not bundled. */
const ASSETS = ['adapters/local/public', 'src/templates/builtin', 'src/store/checkpoint-worker.mjs'];
const INPUTS = join(outDir, '.build-inputs.json');
/** bin/tovholder.js, a module of a few lines, and a CommonJS bundle for each other entry (see ownEntry). */
const outputOf = (entry) => entry.replace(/\.ts$/, entry === 'bin/tovholder.ts' ? '.js' : '.cjs');

const started = performance.now();
if (upToDate()) {
  copyAssets();
  process.stdout.write(`build: 0 file(s) bundled to ${outDir} (up to date)\n`);
  process.exit(0);
}
// Left over from the tsc build (one .js per source file): would only confuse a reader of dist/.
for (const dir of ['src', 'adapters', 'bin']) rmSync(join(outDir, dir), { recursive: true, force: true });
rmSync(join(outDir, '.tsbuildinfo'), { force: true });
const inputs = new Set();
for (const entry of ENTRIES) {
  const outfile = join(outDir, outputOf(entry));
  const esm = entry === 'bin/tovholder.ts';
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [join(ROOT, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: esm ? 'esm' : 'cjs',
    target: 'node20',
    // Every package stays a require (an import in bin/tovholder.js) of node_modules at run time.
    packages: 'external',
    plugins: [ownEntry(entry), twinImportMetaUrl(outfile, esm)],
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
  for (const input of Object.keys(result.metafile.inputs)) inputs.add(input.replace(/^[a-z-]+:/, ''));
}
copyAssets();
inputs.add('scripts/build.mjs');
writeFileSync(INPUTS, JSON.stringify(stamps([...inputs].filter((f) => existsSync(resolve(ROOT, f))).sort())));
const ms = performance.now() - started;
process.stdout.write(`build: ${ENTRIES.length} file(s) bundled to ${outDir} in ${(ms / 1000).toFixed(1)} s\n`);

/**
 * bin/tovholder.ts sets a V8 flag before anything else is loaded, then imports cli.ts: here it requires
 * cli.cjs, bundled on its own (bundled with it, the whole bundle and its packages would load first).
 * The bundles are CommonJS, and so are most packages they load: Node's ES module loader, importing
 * CommonJS, first scans each file's source for its exports (cjs-module-lexer) and resolves
 * asynchronously, which cost more than a third of start-up's CPU on this VM; require does neither.
 */
function ownEntry(entry) {
  return {
    name: 'own-entry',
    setup(b) {
      if (entry !== 'bin/tovholder.ts') return;
      b.onLoad({ filter: /bin[\\/]tovholder\.ts$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        const required = source.replace("await import('./cli.ts');", "import { createRequire } from 'node:module';\ncreateRequire(import.meta.url)('./cli.cjs');");
        if (required === source) throw new Error('bin/tovholder.ts no longer imports ./cli.ts as scripts/build.mjs expects');
        return { contents: required, loader: 'ts' };
      });
    },
  };
}

/**
 * Our modules find their files through import.meta.url (templates, the local workspace's page, the
 * threads' entries). In a bundle that would be the bundle's URL, so each module's import.meta.url
 * becomes the URL its own .js would have had in dist/ (next to which the assets are copied).
 */
function twinImportMetaUrl(outfile, esm) {
  const bundleUrl = esm ? 'import.meta.url' : "require('node:url').pathToFileURL(__filename)";
  return {
    name: 'twin-import-meta-url',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, async (args) => {
        let contents = await readFile(args.path, 'utf8');
        if (contents.includes('import.meta.url') && !args.path.includes(`${sep}node_modules${sep}`)) {
          const twin = join(outDir, relative(ROOT, args.path)).replace(/\.ts$/, '.js');
          const path = relative(dirname(outfile), twin).split(sep).join('/');
          contents = contents.replaceAll('import.meta.url', `new URL(${JSON.stringify(path.startsWith('.') ? path : `./${path}`)}, ${bundleUrl}).href`);
        }
        return { contents, loader: 'ts' };
      });
    },
  };
}

function copyAssets() {
  mkdirSync(outDir, { recursive: true });
  for (const asset of ASSETS) cpSync(join(ROOT, asset), join(outDir, asset), { recursive: true });
  // The output is ES modules wherever it is put (package.json's "type" does not reach a folder outside the project).
  writeFileSync(join(outDir, 'package.json'), '{ "type": "module" }\n');
}

/** Size and modification time of each input, relative to the project. */
function stamps(files) {
  return Object.fromEntries(files.map((f) => {
    const s = statSync(resolve(ROOT, f));
    return [f, `${s.size}:${s.mtimeMs}`];
  }));
}

/** True when every entry is there and no file the last build read has changed, appeared or gone. */
function upToDate() {
  if (!existsSync(INPUTS) || ENTRIES.some((e) => !existsSync(join(outDir, outputOf(e))))) return false;
  const last = JSON.parse(readFileSync(INPUTS, 'utf8'));
  const files = Object.keys(last);
  if (files.some((f) => !existsSync(resolve(ROOT, f)))) return false;
  const now = stamps(files);
  if (files.some((f) => now[f] !== last[f])) return false;
  // A new source file is only read if an input changed to import it: the changed input is seen above.
  return true;
}
