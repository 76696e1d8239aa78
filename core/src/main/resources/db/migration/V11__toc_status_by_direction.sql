-- An indicator whose latest value is on the target's side of it, with an interval that still
-- reaches back across the target, is "not distinguishable from the target" rather than "met".
alter table toc_indicator_status drop constraint toc_indicator_status_status_check;
alter table toc_indicator_status add constraint toc_indicator_status_status_check
  check (status in ('met', 'not distinguishable from the target', 'on track', 'off track',
                    'insufficient data'));
