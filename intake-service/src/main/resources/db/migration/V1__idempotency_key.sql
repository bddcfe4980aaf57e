-- One row per Idempotency-Key that led to a published InteractionReceived.
create table idempotency_key (
    key            varchar(200) primary key,
    interaction_id varchar(36)  not null,
    request_hash   char(64)     not null,
    created_at     timestamptz  not null
);
