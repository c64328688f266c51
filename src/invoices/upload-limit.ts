/*
 * The request-size cap for uploads. It is installed before the CSRF check, because that
 * check parses a form body (the no-JavaScript upload carries its token in the body): the
 * cap must stop an oversized body before anything reads it into memory. One request may
 * carry a few files at the per-file limit; each file is then checked on its own.
 */
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';

export const FILES_AT_FULL_SIZE_PER_UPLOAD = 4;
const FORM_OVERHEAD_BYTES = 1024 * 1024;

export function uploadBodyLimit(maxFileBytes: number) {
  const maxSize = maxFileBytes * FILES_AT_FULL_SIZE_PER_UPLOAD + FORM_OVERHEAD_BYTES;
  const megabytes = Math.round(maxSize / (1024 * 1024));
  return bodyLimit({
    maxSize,
    onError: (c) => {
      // the unread body is left on the socket: tell the client not to send another request on it
      c.header('Connection', 'close');
      throw new HTTPException(413, { message: `These files are over ${megabytes} MB together; upload them a few at a time.` });
    },
  });
}
