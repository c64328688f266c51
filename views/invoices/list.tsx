import type { CurrentUser } from '../../src/http/context';
import type { FilterErrors, Filters } from '../../src/invoices/filters';
import type { FirstRun } from '../../src/invoices/first-run';
import type { ListData } from '../../src/invoices/list-data';
import type { UploadOutcome } from '../../src/invoices/uploads';
import { Flash } from '../components/form';
import type { BulkErrors, BulkResultProps, BulkValues } from './bulk';
import { FilterForm } from './filter-form';
import { InvoiceResults } from './results';
import { SavedViewTabs } from './saved-views';
import { InvoiceStyles } from './styles';
import { UploadForm, UploadResults } from './upload';

export { InvoiceResults };

export type ListPageProps = ListData & {
  filters: Filters;
  errors: FilterErrors;
  csrf: string;
  flash: string | null;
  user: CurrentUser;
  maxMegabytes: number;
  uploadError?: string;
  /** A control character in the upload's company field (the files must then be chosen again). */
  uploadCompanyError?: string;
  /** The company chosen on the last upload, kept selected for the next one. */
  uploadCompany?: number | null;
  outcomes?: UploadOutcome[];
  /** The recorded upload these outcomes are (upload-batches.ts): the "Which company?" forms return to it. */
  uploadBatch?: string;
  bulk?: BulkResultProps;
  bulkErrors?: BulkErrors;
  bulkValues?: BulkValues;
  /** The invoices ticked for a bulk change that came back with an error, ticked again. */
  selectedIds?: number[];
  /** Why the list is empty, when it is and no filter is set. */
  setup?: FirstRun | null;
};

/**
 * My Invoices (open work) and Complete Invoices (exported and cancelled): one page, two views.
 * Built so the first rows show on a 1366 × 768 laptop: one toolbar line (lists, upload button),
 * one filter line (search, due chips, "More filters"), then the table.
 */
export function MyInvoicesPage(props: ListPageProps) {
  const complete = props.filters.view === 'complete';
  const uploadOpen = Boolean(props.uploadError || props.uploadCompanyError) || (props.outcomes?.length ?? 0) > 0;
  return (
    <>
      <InvoiceStyles />
      <script src="/assets/invoice-list.js" defer></script>
      <div class="list-toolbar">
        <h1>{complete ? 'Complete Invoices' : 'My Invoices'}</h1>
        <ul class="view-tabs no-print" aria-label="Lists">
          <li><a href="/invoices" aria-current={complete ? undefined : 'page'}>My Invoices</a></li>
          <li><a href="/invoices/complete" aria-current={complete ? 'page' : undefined}>Complete Invoices</a></li>
        </ul>
        {!complete && (
          <details class="upload-toggle no-print" open={uploadOpen}>
            <summary class="button primary">Upload e-invoices</summary>
            <script src="/assets/upload.js" defer></script>
            <UploadForm csrf={props.csrf} maxMegabytes={props.maxMegabytes} error={props.uploadError} companyError={props.uploadCompanyError} companies={props.uploadCompanies} chosen={props.uploadCompany ?? null} />
          </details>
        )}
      </div>
      <Flash message={props.flash} />
      {!complete && <div id="upload-results" aria-live="polite"><UploadResults outcomes={props.outcomes ?? []} companies={props.uploadCompanies} csrf={props.csrf} user={props.user} batch={props.uploadBatch} /></div>}
      <SavedViewTabs views={props.views} filters={props.filters} csrf={props.csrf} />
      <FilterForm filters={props.filters} errors={props.errors} groups={props.groups} companies={props.companies} seesUnassigned={props.seesUnassigned} />
      <InvoiceResults {...props} />
    </>
  );
}
