DROP TABLE IF EXISTS audit_events;
DROP TABLE IF EXISTS rate_limit_tracking;
DROP TABLE IF EXISTS api_key_usage_daily;
DROP TABLE IF EXISTS api_key_usage;
DROP TABLE IF EXISTS api_keys;
DROP TABLE IF EXISTS organizations;
