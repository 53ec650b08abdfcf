-- The officer's inbox read in urgency order straight from an index (issue 3 §7: inbox p99 ≤ 50 ms at
-- 1M dossiers; docs/performance.md, session of 24 November 2026 evening).
--
-- The first page is "the 50 most urgent active dossiers of my agency". With 0023's partial indexes the
-- database still fetched every active dossier of the commune (~1,000 heap rows), computed its urgency and
-- sorted them to return 51. These indexes hold the active dossiers in (agency, urgency, id) order, so
-- the page is the first 51 entries of each (dossiers.repository.ts: one ordered branch per agency column,
-- merged), and the urgency counts are index-only scans (the INCLUDE columns are what the count
-- expressions read: PostgreSQL needs the plain columns to evaluate an indexed expression without the heap).
--
-- The urgency expression is the repository's INBOX_ORDER; keep both texts identical or the planner will
-- not match them.
create index dossiers_inbox_current_order_idx on dossiers (
  current_agency_id,
  (coalesce(coalesce(due_at, case when status = 'submitted' then accept_by end), timestamptz '9999-12-31 00:00:00+00')),
  id
) include (status, due_at, accept_by)
  where status in ('submitted', 'supplement_requested', 'received', 'transferred', 'result_ready');

create index dossiers_inbox_receiving_order_idx on dossiers (
  receiving_agency_id,
  (coalesce(coalesce(due_at, case when status = 'submitted' then accept_by end), timestamptz '9999-12-31 00:00:00+00')),
  id
) include (current_agency_id, status, due_at, accept_by)
  where status in ('submitted', 'supplement_requested', 'received', 'transferred', 'result_ready');

-- Superseded: the same rows without the order (0023), and the urgency index over every dossier (0016).
drop index if exists dossiers_active_current_idx;
drop index if exists dossiers_active_receiving_idx;
drop index if exists dossiers_urgency_idx;
