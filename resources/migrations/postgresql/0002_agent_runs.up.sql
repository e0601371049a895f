-- Runs of the demo agent endpoint, listed by GET /v1/conversations per organization.
CREATE TABLE agent_runs (
    id UUID PRIMARY KEY,
    organization_id UUID NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    api_key_id UUID REFERENCES api_keys (id) ON DELETE SET NULL,
    agent VARCHAR(64) NOT NULL,
    input TEXT NOT NULL,
    output TEXT NOT NULL,
    tokens_used INTEGER NOT NULL DEFAULT 0,
    cost_usd NUMERIC(14, 6) NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX ix_agent_runs_organization_created ON agent_runs (organization_id, created_at);
