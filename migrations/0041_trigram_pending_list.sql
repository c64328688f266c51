/*
 * The trigram indexes of My Invoices' search keep new entries in a pending list until it holds
 * gin_pending_list_limit (4 MB by default, ~500 pages per index) and only then merge them. Every
 * search reads the whole list, and the planner prices that in: during a big import the lists stay
 * near full, a search's index scans looked dearer than reading every invoice, and a clerk's search
 * became one sequential scan of all invoices, trigram matching included, per group and status
 * (1.3–2.7 s each, 110 of them in one bench/load.ts --faults run; BENCHMARKS.md "Searches and planner
 * statistics during the import"). At 64 kB the list never exceeds 8 pages. Merging it more often cost nothing measurable:
 * 6,000 invoices inserted 100 at a time took 0.67 s plus 0.1 s of merging left over at 4 MB, 0.71 s
 * at 64 kB; fastupdate off (no list at all) took 1.7–2.0 s.
 */
alter index invoices_seller_name_trgm_idx set (gin_pending_list_limit = 64);
alter index invoices_seller_vat_id_trgm_idx set (gin_pending_list_limit = 64);
alter index invoices_invoice_number_trgm_idx set (gin_pending_list_limit = 64);
