import { describe, expect, it } from 'vitest';
import { handleCommand } from '../../src/commands/router.ts';
import { consultantCtx, dbSnapshot, replyText, testCore } from '../support/core.ts';

describe('skabeloner / skabelon <id>', () => {
  it('lists the built-in template with id, title, length and a one-line description, in Danish and English', async () => {
    const { core } = testCore();
    const da = replyText(await handleCommand(core, 'skabeloner', consultantCtx));
    expect(da).toContain('*Små Partnerskaber* (`smaa-partnerskaber`), 5 måneder, 24 trin');
    expect(da).toContain('Partnerskaber mellem kulturinstitutioner og daginstitutioner over fem måneder.');
    expect(da).not.toContain('tre fælles workshops');
    expect(da).not.toContain('Benspænd');
    expect(da).toContain('/tovholder skabelon <id>');
    const en = replyText(await handleCommand(core, 'templates', { ...consultantCtx, locale: 'en' }));
    expect(en).toContain('*Small Partnerships* (`smaa-partnerskaber`), 5 months, 24 steps');
    expect(en).toContain('/tovholder template <id>');
  });

  it('shows one template step by step: when, who, how long, reminders and the evaluation form', async () => {
    const { core } = testCore();
    const da = replyText(await handleCommand(core, 'skabelon smaa-partnerskaber', consultantCtx));
    expect(da).toContain('Små Partnerskaber (5 måneder, 24 trin)');
    expect(da).toContain('• *Opstartsworkshop* `opstartsworkshop`\n    uge 1 · alle partnerskaber og konsulenten · 240 min. · påmindelse 5 og 1 arbejdsdage før · konsulenten sætter datoen · evaluering:');
    expect(da).toContain('• *Dialog i partnerskabet* `dialog-1`\n    5 arbejdsdage efter Nysgerrighed · partnerskabet uden børn · 60 min.');
    expect(da).toContain('30 arbejdsdage før Opstartsworkshop · konsulenten');
    expect(da).toContain('uge 10');
    expect(da).toContain('kun hvis det bliver nødvendigt');
    expect(da).not.toContain('"placement"');
    const en = replyText(await handleCommand(core, 'template smaa-partnerskaber', { ...consultantCtx, locale: 'en' }));
    expect(en).toContain('• *Dialogue in the partnership* `dialog-1`\n    5 working days after Curiosity · the partnership without children · 60 min');
    expect(en).toContain('reminders 5 and 1 working days before');
  });

  it('refuses an unknown id by naming the ids there are, and changes nothing', async () => {
    const { core } = testCore();
    const before = dbSnapshot(core);
    const reply = await handleCommand(core, 'skabelon små', consultantCtx);
    expect(replyText(reply)).toBe('Jeg kender ikke skabelonen «små». Skabeloner: smaa-partnerskaber, kl-boernefaellesskaber, kl-digital-udvikling, kl-kvalitet-dagtilbud, velfaerdspartnerskab.');
    expect(replyText(await handleCommand(core, 'skabelon', consultantCtx))).toContain('Skabeloner: smaa-partnerskaber, kl-boernefaellesskaber, kl-digital-udvikling, kl-kvalitet-dagtilbud, velfaerdspartnerskab.');
    expect(dbSnapshot(core)).toBe(before);
  });

  it('are in the help text', async () => {
    const { core } = testCore();
    expect(replyText(await handleCommand(core, 'hjælp', consultantCtx))).toContain('/tovholder skabeloner');
  });
});
