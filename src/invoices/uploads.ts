/*
 * Files uploaded on My Invoices: each one through the same reader and storage as Pagero
 * documents, landing where the uploader works (issue 18): the company is the one chosen on
 * the form, else the Pagero company whose VAT id is the invoice's buyer VAT id
 * (insert-invoices.ts); groups are assigned at once in the import transaction; the
 * result names each invoice's group, its reader warnings, and, when the uploader is not in
 * that group, who can see it.
 */
import type { Sql } from '../db/connection';
import type { CurrentUser } from '../http/context';
import { sizeMessage } from '../einvoice/index';
import { assignImportedInvoices } from '../groups/assign';
import { storeDocument } from './store';
import { visibleInvoices } from './visibility';
import { seesAllDocuments } from '../auth/roles';

/** visible: false when the invoice went to a document group the uploader is not in; seenBy then says who can open it. */
export type UploadedInvoice = {
  id: number; invoiceNumber: string; duplicateOf: number | null; possibleDuplicate: boolean; visible: boolean;
  companyName: string | null; groupName: string | null; warnings: string[]; seenBy: string[];
};
export type UploadOutcome =
  | { filename: string; outcome: 'imported'; invoices: UploadedInvoice[] }
  | { filename: string; outcome: 'rejected'; reason: string };

/**
 * A file over the limit is refused before it is stored (the uploader still has it); any
 * other file is kept, and one the reader refuses waits under Needs attention with its reason.
 */
export async function storeUploads(sql: Sql, files: File[], opts: { user: CurrentUser; maxBytes: number; companyId?: number | null }): Promise<UploadOutcome[]> {
  const outcomes: UploadOutcome[] = [];
  for (const file of files) {
    const filename = file.name || 'unnamed file';
    if (file.size > opts.maxBytes) {
      outcomes.push({ filename, outcome: 'rejected', reason: sizeMessage(file.size, opts.maxBytes) });
      continue;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const stored = await storeDocument(
      sql,
      { source: 'upload', bytes, filename, contentType: file.type || null, uploadedByUserId: opts.user.id, companyId: opts.companyId ?? null },
      { maxBytes: opts.maxBytes },
    );
    if (stored.quarantined) outcomes.push({ filename, outcome: 'rejected', reason: stored.quarantined });
    else outcomes.push({ filename, outcome: 'imported', invoices: await uploadedInvoices(sql, opts.user, stored.invoiceIds) });
  }
  return outcomes;
}

/** A company an uploader may file an upload under: any for those who see everything, else one whose invoices they work on. */
export async function mayUploadFor(sql: Sql, user: CurrentUser, companyId: number) {
  const [row] = await sql<{ ok: boolean }[]>`
    select exists (select 1 from pagero_companies c where c.id = ${companyId}
      and (${seesAllDocuments(user)} or exists (select 1 from invoices i where i.company_id = c.id and ${visibleInvoices(sql, user)}))) as ok`;
  return row!.ok;
}

/** Sets the company of an uploaded invoice that had none (the uploader's answer to "which company?"), and reassigns its group. */
export async function setUploadCompany(sql: Sql, user: CurrentUser, invoiceId: number, companyId: number) {
  if (!(await mayUploadFor(sql, user, companyId))) return null;
  return sql.begin(async (tx) => {
    const [row] = await tx<{ invoiceNumber: string }[]>`
      update invoices i set company_id = ${companyId}
      from documents d
      where i.id = ${invoiceId} and d.id = i.document_id and d.uploaded_by_user_id = ${user.id} and i.company_id is null
        and exists (select 1 from pagero_companies where id = ${companyId})
      returning i.invoice_number`;
    if (!row) return null;
    await assignImportedInvoices(tx, [invoiceId]);
    return row.invoiceNumber;
  });
}

export async function uploadedInvoices(sql: Sql, user: CurrentUser, ids: number[]) {
  return sql<UploadedInvoice[]>`
    select i.id::int, i.invoice_number, o.id::int as duplicate_of, dup.id is not null as possible_duplicate, (${visibleInvoices(sql, user)}) as visible,
           c.name as company_name, g.name::text as group_name, i.warnings,
           case when g.id is null
             then array['AP admins', 'Financial Accounting', 'user admins']
             else coalesce((select array_agg(u.first_name || ' ' || u.last_name order by u.last_name, u.first_name)
                            from document_group_members m join users u on u.id = m.user_id and u.active where m.group_id = g.id), '{}') || array['AP admins', 'Financial Accounting', 'user admins']
           end as seen_by
    from invoices i
    left join invoices dup on dup.id = i.duplicate_of
    -- a possible duplicate is linked only when the uploader may see the earlier invoice
    left join lateral (select i.id from invoices i where i.id = dup.id and ${visibleInvoices(sql, user)}) o on true
    left join pagero_companies c on c.id = i.company_id
    left join invoice_groups ig on ig.invoice_id = i.id
    left join document_groups g on g.id = ig.group_id
    where i.id = any(${ids}::bigint[]) order by i.position`;
}
