-- Who is affected: each measure's events in a partnership's areas per financial year, broken down by
-- sex, by age band and by LSOA (the review maps LSOAs to deprivation through the partnership's
-- lookup), with the resident population of each sex and age band where the population table has it.
create table measure_breakdown (
  job_run_id     uuid not null references job_run(id),
  measure        text not null,
  area_code      text not null,
  financial_year int not null,
  dimension      text not null check (dimension in ('sex', 'age', 'lsoa')),
  category       text not null,
  events         bigint not null,
  population     double precision,
  primary key (job_run_id, measure, area_code, financial_year, dimension, category)
);
