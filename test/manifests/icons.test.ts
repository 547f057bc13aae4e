/**
 * The committed icons are the ones scripts/icons.ts draws (`npm run icons` redraws them): compared
 * pixel by pixel, so a different zlib cannot make the test fail, but a hand-edited PNG does.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { drawMark, ICONS } from '../../scripts/icons.ts';
import { ROOT } from './code-reader.ts';

describe('app icons', () => {
  it.each(ICONS.map((icon) => [icon.path, icon] as const))('%s is what scripts/icons.ts draws', (path, icon) => {
    const committed = PNG.sync.read(readFileSync(join(ROOT, path)));
    const drawn = drawMark(icon.spec);
    expect([committed.width, committed.height]).toEqual([icon.spec.size, icon.spec.size]);
    expect(Buffer.compare(committed.data, drawn.data), `${path} differs from the drawing: run npm run icons`).toBe(0);
  });

  it('the Slack icon is within the 512-2000 px Slack asks for', () => {
    const slack = ICONS.find((icon) => icon.path.startsWith('manifests/slack/'))!;
    expect(slack.spec.size).toBeGreaterThanOrEqual(512);
    expect(slack.spec.size).toBeLessThanOrEqual(2000);
  });
});
