-- One row per estimator run of the impact evaluation, with what it was run on (provenance), and
-- its components: ATT(g,t), event-study points (event time), group and calendar effects.
create table evaluation_run (
  id               bigserial primary key,
  job_run_id       uuid not null references job_run(id),
  measure          text not null,
  estimator        text not null,
  control          text not null,
  base_period      text,
  anticipation     integer,
  confidence       double precision not null,
  bootstrap_draws  integer not null default 0,
  bootstrap_seed   bigint,
  critical_value   double precision,
  pretest_statistic double precision,
  pretest_df       integer,
  pretest_p        double precision,
  panel_sha256     text not null,
  n_units          integer not null,
  n_periods        integer not null,
  n_clusters       integer not null,
  details          jsonb not null default '{}'::jsonb,
  created_at       timestamptz not null default now(),
  unique (job_run_id, measure, estimator)
);

create table evaluation_point (
  run_id     bigint not null references evaluation_run(id) on delete cascade,
  kind       text not null check (kind in ('att_gt', 'event_time', 'group', 'calendar', 'bacon')),
  key        text not null,
  estimate   double precision not null,
  se         double precision,
  ci_lower   double precision,
  ci_upper   double precision,
  weight     double precision,
  primary key (run_id, kind, key)
);
