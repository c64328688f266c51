/*
 * My Invoices shows a credit note's total negative (it counts against the payables) and sums
 * it so; sorting and the amount filters now read the same signed value, so "Total ▼" no
 * longer puts a -1,234,567.89 credit note among the largest invoices. The expression must stay
 * identical to SIGNED_TOTAL in src/invoices/filters.ts (and the total sort in sorts.ts) for the
 * planner to use this index; it replaces the unsigned one of 0006.
 */
create index invoices_signed_total_sort_idx on invoices ((
  case when document_type = 'credit_note' then -abs(coalesce(tax_inclusive_amount, payable_amount, 0))
       else coalesce(tax_inclusive_amount, payable_amount, 0) end), id);
drop index invoices_total_sort_idx;
