#pragma once

#include "KeyMasking.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QUuid>

#include <utility>

// A row of `audit_events`. `details` never holds a secret: at most a masked key.
struct AuditEvent
{
    qint64 id = 0;
    QDateTime timestamp;
    QString actor;
    QString action;
    QUuid organizationId;
    QUuid keyId;
    QString ipAddress;
    QJsonObject details;
};

// Who did something: the name `audit_events.actor` shows and, for a request that came over
// the network (the admin API), the address it came from. Converts from a name alone: the
// CLI and the desktop app act locally and have no address to give. The name is typed
// freely (`key revoke --by`): a key pasted into it is kept masked.
struct AuditActor
{
    AuditActor(const QString& actorName, QString fromAddress = QString()) // NOLINT(google-explicit-constructor)
        : name(KeyMasking::maskKeysIn(actorName))
        , ipAddress(std::move(fromAddress))
    {
    }
    QString name;
    QString ipAddress;
};

// The actions the core records.
namespace AuditActions {
inline constexpr char OrgCreated[] = "org.created";
inline constexpr char OrgUpdated[] = "org.updated";
inline constexpr char KeyCreated[] = "key.created";
inline constexpr char KeyRevoked[] = "key.revoked";
inline constexpr char KeyRolled[] = "key.rolled";
inline constexpr char KeyInvalidAttempt[] = "key.invalid_attempt";
inline constexpr char KeysExpiredDeleted[] = "key.expired_deleted";

// The PostgreSQL NOTIFY channel validators listen on for the changes below.
inline constexpr char ChangeChannel[] = "keywarden_changes";
// Changes after which a validator must forget what it cached about a key or organization.
inline bool invalidatesCaches(const QString& action)
{
    return action == QLatin1String(KeyRevoked) || action == QLatin1String(KeyRolled)
        || action == QLatin1String(OrgUpdated) || action == QLatin1String(KeysExpiredDeleted);
}
} // namespace AuditActions
