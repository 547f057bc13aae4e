import { describe, expect, it } from 'vitest';
import { BOT, PEOPLE } from '../../../adapters/local/directory.ts';
import { escapeHtml, markdownToHtml } from '../../../adapters/local/markup.ts';
import { renderBlock, renderMessages, type RenderContext } from '../../../adapters/local/render.ts';
import type { LocalMessage } from '../../../adapters/local/store.ts';

const names = (ref: string) => PEOPLE.find((p) => p.ref === ref)?.name;
const ctx: RenderContext = {
  people: new Map([BOT, ...PEOPLE].map((p) => [p.ref, p])),
  viewer: 'U-mette',
  zone: 'Europe/Copenhagen',
  now: new Date('2027-01-04T08:00:00Z'),
};

function message(overrides: Partial<LocalMessage>): LocalMessage {
  return {
    seq: 1, ref: 'M1', channelRef: 'C1', threadRef: null, authorRef: BOT.ref, visibleTo: null, text: '', blocks: null, note: null,
    idempotencyKey: null, fileRef: null, createdAt: '2027-01-04T08:00:00.000Z', editedAt: null, ...overrides,
  };
}

describe('rendering messages as HTML', () => {
  it('escapes everything a user or a template could write', () => {
    const html = markdownToHtml('<img src=x onerror=alert(1)> & "quotes" \'too\'', names);
    expect(html).toBe('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot; &#39;too&#39;');
    expect(markdownToHtml('<@U-x|<b>evil</b>>', names)).not.toContain('<b>');
    expect(escapeHtml('"><script>')).toBe('&quot;&gt;&lt;script&gt;');
  });

  it('shows *bold*, _italic_, `code`, line breaks and mentions, and leaves snake_case alone', () => {
    expect(markdownToHtml('*Hvornår:* _i morgen_\n`/tovholder plan`', names)).toBe(
      '<strong>Hvornår:</strong> <em>i morgen</em><br><code>/tovholder plan</code>',
    );
    expect(markdownToHtml('snake_case_name og 2*3*4 og `*ikke fed*`', names)).toBe('snake_case_name og 2*3*4 og <code>*ikke fed*</code>');
    expect(markdownToHtml('Hej <@U-sofie> og <@U-ukendt|bo>', names)).toBe(
      'Hej <span class="mention" data-user="U-sofie">@Sofie Nørgaard</span> og <span class="mention" data-user="U-ukendt">@bo</span>',
    );
    expect(markdownToHtml('«*fed*» og "_skrå_"', names)).toBe('«<strong>fed</strong>» og &quot;<em>skrå</em>&quot;');
    expect(markdownToHtml('~fredag kl. 09.30~ → *mandag*', names)).toBe('<del>fredag kl. 09.30</del> → <strong>mandag</strong>');
  });

  it('renders every block type, with button values escaped into attributes', () => {
    const button = renderBlock({ type: 'actions', buttons: [{ actionId: 'move.confirm', label: 'Flyt <nu>', value: '{"p":"x\\"y"}', style: 'primary' }] }, 'M1', names);
    expect(button).toBe(
      '<div class="b-actions"><button type="button" class="btn primary" data-action-id="move.confirm" data-value="{&quot;p&quot;:&quot;x\\&quot;y&quot;}" data-message="M1">Flyt &lt;nu&gt;</button></div>',
    );
    expect(renderBlock({ type: 'header', text: 'Påmindelse <i>' }, 'M1', names)).toBe('<div class="b-header">Påmindelse &lt;i&gt;</div>');
    expect(renderBlock({ type: 'divider' }, 'M1', names)).toBe('<hr class="b-divider">');
    expect(renderBlock({ type: 'context', text: '_lille_' }, 'M1', names)).toBe('<div class="b-context"><em>lille</em></div>');
    expect(renderBlock({ type: 'section', text: 'x', fields: [{ label: 'Hvor', value: '*Kornets Hus*' }] }, 'M1', names)).toContain(
      '<dl class="b-fields"><div><dt>Hvor</dt><dd><strong>Kornets Hus</strong></dd></div></dl>',
    );
  });

  it('marks ephemeral messages "Kun synlig for dig", nests thread replies and separates days', () => {
    const html = renderMessages(
      [
        message({ ref: 'M1', text: 'Spørgsmål' }),
        message({ ref: 'M2', seq: 2, authorRef: 'U-sofie', text: '4', threadRef: 'M1', createdAt: '2027-01-04T08:01:00.000Z' }),
        message({ ref: 'M3', seq: 3, text: 'Tak!', visibleTo: 'U-mette', note: '/tovholder plan', createdAt: '2027-01-05T08:00:00.000Z' }),
      ],
      ctx,
    );
    expect(html.match(/class="day-sep"/g)).toHaveLength(2);
    expect(html).toContain('mandag 4. januar');
    expect(html).toMatch(/id="msg-M1".*<div class="thread".*id="msg-M2"/s);
    expect(html).toContain('Kun synlig for dig · svar på <code>/tovholder plan</code>');
    expect(html).toContain('data-dismiss="M3"');
    expect(html).toContain('<time datetime="2027-01-04T08:00:00.000Z">09.00</time>');
  });
});
