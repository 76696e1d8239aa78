-- Programme-monitoring totals per intervention, area and financial year (published by metrics),
-- and theory-of-change assessments (published by evaluate and toc assess).
create table programme_value (
  job_run_id     uuid not null references job_run(id),
  intervention   text not null,
  area_code      text not null,
  financial_year integer not null,
  referrals      bigint not null,
  starts         bigint not null,
  completions    bigint not null,
  cost_gbp       double precision,
  months         integer not null,
  primary key (job_run_id, intervention, area_code, financial_year)
);

create table toc_assessment (
  id             bigserial primary key,
  job_run_id     uuid not null references job_run(id),
  partnership_id text not null,
  model_path     text not null,
  model_sha256   text not null,
  model_version  text not null,
  panel_job_run  uuid,
  errors         integer not null,
  warnings       integer not null,
  result         jsonb not null,
  created_at     timestamptz not null default now()
);

create table toc_indicator_status (
  assessment_id  bigint not null references toc_assessment(id) on delete cascade,
  node_id        text not null,
  indicator_id   text not null,
  source         text not null,
  baseline_year  integer not null,
  baseline_value double precision,
  latest_year    integer,
  latest_value   double precision,
  latest_lower   double precision,
  latest_upper   double precision,
  ratio          double precision,
  ratio_lower    double precision,
  ratio_upper    double precision,
  target_value   double precision,
  target_year    integer not null,
  status         text not null check (status in ('met', 'on track', 'off track', 'insufficient data')),
  reason         text not null,
  primary key (assessment_id, indicator_id)
);

create table toc_link_status (
  assessment_id  bigint not null references toc_assessment(id) on delete cascade,
  from_node      text not null,
  to_node        text not null,
  evidence       boolean not null,
  direction      text not null,
  assumption     text not null,
  primary key (assessment_id, from_node, to_node)
);
