#pragma once

#include "KeyEnvironment.h"

#include <QDateTime>
#include <QString>
#include <QStringList>
#include <QUuid>

#include <optional>

// A row of `api_keys`. Holds the hash (repositories need it) but never a full key;
// serializers leave the hash out.
struct ApiKey
{
    enum class Status { Active, ExpiringSoon, Expired, Revoked, Inactive };

    QUuid id;
    QUuid organizationId;
    QString keyPrefix;
    QString keyHash;
    QString keyHint;
    QString name;
    QString description;
    KeyEnvironment environment = KeyEnvironment::Live;
    bool isActive = true;
    QDateTime createdAt;
    QDateTime lastUsedAt;
    QDateTime expiresAt;
    QDateTime revokedAt;
    QString revokedBy;
    QString revokedReason;
    QStringList scopes;
    std::optional<int> customRateLimit;
    qint64 totalRequests = 0;
    QDateTime lastRequestAt;
    QUuid rolledFrom;

    // Expiring soon: within this many days of `expires_at`.
    static constexpr int ExpiringSoonDays = 7;

    Status status(const QDateTime& now) const;
    bool isRevoked() const { return revokedAt.isValid(); }
    bool isExpired(const QDateTime& now) const { return expiresAt.isValid() && expiresAt <= now; }
    // `pk_live_AbCd…wxyz`
    QString maskedKey() const;
    // `*` grants every scope; `agents:*` grants every `agents:` scope.
    bool hasScope(QStringView scope) const;
    // The same for a scope read from a request header, without making a QString of it.
    bool hasScope(QLatin1String scope) const;

    static QString statusText(Status status);
};
