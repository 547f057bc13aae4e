import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|js|mjs|cjs)$/.test(name) ? [path] : [];
  });
}

/** Every module specifier a file imports, re-exports or loads dynamically. */
function specifiers(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\bfrom\s+['"]([^'"]+)['"]/g,
    /\bimport\s+['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.push(match[1]!);
  return found;
}

const forbidden = [
  { test: (s: string) => s.startsWith('@slack/'), why: 'a Slack SDK' },
  { test: (s: string) => /^botbuilder|^botframework-/.test(s), why: 'a Bot Framework SDK' },
  { test: (s: string) => s.startsWith('@microsoft/'), why: 'a Microsoft SDK' },
  { test: (s: string) => /(^|\/)adapters(\/|$)/.test(s), why: 'an adapter' },
];

describe('the core boundary', () => {
  const files = sourceFiles(join(root, 'src'));

  it('finds the core sources to check', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it('never imports a platform SDK or an adapter from src/', () => {
    const violations = files.flatMap((file) =>
      specifiers(readFileSync(file, 'utf8')).flatMap((spec) =>
        forbidden.filter((rule) => rule.test(spec)).map((rule) => `${relative(root, file)} imports ${spec} (${rule.why})`),
      ),
    );
    expect(violations).toEqual([]);
  });

  it('the check itself catches each kind of forbidden import', () => {
    const sample = [
      "import { App } from '@slack/bolt';",
      "import { CloudAdapter } from 'botbuilder';",
      "const x = await import('../../adapters/slack/index.ts');",
      "export * from '../adapters/teams/cards.ts';",
    ].join('\n');
    const hits = specifiers(sample).filter((spec) => forbidden.some((rule) => rule.test(spec)));
    expect(hits).toHaveLength(4);
  });
});
