/* Settings > Master data > Import for all companies: one CSV with a company column, for GL accounts, cost centres or tax codes (AP Admins, as the rest of master data). */
import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import { AllCompaniesImportPage } from '../../views/master-data/import-all';
import { inSentence } from '../../views/master-data/import';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';
import type { FieldErrors } from '../../views/components/form';
import { refuseUnshown } from '../http/form';
import { setFlash } from '../http/flash';
import { listCompanyKeys } from './company-key';
import { csvFromForm } from './csv-upload';
import { previewAllCompaniesImport, type ImportPreview } from './import';
import { KIND_SLUGS, KINDS, type KindSlug } from './kinds';
import { codesByCompany, upsertCodes } from './queries';

const title = { title: 'Import master data for all companies', active: 'settings' as const };
const KindSchema = v.picklist(KIND_SLUGS, 'Choose what the file holds.');

export function importAllRoutes(deps: Deps) {
  const { sql } = deps;
  const app = new Hono<AppEnv>();

  type Previewed = { kind?: string; text?: string; preview?: ImportPreview; kindError?: string; errors?: FieldErrors; fileChosen?: boolean };
  const page = async (c: Context<AppEnv>, props: Previewed) =>
    c.render(<AllCompaniesImportPage csrf={c.get('csrfToken')} companies={await listCompanyKeys(sql)} {...props} />, title);

  /** The form's kind and CSV, previewed against every company's codes; a control character is shown beside its field, without a preview. */
  const previewOf = async (c: Context<AppEnv>): Promise<Previewed> => {
    const csv = await csvFromForm(c);
    refuseUnshown(csv.invalid, ['kind', 'csv', 'file']);
    const { text, fileChosen } = csv;
    const kindField = csv.fields.kind;
    const errors = { errors: csv.invalid, fileChosen };
    if (csv.invalid.kind) return { kind: String(kindField ?? ''), text, kindError: csv.invalid.kind, ...errors };
    const kind = v.safeParse(KindSchema, kindField);
    if (!kind.success) return { kind: String(kindField ?? ''), text, kindError: kind.issues[0].message, ...errors };
    if (Object.keys(csv.invalid).length > 0) return { kind: kind.output, text, ...errors };
    if (csv.error !== undefined) return { kind: kind.output, text, preview: { error: csv.error }, ...errors };
    const companies = await listCompanyKeys(sql);
    const preview = previewAllCompaniesImport(text, companies, await codesByCompany(sql, kind.output, companies.map((k) => k.id)));
    return { kind: kind.output, text, preview, ...errors };
  };
  const failed = (p: Previewed) => Boolean(p.kindError || !p.preview || 'error' in p.preview || p.preview.errorCount > 0);

  app.get('/', (c) => page(c, { kind: c.req.query('kind') }));

  app.post('/', async (c) => {
    const p = await previewOf(c);
    if (failed(p)) c.status(422);
    return page(c, p);
  });

  app.post('/confirmation', async (c) => {
    const p = await previewOf(c);
    if (failed(p)) {
      c.status(422);
      return page(c, p);
    }
    const kind = p.kind as KindSlug;
    const rows = p.preview && !('error' in p.preview) ? p.preview.rows : [];
    const byCompany = new Map<number, typeof rows>();
    for (const r of rows) byCompany.set(r.company!.id, [...(byCompany.get(r.company!.id) ?? []), r]);
    await sql.begin(async (tx) => {
      for (const [companyId, companyRows] of byCompany) await upsertCodes(tx, kind, companyId, companyRows);
    });
    const per = [...byCompany.values()].map((rs) => `${rs[0]!.company!.name} ${rs.length}`).join(', ');
    setFlash(deps.jar(c), `${rows.length} ${inSentence(KINDS[kind].many)} imported into ${byCompany.size} compan${byCompany.size === 1 ? 'y' : 'ies'} (${per}).`);
    return c.redirect('/settings/master-data', 303);
  });

  return app;
}
