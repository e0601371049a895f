#include "ApiKey.h"

#include "KeyMasking.h"

ApiKey::Status ApiKey::status(const QDateTime& now) const
{
    if (isRevoked())
        return Status::Revoked;
    if (isExpired(now))
        return Status::Expired;
    if (!isActive)
        return Status::Inactive;
    if (expiresAt.isValid() && now.addDays(ExpiringSoonDays) >= expiresAt)
        return Status::ExpiringSoon;
    return Status::Active;
}

QString ApiKey::maskedKey() const
{
    return KeyMasking::fromParts(keyPrefix, keyHint);
}

namespace {
template <typename Scope>
bool grants(const QStringList& scopes, Scope scope)
{
    for (const QString& granted : scopes) {
        if (granted == QLatin1String("*") || granted == scope)
            return true;
        if (granted.endsWith(QLatin1String(":*")) && scope.startsWith(QStringView(granted).chopped(1)))
            return true;
    }
    return false;
}
} // namespace

bool ApiKey::hasScope(QStringView scope) const
{
    return grants(scopes, scope);
}

bool ApiKey::hasScope(QLatin1String scope) const
{
    return grants(scopes, scope);
}

QString ApiKey::statusText(Status status)
{
    switch (status) {
    case Status::Active:
        return QStringLiteral("active");
    case Status::ExpiringSoon:
        return QStringLiteral("expiring_soon");
    case Status::Expired:
        return QStringLiteral("expired");
    case Status::Revoked:
        return QStringLiteral("revoked");
    case Status::Inactive:
        return QStringLiteral("inactive");
    }
    return QString();
}
