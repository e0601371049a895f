#pragma once

#include "DatabaseUrl.h"

#include <QList>
#include <QString>

#include <optional>

class QSettings;

// A database the user connected to before. Its password is never part of it: passwords
// live in the system keychain (CredentialStore) under credentialAccount(url), or nowhere.
struct SavedConnection
{
    DatabaseUrl url; // password always empty
    QString label;
};

// The recent connections of the desktop app, in QSettings (group "connections"), most
// recent first. Stores each URL's parts, never a password.
class ConnectionSettings
{
public:
    static constexpr int MaxRecent = 8;

    // `settings` is not owned and must outlive this object (the app passes its QSettings,
    // tests one on a temporary .ini file).
    explicit ConnectionSettings(QSettings* settings);

    QList<SavedConnection> recent() const;
    std::optional<SavedConnection> last() const;
    // Puts `url` (password stripped) first; an earlier entry for the same database goes.
    void remember(const DatabaseUrl& url);
    void forget(const DatabaseUrl& url);

    // The keychain account name of a connection's password, e.g.
    // "postgresql://user@host:5432/db": one entry per user and database, whatever the SSL mode.
    static QString credentialAccount(const DatabaseUrl& url);

private:
    void write(const QList<SavedConnection>& connections);

    QSettings* m_settings;
};
