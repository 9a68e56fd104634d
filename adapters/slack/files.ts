// A text file someone uploaded through a modal's file_input (a CSV to import). Only
// the file's id is taken from the submission: where to download it comes from
// Slack itself (files.info), and only from files.slack.com over https, with the
// bot token, without following redirects, up to FILE_FIELD_MAX_BYTES.
import type { WebClient } from '@slack/web-api';
import { FILE_FIELD_MAX_BYTES } from '../../src/core/cards.js';

export type Upload = { ok: true; text: string } | { ok: false; reason: 'too-large' | 'not-text' | 'unavailable' };

function slackFileUrl(raw: unknown): URL | null {
  if (typeof raw !== 'string') return null;
  try {
    const u = new URL(raw);
    return u.protocol === 'https:' && u.hostname === 'files.slack.com' && u.username === '' && u.password === '' && (u.port === '' || u.port === '443') ? u : null;
  } catch {
    return null;
  }
}

export async function uploadedText(web: WebClient, fileId: string): Promise<Upload> {
  const info = await web.files.info({ file: fileId });
  const file = info.file as { size?: number; url_private_download?: string; url_private?: string; mimetype?: string } | undefined;
  if (file === undefined) return { ok: false, reason: 'unavailable' };
  if ((file.size ?? 0) > FILE_FIELD_MAX_BYTES) return { ok: false, reason: 'too-large' };
  const url = slackFileUrl(file.url_private_download ?? file.url_private);
  if (url === null || web.token === undefined) return { ok: false, reason: 'unavailable' };
  const res = await fetch(url, { headers: { authorization: `Bearer ${web.token}` }, redirect: 'error', signal: AbortSignal.timeout(10_000) });
  if (!res.ok) return { ok: false, reason: 'unavailable' };
  const length = Number(res.headers.get('content-length') ?? '0');
  if (length > FILE_FIELD_MAX_BYTES) return { ok: false, reason: 'too-large' };
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (bytes.byteLength > FILE_FIELD_MAX_BYTES) return { ok: false, reason: 'too-large' };
  if (bytes.includes(0)) return { ok: false, reason: 'not-text' };
  return { ok: true, text: new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '') };
}
