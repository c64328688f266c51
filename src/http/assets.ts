/* htmx comes from the npm package and the stylesheet from views/assets, served by us (no CDN). */
import { Hono } from 'hono';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const htmx = readFileSync(require.resolve('htmx.org/dist/htmx.min.js'));
const css = readFileSync(new URL('../../views/assets/app.css', import.meta.url));
const uploadJs = readFileSync(new URL('../../views/assets/upload.js', import.meta.url));
const invoiceListJs = readFileSync(new URL('../../views/assets/invoice-list.js', import.meta.url));
const groupsJs = readFileSync(new URL('../../views/assets/document-groups.js', import.meta.url));
const groupsCss = readFileSync(new URL('../../views/assets/document-groups.css', import.meta.url));
const invoiceKeysJs = readFileSync(new URL('../../views/assets/invoice-keys.js', import.meta.url));

export const assets = new Hono();
assets.use('*', async (c, next) => {
  await next();
  c.res.headers.set('X-Content-Type-Options', 'nosniff');
});
const cache = 'public, max-age=3600';
assets.get('/assets/htmx.min.js', (c) => c.body(htmx, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': cache }));
assets.get('/assets/app.css', (c) => c.body(css, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': cache }));
assets.get('/assets/upload.js', (c) => c.body(uploadJs, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': cache }));
assets.get('/assets/invoice-list.js', (c) => c.body(invoiceListJs, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': cache }));
assets.get('/assets/document-groups.js', (c) => c.body(groupsJs, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': cache }));
assets.get('/assets/document-groups.css', (c) => c.body(groupsCss, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': cache }));
assets.get('/assets/invoice-keys.js', (c) => c.body(invoiceKeysJs, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': cache }));
