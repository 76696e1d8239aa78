-- The key figures each annual review published, as shown (a withheld count or rate is null), so the
-- next year's review can say what changed since and flag figures revised since they were published.
create table review_key_figure (
  job_run_id     uuid not null references job_run(id),
  partnership_id text not null,
  review_year    int not null,
  measure        text not null,
  figure_year    int not null,
  count_shown    text not null,
  rate           double precision,
  ci_lower       double precision,
  ci_upper       double precision,
  recorded_at    timestamptz not null default now(),
  primary key (job_run_id, partnership_id, review_year, measure, figure_year)
);
create index review_key_figure_lookup on review_key_figure(partnership_id, review_year, recorded_at desc);
