#include "DatabaseUrl.h"

#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>
#include <QUrl>
#include <QUrlQuery>

namespace DatabaseEngines {
QString toString(DatabaseEngine engine)
{
    return engine == DatabaseEngine::PostgreSQL ? QStringLiteral("postgresql") : QStringLiteral("sqlite");
}
} // namespace DatabaseEngines

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("DatabaseUrl", text);
}

Error invalid(const QString& message)
{
    return makeError(ErrorCode::InvalidInput, message);
}

Result<DatabaseUrl> parseSqlite(const QString& text)
{
    DatabaseUrl url;
    url.engine = DatabaseEngine::SQLite;
    if (text == QLatin1String("sqlite::memory:") || text == QLatin1String("sqlite://:memory:"))
        return url;
    if (!text.startsWith(QLatin1String("sqlite:///")))
        return invalid(tr("a SQLite URL is sqlite:///absolute/path.db or sqlite::memory:"));
    const QString path = QUrl::fromPercentEncoding(text.mid(int(qstrlen("sqlite://"))).toUtf8());
    if (path.size() < 2 || !QDir::isAbsolutePath(path))
        return invalid(tr("a SQLite URL needs an absolute file path: sqlite:///absolute/path.db"));
    url.sqlitePath = QDir::cleanPath(path);
    return url;
}

Result<DatabaseUrl> parsePostgres(const QString& text)
{
    const QUrl qurl(text, QUrl::StrictMode);
    // QUrl::errorString() goes on with `; source was "<the whole URL>"`, password included:
    // keep only the reason before it.
    if (!qurl.isValid())
        return invalid(tr("the PostgreSQL URL is malformed: %1").arg(qurl.errorString().section(u';', 0, 0)));
    DatabaseUrl url;
    url.engine = DatabaseEngine::PostgreSQL;
    url.host = qurl.host();
    if (url.host.isEmpty())
        return invalid(tr("the PostgreSQL URL has no host: postgresql://user@host:5432/database"));
    url.port = qurl.port(5432);
    if (url.port <= 0 || url.port > 65535)
        return invalid(tr("the PostgreSQL URL has an invalid port"));
    url.user = qurl.userName(QUrl::FullyDecoded);
    url.password = qurl.password(QUrl::FullyDecoded);
    url.database = qurl.path(QUrl::FullyDecoded);
    if (url.database.startsWith(u'/'))
        url.database.remove(0, 1);
    if (url.database.isEmpty() || url.database.contains(u'/'))
        return invalid(tr("the PostgreSQL URL has no database name: postgresql://user@host:5432/database"));

    static const QStringList sslModes{QStringLiteral("disable"),   QStringLiteral("allow"),
                                      QStringLiteral("prefer"),    QStringLiteral("require"),
                                      QStringLiteral("verify-ca"), QStringLiteral("verify-full")};
    const QUrlQuery query(qurl);
    for (const auto& [key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (key == QLatin1String("sslmode")) {
            if (!sslModes.contains(value))
                return invalid(
                    tr("unknown sslmode \"%1\" (use one of: %2)").arg(value, sslModes.join(QStringLiteral(", "))));
            url.sslMode = value;
        } else {
            return invalid(tr("unknown option \"%1\" in the PostgreSQL URL (only sslmode is supported)").arg(key));
        }
    }
    return url;
}

} // namespace

Result<DatabaseUrl> DatabaseUrl::parse(const QString& rawText)
{
    const QString text = rawText.trimmed();
    if (text.isEmpty())
        return invalid(tr("the database URL is empty"));
    if (text.size() > 4096)
        return invalid(tr("the database URL is too long"));
    if (text.startsWith(QLatin1String("sqlite:")))
        return parseSqlite(text);
    if (text.startsWith(QLatin1String("postgresql://")) || text.startsWith(QLatin1String("postgres://")))
        return parsePostgres(text);
    return invalid(tr("unsupported database URL: use sqlite:///path.db, sqlite::memory: or postgresql://user@host/db"));
}

DatabaseUrl DatabaseUrl::embeddedDefault()
{
    DatabaseUrl url;
    url.engine = DatabaseEngine::SQLite;
    QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (folder.isEmpty())
        folder = QDir::homePath() + QStringLiteral("/.local/share/KeyWarden");
    url.sqlitePath = QDir::cleanPath(folder + QStringLiteral("/keywarden.db"));
    return url;
}

Result<DatabaseUrl> DatabaseUrl::resolve(const QString& flagValue)
{
    if (!flagValue.isEmpty())
        return parse(flagValue);
    const QString fromEnvironment = qEnvironmentVariable("DATABASE_URL");
    if (!fromEnvironment.isEmpty())
        return parse(fromEnvironment);
    return embeddedDefault();
}

QString DatabaseUrl::redacted() const
{
    if (engine == DatabaseEngine::SQLite)
        return isInMemory() ? QStringLiteral("sqlite::memory:") : QStringLiteral("sqlite://") + sqlitePath;
    QUrl qurl;
    qurl.setScheme(QStringLiteral("postgresql"));
    qurl.setHost(host);
    qurl.setPort(port);
    qurl.setUserName(user);
    if (!password.isEmpty())
        qurl.setPassword(QStringLiteral("***"));
    qurl.setPath(QLatin1Char('/') + database);
    if (!sslMode.isEmpty())
        qurl.setQuery(QStringLiteral("sslmode=") + sslMode);
    return qurl.toString();
}

QString DatabaseUrl::displayName() const
{
    if (engine == DatabaseEngine::SQLite)
        return isInMemory() ? tr("SQLite (in memory)") : tr("SQLite %1").arg(sqlitePath);
    return tr("PostgreSQL %1 on %2:%3").arg(database, host).arg(port);
}
