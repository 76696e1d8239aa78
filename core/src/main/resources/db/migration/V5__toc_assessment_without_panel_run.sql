-- V4 created toc_assessment.panel_job_run, which nothing fills: the model's checksum and the
-- assessment's job run are its provenance. Dropped rather than left empty.
alter table toc_assessment drop column panel_job_run;
