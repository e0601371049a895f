DROP TRIGGER IF EXISTS organizations_delete_usage;
DROP TRIGGER IF EXISTS api_keys_delete_usage;
CREATE TABLE api_key_usage_with_foreign_keys (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    api_key_id TEXT NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    timestamp TEXT NOT NULL,
    endpoint VARCHAR(255) NOT NULL,
    method VARCHAR(10) NOT NULL,
    status_code INTEGER NOT NULL,
    response_time_ms REAL NOT NULL DEFAULT 0,
    tokens_used INTEGER NOT NULL DEFAULT 0,
    cost_usd REAL NOT NULL DEFAULT 0,
    ip_address VARCHAR(45),
    user_agent VARCHAR(512),
    error_message TEXT,
    error_code VARCHAR(64)
);
-- Only rows the foreign keys accept (all of them, unless written around the usage writer).
INSERT INTO api_key_usage_with_foreign_keys SELECT * FROM api_key_usage AS u WHERE EXISTS (SELECT 1 FROM api_keys AS k WHERE k.id = u.api_key_id) AND EXISTS (SELECT 1 FROM organizations AS o WHERE o.id = u.organization_id);
-- AUTOINCREMENT's high-water mark goes with the old table: carried over, so that no id
-- is ever given twice (the copy alone would restart it at the highest id left).
DELETE FROM sqlite_sequence WHERE name = 'api_key_usage_with_foreign_keys';
INSERT INTO sqlite_sequence (name, seq) SELECT 'api_key_usage_with_foreign_keys', seq FROM sqlite_sequence WHERE name = 'api_key_usage';
DROP TABLE api_key_usage;
ALTER TABLE api_key_usage_with_foreign_keys RENAME TO api_key_usage;
CREATE INDEX ix_api_key_usage_api_key_id ON api_key_usage (api_key_id);
CREATE INDEX ix_api_key_usage_organization_id ON api_key_usage (organization_id);
CREATE INDEX ix_api_key_usage_timestamp ON api_key_usage (timestamp);
