-- A change counter per agency over its dossiers, so that a node may answer an officer's inbox again from its
-- memory after checking, in one tiny read, that nothing it shows has changed (issue 3 §7, inbox p99 ≤ 50 ms;
-- dossiers.inbox-cache.ts, docs/performance.md).
--
-- Every statement that inserts, updates or deletes dossiers adds 1 to the counter of each agency the rows belong to,
-- before and after the change: the responsible agency (current_agency_id) and the receiving one. An inbox
-- reads dossiers through exactly these two columns, so any change to what an inbox of those agencies shows
-- moves the sum of their counters. Counters only grow: an unchanged sum means unchanged counters.
--
-- Statement-level triggers with transition tables: one update per agency per statement, also for the bulk
-- inserts of seed:scale (a row-level trigger would update one counter row 50,000 times in one transaction).
-- The counter rows are locked in agency order, so two statements touching the same agencies (a transfer
-- A → B and one B → A) queue instead of deadlocking. They stay locked until commit: writes to one agency's
-- dossiers already queue on its audit chain head (ADR 0007), which every such transaction takes after them.
create table dossier_agency_versions (
  agency_id uuid primary key references agencies (id),
  version bigint not null default 0
);

insert into dossier_agency_versions (agency_id) select id from agencies;

create function dossier_agency_versions_bump(agency_ids uuid[]) returns void language plpgsql as $$
begin
  insert into dossier_agency_versions (agency_id)
    select a from unnest(agency_ids) a order by a
    on conflict (agency_id) do nothing;
  perform 1 from dossier_agency_versions where agency_id = any (agency_ids) order by agency_id for update;
  update dossier_agency_versions set version = version + 1 where agency_id = any (agency_ids);
end;
$$;

-- One function for the three triggers: PL/pgSQL plans a branch only when it runs, so each trigger's branch
-- reads only the transition tables that trigger has.
create function dossiers_changed_bump() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    perform dossier_agency_versions_bump(array(
      select current_agency_id from new_rows union select receiving_agency_id from new_rows));
  elsif tg_op = 'UPDATE' then
    perform dossier_agency_versions_bump(array(
      select current_agency_id from new_rows union select receiving_agency_id from new_rows
      union select current_agency_id from old_rows union select receiving_agency_id from old_rows));
  else
    -- Dossiers are never deleted by the product; the bench's floor removes its own rows (bench/floor.ts).
    perform dossier_agency_versions_bump(array(
      select current_agency_id from old_rows union select receiving_agency_id from old_rows));
  end if;
  return null;
end;
$$;

create trigger dossiers_inserted_bump after insert on dossiers
  referencing new table as new_rows for each statement execute function dossiers_changed_bump();

create trigger dossiers_updated_bump after update on dossiers
  referencing old table as old_rows new table as new_rows for each statement execute function dossiers_changed_bump();

create trigger dossiers_deleted_bump after delete on dossiers
  referencing old table as old_rows for each statement execute function dossiers_changed_bump();
