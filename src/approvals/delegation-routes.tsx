/* /approvals/out-of-office: my out-of-office period and delegate. */
import { Hono } from 'hono';
import * as v from 'valibot';
import { OutOfOfficePage } from '../../views/approvals/out-of-office';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';
import { setFlash } from '../http/flash';
import { fieldErrors, readForm } from '../http/form';
import { currentUser } from '../http/guards';
import { activeColleagues, clearDelegation, delegationOf, DelegationSchema, setDelegation } from './delegation';

export function delegationRoutes(deps: Deps) {
  const { sql } = deps;
  const app = new Hono<AppEnv>();
  const title = { title: 'Out of office', active: 'approvals' as const };

  app.get('/', async (c) => {
    const user = currentUser(c);
    const [current, colleagues] = await Promise.all([delegationOf(sql, user.id), activeColleagues(sql, user.id)]);
    const values = current ? { starts_on: current.startsOn, ends_on: current.endsOn, delegate_id: String(current.delegateId) } : {};
    return c.render(<OutOfOfficePage csrf={c.get('csrfToken')} flash={c.get('flash')} current={current} colleagues={colleagues} values={values} />, title);
  });

  app.post('/', async (c) => {
    const user = currentUser(c);
    const { fields, invalid } = await readForm(c);
    const values = { starts_on: String(fields.starts_on ?? ''), ends_on: String(fields.ends_on ?? ''), delegate_id: String(fields.delegate_id ?? '') };
    const again = async (errors: Record<string, string | undefined>) => {
      c.status(422);
      const [current, colleagues] = await Promise.all([delegationOf(sql, user.id), activeColleagues(sql, user.id)]);
      return c.render(<OutOfOfficePage csrf={c.get('csrfToken')} flash={null} current={current} colleagues={colleagues} values={values} errors={errors} />, title);
    };
    const parsed = v.safeParse(DelegationSchema, values);
    if (!parsed.success || Object.keys(invalid).length > 0) return again({ ...(parsed.success ? {} : fieldErrors(parsed.issues)), ...invalid });
    const outcome = await setDelegation(sql, user.id, { startsOn: parsed.output.starts_on, endsOn: parsed.output.ends_on, delegateId: parsed.output.delegate_id });
    if (!outcome.ok) return again({ [outcome.field]: outcome.message });
    setFlash(deps.jar(c), `Saved: from ${parsed.output.starts_on} to ${parsed.output.ends_on} ${outcome.delegateName} approves for you.`);
    return c.redirect('/approvals/out-of-office', 303);
  });

  app.post('/deletion', async (c) => {
    await clearDelegation(sql, currentUser(c).id);
    setFlash(deps.jar(c), 'You are back: steps wait for you again.');
    return c.redirect('/approvals/out-of-office', 303);
  });

  return app;
}
