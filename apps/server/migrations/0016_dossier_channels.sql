-- Dossiers, issue 3 §2 (second part): online submission and its 8-working-hour acceptance limit.
-- An online dossier (channel 'online', state 'submitted') is coded at submission; the one-stop officer accepts it
-- or sends it back for supplement within 8 working hours (Nghị định 45/2020/NĐ-CP; article to confirm). Its
-- processing time runs from the acceptance instant, so received_at holds the submission instant until the
-- dossier is accepted and the acceptance instant afterwards; submitted_at keeps the submission instant.

alter table dossiers add column submitted_at timestamptz;
alter table dossiers add column accept_by timestamptz;
alter table dossiers add constraint dossiers_online_accept_by check (channel <> 'online' or accept_by is not null);

comment on column dossiers.submitted_at is 'Thời điểm nộp trực tuyến (null với hồ sơ nộp tại Bộ phận Một cửa hoặc qua bưu chính).';
comment on column dossiers.accept_by is 'Hạn tiếp nhận hoặc yêu cầu bổ sung hồ sơ nộp trực tuyến: 08 giờ làm việc sau khi nộp (Nghị định 45/2020/NĐ-CP).';
comment on column dossiers.received_at is 'Thời điểm tiếp nhận (hồ sơ trực tuyến chưa tiếp nhận: thời điểm nộp); thời hạn giải quyết tính từ thời điểm tiếp nhận.';

-- The inbox sorts by urgency: the due date, or for a dossier waiting for acceptance its acceptance limit
-- (dossiers.repository.ts, URGENCY: keep both expressions identical).
create index dossiers_urgency_idx
  on dossiers (current_agency_id, (coalesce(due_at, case when status = 'submitted' then accept_by end)));
