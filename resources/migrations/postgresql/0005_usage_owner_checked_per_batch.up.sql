-- The two foreign keys on api_key_usage made PostgreSQL check each raw usage row on its
-- own (a locking lookup per row and key: about 5 of the 8 us a row cost). The usage writer
-- now makes the same check once per batch: it locks the batch's keys and organizations
-- FOR KEY SHARE, as the foreign keys did, and refuses a batch naming one that does not
-- exist (UsageRowWriter). What ON DELETE CASCADE did is done by the triggers below, once
-- per deleting statement. The daily rollups keep their foreign keys: a batch writes only
-- a few rollup rows.
ALTER TABLE api_key_usage DROP CONSTRAINT api_key_usage_api_key_id_fkey;
ALTER TABLE api_key_usage DROP CONSTRAINT api_key_usage_organization_id_fkey;
CREATE FUNCTION keywarden_delete_usage_of_deleted_keys() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN DELETE FROM api_key_usage AS u USING deleted_keys AS k WHERE u.api_key_id = k.id; RETURN NULL; END $$;
CREATE TRIGGER api_keys_delete_usage AFTER DELETE ON api_keys REFERENCING OLD TABLE AS deleted_keys FOR EACH STATEMENT EXECUTE FUNCTION keywarden_delete_usage_of_deleted_keys();
CREATE FUNCTION keywarden_delete_usage_of_deleted_organizations() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN DELETE FROM api_key_usage AS u USING deleted_organizations AS o WHERE u.organization_id = o.id; RETURN NULL; END $$;
CREATE TRIGGER organizations_delete_usage AFTER DELETE ON organizations REFERENCING OLD TABLE AS deleted_organizations FOR EACH STATEMENT EXECUTE FUNCTION keywarden_delete_usage_of_deleted_organizations();
