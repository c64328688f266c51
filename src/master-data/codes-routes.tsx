/* One company's GL accounts, cost centres or tax codes: list, add, edit, (de)activate, CSV import. */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { CodesPage, EditCodePage } from '../../views/master-data/codes';
import { CodesImportPage } from '../../views/master-data/import';
import type { FieldErrors } from '../../views/components/form';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';
import { setFlash } from '../http/flash';
import { parseForm, refuseUnshown } from '../http/form';
import { ownerNames } from '../approvals/owners';
import { csvFromForm } from './csv-upload';
import { CodeFormSchema } from './form';
import { listCompanyKeys } from './company-key';
import { previewCodesImport } from './import';
import { isKindSlug, KINDS, type KindSlug } from './kinds';
import { findCode, insertCode, isUniqueViolation, listCodes, setCodeActive, updateCode, upsertCodes } from './queries';
import { companyParam } from './params';

const PATH = '/:companyId{[0-9]+}/:kind';
const title = { title: 'Master data', active: 'settings' as const };

export function codesRoutes(deps: Deps) {
  const { sql } = deps;
  const app = new Hono<AppEnv>();
  const target = async (c: Context) => {
    const company = await companyParam(deps, c);
    const slug = c.req.param('kind') ?? '';
    if (!isKindSlug(slug)) throw new HTTPException(404, { message: 'There is no such list.' });
    return { company, slug: slug as KindSlug, kind: KINDS[slug], base: `/settings/master-data/${company.id}/${slug}` };
  };
  const codeOf = async (c: Context, t: Awaited<ReturnType<typeof target>>) => {
    const code = await findCode(sql, t.slug, t.company.id, Number(c.req.param('id')));
    if (!code) throw new HTTPException(404, { message: `There is no such ${t.kind.one}.` });
    return code;
  };
  const duplicate = (code: string) => ({ code: `Code ${code} already exists in this company.` });
  const preview = async (t: Awaited<ReturnType<typeof target>>, text: string) => {
    const companies = await listCompanyKeys(sql);
    const own = companies.find((k) => k.id === t.company.id)!;
    return previewCodesImport(text, await listCodes(sql, t.slug, t.company.id), { company: own, companies });
  };

  app.get(PATH, async (c) => {
    const t = await target(c);
    const owners = t.slug === 'cost-centres' ? await ownerNames(sql, t.company.id) : undefined;
    return c.render(<CodesPage {...t} codes={await listCodes(sql, t.slug, t.company.id)} csrf={c.get('csrfToken')} flash={c.get('flash')} owners={owners} />, title);
  });

  app.post(PATH, async (c) => {
    const t = await target(c);
    const parsed = await parseForm(c, CodeFormSchema);
    const { fields } = parsed;
    const again = async (errors: FieldErrors) => {
      c.status(422);
      return c.render(<CodesPage {...t} codes={await listCodes(sql, t.slug, t.company.id)} csrf={c.get('csrfToken')} flash={null} values={{ code: String(fields.code ?? ''), name: String(fields.name ?? '') }} errors={errors} />, title);
    };
    if (!parsed.ok) return again(parsed.errors);
    try {
      await insertCode(sql, t.slug, t.company.id, parsed.output);
    } catch (error) {
      if (isUniqueViolation(error)) return again(duplicate(parsed.output.code));
      throw error;
    }
    setFlash(deps.jar(c), `${parsed.output.code} added.`);
    return c.redirect(t.base, 303);
  });

  app.get(`${PATH}/:id{[0-9]+}`, async (c) => {
    const t = await target(c);
    const code = await codeOf(c, t);
    return c.render(<EditCodePage company={t.company} kind={t.kind} action={`${t.base}/${code.id}`} csrf={c.get('csrfToken')} values={code} />, title);
  });

  app.post(`${PATH}/:id{[0-9]+}`, async (c) => {
    const t = await target(c);
    const code = await codeOf(c, t);
    const parsed = await parseForm(c, CodeFormSchema);
    const { fields } = parsed;
    const again = (errors: FieldErrors) => {
      c.status(422);
      return c.render(<EditCodePage company={t.company} kind={t.kind} action={`${t.base}/${code.id}`} csrf={c.get('csrfToken')} values={{ code: String(fields.code ?? ''), name: String(fields.name ?? '') }} errors={errors} />, title);
    };
    if (!parsed.ok) return again(parsed.errors);
    try {
      await updateCode(sql, t.slug, t.company.id, code.id, parsed.output);
    } catch (error) {
      if (isUniqueViolation(error)) return again(duplicate(parsed.output.code));
      throw error;
    }
    setFlash(deps.jar(c), `${parsed.output.code} saved.`);
    return c.redirect(t.base, 303);
  });

  for (const [action, active] of [['deactivation', false], ['activation', true]] as const) {
    app.post(`${PATH}/:id{[0-9]+}/${action}`, async (c) => {
      const t = await target(c);
      const code = await codeOf(c, t);
      await setCodeActive(sql, t.slug, t.company.id, code.id, active);
      setFlash(deps.jar(c), active ? `${code.code} is active again.` : `${code.code} is deactivated: invoices keep it, new coding cannot use it.`);
      return c.redirect(t.base, 303);
    });
  }

  app.get(`${PATH}/import`, async (c) => {
    const t = await target(c);
    return c.render(<CodesImportPage company={t.company} kind={t.kind} action={`${t.base}/import`} csrf={c.get('csrfToken')} />, title);
  });

  /** The import form's CSV previewed; with a control character in it, the form again with the error beside the field and no preview. */
  const importPage = async (c: Context<AppEnv>, t: Awaited<ReturnType<typeof target>>) => {
    const csv = await csvFromForm(c);
    refuseUnshown(csv.invalid, ['csv', 'file']);
    const bad = Object.keys(csv.invalid).length > 0;
    const shown = bad ? undefined : csv.error !== undefined ? { error: csv.error } : await preview(t, csv.text);
    const rows = shown && !('error' in shown) && shown.errorCount === 0 ? shown.rows : null;
    if (!rows) c.status(422);
    const page = () => c.render(<CodesImportPage company={t.company} kind={t.kind} action={`${t.base}/import`} csrf={c.get('csrfToken')} text={csv.text} preview={shown} errors={csv.invalid} fileChosen={csv.fileChosen} />, title);
    return { rows, page };
  };

  app.post(`${PATH}/import`, async (c) => (await importPage(c, await target(c))).page());

  app.post(`${PATH}/import/confirmation`, async (c) => {
    const t = await target(c);
    const { rows, page } = await importPage(c, t);
    if (!rows) return page();
    await upsertCodes(sql, t.slug, t.company.id, rows);
    setFlash(deps.jar(c), `${rows.length} ${t.kind.many.toLowerCase()} imported.`);
    return c.redirect(t.base, 303);
  });

  return app;
}
