-- The mid-year of the population estimate a rate's denominator is: the period's own, or (where none
-- was loaded for it) the latest earlier estimate carried forward, which the export and the review
-- label as such.
alter table measure_value add column population_year integer;
