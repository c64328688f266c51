/*
 * Profile > Numbers and dates: the user's locale (how amounts and dates read) and time zone
 * (when "received at 14:30" was). Empty means "from my browser" (Accept-Language) and UTC.
 */
import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';
import { setFlash } from '../http/flash';
import { formFields } from '../http/form';
import { currentUser } from '../http/guards';
import { isLocale, isTimeZone, LOCALES } from '../format/locales';

export const ReadingSchema = v.object({
  locale: v.pipe(v.optional(v.string(), ''), v.check((s) => s === '' || isLocale(s), 'Choose a locale from the list.')),
  timeZone: v.pipe(v.optional(v.string(), ''), v.check((s) => s === '' || isTimeZone(s), 'Choose a time zone from the list.')),
});

export function readingRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  app.post('/reading', async (c) => {
    const user = currentUser(c);
    const parsed = v.safeParse(ReadingSchema, await formFields(c));
    if (!parsed.success) {
      setFlash(deps.jar(c), `Not saved: ${parsed.issues[0].message}`);
      return c.redirect('/profile', 303);
    }
    const { locale, timeZone } = parsed.output;
    await deps.sql`update users set locale = ${locale || null}, time_zone = ${timeZone || null}, updated_at = now() where id = ${user.id}`;
    const name = locale ? LOCALES[locale as keyof typeof LOCALES] : 'from your browser';
    setFlash(deps.jar(c), `Numbers and dates now read ${name}${timeZone ? `, times in ${timeZone}` : ''}.`);
    return c.redirect('/profile', 303);
  });
  return app;
}
