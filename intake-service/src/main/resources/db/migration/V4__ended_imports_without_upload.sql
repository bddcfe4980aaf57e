-- An ended import (DONE or FAILED) keeps its counts, header and lines but not its upload: the file as sent holds
-- personal values in clear, which an erasure could not reach, and nothing reads it once the import ended (only
-- RUNNING imports are processed; a failed one is imported again as a new one). ImportStore deletes the chunks when
-- an import ends; this removes those of imports that ended before.
delete from import_chunk c using import_run r where r.id = c.import_id and r.status <> 'RUNNING';
