/*
 * approval_waiting(person, only_invoice) runs its queries with a plan made for the actual
 * arguments every time. PL/pgSQL caches each query's plan per connection and, after five calls,
 * may switch to a generic plan that must work for any argument: with `person is null or p_admin
 * or s.approver_id = any(reaching) or s.roles && p_roles` and `only_invoice is null or …` in
 * its conditions, the generic plan judges every open chain. Measured on bench/approvals.ts's
 * data (100,000 invoices, 2,000 open chains) in one psql connection, an AP Manager's count:
 * 408 ms with the cached generic plan, 17.5 ms with a custom plan (the planning costs well
 * under a millisecond). Same answers; only the plans change.
 */
alter function approval_waiting(bigint, bigint) set plan_cache_mode = force_custom_plan;
