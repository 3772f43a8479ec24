import type { IncomingMessage } from 'node:http';

/**
 * Request body decoding for the fake Slack: form-encoded (how @slack/web-api sends every method,
 * objects JSON-encoded inside), JSON (how response_url posts arrive, and what other clients may
 * send) and multipart/form-data (how @slack/web-api posts a file to the upload URL).
 */

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/** Splits a multipart/form-data body into its parts (enough for what fetch's FormData sends). */
export function parseMultipart(body: Buffer, contentType: string): MultipartPart[] {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) return [];
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const raw = body.subarray(start + delimiter.length + 2, next - 2); // skip CRLF after delimiter and before next
    const split = raw.indexOf('\r\n\r\n');
    if (split !== -1) {
      const headers = raw.subarray(0, split).toString('utf8');
      const name = /name="([^"]*)"/i.exec(headers)?.[1] ?? '';
      const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
      const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1];
      parts.push({
        name,
        data: raw.subarray(split + 4),
        ...(filename === undefined ? {} : { filename }),
        ...(type === undefined ? {} : { contentType: type }),
      });
    }
    start = next;
  }
  return parts;
}

/** Arguments whose value @slack/web-api JSON-encodes inside a form body. */
const JSON_ARGS = new Set([
  'blocks',
  'attachments',
  'metadata',
  'view',
  'files',
  'file_uploads',
  'unfurls',
  // Canvases: conversations.canvases.create, canvases.edit, canvases.sections.lookup.
  'document_content',
  'changes',
  'criteria',
]);

function decodeJsonArg(key: string, value: unknown): unknown {
  if (!JSON_ARGS.has(key) || typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** A Web API method's arguments as an object, whatever the encoding. */
export function decodeArgs(body: Buffer, contentType: string): Record<string, unknown> {
  const type = contentType.toLowerCase();
  let raw: Record<string, unknown> = {};
  if (type.startsWith('application/json')) {
    const text = body.toString('utf8');
    raw = text.trim() === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
  } else if (type.startsWith('multipart/form-data')) {
    for (const part of parseMultipart(body, contentType)) {
      raw[part.name] = part.filename === undefined ? part.data.toString('utf8') : part.data;
    }
  } else {
    raw = Object.fromEntries(new URLSearchParams(body.toString('utf8')));
  }
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, decodeJsonArg(k, v)]));
}

/** Slack accepts `true`, `"true"` and `"1"` for boolean arguments. */
export function truthy(value: unknown): boolean {
  return value === true || value === 'true' || value === '1' || value === 1;
}
