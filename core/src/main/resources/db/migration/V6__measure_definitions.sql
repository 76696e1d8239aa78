-- Measure definitions with their versions (the catalogue entry each published value was computed
-- with), and on every value the definition version and the disclosure rule its counts fall under.
create table measure_definition (
  measure      text not null,
  version      integer not null,
  sha256       text not null,
  title        text not null,
  title_cy     text,
  source       text not null,
  definition   jsonb not null,
  first_seen   timestamptz not null default now(),
  primary key (measure, version, sha256)
);

create table metrics_run_definition (
  job_run_id   uuid not null references job_run(id),
  measure      text not null,
  version      integer not null,
  sha256       text not null,
  primary key (job_run_id, measure),
  foreign key (measure, version, sha256) references measure_definition(measure, version, sha256)
);

alter table measure_value add column definition_version integer;
alter table measure_value add column disclosure_rule text;
