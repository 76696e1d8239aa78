-- How a value's rate and interval were made: exact or byar (counted, or recomputed from a
-- published count and denominator), or published (a Fingertips value and interval kept exactly as
-- Fingertips publishes them), so the export can say which each value is.
alter table measure_value add column method text;
