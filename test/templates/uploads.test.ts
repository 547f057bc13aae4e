import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createCore, type Core } from '../../src/app.ts';
import { ManualClock } from '../../src/clock.ts';
import { silentLogger } from '../../src/logger.ts';
import { handleCommand } from '../../src/commands/router.ts';
import type { CommandContext } from '../../src/commands/types.ts';
import { MAX_TEMPLATE_BYTES, receiveTemplateFile, type IncomingTemplateFile } from '../../src/templates/uploads.ts';
import { tempDir } from '../outbox/harness.ts';
import { consultantCtx, dbSnapshot, replyText, testCore } from '../support/core.ts';
import { FakePlatform } from '../support/fake-platform.ts';

type Raw = { id: string; version: number; steps: Record<string, unknown>[] } & Record<string, unknown>;

function example(changes: Partial<Raw> = {}): Raw {
  return { ...(JSON.parse(readFileSync(new URL('./fixtures/kort-partnerskab.json', import.meta.url), 'utf8')) as Raw), ...changes };
}

/** A shared file as an adapter hands it over; `downloads` counts how often the core fetched it. */
function shared(name: string, text: string, size: number | undefined = Buffer.byteLength(text)): IncomingTemplateFile & { downloads: number } {
  const file = {
    name,
    downloads: 0,
    ...(size === undefined ? {} : { size }),
    async read(maxBytes: number) {
      file.downloads += 1;
      return Buffer.byteLength(text) > maxBytes ? null : text;
    },
  };
  return file;
}

const json = (raw: unknown) => JSON.stringify(raw, null, 2);
const stored = (core: Core) => core.db.prepare('SELECT template_id, version, platform, workspace_id, added_by FROM templates ORDER BY version').all();
const partner: CommandContext = { ...consultantCtx, userRef: 'U1', userName: 'anna', channelRef: 'D-U1' };

