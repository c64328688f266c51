import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';

const STYLES = `
  * { box-sizing: border-box; }
  body { margin: 0; font-family: "Segoe UI", Roboto, Helvetica, Arial, sans-serif; background: #f3f5f8; color: #1d2733; }
  header { background: #ffffff; border-bottom: 1px solid #dde3ea; padding: 14px 28px; display: flex; align-items: center; gap: 10px; }
  .logo { font-weight: 700; font-size: 22px; letter-spacing: .5px; color: #0b4f8a; }
  .logo span { color: #f28c00; }
  .tag { font-size: 12px; color: #5b6b7c; border: 1px solid #c9d3de; border-radius: 10px; padding: 1px 8px; }
  main { display: flex; justify-content: center; padding: 56px 16px; }
  .card { background: #fff; width: 100%; max-width: 400px; border-radius: 6px; box-shadow: 0 2px 10px rgba(16, 38, 64, .12); padding: 32px; }
  h1 { font-size: 22px; margin: 0 0 6px; }
  p.lead { margin: 0 0 22px; color: #4a5a6b; font-size: 14px; line-height: 1.45; }
  label { display: block; font-size: 14px; font-weight: 600; margin: 14px 0 6px; }
  input[type=text], input[type=password] { width: 100%; padding: 10px 12px; font-size: 15px; border: 1px solid #b8c4d0; border-radius: 4px; }
  input:focus { outline: 2px solid #0b4f8a; outline-offset: 1px; }
  .actions { display: flex; flex-direction: row-reverse; gap: 10px; margin-top: 24px; }
  button { flex: 1; padding: 11px; font-size: 15px; border-radius: 4px; cursor: pointer; font-weight: 600; }
  button.primary { background: #0b4f8a; color: #fff; border: 1px solid #0b4f8a; }
  button.secondary { background: #fff; color: #0b4f8a; border: 1px solid #b8c4d0; }
  .error { background: #fdecec; border: 1px solid #f2b8b8; color: #8a1c1c; padding: 10px 12px; border-radius: 4px; font-size: 14px; margin-bottom: 8px; }
  footer { text-align: center; font-size: 12px; color: #7a8897; }
`;

function Layout(props: { title: string; children?: Child }) {
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{props.title}</title>
          <style>{raw(STYLES)}</style>
        </head>
        <body>
          <header>
            <div class="logo">
              pagero<span>.</span>
            </div>
            <div class="tag">Sandbox</div>
          </header>
          <main>{props.children}</main>
          <footer>Pagero Online sandbox: a local stand-in for sso.pageroonline.com</footer>
        </body>
      </html>
    </>
  );
}

export function LoginPage(props: { requestId: string; clientName: string; username?: string; error?: string }) {
  return (
    <Layout title="Log in - Pagero Online">
      <div class="card">
        <h1>Log in to Pagero Online</h1>
        <p class="lead">
          <strong>{props.clientName}</strong> wants to access your Pagero Online documents and companies.
        </p>
        {props.error ? (
          <div class="error" role="alert">
            {props.error}
          </div>
        ) : null}
        <form method="post" action="/oauth/v2/oauth-authorize">
          <input type="hidden" name="request_id" value={props.requestId} />
          <label for="username">Username</label>
          <input type="text" id="username" name="username" value={props.username ?? ''} autocomplete="username" required autofocus />
          <label for="password">Password</label>
          <input type="password" id="password" name="password" autocomplete="current-password" required />
          <div class="actions">
            {/* Continue comes first so that pressing Enter submits it (the form's default button). */}
            <button type="submit" name="action" value="continue" class="primary">
              Continue
            </button>
            <button type="submit" name="action" value="cancel" class="secondary" formnovalidate>
              Cancel
            </button>
          </div>
        </form>
      </div>
    </Layout>
  );
}

export function AuthorizeErrorPage(props: { message: string }) {
  return (
    <Layout title="Login error - Pagero Online">
      <div class="card">
        <h1>Something went wrong</h1>
        <p class="lead" role="alert">
          {props.message}
        </p>
      </div>
    </Layout>
  );
}
