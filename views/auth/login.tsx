import { CsrfField, Field, FormError, type FieldErrors } from '../components/form';

type Props = { csrf: string; email?: string; next?: string; errors?: FieldErrors; formError?: string };

export function LoginPage({ csrf, email, next, errors, formError }: Props) {
  return (
    <section class="login-card" aria-labelledby="login-title">
      <h1 id="login-title">Sign in to apdesk</h1>
      <FormError message={formError} />
      {/* a full page load after sign-in (no boost): the CSRF cookie is rotated at sign-in (src/http/csrf.ts), and a boosted swap would keep the old token in <body hx-headers> */}
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
