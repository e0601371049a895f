-- Runs of the demo agent endpoint, listed by GET /v1/conversations per organization.
CREATE TABLE agent_runs (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    api_key_id TEXT REFERENCES api_keys (id) ON DELETE SET NULL,
    agent VARCHAR(64) NOT NULL,
    input TEXT NOT NULL,
    output TEXT NOT NULL,
    tokens_used INTEGER NOT NULL DEFAULT 0,
    cost_usd REAL NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE INDEX ix_agent_runs_organization_created ON agent_runs (organization_id, created_at);
