#pragma once

#include <QDateTime>
#include <QString>
#include <QUuid>

// One authenticated request, as written to `api_key_usage` and folded into the daily rollup.
struct UsageRecord
{
    QUuid apiKeyId;
    QUuid organizationId;
    QDateTime timestamp;
    QString endpoint;
    QString method;
    int statusCode = 200;
    double responseTimeMs = 0;
    int tokensUsed = 0;
    double costUsd = 0;
    QString ipAddress;
    QString userAgent;
    QString errorMessage;
    QString errorCode;
};
