-- A rolled key's successor is looked up by rolled_from whenever a key with an expiry is
-- validated (the validator's cache misses): without an index that is a scan of every key.
CREATE INDEX ix_api_keys_rolled_from ON api_keys (rolled_from);
