import type { Context, MiddlewareHandler } from 'hono';
import type { PropsWithChildren } from 'hono/jsx';
import { canManageUsers, canOpenSettings, canSeeSettings, initials } from '../src/auth/roles';
import { mayExport } from '../src/export/access';
import type { AppEnv, CurrentUser } from '../src/http/context';
import type { PageroNotice } from '../src/pagero/banner';
import { currentReader } from '../src/format/context';
import { settingsPagesOf } from '../src/settings/pages';
import { formatDay } from '../src/format/numbers';

declare module 'hono' {
  interface ContextRenderer {
    (content: string | Promise<string>, props: { title: string; active?: NavKey }): Response | Promise<Response>;
  }
}

export type NavKey = 'dashboard' | 'invoices' | 'approvals' | 'needs-attention' | 'export-batches' | 'settings' | 'users' | 'profile';

/*
 * c.render(content, { title, active }): the page in the layout, sent as its UTF-8 bytes.
 * (hono's jsxRenderer hands over a String object, which @hono/node-server cannot send as it is: it
 * builds a web Response around it and streams that, which cost about a sixth of the web process's
 * CPU per page. A plain string is read twice, once for its Content-Length and once to send it:
 * a page with one "€" or "…" is a two-byte string, and each pass over ~100 KB cost ~0.7 ms.)
 */
export const layout: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.setRenderer(async (content, { title, active }) => {
    const page = await (<Page c={c} title={title} active={active}>{content}</Page>).toString();
    c.header('Content-Type', 'text/html; charset=UTF-8');
    return c.body(Buffer.from(`<!DOCTYPE html>${page}`));
  });
  await next();
};

function Page({ children, title, active, c }: PropsWithChildren<{ title: string; active?: NavKey; c: Context<AppEnv> }>) {
  const user = c.get('user');
  const csrf = c.get('csrfToken');
  return (
    <html lang="en" data-locale={currentReader().locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · apdesk`}</title>
        <link rel="stylesheet" href="/assets/app.css" />
        <script src="/assets/htmx.min.js" defer></script>
        {/* Every answer of ours is HTML meant for people, errors and 4xx form answers included: swap them all.
            No settle delay: htmx wires up swapped-in controls only when it settles, and a change made in
            those 20 ms (a quick keyboard user, a browser test) would otherwise go unnoticed. */}
        <meta name="htmx-config" content='{"defaultSettleDelay":0,"responseHandling":[{"code":"204","swap":false},{"code":"...","swap":true}]}' />
      </head>
      <body hx-boost="true" hx-headers={JSON.stringify({ 'X-CSRF-Token': csrf })}>
        <a class="skip-link" href="#main">Skip to content</a>
        {user ? (
          <SignedIn user={user} csrf={csrf} active={active} path={c.req.path} approvals={c.get('approvalsWaiting') ?? 0}>
            <PageroBanner notice={c.get('pageroNotice')} />
            {children}
          </SignedIn>
        ) : (
          <main id="main" class="public">{children}</main>
        )}
      </body>
    </html>
  );
}

function SignedIn({ user, csrf, active, path, approvals, children }: PropsWithChildren<{ user: CurrentUser; csrf: string; active?: NavKey; path: string; approvals: number }>) {
  const current = (key: NavKey) => (active === key ? 'page' : undefined);
  return (
    <div class="shell">
      <header class="topbar">
        <a class="brand" href="/">apdesk</a>
        <details class="user-menu">
          <summary aria-label={`${initials(user)}: account menu of ${user.firstName} ${user.lastName}`}>
            <span class="initials">{initials(user)}</span>
          </summary>
          <ul role="list">
            <li class="who">{`${user.firstName} ${user.lastName}`}<br /><small>{user.email}</small></li>
            <li><a href="/profile">Profile</a></li>
            <li><a href="/einvoicing/login" hx-boost="false">E-invoicing Login</a></li>
            <li>
              <form method="post" action="/logout">
                <input type="hidden" name="_csrf" value={csrf} />
                <button type="submit" class="link">Log out</button>
              </form>
            </li>
          </ul>
        </details>
      </header>
      <nav class="sidebar" aria-label="Main">
        <ul role="list">
          <li><a href="/" aria-current={current('dashboard')}>Dashboard</a></li>
          <li><a href="/invoices" aria-current={current('invoices')}>My Invoices</a></li>
          <li><a href="/approvals" aria-current={current('approvals')}>Approvals{approvals > 0 && <> <span class="nav-count" aria-label={`${approvals} waiting for you`}>{String(approvals)}</span></>}</a></li>
          {canSeeSettings(user) && <li><a href="/needs-attention" aria-current={current('needs-attention')}>Needs attention</a></li>}
          {mayExport(user) && <li><a href="/export-batches" aria-current={current('export-batches')}>Export batches</a></li>}
          {canOpenSettings(user) && <li><a href="/settings" aria-current={current('settings')}>Settings</a></li>}
          {settingsPagesOf(user).map((page) => (
            <li class="sub"><a href={page.href} aria-current={path === page.href || path.startsWith(`${page.href}/`) ? 'page' : undefined}>{page.title}</a></li>
          ))}
        </ul>
      </nav>
      <main id="main" tabindex={-1}>{children}</main>
    </div>
  );
}

function PageroBanner({ notice }: { notice: PageroNotice | null | undefined }) {
  if (!notice) return null;
  const date = formatDay(notice.until);
  const text =
    notice.kind === 'expiring'
      ? `Your Pagero connection ends on ${date}. Renew it so your e-invoices keep arriving.`
      : notice.kind === 'expired'
        ? `Your Pagero connection ended on ${date}: apdesk no longer fetches your e-invoices.`
        : `Your Pagero connection needs renewal${notice.reason ? ` (${notice.reason})` : ''}: apdesk no longer fetches your e-invoices.`;
  return (
    <div class={notice.kind === 'expiring' ? 'banner warn' : 'banner danger'} role="status">
      <span>{text}</span>
      <a class="button primary" href="/einvoicing/login" hx-boost="false">E-invoicing Login</a>
    </div>
  );
}
