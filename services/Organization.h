#pragma once

#include "Plan.h"

#include <QDateTime>
#include <QString>
#include <QUuid>

// A row of `organizations`.
struct Organization
{
    QUuid id;
    QString name;
    QString slug;
    QString email;
    Plan plan = Plan::Free;
    bool isActive = true;
    QDateTime createdAt;
    QDateTime updatedAt;
    qint64 monthlyRequestLimit = 0;
    int rateLimitPerMinute = 0;
    int maxApiKeys = 0;
};
