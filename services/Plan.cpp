#include "Plan.h"

namespace Plans {

QString toString(Plan plan)
{
    switch (plan) {
    case Plan::Free:
        return QStringLiteral("free");
    case Plan::Pro:
        return QStringLiteral("pro");
    case Plan::Enterprise:
        return QStringLiteral("enterprise");
    }
    return QString();
}

std::optional<Plan> fromString(QStringView text)
{
    if (text == u"free")
        return Plan::Free;
    if (text == u"pro")
        return Plan::Pro;
    if (text == u"enterprise")
        return Plan::Enterprise;
    return std::nullopt;
}

PlanLimits limits(Plan plan)
{
    switch (plan) {
    case Plan::Free:
        return {10, 1000, 2};
    case Plan::Pro:
        return {60, 100000, 10};
    case Plan::Enterprise:
        return {300, 1000000, 50};
    }
    return {};
}

QStringList names()
{
    return {QStringLiteral("free"), QStringLiteral("pro"), QStringLiteral("enterprise")};
}

} // namespace Plans
