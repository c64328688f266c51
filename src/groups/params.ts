import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';

export const groupNotFound = () => new HTTPException(404, { message: 'There is no such document group.' });

export function idParam(c: Context, name = 'id') {
  const id = Number(c.req.param(name));
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2 ** 53) throw groupNotFound();
  return id;
}
