/*
 * Files uploaded on My Invoices: each one through the same reader and storage as Pagero
 * documents, landing where the uploader works (issue 18). The company is the one the
 * file's buyer VAT id names (insert-invoices.ts); the company chosen on the form fills in
 * only when the file names none apdesk knows, and a file naming another is said so, never
 * silently overridden. Groups are assigned at once in the import transaction; the result
 * names each invoice's company and group, its reader warnings, and, when the uploader is
 * not in that group, where it went and who can see it.
 */
import type { Sql } from '../db/connection';
import type { CurrentUser } from '../http/context';
import { seesAllDocuments } from '../auth/roles';
import { sizeMessage } from '../einvoice/index';
import { assignImportedInvoices, compiledGroups, firstMatch } from '../groups/assign';
import { uploadSubject } from '../groups/compile';
import { heldCompanyIds } from './company-choices';
import { storeDocument } from './store';
import { visibleInvoices } from './visibility';

export type UploadCompany = { id: number; name: string };
export type Person = { name: string; email: string };

/** visible: false when the invoice went to a document group the uploader is not in; members and userAdmins then say who can see it and who can change that. */
export type UploadedInvoice = {
  id: number; documentId: number; invoiceNumber: string; duplicateOf: number | null; possibleDuplicate: boolean; visible: boolean;
  companyId: number | null; companyName: string | null; groupName: string | null; warnings: string[];
  buyerName: string | null; buyerVatId: string | null;
  /** The file's buyer VAT id is the invoice company's VAT number. */
  buyerIsCompany: boolean;
  /** Active members of the invoice's group, by name (at most 8; membersMore counts the rest). */
  members: string[]; membersMore: number;
  userAdmins: Person[];
  /** Set when a company was chosen on the form and the file decided otherwise, or named a buyer apdesk does not know. */
  companyNote: string | null;
};
/** documentId: the stored file (null when it was refused before storing). */
export type UploadOutcome =
  | { filename: string; outcome: 'imported'; documentId: number; invoices: UploadedInvoice[] }
  /** kept: the file is stored (quarantined, under Needs attention); false when it was refused before storing. */
  | { filename: string; outcome: 'rejected'; documentId: number | null; reason: string; kept: boolean };

/**
 * An uploaded file's name as stored and shown: control characters (tab included) become spaces, at
 * most 255 characters. Not refused: the name comes from the uploader's disk, not typed here, and
 * says nothing about the invoice inside; PostgreSQL takes no NUL, and nothing stored holds one.
 */
export const fileLabel = (name: string) => name.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 255) || 'unnamed file';

/**
 * A file over the limit is refused before it is stored (the uploader still has it); any
 * other file is kept, and one the reader refuses waits under Needs attention with its reason.
 */
