-- A new version of a file for the same source and period replaces the old one's rows. Each
-- published file records what it covers (its coverage cells, e.g. "E23000001 2024" for a force and
-- financial year); a later file whose cells include all of an earlier file's cells supersedes it.
-- The superseded file's rows move to the warehouse's _history folder and its row here stays, with
-- the file that replaced it and when.
alter table source_file
  add column coverage      text[],
  add column superseded_by bigint references source_file(id),
  add column superseded_at timestamptz;
