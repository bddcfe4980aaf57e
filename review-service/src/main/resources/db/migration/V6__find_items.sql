-- Issue 22: find a customer's review items by externalId or contact. contact_id is the subject's id as the ledger
-- computes it from an email (contracts' PersonalFields.contactIdOfEmail: SHA-256 hex of 'email:' + the trimmed,
-- lower-cased address), NULL without an email or once the subject is erased. routed_interaction carries it too, for
-- the audit items drawn from it. Existing rows are filled from the packets and classifications they hold.
ALTER TABLE review_item
    ADD COLUMN external_id text,
    ADD COLUMN contact_id  text;
ALTER TABLE routed_interaction
    ADD COLUMN contact_id text;

UPDATE review_item
SET external_id = packet #>> '{classification,interaction,externalId}',
    contact_id  = CASE
        WHEN packet #>> '{classification,interaction,contact,email}' IS NULL
            OR packet #>> '{classification,interaction,contact,email}' = '[erased]' THEN NULL
        ELSE encode(sha256(convert_to('email:' || lower(btrim(packet #>> '{classification,interaction,contact,email}')),
                                      'UTF8')), 'hex') END;
UPDATE routed_interaction
SET contact_id = CASE
        WHEN classification #>> '{interaction,contact,email}' IS NULL
            OR classification #>> '{interaction,contact,email}' = '[erased]' THEN NULL
        ELSE encode(sha256(convert_to('email:' || lower(btrim(classification #>> '{interaction,contact,email}')),
                                      'UTF8')), 'hex') END
WHERE classification IS NOT NULL;

CREATE INDEX review_item_external_id ON review_item (external_id);
CREATE INDEX review_item_contact ON review_item (contact_id);
