-- Imports of past interactions (POST /imports). The upload is kept here, in chunks of whole records, so that an
-- import survives a restart of intake and resumes where its last committed batch ended.
create table import_run (
    id           varchar(36)  primary key,
    mapping      varchar(100) not null,
    media_type   varchar(100) not null,
    content_hash char(64)     not null,
    status       varchar(10)  not null,  -- RUNNING, DONE, FAILED
    header       text,                   -- a CSV file's header line (its column names)
    lines        bigint       not null,  -- records in the file (blank lines not counted)
    processed    bigint       not null default 0,  -- records done, in file order: the resume point
    accepted     bigint       not null default 0,
    duplicates   bigint       not null default 0,  -- accepted earlier (same key and content): nothing published
    rejected     bigint       not null default 0,
    routed       bigint       not null default 0,
    failure      text,
    created_at   timestamptz  not null,
    finished_at  timestamptz
);
-- the same file with the same mapping is one import (unless it failed)
create index import_run_content on import_run (content_hash, mapping);

create table import_chunk (
    import_id  varchar(36) not null references import_run (id) on delete cascade,
    seq        int         not null,
    first_record bigint    not null,  -- the ordinal (from 0) of its first record in the file
    records    int         not null,
    data       bytea       not null,
    primary key (import_id, seq)
);

-- one row per record once processed: the answer of GET /imports/{id}/lines
create table import_line (
    import_id      varchar(36)  not null references import_run (id) on delete cascade,
    line           bigint       not null,
    external_id    varchar(200),
    interaction_id varchar(36)  not null,  -- the interaction, or the rejection's id
    status         varchar(10)  not null,  -- ACCEPTED, DUPLICATE, REJECTED
    reason         text,
    routed_at      timestamptz,
    primary key (import_id, line)
);
create index import_line_interaction on import_line (interaction_id);
