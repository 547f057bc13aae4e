/**
 * Reads what the adapters do from their source, so the manifest tests compare the manifests with the
 * code as it is, not with a copy of it: which slash commands, events and interactions the Slack
 * adapter registers with Bolt, which Slack Web API methods and Microsoft Graph requests they make.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface SourceFile {
  path: string;
  /** The source with comments blanked out, so a method named in a comment is not taken for a call. */
  code: string;
}

/** Every .ts file under a folder of the repository, comments removed. */
export function readSources(folder: string): SourceFile[] {
  const dir = join(ROOT, folder);
  const files: SourceFile[] = [];
  const walk = (at: string): void => {
    for (const name of readdirSync(at).sort()) {
      const full = join(at, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.ts')) files.push({ path: relative(ROOT, full), code: stripComments(readFileSync(full, 'utf8')) });
    }
  };
  walk(dir);
  return files;
}

/** Blanks // and /* *\/ comments, leaving strings (including template literals) alone. */
export function stripComments(source: string): string {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      while (i < source.length && source[i] !== '\n') i += 1;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end < 0 ? source.length : end + 2;
      out += source.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < source.length && source[j] !== c) j += source[j] === '\\' ? 2 : 1;
      out += source.slice(i, j + 1);
      i = j + 1;
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}

/** The value of a string constant (`const NAME = '...'`) declared in one of the files. */
export function stringConstant(files: SourceFile[], name: string): string | undefined {
  const declaration = new RegExp(`\\bconst\\s+${name}\\s*(?::\\s*string\\s*)?=\\s*(['"\`])([^'"\`]*)\\1`);
  for (const file of files) {
    const match = declaration.exec(file.code);
    if (match) return match[2];
  }
  return undefined;
}

/** A call's first argument as a string: a literal, or a string constant the files declare. */
function firstArgument(files: SourceFile[], raw: string): string {
  const literal = /^(['"`])([^'"`]*)\1$/.exec(raw.trim());
  if (literal) return literal[2]!;
  const name = raw.trim();
  const value = /^[A-Za-z_$][\w$]*$/.test(name) ? stringConstant(files, name) : undefined;
  if (value === undefined) throw new Error(`cannot tell what ${raw.trim()} is: register Bolt listeners with a string or a string constant`);
  return value;
}

export interface BoltRegistrations {
  commands: string[];
  events: string[];
  /** app.action, app.view, app.shortcut, app.options: each needs interactivity in the manifest. */
  interactions: string[];
}

/** What the code registers on a Bolt `app`: `app.command(...)`, `app.event(...)`, `app.message(...)`... */
export function boltRegistrations(files: SourceFile[]): BoltRegistrations {
  const found: BoltRegistrations = { commands: [], events: [], interactions: [] };
  for (const file of files) {
    for (const match of file.code.matchAll(/\bapp\s*\.\s*(command|event|message|action|view|shortcut|options)\s*(?:<[^>(]*>)?\s*\(([^,)]*)/g)) {
      const [, kind, argument = ''] = match;
      if (kind === 'command') found.commands.push(firstArgument(files, argument));
      else if (kind === 'event') found.events.push(firstArgument(files, argument));
      else if (kind === 'message') found.events.push('message');
      else found.interactions.push(kind!);
    }
  }
  return { commands: unique(found.commands), events: unique(found.events), interactions: unique(found.interactions) };
}

/** Slack Web API method families (the part before the first dot). */
const WEB_API_FAMILIES = [
  'admin', 'api', 'apps', 'assistant', 'auth', 'bookmarks', 'bots', 'calls', 'canvases', 'chat', 'conversations', 'dialog',
  'dnd', 'emoji', 'files', 'functions', 'migration', 'oauth', 'openid', 'pins', 'reactions', 'reminders', 'rtm', 'search',
  'stars', 'team', 'tooling', 'usergroups', 'users', 'views', 'workflows',
];

export interface MethodCall {
  method: string;
  /** The call's source from the method name to the end of its argument list (or 400 characters). */
  args: string;
  path: string;
}

/**
 * Web API methods called through a WebClient: `client.chat.postMessage(`, `….auth.test()`,
 * `client.users\n  .info(`, `client.filesUploadV2(` (files.uploadV2) and `client.apiCall('x.y', …)`.
 */
export function webApiCalls(files: SourceFile[]): MethodCall[] {
  const families = WEB_API_FAMILIES.join('|');
  const calls: MethodCall[] = [];
  for (const file of files) {
    const code = file.code;
    for (const match of code.matchAll(new RegExp(`\\.\\s*(${families})((?:\\s*\\.\\s*[A-Za-z]\\w*)+)\\s*\\(`, 'g'))) {
      const method = `${match[1]}${match[2]!.replace(/\s+/g, '')}`;
      calls.push({ method, args: argumentsAt(code, match.index + match[0].length - 1), path: file.path });
    }
    for (const match of code.matchAll(/\.\s*filesUploadV2\s*\(/g)) {
      calls.push({ method: 'files.uploadV2', args: argumentsAt(code, match.index + match[0].length - 1), path: file.path });
    }
    for (const match of code.matchAll(/\.\s*apiCall\s*\(\s*(['"`])([\w.]+)\1/g)) {
      calls.push({ method: match[2]!, args: argumentsAt(code, code.indexOf('(', match.index)), path: file.path });
    }
  }
  return calls;
}

/** The text of the balanced argument list opening at `open` (a "("). */
function argumentsAt(code: string, open: number): string {
  let depth = 0;
  for (let i = open; i < code.length && i < open + 2000; i += 1) {
    if (code[i] === '(') depth += 1;
    if (code[i] === ')') depth -= 1;
    if (depth === 0) return code.slice(open, i + 1);
  }
  return code.slice(open, open + 400);
}

export interface GraphRequest {
  method: string;
  /** The path without the API version, `${…}` segments as `{}`: `/teams/{}/channels`. */
  path: string;
}

/**
 * Microsoft Graph requests: an HTTP method followed by a `/v1.0/…` or `/beta/…` path literal, as in
 * `this.call(tenantId, 'POST', `/v1.0/teams/${id}/channels`, …)`. A Graph path literal with no method
 * before it is reported too (as method '?'), so a refactor cannot hide a request from the test.
 */
export function graphRequests(files: SourceFile[]): GraphRequest[] {
  const requests: GraphRequest[] = [];
  for (const file of files) {
    for (const match of file.code.matchAll(/(['"`])\/(?:v1\.0|beta)(\/[^'"`]*)\1/g)) {
      const before = file.code.slice(Math.max(0, match.index - 80), match.index);
      const method = /['"](GET|POST|PUT|PATCH|DELETE)['"]\s*,\s*$/.exec(before)?.[1] ?? '?';
      requests.push({ method, path: match[2]!.replace(/\$\{[^}]*\}/g, '{}') });
    }
  }
  return uniqueBy(requests, (r) => `${r.method} ${r.path}`);
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  return [...new Map(items.map((item) => [key(item), item])).values()];
}
