#pragma once

#include <QDateTime>
#include <QString>
#include <QUuid>

// A row of `agent_runs`: one call of the demo agent endpoint.
struct AgentRun
{
    QUuid id;
    QUuid organizationId;
    QUuid apiKeyId;
    QString agent;
    QString input;
    QString output;
    int tokensUsed = 0;
    double costUsd = 0;
    QDateTime createdAt;
};