describe('a consultant adds a template by sharing a file with the bot', () => {
  it('adds a valid JSON file: listed by skabeloner, shown by skabelon, usable by opret, only in its own workspace', async () => {
    const { core, clock } = testCore();
    const reply = replyText(await receiveTemplateFile(core, shared('kort.json', json(example())), consultantCtx));
    expect(reply).toBe('Skabelonen «Kort partnerskab» version 1 er tilføjet. Brug den med `/tovholder opret "Navn" 2026-12-28 kort-partnerskab`.');
    expect(stored(core)).toEqual([{ template_id: 'kort-partnerskab', version: 1, platform: 'slack', workspace_id: 'T1', added_by: 'U0' }]);
    expect(replyText(await handleCommand(core, 'skabeloner', consultantCtx))).toContain('*Kort partnerskab* (`kort-partnerskab`)');
    expect(replyText(await handleCommand(core, 'skabelon kort-partnerskab', consultantCtx))).toContain('`besoeg`');
    expect(replyText(await handleCommand(core, 'opret "Mit forløb" 2027-01-04 kort-partnerskab', consultantCtx))).toMatch(/er oprettet/);
    expect(core.repos.programmes.listInWorkspace('slack', 'T1')[0]!.templateId).toBe('kort-partnerskab');
    // The scheduler finds the workspace's template for the programme: its first reminder goes out.
    const first = core.db.prepare("SELECT id, due_at FROM reminders WHERE status = 'pending' ORDER BY due_at LIMIT 1").get() as { id: string; due_at: string };
    clock.set(new Date(first.due_at));
    await core.scheduler.tick();
    const queued = core.db.prepare("SELECT COUNT(*) FROM deliveries WHERE idempotency_key LIKE 'reminder:%' AND idempotency_key LIKE ?").pluck().get(`%:${first.id}:%`);
    expect(queued).toBe(1);
    // Another workspace has its own templates: this one is not offered there.
    const elsewhere = { ...consultantCtx, workspaceId: 'T2' };
    expect(replyText(await handleCommand(core, 'skabeloner', elsewhere))).not.toContain('kort-partnerskab');
    expect(replyText(await handleCommand(core, 'opret "Andet" 2027-01-04 kort-partnerskab', elsewhere))).toContain('Ukendt skabelon «kort-partnerskab»');
  });

  it('adds a valid YAML file, and answers in English to an English user', async () => {
    const { core } = testCore();
    const reply = replyText(await receiveTemplateFile(core, shared('kort.yaml', stringify(example({ id: 'kort-yaml' }))), { ...consultantCtx, locale: 'en' }));
    expect(reply).toBe('The template “Short partnership” version 1 is added. Use it with `/tovholder create "Name" 2026-12-28 kort-yaml`.');
    expect(stored(core)).toHaveLength(1);
  });

  it('lists every problem of a broken file by step and field, in Danish, and stores nothing', async () => {
    const { core } = testCore();
    const raw = example();
    raw.steps[2]!['placement'] = { from: 'besog', workingDays: 5 };
    raw.steps[1]!['durationMinutes'] = -30;
    const before = dbSnapshot(core);
    const reply = replyText(await receiveTemplateFile(core, shared('min-skabelon.json', json(raw)), consultantCtx));
    expect(reply).toContain('Skabelonen «min-skabelon.json» er ikke tilføjet, for den har 2 fejl. Ret dem og send filen igen:');
    expect(reply).toContain('• skabelon «min-skabelon.json», trin «opsamling», felt «placement.from»: ukendt trin «besog»');
    expect(reply).toMatch(/• skabelon «min-skabelon.json», trin «besoeg», felt «durationMinutes»: /);
    expect(stored(core)).toEqual([]);
    expect(dbSnapshot(core)).toBe(before);
    const syntax = replyText(await receiveTemplateFile(core, shared('halv.yaml', 'id: x\nsteps: [\n'), consultantCtx));
    expect(syntax).toMatch(/har 1 fejl[\s\S]*ikke gyldig YAML/);
    expect(stored(core)).toEqual([]);
  });

  it('takes a new upload of an id only with a higher version, and offers the newest', async () => {
    const { core } = testCore();
    await receiveTemplateFile(core, shared('kort.json', json(example())), consultantCtx);
    const same = replyText(await receiveTemplateFile(core, shared('kort.json', json(example({ description: { da: 'Ny tekst.' } }))), consultantCtx));
    expect(same).toBe('Skabelonen «kort-partnerskab» findes allerede i version 1. Sæt «version» til 2 eller højere for at tilføje en ny udgave.');
    expect(stored(core)).toHaveLength(1);
    const raised = replyText(await receiveTemplateFile(core, shared('kort.json', json(example({ version: 2, description: { da: 'Ny tekst.' } }))), consultantCtx));
    expect(raised).toContain('Skabelonen «Kort partnerskab» version 2 er tilføjet.');
    expect(stored(core)).toHaveLength(2);
    expect(replyText(await handleCommand(core, 'skabeloner', consultantCtx))).toContain('Ny tekst.');
  });

  it('refuses the id of a built-in template', async () => {
    const { core } = testCore();
    const reply = replyText(await receiveTemplateFile(core, shared('egen.json', json(example({ id: 'smaa-partnerskaber', version: 9 }))), consultantCtx));
    expect(reply).toBe('Skabelonen «smaa-partnerskaber» er en af Tovholders egne og kan ikke erstattes. Giv din skabelon et andet id.');
    expect(stored(core)).toEqual([]);
  });

  it('refuses someone who is not a consultant in the workspace, without downloading the file', async () => {
    const { core } = testCore();
    await handleCommand(core, 'opret "Forløb A" 2027-01-04', consultantCtx);
    const file = shared('kort.json', json(example()));
    const reply = replyText(await receiveTemplateFile(core, file, partner));
    expect(reply).toBe('Kun konsulenter kan tilføje skabeloner her: konsulenterne for forløbene i arbejdsområdet (Karen Konsulent), administratorerne og dem, der er nævnt i Tovholders opsætning. Spørg en af dem.');
    expect(file.downloads).toBe(0);
    expect(stored(core)).toEqual([]);
    // The programme's consultant may.
    expect(replyText(await receiveTemplateFile(core, shared('kort.json', json(example())), consultantCtx))).toMatch(/er tilføjet/);
  });

  it('refuses other file types and files that are too large, before or while downloading', async () => {
    const { core } = testCore();
    const pdf = shared('plan.pdf', '%PDF-1.7');
    expect(replyText(await receiveTemplateFile(core, pdf, consultantCtx))).toBe('Filen «plan.pdf» er ikke en skabelon: send en JSON- eller YAML-fil (.json, .yaml eller .yml).');
    expect(pdf.downloads).toBe(0);
    const big = shared('stor.json', json(example()), MAX_TEMPLATE_BYTES + 1);
    expect(replyText(await receiveTemplateFile(core, big, consultantCtx))).toBe('Filen «stor.json» er for stor til en skabelon (højst 256 KB).');
    expect(big.downloads).toBe(0);
    // The platform did not say how large it is: the download stops at the cap.
    const unsized = shared('stor.yaml', `# ${'x'.repeat(MAX_TEMPLATE_BYTES)}\n`, undefined);
    expect(replyText(await receiveTemplateFile(core, unsized, consultantCtx))).toBe('Filen «stor.yaml» er for stor til en skabelon (højst 256 KB).');
    // A snippet without an extension is read as JSON or YAML by its content.
    expect(replyText(await receiveTemplateFile(core, shared('skabelon', json(example())), consultantCtx))).toMatch(/er tilføjet/);
    expect(stored(core)).toHaveLength(1);
  });

  it('says the file could not be fetched when the download fails, and stores nothing', async () => {
    const { core } = testCore();
    const failing: IncomingTemplateFile = { name: 'kort.json', size: 100, read: () => Promise.reject(new Error('HTTP 403')) };
    expect(replyText(await receiveTemplateFile(core, failing, consultantCtx))).toBe('Jeg kunne ikke hente filen «kort.json». Prøv at sende den igen om lidt.');
    expect(stored(core)).toEqual([]);
  });
});

describe('an uploaded template on the command thread', () => {
  it('is offered by skabeloner and used by opret there, though the main thread stored it', async () => {
    const { dir, cleanup } = tempDir('tovholder-uploads-');
    const core = createCore({ dbPath: join(dir, 'bot.db'), clock: new ManualClock('2026-12-01T10:00:00Z'), logger: silentLogger(), platforms: [new FakePlatform('slack')], commandThread: true });
    try {
      // The command thread is running (and has its own registry) before the upload.
      expect(replyText(await core.commands.command('skabeloner', consultantCtx))).not.toContain('kort-partnerskab');
      expect(replyText(await receiveTemplateFile(core, shared('kort.json', json(example())), consultantCtx))).toMatch(/er tilføjet/);
      expect(replyText(await core.commands.command('skabeloner', consultantCtx))).toContain('*Kort partnerskab* (`kort-partnerskab`)');
      expect(replyText(await core.commands.command('opret "Kort forløb" 2027-01-04 kort-partnerskab', consultantCtx))).toMatch(/er oprettet/);
      expect(core.repos.programmes.listInWorkspace('slack', 'T1').map((p) => p.templateId)).toEqual(['kort-partnerskab']);
    } finally {
      core.close();
      cleanup();
    }
  });
});
