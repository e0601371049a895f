-- The daily rollup per organization (no key column): what the usage charts of a whole
-- organization read, so a year of traffic over many keys is a few thousand rows, not
-- keys x days x endpoints. Written in the same transaction as api_key_usage_daily.
CREATE TABLE organization_usage_daily (
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    endpoint VARCHAR(255) NOT NULL,
    status_class SMALLINT NOT NULL,
    request_count BIGINT NOT NULL DEFAULT 0,
    tokens_used BIGINT NOT NULL DEFAULT 0,
    cost_usd REAL NOT NULL DEFAULT 0,
    total_response_time_ms REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (organization_id, day, endpoint, status_class)
);

INSERT INTO organization_usage_daily (organization_id, day, endpoint, status_class, request_count, tokens_used,
                                      cost_usd, total_response_time_ms)
SELECT organization_id, day, endpoint, status_class, SUM(request_count), SUM(tokens_used), SUM(cost_usd),
       SUM(total_response_time_ms)
FROM api_key_usage_daily
GROUP BY organization_id, day, endpoint, status_class;
