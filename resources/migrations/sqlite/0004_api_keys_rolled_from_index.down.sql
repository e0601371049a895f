DROP INDEX IF EXISTS ix_api_keys_rolled_from;
