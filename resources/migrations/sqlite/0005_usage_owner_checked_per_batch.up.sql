-- api_key_usage's two foreign keys checked each raw usage row on its own; the usage writer
-- now checks a batch's keys and organizations once (UsageRowWriter), inside the write
-- transaction that SQLite lets only one connection hold. What ON DELETE CASCADE did is done
-- by the triggers below. SQLite cannot drop a constraint, so the table is rebuilt without
-- them (same columns, ids and indexes). The daily rollups keep their foreign keys.
CREATE TABLE api_key_usage_checked_per_batch (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    api_key_id TEXT NOT NULL,
    organization_id TEXT NOT NULL,
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
INSERT INTO api_key_usage_checked_per_batch SELECT * FROM api_key_usage;
-- AUTOINCREMENT's high-water mark goes with the old table: carried over, so that no id
-- is ever given twice (the copy alone would restart it at the highest id left).
DELETE FROM sqlite_sequence WHERE name = 'api_key_usage_checked_per_batch';
INSERT INTO sqlite_sequence (name, seq) SELECT 'api_key_usage_checked_per_batch', seq FROM sqlite_sequence WHERE name = 'api_key_usage';
DROP TABLE api_key_usage;
ALTER TABLE api_key_usage_checked_per_batch RENAME TO api_key_usage;
CREATE INDEX ix_api_key_usage_api_key_id ON api_key_usage (api_key_id);
CREATE INDEX ix_api_key_usage_organization_id ON api_key_usage (organization_id);
CREATE INDEX ix_api_key_usage_timestamp ON api_key_usage (timestamp);
CREATE TRIGGER api_keys_delete_usage AFTER DELETE ON api_keys BEGIN DELETE FROM api_key_usage WHERE api_key_id = OLD.id; END;
CREATE TRIGGER organizations_delete_usage AFTER DELETE ON organizations BEGIN DELETE FROM api_key_usage WHERE organization_id = OLD.id; END;
