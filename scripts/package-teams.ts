/**
 * `npm run package:teams`: the Teams app package — manifests/teams/manifest.json with the bot's app id
 * filled in, plus the two icons, zipped at the root — written to dist/tovholder-teams.zip (or --out).
 *
 *   MICROSOFT_APP_ID       required: the bot's Microsoft App ID (the Entra app registration's client id)
 *   TOVHOLDER_PUBLIC_URL   optional: https address of the Tovholder server; its host goes in validDomains
 *                          and it is the app's website (and privacy/terms page unless given below)
 *   TOVHOLDER_PRIVACY_URL  optional: the privacy notice (e.g. the municipality's privatlivspolitik)
 *   TOVHOLDER_TERMS_URL    optional: terms of use
 *
 * These are read by this packager only; the bot itself reads its configuration in src/config.ts.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strToU8, zipSync } from 'fflate';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const TEAMS_DIR = resolve(ROOT, 'manifests/teams');
export const DEFAULT_OUT = resolve(ROOT, 'dist/tovholder-teams.zip');
/** Where the app's links point when no public URL is given: a reserved name that never resolves. */
export const UNSET_URL = 'https://tovholder.invalid/';

const GUID = /^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
/** Zip entries get a fixed time, so the same inputs give the same package byte for byte. */
const ENTRY_TIME = new Date('2026-01-01T00:00:00Z');

/** A mistake in the packager's inputs; the message names the variable to fix. */
export class PackageError extends Error {
  readonly code = 'invalid_package_input';
}

export interface PackageInputs {
  appId: string;
  version: string;
  websiteUrl: string;
  privacyUrl: string;
  termsUrl: string;
  /** Host names for validDomains (the Tovholder server's, if known). */
  domains: string[];
  /** Said to the person packaging: what was left at a default. */
  notes: string[];
}

/** Reads and checks the packager's inputs from the environment and package.json. */
export function readInputs(env: NodeJS.ProcessEnv = process.env): PackageInputs {
  const appId = (env.MICROSOFT_APP_ID ?? '').trim();
  if (!appId) {
    throw new PackageError('MICROSOFT_APP_ID is not set. Set it to the bot\'s Microsoft App ID (the app registration\'s Application (client) ID), e.g. MICROSOFT_APP_ID=00000000-0000-0000-0000-000000000000 npm run package:teams');
  }
  if (!GUID.test(appId)) throw new PackageError(`MICROSOFT_APP_ID must be a GUID such as 00000000-0000-0000-0000-000000000000 (the app registration's Application (client) ID); got "${appId}".`);
  const publicUrl = httpsUrl(env, 'TOVHOLDER_PUBLIC_URL');
  const privacyUrl = httpsUrl(env, 'TOVHOLDER_PRIVACY_URL');
  const termsUrl = httpsUrl(env, 'TOVHOLDER_TERMS_URL');
  const website = publicUrl ?? UNSET_URL;
  const notes = publicUrl ? [] : [`TOVHOLDER_PUBLIC_URL is not set: the app's website link points to ${UNSET_URL} and validDomains is empty.`];
  if (!privacyUrl) notes.push(`TOVHOLDER_PRIVACY_URL is not set: the privacy link is ${website}.`);
  return {
    appId: appId.toLowerCase(),
    version: packageVersion(),
    websiteUrl: website,
    privacyUrl: privacyUrl ?? website,
    termsUrl: termsUrl ?? website,
    domains: publicUrl ? [new URL(publicUrl).host] : [],
    notes,
  };
}

function httpsUrl(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = (env[name] ?? '').trim();
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new PackageError(`${name} must be an https URL such as https://tovholder.example.dk; got "${value}".`);
  }
  if (url.protocol !== 'https:') throw new PackageError(`${name} must be an https URL (Teams accepts no other); got "${value}".`);
  return url.href;
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { version?: string };
  if (!pkg.version) throw new PackageError('package.json has no version: the Teams app version is taken from it.');
  return pkg.version;
}

/**
 * The manifest with every ${{NAME}} placeholder filled in. A placeholder the packager does not know
 * is an error rather than text shipped to Teams.
 */
export function fillManifest(template: string, inputs: PackageInputs): Record<string, unknown> {
  const values: Record<string, string> = {
    MICROSOFT_APP_ID: inputs.appId,
    APP_VERSION: inputs.version,
    WEBSITE_URL: inputs.websiteUrl,
    PRIVACY_URL: inputs.privacyUrl,
    TERMS_URL: inputs.termsUrl,
  };
  const filled = template.replace(/\$\{\{([A-Z0-9_]+)\}\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new PackageError(`manifests/teams/manifest.json uses ${whole}, which the packager does not fill in.`);
    return value;
  });
  const manifest = JSON.parse(filled) as Record<string, unknown>;
  const listed = Array.isArray(manifest.validDomains) ? (manifest.validDomains as string[]) : [];
  manifest.validDomains = [...new Set([...listed, ...inputs.domains])];
  return manifest;
}

/** The zip: manifest.json and the icons it names, all at the root as Teams requires. */
export function buildTeamsPackage(inputs: PackageInputs, dir = TEAMS_DIR): { zip: Uint8Array; manifest: Record<string, unknown> } {
  const manifest = fillManifest(readFileSync(resolve(dir, 'manifest.json'), 'utf8'), inputs);
  const icons = manifest.icons as { color: string; outline: string };
  const files: Record<string, Uint8Array> = {
    'manifest.json': strToU8(`${JSON.stringify(manifest, null, 2)}\n`),
    [icons.color]: readFileSync(resolve(dir, icons.color)),
    [icons.outline]: readFileSync(resolve(dir, icons.outline)),
  };
  const zip = zipSync(Object.fromEntries(Object.entries(files).map(([name, data]) => [name, [data, { mtime: ENTRY_TIME }]])), { level: 9 });
  return { zip, manifest };
}

/** The command line: returns the exit code. */
export function main(argv: string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): number {
  const outIndex = argv.indexOf('--out');
  const out = outIndex >= 0 && argv[outIndex + 1] ? resolve(argv[outIndex + 1]!) : DEFAULT_OUT;
  try {
    const inputs = readInputs(env);
    const { zip, manifest } = buildTeamsPackage(inputs);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, zip);
    const lines = [
      `Wrote ${out}`,
      `  app id ${inputs.appId}, version ${inputs.version}, manifest schema ${String(manifest.manifestVersion)}`,
      ...inputs.notes.map((note) => `  note: ${note}`),
      '  Upload it in the Teams admin center (Manage apps → Upload new app) or sideload it (Apps → Manage your apps → Upload an app).',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof PackageError)) throw error;
    process.stderr.write(`Cannot build the Teams package: ${error.message}\n`);
    return 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) process.exitCode = main();
