-- The last run of each scheduled job across replicas: the replica whose claim updates the row runs it (OncePerSchedule).
CREATE TABLE scheduled_job_run (
    job      TEXT PRIMARY KEY,
    last_run TIMESTAMPTZ NOT NULL,
    run_by   TEXT        NOT NULL
);
