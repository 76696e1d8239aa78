-- Results are scoped to the warehouse and partnership they came from: every warehouse on a machine
-- shares this database, so a job that evaluates, assesses or reports records which warehouse,
-- partnership and metrics run (panel) it worked on, and readers ask for that scope only.
alter table job_run add column warehouse text;
alter table job_run add column partnership_id text;
alter table job_run add column panel_run uuid references job_run(id);
create index job_run_panel on job_run(panel_run) where panel_run is not null;

-- A job whose process died (killed, out of memory, the machine restarted) is marked 'interrupted'
-- at the next start instead of staying 'running' for ever (see JobRuns.markInterrupted).
alter table job_run drop constraint job_run_status_check;
alter table job_run add constraint job_run_status_check
  check (status in ('running', 'succeeded', 'failed', 'interrupted'));
