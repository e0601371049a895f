-- KeyWarden schema, version 1 (SQLite 3). Names are SPEC's contract. Times are UTC ISO-8601
-- text ending in Z, UUIDs are text, booleans integers, scopes and details JSON text.
-- Statements end with a semicolon at the end of a line; the runner splits on that.

CREATE TABLE organizations (
    id TEXT PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    slug VARCHAR(64) NOT NULL,
    email VARCHAR(254) NOT NULL,
    plan VARCHAR(20) NOT NULL DEFAULT 'free' CHECK (plan IN ('free', 'pro', 'enterprise')),
    is_active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    monthly_request_limit BIGINT NOT NULL CHECK (monthly_request_limit >= 0),
    rate_limit_per_minute INTEGER NOT NULL CHECK (rate_limit_per_minute >= 0),
    max_api_keys INTEGER NOT NULL CHECK (max_api_keys >= 0)
);
CREATE UNIQUE INDEX ix_organizations_slug ON organizations (slug);
CREATE INDEX ix_organizations_email ON organizations (email);

CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    key_prefix VARCHAR(16) NOT NULL,
    key_hash CHAR(64) NOT NULL,
    key_hint VARCHAR(8) NOT NULL,
    name VARCHAR(255) NOT NULL,
    description TEXT,
    environment VARCHAR(8) NOT NULL CHECK (environment IN ('live', 'test', 'admin')),
    is_active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    expires_at TEXT,
    revoked_at TEXT,
    revoked_by VARCHAR(255),
    revoked_reason TEXT,
    scopes TEXT NOT NULL DEFAULT '[]',
    custom_rate_limit INTEGER CHECK (custom_rate_limit IS NULL OR custom_rate_limit >= 0),
    total_requests BIGINT NOT NULL DEFAULT 0,
    last_request_at TEXT,
    rolled_from TEXT REFERENCES api_keys (id) ON DELETE SET NULL
);
CREATE INDEX ix_api_keys_organization_id ON api_keys (organization_id);
CREATE UNIQUE INDEX ix_api_keys_key_hash ON api_keys (key_hash);
CREATE INDEX ix_api_keys_is_active ON api_keys (is_active);
CREATE INDEX ix_api_keys_key_prefix ON api_keys (key_prefix);

CREATE TABLE api_key_usage (
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
CREATE INDEX ix_api_key_usage_api_key_id ON api_key_usage (api_key_id);
CREATE INDEX ix_api_key_usage_organization_id ON api_key_usage (organization_id);
CREATE INDEX ix_api_key_usage_timestamp ON api_key_usage (timestamp);

-- One row per key, day, endpoint and status class: charts and monthly summaries read
-- this instead of scanning raw usage rows.
CREATE TABLE api_key_usage_daily (
    day TEXT NOT NULL,
    api_key_id TEXT NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    endpoint VARCHAR(255) NOT NULL,
    status_class SMALLINT NOT NULL,
    request_count BIGINT NOT NULL DEFAULT 0,
    tokens_used BIGINT NOT NULL DEFAULT 0,
    cost_usd REAL NOT NULL DEFAULT 0,
    total_response_time_ms REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (day, api_key_id, endpoint, status_class)
);
CREATE INDEX ix_api_key_usage_daily_organization_day ON api_key_usage_daily (organization_id, day);
CREATE INDEX ix_api_key_usage_daily_api_key_day ON api_key_usage_daily (api_key_id, day);

CREATE TABLE rate_limit_tracking (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    api_key_id TEXT NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
    window_start TEXT NOT NULL,
    window_end TEXT NOT NULL,
    request_count INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX ix_rate_limit_tracking_key_window ON rate_limit_tracking (api_key_id, window_start);

-- No foreign keys: the audit trail outlives what it describes.
CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    timestamp TEXT NOT NULL,
    actor VARCHAR(255) NOT NULL,
    action VARCHAR(64) NOT NULL,
    organization_id TEXT,
    key_id TEXT,
    ip_address VARCHAR(45),
    details TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX ix_audit_events_timestamp ON audit_events (timestamp);
CREATE INDEX ix_audit_events_organization_id ON audit_events (organization_id);
CREATE INDEX ix_audit_events_key_id ON audit_events (key_id);
CREATE INDEX ix_audit_events_action ON audit_events (action);
