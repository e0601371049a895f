DROP TRIGGER IF EXISTS organizations_truncate_usage ON organizations;
DROP TRIGGER IF EXISTS api_keys_truncate_usage ON api_keys;
DROP FUNCTION IF EXISTS keywarden_truncate_usage();
DROP TRIGGER IF EXISTS organizations_delete_usage ON organizations;
DROP FUNCTION IF EXISTS keywarden_delete_usage_of_organization();
DROP TRIGGER IF EXISTS api_keys_delete_usage ON api_keys;
DROP FUNCTION IF EXISTS keywarden_delete_usage_of_key();
-- Rows the foreign keys would refuse (none, unless written around the usage writer).
DELETE FROM api_key_usage AS u WHERE NOT EXISTS (SELECT 1 FROM api_keys AS k WHERE k.id = u.api_key_id);
DELETE FROM api_key_usage AS u WHERE NOT EXISTS (SELECT 1 FROM organizations AS o WHERE o.id = u.organization_id);
ALTER TABLE api_key_usage ADD CONSTRAINT api_key_usage_api_key_id_fkey FOREIGN KEY (api_key_id) REFERENCES api_keys (id) ON DELETE CASCADE;
ALTER TABLE api_key_usage ADD CONSTRAINT api_key_usage_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE CASCADE;
