-- Issue 17: who fetched subject keys (POST /ledger/subject-keys), counted per calling client (the token's azp) and
-- minute, in the transaction that hands the keys out; never which subjects, never a key.
CREATE TABLE subject_key_access (
    client        VARCHAR(255) NOT NULL,
    minute        TIMESTAMPTZ  NOT NULL,
    requests      BIGINT       NOT NULL,
    keys_returned BIGINT       NOT NULL,
    keys_created  BIGINT       NOT NULL,
    PRIMARY KEY (client, minute)
);
CREATE INDEX subject_key_access_minute ON subject_key_access (minute DESC);
