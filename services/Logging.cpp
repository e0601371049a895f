#include "Logging.h"

Q_LOGGING_CATEGORY(lcDatabase, "keywarden.db", QtInfoMsg)
Q_LOGGING_CATEGORY(lcMigrations, "keywarden.migrations", QtInfoMsg)
Q_LOGGING_CATEGORY(lcKeys, "keywarden.keys", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAudit, "keywarden.audit", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCli, "keywarden.cli", QtInfoMsg)
Q_LOGGING_CATEGORY(lcRedis, "keywarden.redis", QtInfoMsg)
Q_LOGGING_CATEGORY(lcValidator, "keywarden.validator", QtInfoMsg)
