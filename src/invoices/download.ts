import type { Context } from 'hono';

/** Types we let the browser know; anything else (text/html above all) goes out as octet-stream. */
const SAFE_TYPES = /^(application\/(xml|pdf|pkcs7-mime|octet-stream|zip)|text\/(xml|csv|plain)|image\/(png|jpeg|gif))$/;

/**
 * Sends stored bytes exactly as received, with a filename safe for the header. Always a
 * download (the bytes come from suppliers), except a PDF asked for inline: the invoice page
 * shows it beside the data, in the browser's own PDF viewer (a PDF runs no script of ours).
 */
export function download(
  c: Context,
  file: { content: Uint8Array; filename: string | null; contentType: string | null },
  fallbackName: string,
  opts: { inline?: boolean } = {},
) {
  const type = file.contentType?.toLowerCase().split(';')[0]?.trim() ?? '';
  const name = (file.filename ?? fallbackName).replace(/[\\/\r\n"]/g, '_');
  const ascii = name.replace(/[^\x20-\x7e]/g, '_');
  const disposition = opts.inline && type === 'application/pdf' ? 'inline' : 'attachment';
  return c.body(new Uint8Array(file.content), 200, {
    'Content-Type': SAFE_TYPES.test(type) ? type : 'application/octet-stream',
    'Content-Disposition': `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    'Content-Length': String(file.content.byteLength),
    'Cache-Control': 'private, no-store',
  });
}
