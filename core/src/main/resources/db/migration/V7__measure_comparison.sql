-- Every published value compared: with the previous year and the baseline (rate ratio with 95% CI),
-- with its benchmark, across police force areas (funnel) and over time (recent trend).
create table measure_comparison (
  job_run_id        uuid not null references job_run(id),
  measure           text not null,
  age_band          text not null,
  area_code         text not null,
  period            text not null,
  vs_previous_ratio double precision,
  vs_previous_lower double precision,
  vs_previous_upper double precision,
  vs_baseline_ratio double precision,
  vs_baseline_lower double precision,
  vs_baseline_upper double precision,
  baseline_period   text not null,
  benchmark         text not null,
  benchmark_label   text not null,
  funnel_label      text,
  trend_label       text not null,
  primary key (job_run_id, measure, age_band, area_code, period)
);
