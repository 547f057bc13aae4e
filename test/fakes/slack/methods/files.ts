/**
 * The v2 upload flow that WebClient#files.uploadV2 drives: files.getUploadURLExternal hands out an
 * upload_url (served by this same fake under /upload/v1/<file id>), the client POSTs the bytes there,
 * then files.completeUploadExternal shares the file (optionally into a channel / thread).
 */
import { str } from '../http.ts';
import type { FakeSlackFile, Json } from '../types.ts';
import { fail, failWithMessages, ok, visibleChannel, type MethodContext, type MethodHandler } from './context.ts';

export const UPLOAD_PATH = '/upload/v1/';
/** Slack serves a file's bytes under files.slack.com/files-pri/<team>-<file>/...; here under the fake's origin. */
export const DOWNLOAD_PATH = '/files-pri/';

const getUploadUrl: MethodHandler = (ctx) => {
  const filename = str(ctx.params, 'filename');
  const length = Number(str(ctx.params, 'length'));
  if (!filename) return failWithMessages('invalid_arguments', ['missing required field: filename']);
  if (!Number.isInteger(length) || length < 1) return failWithMessages('invalid_arguments', ['missing required field: length']);
  const file: FakeSlackFile = {
    id: ctx.state.newId('F'),
    teamId: ctx.team.teamId,
    filename,
    length,
    ...(str(ctx.params, 'alt_text') ? { altText: str(ctx.params, 'alt_text')! } : {}),
    completed: false,
    channels: [],
  };
  ctx.team.files.set(file.id, file);
  return ok({ upload_url: `${ctx.origin}${UPLOAD_PATH}${file.id}`, file_id: file.id });
};

function mimetype(filename: string): string {
  if (filename.endsWith('.csv')) return 'text/csv';
  if (filename.endsWith('.txt')) return 'text/plain';
  if (filename.endsWith('.json')) return 'application/json';
  return 'application/octet-stream';
}

export function fileObject(ctx: Pick<MethodContext, 'state' | 'team' | 'origin'>, file: FakeSlackFile): Json {
  return {
    id: file.id,
    created: ctx.state.nowSeconds(),
    timestamp: ctx.state.nowSeconds(),
    name: file.filename,
    title: file.title ?? file.filename,
    mimetype: mimetype(file.filename),
    filetype: file.filename.split('.').pop() ?? 'binary',
    user: file.userId ?? ctx.team.botUserId,
    user_team: ctx.team.teamId,
    size: file.content?.length ?? file.length,
    is_public: file.channels.some((c) => !ctx.team.channels.get(c)?.isPrivate),
    channels: file.channels.filter((c) => !ctx.team.channels.get(c)?.isPrivate),
    groups: file.channels.filter((c) => ctx.team.channels.get(c)?.isPrivate && !ctx.team.channels.get(c)?.isIm),
    ims: file.channels.filter((c) => ctx.team.channels.get(c)?.isIm),
    url_private: `${ctx.origin}/files/${file.id}/${encodeURIComponent(file.filename)}`,
    // Like Slack's: fetching it needs `Authorization: Bearer <token of the file's workspace>`.
    url_private_download: `${ctx.origin}${DOWNLOAD_PATH}${file.teamId}-${file.id}/download/${encodeURIComponent(file.filename)}`,
  };
}

const completeUpload: MethodHandler = (ctx) => {
  const files = ctx.params.files;
  if (!Array.isArray(files) || files.length === 0) return failWithMessages('invalid_arguments', ['missing required field: files']);
  const picked: FakeSlackFile[] = [];
  for (const entry of files) {
    const id = entry && typeof entry === 'object' ? (entry as Json).id : undefined;
    const file = typeof id === 'string' ? ctx.team.files.get(id) : undefined;
    if (!file || file.content === undefined) return fail('file_not_found');
    picked.push(file);
  }
  const channelId = str(ctx.params, 'channel_id') ?? str(ctx.params, 'channels');
  let channel: string | undefined;
  if (channelId) {
    const found = visibleChannel(ctx, channelId);
    if ('error' in found) return fail('invalid_channel');
    if (!found.channel.members.includes(ctx.team.botUserId) || found.channel.isArchived) return fail('posting_to_channel_denied');
    channel = found.channel.id;
  }
  const threadTs = str(ctx.params, 'thread_ts');
  const comment = str(ctx.params, 'initial_comment');
  files.forEach((entry, i) => {
    const file = picked[i]!;
    const title = (entry as Json).title;
    if (typeof title === 'string') file.title = title;
    file.completed = true;
    if (channel && !file.channels.includes(channel)) file.channels.push(channel);
    if (comment) file.initialComment = comment;
    if (threadTs) file.threadTs = threadTs;
  });
  if (channel) {
    ctx.state.addMessage(ctx.team, {
      channel,
      user: ctx.team.botUserId,
      botId: ctx.team.botId,
      text: comment ?? '',
      files: picked.map((f) => f.id),
      ...(threadTs ? { threadTs } : {}),
    });
  }
  return ok({ files: picked.map((file) => fileObject(ctx, file)) });
};

/** files.info: a file of the token's workspace (files:read); another workspace's file is not found. */
const info: MethodHandler = (ctx) => {
  const id = str(ctx.params, 'file');
  if (!id) return failWithMessages('invalid_arguments', ['missing required field: file']);
  const file = ctx.team.files.get(id);
  if (!file || !file.completed) return fail('file_not_found');
  return ok({ file: fileObject(ctx, file), comments: [], response_metadata: { next_cursor: '' } });
};

export const fileMethods: Record<string, MethodHandler> = {
  'files.info': info,
  'files.getUploadURLExternal': getUploadUrl,
  'files.completeUploadExternal': completeUpload,
};
