import { CsrfField, Field, FormError, type FieldErrors } from '../components/form';

type Props = { csrf: string; email?: string; next?: string; errors?: FieldErrors; formError?: string };

export function LoginPage({ csrf, email, next, errors, formError }: Props) {
  return (
    <section class="login-card" aria-labelledby="login-title">
      <h1 id="login-title">Sign in to apdesk</h1>
      <FormError message={formError} />
      {/* A full page load, not a boosted swap: signing in rotates the CSRF cookie, and htmx keeps
          <body>'s hx-headers (the old X-CSRF-Token) across a boosted swap, so every htmx POST after
          sign-in would be refused until a reload. */}
      <form method="post" action="/login" novalidate hx-boost="false">
        <CsrfField token={csrf} />
        {next && <input type="hidden" name="next" value={next} />}
        <Field name="email" label="Email" type="email" value={email} errors={errors} autocomplete="username" required />
        <Field name="password" label="Password" type="password" errors={errors} autocomplete="current-password" required />
        <button type="submit" class="primary">Sign in</button>
      </form>
    </section>
  );
}
