#include "ChangeWatcher.h"

#include "AuditEvent.h"
#include "Logging.h"
#include "SqlQuery.h"
#include "SqlValue.h"

#include <QSqlQuery>

ChangeWatcher::ChangeWatcher(Database& database, QObject* parent)
    : ChangeWatcher(database, Settings{}, parent)
{
}

ChangeWatcher::ChangeWatcher(Database& database, Settings settings, QObject* parent)
    : QObject(parent)
    , m_database(&database)
    , m_settings(settings)
{
    connect(&m_pollTimer, &QTimer::timeout, this, &ChangeWatcher::poll);
    connect(&m_watchdogTimer, &QTimer::timeout, this, &ChangeWatcher::watchdog);
}

ChangeWatcher::~ChangeWatcher()
{
    m_pollTimer.stop();
    m_watchdogTimer.stop();
}

void ChangeWatcher::start()
{
    if (m_database->isPostgres()) {
        m_listening = subscribe();
        m_pollTimer.start(1000);
        m_watchdogTimer.start(m_settings.watchdogIntervalMs);
    } else {
        m_pollTimer.start(m_settings.pollIntervalMs);
    }
    poll(); // learn the newest event id now, so only later changes count
}

bool ChangeWatcher::subscribe()
{
    auto db = m_database->connection();
    if (!db)
        return false;
    QSqlDriver* driver = db->driver();
    disconnect(driver, nullptr, this, nullptr);
    if (!driver->subscribedToNotifications().contains(QString::fromLatin1(AuditActions::ChangeChannel))
        && !driver->subscribeToNotification(QString::fromLatin1(AuditActions::ChangeChannel))) {
        qCWarning(lcDatabase) << "cannot LISTEN for changes; polling only";
        return false;
    }
    connect(driver, &QSqlDriver::notification, this, &ChangeWatcher::onNotification);
    return true;
}

void ChangeWatcher::watchdog()
{
    // After a PostgreSQL restart the listening connection dies silently: probe it, and
    // on failure reconnect, resubscribe and make the validator forget its caches.
    auto db = m_database->connection();
    bool alive = false;
    if (db) {
        QSqlQuery probe(db.value());
        alive = probe.exec(QStringLiteral("SELECT 1"));
    }
    if (alive && m_listening)
        return;
    if (alive) {
        // The connection works but LISTEN could not be set up: try again, keep the cache.
        m_listening = subscribe();
        return;
    }
    qCWarning(lcDatabase) << "change listener lost its connection; reconnecting";
    m_database->releaseThreadConnection();
    m_listening = subscribe();
    if (m_listening) {
        qCInfo(lcDatabase) << "change listener reconnected";
        emit resyncNeeded();
    }
}

void ChangeWatcher::onNotification(const QString& name, QSqlDriver::NotificationSource, const QVariant& payload)
{
    if (name != QLatin1String(AuditActions::ChangeChannel))
        return;
    const QStringList parts = payload.toString().split(QLatin1Char(' '));
    if (parts.size() != 3)
        return;
    handle(parts[0], QUuid::fromString(parts[1]), QUuid::fromString(parts[2]));
}

void ChangeWatcher::handle(const QString& action, const QUuid& organizationId, const QUuid& keyId)
{
    if (action == QLatin1String(AuditActions::OrgUpdated)) {
        if (!organizationId.isNull())
            emit organizationChanged(organizationId);
    } else if (action == QLatin1String(AuditActions::KeysExpiredDeleted)) {
        emit resyncNeeded();
    } else if (!keyId.isNull()) {
        emit keyChanged(keyId);
    }
}

void ChangeWatcher::poll()
{
    auto db = m_database->connection();
    if (!db)
        return;
    if (m_lastEventId < 0) {
        auto q = SqlQuery::exec(db.value(), QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM audit_events"));
        if (q && q->next())
            m_lastEventId = q->value(0).toLongLong();
        return;
    }
    auto q = SqlQuery::exec(
        db.value(),
        QStringLiteral("SELECT id, action, organization_id, key_id FROM audit_events WHERE id > ? "
                       "AND action IN (?, ?, ?, ?) ORDER BY id"),
        {m_lastEventId, QString::fromLatin1(AuditActions::KeyRevoked), QString::fromLatin1(AuditActions::KeyRolled),
         QString::fromLatin1(AuditActions::OrgUpdated), QString::fromLatin1(AuditActions::KeysExpiredDeleted)});
    if (!q)
        return;
    while (q->next()) {
        m_lastEventId = qMax(m_lastEventId, q->value(0).toLongLong());
        handle(q->value(1).toString(), SqlValue::toUuid(q->value(2)), SqlValue::toUuid(q->value(3)));
    }
}
