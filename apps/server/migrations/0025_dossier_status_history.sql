-- The public lookup's history kept on the dossier row (issue 4 §3–§4: GET /api/v1/public/dossiers/{code},
-- "lookup ≥ 50 % of the ceiling"; docs/performance.md, session of 24–25 November 2026 night).
--
-- The lookup showed each event's time and new state, aggregated from dossier_events at every request. On
-- 1M dossiers that read 2–4 more pages per lookup (the events' index and heap, rarely cached for a random
-- dossier) and cost PostgreSQL about 0.2 ms of its 0.3 ms per lookup. Each entry is {"at": ISO-8601 UTC,
-- "status": to_status}, one per event in seq order; the repository appends it in the same statement that
-- changes the row (dossiers.repository.ts), so the column and dossier_events cannot disagree.
-- dossier_events stays the record of truth (actor, note, reason, data): only the public view is copied.
alter table dossiers add column status_history jsonb not null default '[]'::jsonb;

update dossiers d
   set status_history = h.history
  from (select e.dossier_id,
               jsonb_agg(jsonb_build_object(
                 'at', to_char(e.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                 'status', e.to_status) order by e.seq) as history
          from dossier_events e
         group by e.dossier_id) h
 where h.dossier_id = d.id;
