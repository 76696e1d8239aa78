-- Published results: the measure panel, evaluation estimates and written reports, with provenance.

create table measure_value (
  job_run_id     uuid not null references job_run(id),
  measure        text not null,
  age_band       text not null,
  area_code      text not null,
  area_level     text not null,
  period         text not null,
  count          bigint,
  denominator    bigint,
  rate           double precision,
  lower_95       double precision,
  upper_95       double precision,
  lower_99_8     double precision,
  upper_99_8     double precision,
  multiplier     integer not null,
  missing_reason text,
  primary key (job_run_id, measure, age_band, area_code, period)
);
create index measure_value_lookup on measure_value(measure, area_code, period);

create table evaluation_estimate (
  job_run_id  uuid not null references job_run(id),
  measure     text not null,
  estimator   text not null,
  estimate    double precision not null,
  se          double precision not null,
  ci_lower    double precision not null,
  ci_upper    double precision not null,
  p_value     double precision not null,
  n_units     integer not null,
  n_treated   integer not null,
  n_periods   integer not null,
  details     jsonb not null default '{}'::jsonb,
  primary key (job_run_id, measure, estimator)
);

create table report (
  id             bigserial primary key,
  job_run_id     uuid not null references job_run(id),
  partnership_id text not null,
  kind           text not null,
  period         text not null,
  language       text not null,
  format         text not null,
  path           text not null,
  sha256         text not null,
  created_at     timestamptz not null default now()
);
