#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

enum class Plan { Free, Pro, Enterprise };

struct PlanLimits
{
    int rateLimitPerMinute = 0;
    qint64 monthlyRequestLimit = 0;
    int maxApiKeys = 0;
};

// SPEC's plan table; an organization copies its plan's limits when created.
namespace Plans {
QString toString(Plan plan);
std::optional<Plan> fromString(QStringView text);
PlanLimits limits(Plan plan);
QStringList names();
} // namespace Plans
