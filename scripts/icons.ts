/**
 * Draws Tovholder's mark — two interlaced threads, two rings linked over-and-under, the cultural
 * institution and the daycare held together — as the app icons the platforms ask for:
 *
 *   manifests/teams/color.png    192×192, white mark on teal (Teams' full-colour icon)
 *   manifests/teams/outline.png   32×32, white mark on transparent (Teams' outline icon)
 *   manifests/slack/icon.png     512×512, white mark on teal (uploaded by hand in Slack's app settings)
 *
 * The PNGs are committed; `npm run icons` redraws them and a test checks they are what this draws.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

/** The brand teal (Tailwind teal-700): the Teams accent colour and the icons' background. */
export const TEAL = '#0f766e';

/** Geometry of the mark in pixels of one icon. */
export interface MarkSpec {
  size: number;
  /** Ring radius (to the middle of the stroke). */
  radius: number;
  /** Horizontal distance from the icon's centre to each ring's centre. */
  offset: number;
  stroke: number;
  /** Space left around the ring that passes over, so the one underneath visibly goes under. */
  gap: number;
  /** Opaque background colour, or null for transparent. */
  background: string | null;
}

export interface IconFile {
  path: string;
  spec: MarkSpec;
}

const ROOT = new URL('../', import.meta.url);

/** Teams wants the colour icon's symbol in the middle 96×96 or so, the outline icon edge to edge. */
export const ICONS: IconFile[] = [
  { path: 'manifests/teams/color.png', spec: { size: 192, radius: 28, offset: 16, stroke: 10, gap: 4, background: TEAL } },
  { path: 'manifests/teams/outline.png', spec: { size: 32, radius: 8, offset: 5.5, stroke: 3, gap: 1.25, background: null } },
  { path: 'manifests/slack/icon.png', spec: { size: 512, radius: 80, offset: 46, stroke: 28, gap: 11, background: TEAL } },
];

/** Samples per pixel along each axis: edges are anti-aliased by coverage. */
const SUPERSAMPLE = 6;

/** Draws one icon. Pure: the same spec always gives the same pixels. */
export function drawMark(spec: MarkSpec): PNG {
  const png = new PNG({ width: spec.size, height: spec.size, colorType: 6 });
  const background = spec.background ? hexToRgb(spec.background) : null;
  for (let y = 0; y < spec.size; y += 1) {
    for (let x = 0; x < spec.size; x += 1) {
      const coverage = pixelCoverage(spec, x, y);
      const i = (y * spec.size + x) * 4;
      if (background) {
        png.data[i] = mix(background[0], 255, coverage);
        png.data[i + 1] = mix(background[1], 255, coverage);
        png.data[i + 2] = mix(background[2], 255, coverage);
        png.data[i + 3] = 255;
      } else {
        // White on transparent: only the alpha varies, so every visible pixel is pure white.
        png.data[i] = 255;
        png.data[i + 1] = 255;
        png.data[i + 2] = 255;
        png.data[i + 3] = Math.round(255 * coverage);
        if (png.data[i + 3] === 0) png.data[i] = png.data[i + 1] = png.data[i + 2] = 0;
      }
    }
  }
  return png;
}

function pixelCoverage(spec: MarkSpec, x: number, y: number): number {
  let hits = 0;
  for (let sy = 0; sy < SUPERSAMPLE; sy += 1) {
    for (let sx = 0; sx < SUPERSAMPLE; sx += 1) {
      if (onMark(spec, x + (sx + 0.5) / SUPERSAMPLE, y + (sy + 0.5) / SUPERSAMPLE)) hits += 1;
    }
  }
  return hits / (SUPERSAMPLE * SUPERSAMPLE);
}

/**
 * Two rings side by side that cross twice: at the top the left ring passes over the right one, at the
 * bottom under it, so they are linked rather than lying on top of each other.
 */
function onMark(spec: MarkSpec, px: number, py: number): boolean {
  const centre = spec.size / 2;
  const half = spec.stroke / 2;
  const fromLeft = Math.abs(Math.hypot(px - (centre - spec.offset), py - centre) - spec.radius);
  const fromRight = Math.abs(Math.hypot(px - (centre + spec.offset), py - centre) - spec.radius);
  let left = fromLeft <= half;
  let right = fromRight <= half;
  if (py < centre && right && fromLeft <= half + spec.gap) right = false;
  if (py >= centre && left && fromRight <= half + spec.gap) left = false;
  return left || right;
}

function mix(from: number, to: number, amount: number): number {
  return Math.round(from + (to - from) * amount);
}

export function hexToRgb(hex: string): [number, number, number] {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [parseInt(match[1]!, 16), parseInt(match[2]!, 16), parseInt(match[3]!, 16)];
}

function main(): void {
  for (const icon of ICONS) {
    const file = new URL(icon.path, ROOT);
    writeFileSync(file, PNG.sync.write(drawMark(icon.spec)));
    process.stdout.write(`wrote ${icon.path} (${icon.spec.size}×${icon.spec.size})\n`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) main();
