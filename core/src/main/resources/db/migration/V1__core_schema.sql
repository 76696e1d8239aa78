-- Core schema: geography, partnerships, job runs, source-file manifests, quarantine summaries.

create table area (
  code        text primary key,
  name        text not null,
  level       text not null check (level in ('lsoa', 'la', 'csp', 'pfa', 'country')),
  valid_from  date not null default date '1900-01-01',
  valid_to    date
);

-- LSOA -> LA -> CSP -> PFA, with validity; a child may have several parents of one level over time.
create table area_hierarchy (
  child_code   text not null references area(code),
  parent_code  text not null references area(code),
  parent_level text not null,
  valid_from   date not null default date '1900-01-01',
  valid_to     date,
  primary key (child_code, parent_code, valid_from)
);
create index area_hierarchy_parent on area_hierarchy(parent_code);

create table partnership (
  id          text primary key,
  name        text not null,
  start_date  date not null,
  updated_at  timestamptz not null default now()
);

create table partnership_area (
  partnership_id text not null references partnership(id) on delete cascade,
  area_code      text not null references area(code),
  role           text not null check (role in ('member', 'programme', 'comparison')),
  start_date     date,
  primary key (partnership_id, area_code, role)
);

create table job_run (
  id            uuid primary key,
  command       text not null,
  parameters    jsonb not null default '{}'::jsonb,
  tool_version  text not null,
  started_at    timestamptz not null,
  finished_at   timestamptz,
  status        text not null check (status in ('running', 'succeeded', 'failed')),
  error_code    text,
  error_message text
);
create index job_run_started on job_run(started_at desc);

-- A file's sha256 is its identity: the same bytes are ingested once per source and warehouse.
create table source_file (
  id               bigserial primary key,
  sha256           text not null,
  source_type      text not null,
  warehouse        text not null,
  path             text not null,
  size_bytes       bigint not null,
  rows_read        bigint not null,
  rows_accepted    bigint not null,
  rows_quarantined bigint not null,
  status           text not null check (status in ('published', 'rejected', 'superseded')),
  job_run_id       uuid not null references job_run(id),
  ingested_at      timestamptz not null default now(),
  check (rows_read = rows_accepted + rows_quarantined)
);
create unique index source_file_identity on source_file(warehouse, source_type, sha256)
  where status = 'published';

create table quarantine_summary (
  source_file_id bigint not null references source_file(id) on delete cascade,
  reason         text not null,
  rows           bigint not null,
  example_line   bigint,
  example_value  text,
  primary key (source_file_id, reason)
);
