-- Routing decisions that reached intake before their import line was committed (intake publishes a batch, then
-- commits its lines): each batch's commit counts the ones that wait here for its lines. Only noted while an import
-- runs; a matched row is deleted, and the rest (live traffic's decisions meanwhile) once an hour old.
create table import_routed (
    interaction_id varchar(36) primary key,
    routed_at      timestamptz not null,
    noted_at       timestamptz not null default now()
);
