import type { ChainView } from '../../src/approvals/page-data';
import { PageHeader } from '../components/form';
import { ApprovalChainPanel } from './chain-panel';

type Props = { invoiceId: number; invoiceNumber: string; chain: ChainView | null; csrf: string; problem?: string; errors?: { reject?: string; question?: string }; values?: { reject?: string; question?: string } };

/** An approver's answer that did not go through: the chain again, with the error beside its field. */
export function ApprovalAnswerPage({ invoiceId, invoiceNumber, chain, csrf, problem, errors, values }: Props) {
  return (
    <>
      <PageHeader title={`Approval of invoice ${invoiceNumber}`}><a href={`/invoices/${invoiceId}`}>Back to the invoice</a></PageHeader>
      {problem && <p class="form-error" role="alert">{problem}</p>}
      <ApprovalChainPanel invoiceId={invoiceId} chain={chain} csrf={csrf} errors={errors} values={values} />
    </>
  );
}
