-- Metrics runs: what each published panel was computed from (a fingerprint of the warehouse tables,
-- the definitions and the options, and the ingested files behind them), and which run is current.
-- A run with the same fingerprint as the current one publishes nothing new; a run with a different
-- one supersedes it, whose values stay as history.
create table metrics_run (
  job_run_id    uuid primary key references job_run(id),
  scope         text not null,
  warehouse     text not null,
  fingerprint   text not null,
  rows          bigint not null,
  superseded_by uuid references job_run(id),
  created_at    timestamptz not null default now()
);
create index metrics_run_scope on metrics_run(scope, warehouse) where superseded_by is null;

create table metrics_run_input (
  job_run_id  uuid not null references job_run(id),
  source_type text not null,
  sha256      text not null,
  primary key (job_run_id, source_type, sha256)
);

-- Periods other than financial years (month, quarter, rolling 12 months) and the directly
-- standardised rate where age-band data exist.
alter table measure_value add column period_type text not null default 'fy';
alter table measure_value add column dsr double precision;
alter table measure_value add column dsr_lower_95 double precision;
alter table measure_value add column dsr_upper_95 double precision;
alter table measure_value add column dsr_lower_99_8 double precision;
alter table measure_value add column dsr_upper_99_8 double precision;
alter table measure_value add column dsr_missing_reason text;

-- Comparison with the region and with the partnership's most similar areas, and the rule applied.
alter table measure_comparison add column period_type text not null default 'fy';
alter table measure_comparison add column region_code text;
alter table measure_comparison add column region_label text;
alter table measure_comparison add column similar_label text;
alter table measure_comparison add column comparison_rule text;
alter table measure_comparison alter column trend_label drop not null;

create view measure_value_current as
  select v.* from measure_value v
  join metrics_run r on r.job_run_id = v.job_run_id
  where r.superseded_by is null;
