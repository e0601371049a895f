DROP TABLE IF EXISTS organization_usage_daily;
