/*
 * Where to go after signing in. `next` is attacker-controlled: it is resolved against a fixed
 * origin with the URL parser browsers use, and only a same-origin path is followed. Control
 * characters and backslashes anywhere, and spaces in the path, are refused before parsing,
 * because browsers drop or reinterpret them ("/\t/evil.example" becomes "//evil.example").
 * What is followed is the parsed, percent-encoded path and query, never the raw text.
 */
const ORIGIN = 'http://apdesk.invalid';
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\\]|^[^?#]*\s/;

export function safeNext(next: string | null | undefined): string {
  if (!next || next.length > 2000 || !next.startsWith('/') || UNSAFE.test(next)) return '/';
  let url: URL;
  try {
    url = new URL(next, ORIGIN);
  } catch {
    return '/';
  }
  if (url.origin !== ORIGIN || url.pathname.startsWith('//')) return '/';
  return url.pathname + url.search;
}
