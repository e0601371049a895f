-- The two foreign keys on api_key_usage made PostgreSQL check each raw usage row on its
-- own (a locking lookup per row and key: about 5 of the 8 us a row cost). The usage writer
-- now makes the same check once per batch: it locks the batch's keys and organizations
-- FOR KEY SHARE, as the foreign keys did, and refuses a batch naming one that does not
-- exist (UsageRowWriter). What ON DELETE CASCADE did is done by the triggers below: per
-- deleted row, an indexed delete, as the cascade did (a statement trigger's plan is cached
-- for the first transition table's size and then scans the table for a single key), and
-- TRUNCATE ... CASCADE of either table empties the usage too. The daily rollups keep their
-- foreign keys: a batch writes only a few rollup rows.
ALTER TABLE api_key_usage DROP CONSTRAINT api_key_usage_api_key_id_fkey;
ALTER TABLE api_key_usage DROP CONSTRAINT api_key_usage_organization_id_fkey;
CREATE FUNCTION keywarden_delete_usage_of_key() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN DELETE FROM api_key_usage WHERE api_key_id = OLD.id; RETURN NULL; END $$;
CREATE TRIGGER api_keys_delete_usage AFTER DELETE ON api_keys FOR EACH ROW EXECUTE FUNCTION keywarden_delete_usage_of_key();
CREATE FUNCTION keywarden_delete_usage_of_organization() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN DELETE FROM api_key_usage WHERE organization_id = OLD.id; RETURN NULL; END $$;
CREATE TRIGGER organizations_delete_usage AFTER DELETE ON organizations FOR EACH ROW EXECUTE FUNCTION keywarden_delete_usage_of_organization();
CREATE FUNCTION keywarden_truncate_usage() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN TRUNCATE api_key_usage; RETURN NULL; END $$;
CREATE TRIGGER api_keys_truncate_usage AFTER TRUNCATE ON api_keys FOR EACH STATEMENT EXECUTE FUNCTION keywarden_truncate_usage();
CREATE TRIGGER organizations_truncate_usage AFTER TRUNCATE ON organizations FOR EACH STATEMENT EXECUTE FUNCTION keywarden_truncate_usage();
