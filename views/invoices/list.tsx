import type { CurrentUser } from '../../src/http/context';
import type { FilterErrors, Filters } from '../../src/invoices/filters';
import type { ListData } from '../../src/invoices/list-data';
import type { UploadOutcome } from '../../src/invoices/uploads';
import { Flash, PageHeader } from '../components/form';
import type { BulkErrors, BulkResultProps, BulkValues } from './bulk';
import { FilterForm } from './filter-form';
import { InvoiceResults } from './results';
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
  outcomes?: UploadOutcome[];
  bulk?: BulkResultProps;
  bulkErrors?: BulkErrors;
  bulkValues?: BulkValues;
};

/** My Invoices (open work) and Complete Invoices (exported and cancelled): one page, two views. */
export function MyInvoicesPage(props: ListPageProps) {
  const complete = props.filters.view === 'complete';
  return (
    <>
      <InvoiceStyles />
      <PageHeader title={complete ? 'Complete Invoices' : 'My Invoices'} />
      <ul class="view-tabs no-print" aria-label="Lists">
        <li><a href="/invoices" aria-current={complete ? undefined : 'page'}>My Invoices</a></li>
        <li><a href="/invoices/complete" aria-current={complete ? 'page' : undefined}>Complete Invoices</a></li>
      </ul>
      <Flash message={props.flash} />
      {!complete && (
        <>
          <script src="/assets/upload.js" defer></script>
          <UploadForm csrf={props.csrf} maxMegabytes={props.maxMegabytes} error={props.uploadError} />
          <div id="upload-results" aria-live="polite"><UploadResults outcomes={props.outcomes ?? []} /></div>
        </>
      )}
      <FilterForm filters={props.filters} errors={props.errors} groups={props.groups} companies={props.companies} />
      <InvoiceResults {...props} />
    </>
  );
}