export async function storeUploads(sql: Sql, files: File[], opts: { user: CurrentUser; maxBytes: number; company?: UploadCompany | null }): Promise<UploadOutcome[]> {
  const outcomes: UploadOutcome[] = [];
  for (const file of files) {
    const filename = fileLabel(file.name);
    if (file.size > opts.maxBytes) {
      outcomes.push({ filename, outcome: 'rejected', documentId: null, reason: sizeMessage(file.size, opts.maxBytes), kept: false });
      continue;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const stored = await storeDocument(
      sql,
      { source: 'upload', bytes, filename, contentType: file.type || null, uploadedByUserId: opts.user.id, companyId: opts.company?.id ?? null },
      { maxBytes: opts.maxBytes },
    );
    if (stored.quarantined) outcomes.push({ filename, outcome: 'rejected', documentId: stored.documentId, reason: stored.quarantined, kept: true });
    else outcomes.push({ filename, outcome: 'imported', documentId: stored.documentId, invoices: await uploadedInvoices(sql, opts.user, stored.invoiceIds, opts.company ?? null) });
  }
  return outcomes;
}

/**
 * The companies a user may file uploads under: every company for those who see all
 * invoices; for everyone else the companies whose invoices they work on, and those whose
 * uploads would land in one of their document groups (so a clerk new to a group is offered
 * its company before its first invoice arrives). `worksOn`, when the caller has read the
 * first kind already (My Invoices' company filter), saves reading it again.
 */
export async function uploadCompanies(sql: Sql, user: CurrentUser, opts: { onlyId?: number; worksOn?: UploadCompany[] } = {}): Promise<UploadCompany[]> {
  const only = opts.onlyId === undefined ? sql`true` : sql`c.id = ${opts.onlyId}`;
  if (seesAllDocuments(user)) return sql<UploadCompany[]>`select c.id::int, c.name from pagero_companies c where ${only} order by c.name`;
  const groups = await compiledGroups(sql);
  const reachesGroups = sql`(select ${firstMatch(sql, groups)} from ${uploadSubject(sql, sql`c.id`)})
    = any(array(select m.group_id from document_group_members m where m.user_id = ${user.id}))`;
  if (opts.worksOn) {
    const routed = await sql<UploadCompany[]>`select c.id::int, c.name from pagero_companies c where ${only} and ${reachesGroups}`;
    const byId = new Map([...opts.worksOn, ...routed].map((c) => [c.id, c]));
    return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
  return sql<UploadCompany[]>`
    select c.id::int, c.name from pagero_companies c
    where ${only} and (c.id in ${heldCompanyIds(sql, user)} or ${reachesGroups})
    order by c.name`;
}

/** The company of that id, when the user may file uploads under it. */
export async function mayUploadFor(sql: Sql, user: CurrentUser, companyId: number): Promise<UploadCompany | null> {
  return (await uploadCompanies(sql, user, { onlyId: companyId }))[0] ?? null;
}

/** Sets the company of an uploaded invoice that had none (the uploader's answer to "which company?"), and reassigns its group. */
export async function setUploadCompany(sql: Sql, user: CurrentUser, invoiceId: number, companyId: number) {
  if (!(await mayUploadFor(sql, user, companyId))) return null;
  return sql.begin(async (tx) => {
    const [row] = await tx<{ invoiceNumber: string; documentId: number }[]>`
      update invoices i set company_id = ${companyId}
      from documents d
      where i.id = ${invoiceId} and d.id = i.document_id and d.uploaded_by_user_id = ${user.id} and i.company_id is null
        and exists (select 1 from pagero_companies where id = ${companyId})
      returning i.invoice_number, d.id::int as document_id`;
    if (!row) return null;
    // a re-read of the file fills in the same company (store.ts: the uploader's company is the fallback)
    await tx`update documents set company_id = ${companyId} where id = ${row.documentId} and company_id is null`;
    await assignImportedInvoices(tx, [invoiceId]);
    return row.invoiceNumber;
  });
}

const MEMBERS_SHOWN = 8;

export async function uploadedInvoices(sql: Sql, user: CurrentUser, ids: number[], chosen: UploadCompany | null = null): Promise<UploadedInvoice[]> {
  const vat = (column: string) => sql`upper(regexp_replace(${sql(column)}, '[^A-Za-z0-9]', '', 'g'))`;
  const rows = await sql<(Omit<UploadedInvoice, 'userAdmins' | 'companyNote' | 'membersMore'> & { memberCount: number })[]>`
    select i.id::int, i.document_id::int, i.invoice_number, o.id::int as duplicate_of, dup.id is not null as possible_duplicate, (${visibleInvoices(sql, user)}) as visible,
           i.company_id::int, c.name as company_name, g.name::text as group_name, i.warnings,
           i.buyer_name, i.buyer_vat_id, coalesce(${vat('c.vat_number')} = ${vat('i.buyer_vat_id')}, false) as buyer_is_company,
           coalesce(people.names[1:${MEMBERS_SHOWN}::int], '{}') as members, coalesce(cardinality(people.names), 0) as member_count
    from invoices i
    left join invoices dup on dup.id = i.duplicate_of
    -- a possible duplicate is linked only when the uploader may see the earlier invoice
    left join lateral (select i.id from invoices i where i.id = dup.id and ${visibleInvoices(sql, user)}) o on true
    left join pagero_companies c on c.id = i.company_id
    left join invoice_groups ig on ig.invoice_id = i.id
    left join document_groups g on g.id = ig.group_id
    left join lateral (
      select array_agg(u.first_name || ' ' || u.last_name order by u.last_name, u.first_name) as names
      from document_group_members m join users u on u.id = m.user_id and u.active where m.group_id = g.id) people on true
    where i.id = any(${ids}::bigint[]) order by i.document_id, i.position`;
  const userAdmins = rows.some((r) => !r.visible)
    ? await sql<Person[]>`select first_name || ' ' || last_name as name, email::text from users where is_user_admin and active order by last_name, first_name limit 5`
    : [];
  return rows.map(({ memberCount, ...r }) => ({
    ...r,
    membersMore: Math.max(0, memberCount - MEMBERS_SHOWN),
    userAdmins,
    companyNote: companyNote(r, chosen),
  }));
}

function companyNote(inv: Pick<UploadedInvoice, 'companyId' | 'companyName' | 'buyerName' | 'buyerVatId' | 'buyerIsCompany'>, chosen: UploadCompany | null) {
  if (!chosen) return null;
  const buyer = `${inv.buyerName ?? 'its buyer'}${inv.buyerVatId ? ` (VAT ${inv.buyerVatId})` : ''}`;
  if (inv.companyId !== null && inv.companyId !== chosen.id) {
    return `The file names ${buyer} as buyer, which is ${inv.companyName}: it stays with ${inv.companyName}, not ${chosen.name} as chosen.`;
  }
  if (inv.companyId === chosen.id && inv.buyerVatId && !inv.buyerIsCompany) {
    return `The file's buyer, ${buyer}, is not a company apdesk knows; it was filed under ${chosen.name} as chosen.`;
  }
  return null;
}

/** "Went to document group Italy, which you are not in. Visible to: …" for an invoice the uploader cannot open (several: "They went to …", said once for a file's invoices). */
export function whereItWent(inv: UploadedInvoice, several = false): string {
  const others = inv.membersMore > 0 ? [...inv.members, `${inv.membersMore} more`] : inv.members;
  const seeAll = 'everyone who sees all invoices (AP Admins, Financial Accounting and user admins)';
  const admins = inv.userAdmins.map((a) => a.name);
  const ask = admins.length > 0 ? ` Ask a user admin (${listed(admins)})` : ' Ask a user admin';
  if (!inv.groupName) {
    return `${several ? 'They' : 'It'} matched no document group (Unassigned), which you do not see. Visible to: ${seeAll}.${ask} or an AP Admin to route it.`;
  }
  const visibleTo = others.length > 0 ? `${listed(others)}, and ${seeAll}` : `no member of the group yet, only ${seeAll}`;
  return `${several ? 'They went' : 'Went'} to document group ${inv.groupName}, which you are not in. Visible to: ${visibleTo}.${ask} to add you to ${inv.groupName}.`;
}

const listed = (names: string[]) => (names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`);
