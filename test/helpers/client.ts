/*
 * A small HTTP client that behaves like a browser without JavaScript: it keeps cookies,
 * does not follow redirects (tests assert them), and remembers the CSRF token of the
 * last page so form posts carry it as a real form would.
 */
export type Response_ = { status: number; headers: Headers; text: string; location: string | null };

export class Browserless {
  private cookies = new Map<string, string>();
  csrf = '';

  constructor(readonly baseUrl: string) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      const expired = attrs.some((a) => /max-age=0/i.test(a.trim()) || /expires=Thu, 01 Jan 1970/i.test(a.trim()));
      if (expired || value === '') this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
  }

  /** The same browser (cookies, CSRF token) talking to another origin of the site, e.g. a second web process. */
  at(baseUrl: string): Browserless {
    const other = new Browserless(baseUrl);
    other.cookies = this.cookies;
    other.csrf = this.csrf;
    return other;
  }

  setCookie(name: string, value: string) {
    this.cookies.set(name, value);
  }

  cookie(name: string) {
    return this.cookies.get(name);
  }

  async request(method: string, path: string, init: { body?: RequestInit['body']; headers?: Record<string, string> } = {}): Promise<Response_> {
    const res = await fetch(new URL(path, this.baseUrl), {
      method,
      redirect: 'manual',
      headers: { cookie: this.cookieHeader(), ...init.headers },
      body: init.body,
    });
    this.remember(res);
    const text = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
    if (token) this.csrf = token;
    return { status: res.status, headers: res.headers, text, location: res.headers.get('location') };
  }

  get(path: string) {
    return this.request('GET', path);
  }

  /** Posts a form as a browser would, with the page's CSRF token unless told otherwise. */
  post(path: string, fields: Record<string, string | string[]>, opts: { csrf?: string | null } = {}) {
    const body = new URLSearchParams();
    const token = opts.csrf === undefined ? this.csrf : opts.csrf;
    if (token !== null) body.append('_csrf', token);
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    return this.request('POST', path, { body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  async signIn(email: string, password: string) {
    await this.get('/login');
    const res = await this.post('/login', { email, password });
    if (res.status !== 303) throw new Error(`sign-in as ${email} failed with ${res.status}`);
    // sign-in gives the browser a new CSRF cookie: pick up the token that goes with it, as the next page would
    await this.get('/profile');
    return res;
  }
}
