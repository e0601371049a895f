#include "AgentRunRepository.h"

#include "SqlQuery.h"
#include "SqlValue.h"

AgentRunRepository::AgentRunRepository(Database& database)
    : m_database(database)
{
}

Status AgentRunRepository::create(const AgentRun& run)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = SqlQuery::exec(
        db.value(),
        QStringLiteral("INSERT INTO agent_runs (id, organization_id, api_key_id, agent, input, output, "
                       "tokens_used, cost_usd, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        {SqlValue::fromUuid(run.id), SqlValue::fromUuid(run.organizationId), SqlValue::fromUuid(run.apiKeyId),
         run.agent, run.input, run.output, run.tokensUsed, run.costUsd, SqlValue::fromTime(run.createdAt)});
    if (!q)
        return q.error();
    return success();
}

Result<QList<AgentRun>> AgentRunRepository::listByOrganization(const QUuid& organizationId, int limit, int offset)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = SqlQuery::exec(
        db.value(),
        QStringLiteral("SELECT id, organization_id, api_key_id, agent, input, output, tokens_used, cost_usd, "
                       "created_at FROM agent_runs WHERE organization_id = ? "
                       "ORDER BY created_at DESC, id LIMIT ? OFFSET ?"),
        {SqlValue::fromUuid(organizationId), qMax(0, limit), qMax(0, offset)});
    if (!q)
        return q.error();
    QList<AgentRun> runs;
    while (q->next()) {
        AgentRun run;
        run.id = SqlValue::toUuid(q->value(0));
        run.organizationId = SqlValue::toUuid(q->value(1));
        run.apiKeyId = SqlValue::toUuid(q->value(2));
        run.agent = q->value(3).toString();
        run.input = q->value(4).toString();
        run.output = q->value(5).toString();
        run.tokensUsed = q->value(6).toInt();
        run.costUsd = q->value(7).toDouble();
        run.createdAt = SqlValue::toTime(q->value(8));
        runs << run;
    }
    return runs;
}
