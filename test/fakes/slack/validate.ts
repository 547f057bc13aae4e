/**
 * Slack's argument rules the fake enforces. Each returns a Slack error code, or undefined when valid.
 *
 * Sources: conversations.create ("Channel names may only contain lowercase letters, numbers,
 * hyphens, and underscores, and must be 80 characters or less"; invalid_name_specials covers "special
 * characters or upper case characters"), Block Kit reference (section text <= 3000, section fields
 * <= 10 of <= 2000, header <= 150, <= 50 blocks in a message, <= 100 in a view; modal title, submit
 * and close <= 24), conversations.setTopic/setPurpose (too_long over 250).
 */
import type { Json } from './types.ts';

export const CHANNEL_NAME_MAX = 80;
export const TOPIC_MAX = 250;
export const SECTION_TEXT_MAX = 3000;
export const SECTION_FIELD_MAX = 2000;
export const SECTION_FIELDS_MAX = 10;
export const HEADER_TEXT_MAX = 150;
export const MESSAGE_BLOCKS_MAX = 50;
export const VIEW_BLOCKS_MAX = 100;
export const VIEW_TITLE_MAX = 24;
export const MESSAGE_TEXT_MAX = 40_000;
export const PRIVATE_METADATA_MAX = 3000;

/**
 * The fake only accepts a-z, 0-9, '-' and '_' (Slack's documented set); Danish letters must be
 * transliterated by the caller (æ -> ae, ø -> oe, å -> aa).
 */
export function channelNameError(name: string | undefined): string | undefined {
  if (name === undefined || name.trim() === '') return 'invalid_name_required';
  if ([...name].length > CHANNEL_NAME_MAX) return 'invalid_name_maxlength';
  if (!/^[a-z0-9_-]+$/.test(name)) return 'invalid_name_specials';
  if (/^[-_]+$/.test(name)) return 'invalid_name_punctuation';
  return undefined;
}

/** `thread_ts` given but empty or not a Slack timestamp. */
export function threadTsError(params: Json): string | undefined {
  if (!('thread_ts' in params)) return undefined;
  const value = params.thread_ts;
  if (typeof value !== 'string' && typeof value !== 'number') return 'invalid_thread_ts';
  return /^\d+\.\d+$/.test(String(value)) && !/^0+\.0+$/.test(String(value)) ? undefined : 'invalid_thread_ts';
}

function textOf(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const text = (value as Json).text;
  return typeof text === 'string' ? text : undefined;
}

/** Slack counts UTF-16 units: 1,600 emoji (3,200 units) in one section are refused with invalid_blocks. */
function len(text: string): number {
  return text.length;
}

/** One block's problem, as a Slack-style message with a JSON pointer. */
function blockProblem(block: unknown, pointer: string): string | undefined {
  if (!block || typeof block !== 'object' || Array.isArray(block)) return `must be an object [json-pointer:${pointer}]`;
  const b = block as Json;
  if (typeof b.type !== 'string') return `missing required field: type [json-pointer:${pointer}]`;
  if (b.type === 'section') {
    const text = textOf(b.text);
    if (b.text === undefined && b.fields === undefined) return `must provide either text or fields [json-pointer:${pointer}]`;
    if (text !== undefined && len(text) > SECTION_TEXT_MAX) return `must be less than ${SECTION_TEXT_MAX + 1} characters [json-pointer:${pointer}/text/text]`;
    if (b.fields !== undefined) {
      if (!Array.isArray(b.fields)) return `must be an array [json-pointer:${pointer}/fields]`;
      if (b.fields.length > SECTION_FIELDS_MAX) return `must provide no more than ${SECTION_FIELDS_MAX} items [json-pointer:${pointer}/fields]`;
      const long = b.fields.findIndex((f) => len(textOf(f) ?? '') > SECTION_FIELD_MAX);
      if (long >= 0) return `must be less than ${SECTION_FIELD_MAX + 1} characters [json-pointer:${pointer}/fields/${long}/text]`;
    }
  }
  if (b.type === 'header') {
    const text = textOf(b.text);
    if (text === undefined) return `missing required field: text [json-pointer:${pointer}/text]`;
    if (len(text) > HEADER_TEXT_MAX) return `must be less than ${HEADER_TEXT_MAX + 1} characters [json-pointer:${pointer}/text/text]`;
  }
  return undefined;
}

/** Problems in a `blocks` argument: undefined when fine. */
export function blocksProblem(blocks: unknown, max: number, base = '/blocks'): string | undefined {
  if (!Array.isArray(blocks)) return `must be an array [json-pointer:${base}]`;
  if (blocks.length > max) return `must provide no more than ${max} items [json-pointer:${base}]`;
  for (let i = 0; i < blocks.length; i += 1) {
    const problem = blockProblem(blocks[i], `${base}/${i}`);
    if (problem) return problem;
  }
  return undefined;
}

/** For chat.*: `invalid_blocks_format` when not a JSON array, `invalid_blocks` when a block breaks a rule. */
export function messageBlocksError(params: Json): { error: string; message: string } | undefined {
  if (params.blocks === undefined) return undefined;
  if (typeof params.blocks === 'string' || !Array.isArray(params.blocks)) {
    return { error: 'invalid_blocks_format', message: 'must be a JSON array of blocks [json-pointer:/blocks]' };
  }
  const problem = blocksProblem(params.blocks, MESSAGE_BLOCKS_MAX);
  return problem ? { error: 'invalid_blocks', message: problem } : undefined;
}

/** `metadata` must be `{event_type: string, event_payload: object}`. */
export function metadataError(metadata: unknown): string | undefined {
  if (metadata === undefined) return undefined;
  if (!metadata || typeof metadata !== 'object' || Array.isArray(metadata)) return 'invalid_metadata_format';
  const m = metadata as Json;
  if (typeof m.event_type !== 'string' || m.event_type === '') return 'invalid_metadata_format';
  if (!m.event_payload || typeof m.event_payload !== 'object' || Array.isArray(m.event_payload)) return 'invalid_metadata_format';
  return undefined;
}

/** A view payload's problem (views.open / update / publish answer `invalid_arguments` with it). */
export function viewProblem(view: unknown): string | undefined {
  if (!view || typeof view !== 'object' || Array.isArray(view)) return 'must be a JSON object [json-pointer:/view]';
  const v = view as Json;
  if (v.type !== 'modal' && v.type !== 'home') return `must be one of: modal, home [json-pointer:/view/type]`;
  if (v.type === 'modal') {
    const title = textOf(v.title);
    if (title === undefined) return 'missing required field: title [json-pointer:/view/title]';
    for (const key of ['title', 'submit', 'close'] as const) {
      const text = textOf(v[key]);
      if (text !== undefined && len(text) > VIEW_TITLE_MAX) return `must be less than ${VIEW_TITLE_MAX + 1} characters [json-pointer:/view/${key}/text]`;
    }
  }
  if (typeof v.private_metadata === 'string' && len(v.private_metadata) > PRIVATE_METADATA_MAX) {
    return `must be less than ${PRIVATE_METADATA_MAX + 1} characters [json-pointer:/view/private_metadata]`;
  }
  if (typeof v.callback_id === 'string' && len(v.callback_id) > 255) return 'must be less than 256 characters [json-pointer:/view/callback_id]';
  return blocksProblem(v.blocks ?? [], VIEW_BLOCKS_MAX, '/view/blocks');
}
