#include "ConnectionSettings.h"

#include <QSettings>

namespace {

const QString s_group = QStringLiteral("connections");
const QString s_array = QStringLiteral("recent");

DatabaseUrl withoutPassword(DatabaseUrl url)
{
    url.password.clear();
    return url;
}

// Two entries are the same connection when they would share a keychain entry.
bool sameConnection(const DatabaseUrl& a, const DatabaseUrl& b)
{
    return ConnectionSettings::credentialAccount(a) == ConnectionSettings::credentialAccount(b);
}

} // namespace

ConnectionSettings::ConnectionSettings(QSettings* settings)
    : m_settings(settings)
{
    Q_ASSERT(m_settings);
}

QList<SavedConnection> ConnectionSettings::recent() const
{
    QList<SavedConnection> connections;
    m_settings->beginGroup(s_group);
    const int size = m_settings->beginReadArray(s_array);
    for (int i = 0; i < size && connections.size() < MaxRecent; ++i) {
        m_settings->setArrayIndex(i);
        // Parts rather than a URL text: a path or name with `%`, `@` or `?` survives as is.
        DatabaseUrl url;
        const QString engine = m_settings->value(QStringLiteral("engine")).toString();
        if (engine == DatabaseEngines::toString(DatabaseEngine::PostgreSQL)) {
            url.engine = DatabaseEngine::PostgreSQL;
            url.host = m_settings->value(QStringLiteral("host")).toString();
            url.port = m_settings->value(QStringLiteral("port"), 5432).toInt();
            url.database = m_settings->value(QStringLiteral("database")).toString();
            url.user = m_settings->value(QStringLiteral("user")).toString();
            url.sslMode = m_settings->value(QStringLiteral("sslmode")).toString();
            if (url.host.isEmpty() || url.database.isEmpty() || url.port < 1 || url.port > 65535)
                continue; // a hand-edited or damaged entry
        } else if (engine == DatabaseEngines::toString(DatabaseEngine::SQLite)) {
            url.engine = DatabaseEngine::SQLite;
            url.sqlitePath = m_settings->value(QStringLiteral("path")).toString();
            if (url.sqlitePath.isEmpty())
                continue;
        } else {
            continue;
        }
        const bool duplicate = std::any_of(connections.cbegin(), connections.cend(),
                                           [&url](const SavedConnection& c) { return sameConnection(c.url, url); });
        if (!duplicate)
            connections.append({url, url.displayName()});
    }
    m_settings->endArray();
    m_settings->endGroup();
    return connections;
}

std::optional<SavedConnection> ConnectionSettings::last() const
{
    const QList<SavedConnection> connections = recent();
    if (connections.isEmpty())
        return std::nullopt;
    return connections.first();
}

void ConnectionSettings::remember(const DatabaseUrl& url)
{
    if (url.isInMemory())
        return; // nothing to come back to
    const DatabaseUrl stripped = withoutPassword(url);
    QList<SavedConnection> connections = recent();
    connections.removeIf([&stripped](const SavedConnection& c) { return sameConnection(c.url, stripped); });
    connections.prepend({stripped, stripped.displayName()});
    write(connections.mid(0, MaxRecent));
}

void ConnectionSettings::forget(const DatabaseUrl& url)
{
    QList<SavedConnection> connections = recent();
    connections.removeIf([&url](const SavedConnection& c) { return sameConnection(c.url, url); });
    write(connections);
}

QString ConnectionSettings::credentialAccount(const DatabaseUrl& url)
{
    DatabaseUrl identity = withoutPassword(url);
    identity.sslMode.clear();
    const QString account = identity.redacted();
    // redacted() goes through QUrl, which gives nothing for a host it cannot represent:
    // such an entry must still not share its account with every other one.
    if (account.isEmpty() && identity.engine == DatabaseEngine::PostgreSQL)
        return QStringLiteral("postgresql://%1@%2:%3/%4")
            .arg(identity.user, identity.host)
            .arg(identity.port)
            .arg(identity.database);
    return account;
}

void ConnectionSettings::write(const QList<SavedConnection>& connections)
{
    m_settings->beginGroup(s_group);
    m_settings->remove(s_array);
    m_settings->beginWriteArray(s_array, int(connections.size()));
    for (int i = 0; i < connections.size(); ++i) {
        m_settings->setArrayIndex(i);
        const DatabaseUrl& url = connections.at(i).url;
        m_settings->setValue(QStringLiteral("engine"), DatabaseEngines::toString(url.engine));
        if (url.engine == DatabaseEngine::PostgreSQL) {
            m_settings->setValue(QStringLiteral("host"), url.host);
            m_settings->setValue(QStringLiteral("port"), url.port);
            m_settings->setValue(QStringLiteral("database"), url.database);
            m_settings->setValue(QStringLiteral("user"), url.user);
            m_settings->setValue(QStringLiteral("sslmode"), url.sslMode);
        } else {
            m_settings->setValue(QStringLiteral("path"), url.sqlitePath);
        }
    }
    m_settings->endArray();
    m_settings->endGroup();
    m_settings->sync();
}
