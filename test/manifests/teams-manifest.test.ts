/**
 * The Teams app package: manifests/teams/manifest.json (filled in as the packager does) against
 * Microsoft's official JSON schema for its manifest version — the schema files ship offline in the
 * @microsoft/app-manifest package — and against the code: the command menu lists the core's
 * subcommands, supportsFiles follows the Teams port, and the resource-specific (RSC) Graph permissions
 * are exactly those the Graph requests in adapters/teams need. Then the packager runs for real.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { strFromU8, unzipSync } from 'fflate';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { TeamsPlatform } from '../../adapters/teams/port.ts';
import { SUBCOMMANDS } from '../../src/commands/router.ts';
import { hexToRgb } from '../../scripts/icons.ts';
import { fillManifest, PackageError, readInputs, TEAMS_DIR } from '../../scripts/package-teams.ts';
import { graphRequests, readSources, ROOT } from './code-reader.ts';

const APP_ID = '4f1e2d3c-1111-2222-3333-444455556666';
const PUBLIC_URL = 'https://tovholder.kommune.example';

/**
 * Microsoft Graph permissions, by resource-specific consent in the team, for each Graph request the
 * adapter makes (Graph reference → the API's "Permissions" table, least privileged Application
 * permission marked as RSC). The tenant-wide alternatives are in the README.
 */
const GRAPH_RSC: Record<string, string | null> = {
  'POST /teams/{}/channels': 'Channel.Create.Group', // create channel
  'GET /teams/{}/channels': 'ChannelSettings.Read.Group', // list channels (finding its own after a lost answer)
  'GET /teams/{}/channels/{}/messages': 'ChannelMessage.Read.Group', // findSent: a post that started a thread
  'GET /teams/{}/channels/{}/messages/{}/replies': 'ChannelMessage.Read.Group', // findSent: a reply in a thread
  // findSent in a personal chat: no RSC exists for 1:1 chats; the tenant-wide Chat.Read.WhereInstalled
  // (admin consent) is optional and documented in the README, so it is not in the manifest.
  'GET /chats/{}/messages': null,
};

/**
 * Subcommands the core answers only where the platform's port has an optional capability; Teams'
 * menu leaves out those the Teams port lacks (typed, they still explain themselves).
 */
const NEEDS_CAPABILITY: Record<string, keyof TeamsPlatform | 'uploadFile'> = {
  eksport: 'uploadFile',
};

/**
 * Teams' menu holds at most 12 commands per scope and is full; these are left out of it. Typed in the
 * chat ("skabeloner", the programme-shape commands of #13, and series' `aflys`, the actions and `fjern` of #14) they
 * work as everywhere else, and `hjælp` lists them; an action's owner gets it with its Færdig button.
 */
const NOT_IN_MENU = new Set(['skabeloner', 'skabelon', 'gruppe', 'organisation', 'format', 'sted', 'byt', 'aflys', 'handling', 'handlinger', 'fjern']);

const template = readFileSync(join(TEAMS_DIR, 'manifest.json'), 'utf8');
const inputs = readInputs({ MICROSOFT_APP_ID: APP_ID, TOVHOLDER_PUBLIC_URL: PUBLIC_URL });
const manifest = fillManifest(template, inputs) as unknown as TeamsManifest;

interface TeamsManifest {
  $schema: string;
  manifestVersion: string;
  version: string;
  id: string;
  accentColor: string;
  icons: { color: string; outline: string };
  bots: { botId: string; scopes: string[]; supportsFiles?: boolean; commandLists?: { scopes: string[]; commands: { title: string; description: string }[] }[] }[];
  validDomains: string[];
  webApplicationInfo: { id: string; resource?: string };
  authorization?: { permissions?: { resourceSpecific?: { name: string; type: string }[] } };
}

function officialSchema(version: string): Record<string, unknown> {
  const build = dirname(createRequire(import.meta.url).resolve('@microsoft/app-manifest'));
  return JSON.parse(readFileSync(join(build, 'json-schemas/teams', `v${version}`, 'MicrosoftTeams.schema.json'), 'utf8')) as Record<string, unknown>;
}

