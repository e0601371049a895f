#pragma once

#include "AgentRun.h"
#include "Database.h"
#include "Result.h"

#include <QList>

// The only code that reads or writes `agent_runs`.
class AgentRunRepository
{
public:
    explicit AgentRunRepository(Database& database);
    Status create(const AgentRun& run);
    // Newest first; only that organization's runs.
    Result<QList<AgentRun>> listByOrganization(const QUuid& organizationId, int limit = 100, int offset = 0);

private:
    Database& m_database;
};
