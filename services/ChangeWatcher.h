#pragma once

#include "Database.h"

#include <QObject>
#include <QSqlDriver>
#include <QTimer>
#include <QUuid>

#include <memory>

// Tells a validator at once when a key or organization it may have cached changed
// (revoked, rolled, organization updated). PostgreSQL: LISTEN/NOTIFY on its own
// connection, with a watchdog that reconnects, resubscribes and reports a full resync
// after a server restart. Both engines: a short poll of `audit_events` past the last id
// seen (SQLite's only path; PostgreSQL's safety net).
class ChangeWatcher : public QObject
{
    Q_OBJECT

public:
    struct Settings
    {
        int pollIntervalMs = 50; // SQLite; PostgreSQL polls every second as a safety net
        int watchdogIntervalMs = 1000;
    };

    // Uses `database`'s connection of the thread that calls start().
    explicit ChangeWatcher(Database& database, QObject* parent = nullptr);
    ChangeWatcher(Database& database, Settings settings, QObject* parent = nullptr);
    ~ChangeWatcher() override;

    // Starts on the calling thread (which needs an event loop).
    void start();
    bool isListening() const { return m_listening; }

signals:
    void keyChanged(const QUuid& keyId);
    void organizationChanged(const QUuid& organizationId);
    // Something may have been missed (reconnect): drop everything cached.
    void resyncNeeded();

private:
    void poll();
    void watchdog();
    bool subscribe();
    void handle(const QString& action, const QUuid& organizationId, const QUuid& keyId);
    void onNotification(const QString& name, QSqlDriver::NotificationSource source, const QVariant& payload);

    Database* m_database;
    Settings m_settings;
    QTimer m_pollTimer;
    QTimer m_watchdogTimer;
    qint64 m_lastEventId = -1;
    bool m_listening = false;
};