function validate(candidate: unknown): string[] {
  // Both are CommonJS modules that also export themselves as `.default`, which is what TypeScript
  // (module NodeNext) sees; Microsoft's Teams schemas are JSON Schema draft-04.
  const ajv = new AjvDraft04.default({ allErrors: true, strict: false });
  ajvFormats.default(ajv);
  const check = ajv.compile(officialSchema(manifest.manifestVersion));
  return check(candidate) ? [] : (check.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

function readPng(name: string): PNG {
  return PNG.sync.read(readFileSync(join(TEAMS_DIR, name)));
}

describe('Teams manifest', () => {
  it('is valid against Microsoft\'s schema for its manifest version', () => {
    expect(manifest.$schema).toBe(`https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`);
    expect(validate(manifest)).toEqual([]);
  });

  it('the schema check is not vacuous', () => {
    const broken = structuredClone(manifest);
    broken.bots[0]!.scopes = ['everywhere'];
    (broken as unknown as Record<string, unknown>).accentColor = 'teal';
    expect(validate(broken).length).toBeGreaterThanOrEqual(2);
  });

  it('uses the bot\'s app id for the app, the bot and the RSC consent', () => {
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots.map((b) => b.botId)).toEqual([APP_ID]);
    expect(manifest.webApplicationInfo.id).toBe(APP_ID);
    expect(manifest.version).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    expect(manifest.validDomains).toEqual([new URL(PUBLIC_URL).host]);
  });

  it('lists the core\'s subcommands in the command menu, in Danish, in every scope', () => {
    const bot = manifest.bots[0]!;
    const expected = SUBCOMMANDS.map((c) => c.names[0]!).filter((name) => {
      if (NOT_IN_MENU.has(name)) return false;
      const capability = NEEDS_CAPABILITY[name];
      return !capability || typeof (TeamsPlatform.prototype as unknown as Record<string, unknown>)[capability] === 'function';
    });
    const lists = bot.commandLists ?? [];
    expect(lists.flatMap((l) => l.scopes).sort(), 'one menu per scope the bot has').toEqual([...bot.scopes].sort());
    const schema = officialSchema(manifest.manifestVersion) as { properties: { bots: { items: { properties: { commandLists: { items: { properties: { commands: { maxItems: number } } } } } } } } };
    const max = schema.properties.bots.items.properties.commandLists.items.properties.commands.maxItems;
    expect(expected.length, `Teams shows at most ${max} commands per scope: leave some out (see NEEDS_CAPABILITY)`).toBeLessThanOrEqual(max);
    for (const list of lists) {
      expect(list.commands.map((c) => c.title), `commandLists for ${list.scopes.join(', ')} vs SUBCOMMANDS`).toEqual(expected);
      for (const command of list.commands) expect(command.description.trim(), command.title).not.toBe('');
    }
  });

  it('installs in personal chats and teams, and says whether it sends files as the Teams port does', () => {
    const bot = manifest.bots[0]!;
    expect(bot.scopes).toEqual(expect.arrayContaining(['personal', 'team']));
    expect(bot.supportsFiles ?? false).toBe(typeof (TeamsPlatform.prototype as unknown as Record<string, unknown>).uploadFile === 'function');
  });

  it('asks (by resource-specific consent) for exactly the Graph permissions the adapter\'s requests need', () => {
    const requests = graphRequests(readSources('adapters/teams'));
    expect(requests.length, 'no Graph request found in adapters/teams').toBeGreaterThan(0);
    const unknown = requests.map((r) => `${r.method} ${r.path}`).filter((key) => GRAPH_RSC[key] === undefined);
    expect(unknown, 'Graph requests missing from GRAPH_RSC: add each with its RSC permission from the Graph docs').toEqual([]);
    const needed = [...new Set(requests.map((r) => GRAPH_RSC[`${r.method} ${r.path}`]).filter((p): p is string => !!p))].sort();
    const declared = manifest.authorization?.permissions?.resourceSpecific ?? [];
    expect(declared.map((p) => p.name).sort()).toEqual(needed);
    expect(declared.every((p) => p.type === 'Application')).toBe(true);
  });

  it('has a 192×192 colour icon on the accent colour and a 32×32 white-on-transparent outline', () => {
    const color = readPng(manifest.icons.color);
    expect([color.width, color.height]).toEqual([192, 192]);
    const accent = hexToRgb(manifest.accentColor);
    expect([...color.data.subarray(0, 4)]).toEqual([...accent, 255]);
    const seeThrough = color.data.filter((_, i) => i % 4 === 3 && color.data[i] !== 255).length;
    expect(seeThrough, 'the colour icon is opaque').toBe(0);

    const outline = readPng(manifest.icons.outline);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    let visible = 0;
    let transparent = 0;
    const notWhite: number[] = [];
    for (let i = 0; i < outline.data.length; i += 4) {
      const [r, g, b, a] = outline.data.subarray(i, i + 4);
      if (a === 0) transparent += 1;
      else if (r === 255 && g === 255 && b === 255) visible += 1;
      else notWhite.push(i / 4);
    }
    expect(notWhite, 'outline pixels that are neither transparent nor white').toEqual([]);
    expect(visible).toBeGreaterThan(50);
    expect(transparent).toBeGreaterThan(50);
  });
});

describe('npm run package:teams', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  function run(env: { MICROSOFT_APP_ID?: string }): { status: number | null; stdout: string; stderr: string; out: string } {
    const dir = mkdtempSync(join(tmpdir(), 'tovholder-teams-'));
    dirs.push(dir);
    const out = join(dir, 'package.zip');
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
    for (const name of ['MICROSOFT_APP_ID', 'TOVHOLDER_PUBLIC_URL', 'TOVHOLDER_PRIVACY_URL', 'TOVHOLDER_TERMS_URL'] as const) {
      if (!(name in env)) delete childEnv[name];
    }
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/package-teams.ts', '--out', out], { cwd: ROOT, env: childEnv, encoding: 'utf8', timeout: 30_000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, out };
  }

  it('zips manifest.json and the two icons at the root, with the app id filled in', () => {
    const result = run({ MICROSOFT_APP_ID: APP_ID });
    expect(result.stderr).not.toMatch(/Cannot build|Error/);
    expect(result.status).toBe(0);
    const entries = unzipSync(readFileSync(result.out));
    expect(Object.keys(entries).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const packed = JSON.parse(strFromU8(entries['manifest.json']!)) as TeamsManifest;
    expect(validate(packed)).toEqual([]);
    expect(packed.bots[0]!.botId).toBe(APP_ID);
    expect(JSON.stringify(packed)).not.toContain('${{');
    expect(Buffer.from(entries['color.png']!).equals(readFileSync(join(TEAMS_DIR, 'color.png')))).toBe(true);
    expect(Buffer.from(entries['outline.png']!).equals(readFileSync(join(TEAMS_DIR, 'outline.png')))).toBe(true);
    expect(result.stdout).toContain('TOVHOLDER_PUBLIC_URL is not set');
  });

  it('names MICROSOFT_APP_ID when it is missing or not an app id, and writes nothing', () => {
    for (const env of [{}, { MICROSOFT_APP_ID: 'my-bot' }]) {
      const result = run(env);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/MICROSOFT_APP_ID/);
      expect(() => readFileSync(result.out)).toThrow();
    }
  });

  it('refuses links Teams would refuse and placeholders it cannot fill', () => {
    expect(() => readInputs({ MICROSOFT_APP_ID: APP_ID, TOVHOLDER_PUBLIC_URL: 'http://tovholder.example' })).toThrow(/TOVHOLDER_PUBLIC_URL must be an https URL/);
    expect(() => fillManifest('{"id":"${{TEAMS_APP_ID}}"}', inputs)).toThrow(PackageError);
  });
});
