-- Issue 17: an erasure reports where a subject's values are (its events and interactions), found by subject.
CREATE INDEX domainevententry_subject_id ON domainevententry (subject_id) WHERE subject_id IS NOT NULL;
