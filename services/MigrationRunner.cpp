#include "MigrationRunner.h"

#include "Logging.h"
#include "SqlQuery.h"
#include "SqlValue.h"
#include "Transaction.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QRegularExpression>

#include <algorithm>

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("MigrationRunner", text);
}

bool hasTable(const QSqlDatabase& db)
{
    return db.tables().contains(QStringLiteral("schema_migrations"), Qt::CaseInsensitive);
}

QString readResource(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QString();
    return QString::fromUtf8(file.readAll());
}
} // namespace

MigrationRunner::MigrationRunner(Database& database)
    : m_database(database)
    , m_migrations(available(database.engine()))
{
}

QList<Migration> MigrationRunner::available(DatabaseEngine engine)
{
    const QString folder = QStringLiteral(":/migrations/") + DatabaseEngines::toString(engine);
    static const QRegularExpression pattern(QStringLiteral("^(\\d{4})_([a-z0-9_]+)\\.up\\.sql$"));
    QList<Migration> migrations;
    const QStringList files = QDir(folder).entryList({QStringLiteral("*.up.sql")}, QDir::Files, QDir::Name);
    for (const QString& file : files) {
        const auto match = pattern.match(file);
        if (!match.hasMatch())
            continue;
        Migration migration;
        migration.version = match.captured(1).toInt();
        migration.name = match.captured(2);
        migration.upSql = readResource(folder + QLatin1Char('/') + file);
        migration.downSql = readResource(folder + QLatin1Char('/') + match.captured(1) + QLatin1Char('_')
                                         + migration.name + QStringLiteral(".down.sql"));
        migrations << migration;
    }
    std::sort(migrations.begin(), migrations.end(),
              [](const Migration& a, const Migration& b) { return a.version < b.version; });
    return migrations;
}

int MigrationRunner::headVersion() const
{
    return m_migrations.isEmpty() ? 0 : m_migrations.last().version;
}

QStringList MigrationRunner::splitStatements(const QString& sql)
{
    QStringList statements;
    QString current;
    const QStringList lines = sql.split(QLatin1Char('\n'));
    for (const QString& rawLine : lines) {
        const QString line = rawLine.trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1String("--")))
            continue;
        current += rawLine + QLatin1Char('\n');
        if (line.endsWith(QLatin1Char(';'))) {
            current = current.trimmed();
            current.chop(1);
            statements << current;
            current.clear();
        }
    }
    if (!current.trimmed().isEmpty())
        statements << current.trimmed();
    return statements;
}

Status MigrationRunner::ensureTable(const QSqlDatabase& db)
{
    const QString sql = m_database.isPostgres()
        ? QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                         "name VARCHAR(255) NOT NULL, applied_at TIMESTAMPTZ NOT NULL)")
        : QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                         "name TEXT NOT NULL, applied_at TEXT NOT NULL)");
    auto query = SqlQuery::exec(db, sql);
    if (!query)
        return query.error();
    return success();
}

Status MigrationRunner::lock(const QSqlDatabase& db)
{
    // Two processes upgrading at once must not both apply a step. SQLite serialises
    // writers by itself; PostgreSQL gets a transaction-scoped advisory lock.
    if (!m_database.isPostgres())
        return success();
    auto query = SqlQuery::exec(db, QStringLiteral("SELECT pg_advisory_xact_lock(727274)"));
    if (!query)
        return query.error();
    return success();
}

Result<QList<int>> MigrationRunner::appliedVersions(const QSqlDatabase& db)
{
    auto query = SqlQuery::exec(db, QStringLiteral("SELECT version FROM schema_migrations ORDER BY version"));
    if (!query)
        return query.error();
    QList<int> versions;
    while (query->next())
        versions << query->value(0).toInt();
    return versions;
}

Result<int> MigrationRunner::upgrade()
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    if (m_migrations.isEmpty())
        return makeError(ErrorCode::Internal, tr("no migrations are embedded in this build"));

    Transaction transaction(db.value());
    if (!transaction.isActive())
        return transaction.error();
    if (Status s = lock(db.value()); !s)
        return s.error();
    if (Status s = ensureTable(db.value()); !s)
        return s.error();
    auto applied = appliedVersions(db.value());
    if (!applied)
        return applied.error();
    if (!applied->isEmpty() && applied->last() > headVersion())
        return makeError(
            ErrorCode::InvalidInput,
            tr("the database is at schema version %1, newer than this program knows (%2): upgrade KeyWarden")
                .arg(applied->last())
                .arg(headVersion()));

    int count = 0;
    for (const Migration& migration : std::as_const(m_migrations)) {
        if (applied->contains(migration.version))
            continue;
        for (const QString& statement : splitStatements(migration.upSql)) {
            auto query = SqlQuery::exec(db.value(), statement);
            if (!query)
                return makeError(query.error().code,
                                 tr("migration %1 (%2) failed: %3")
                                     .arg(migration.version)
                                     .arg(migration.name, query.error().message));
        }
        auto record = SqlQuery::exec(
            db.value(), QStringLiteral("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"),
            {migration.version, migration.name, SqlValue::fromTime(QDateTime::currentDateTimeUtc())});
        if (!record)
            return record.error();
        qCInfo(lcMigrations).noquote() << "applied migration" << migration.version << migration.name;
        ++count;
    }
    if (Status s = transaction.commit(); !s)
        return s.error();
    return count;
}

Result<int> MigrationRunner::downgrade(int steps)
{
    if (steps < 1)
        return makeError(ErrorCode::InvalidInput, tr("--steps must be at least 1"));
    auto db = m_database.connection();
    if (!db)
        return db.error();

    Transaction transaction(db.value());
    if (!transaction.isActive())
        return transaction.error();
    if (Status s = lock(db.value()); !s)
        return s.error();
    if (Status s = ensureTable(db.value()); !s)
        return s.error();
    auto applied = appliedVersions(db.value());
    if (!applied)
        return applied.error();

    int count = 0;
    while (count < steps && !applied->isEmpty()) {
        const int version = applied->takeLast();
        const auto it = std::find_if(m_migrations.cbegin(), m_migrations.cend(),
                                     [version](const Migration& m) { return m.version == version; });
        if (it == m_migrations.cend())
            return makeError(ErrorCode::InvalidInput,
                             tr("schema version %1 is unknown to this program; cannot downgrade it").arg(version));
        for (const QString& statement : splitStatements(it->downSql)) {
            auto query = SqlQuery::exec(db.value(), statement);
            if (!query)
                return makeError(
                    query.error().code,
                    tr("reverting migration %1 (%2) failed: %3").arg(version).arg(it->name, query.error().message));
        }
        auto record
            = SqlQuery::exec(db.value(), QStringLiteral("DELETE FROM schema_migrations WHERE version = ?"), {version});
        if (!record)
            return record.error();
        qCInfo(lcMigrations).noquote() << "reverted migration" << version << it->name;
        ++count;
    }
    if (Status s = transaction.commit(); !s)
        return s.error();
    return count;
}

Result<QList<MigrationState>> MigrationRunner::status()
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    QHash<int, QDateTime> appliedAt;
    QHash<int, QString> names;
    // Reading the status writes nothing, not even the bookkeeping table.
    auto query = hasTable(db.value())
        ? SqlQuery::exec(db.value(), QStringLiteral("SELECT version, name, applied_at FROM schema_migrations"))
        : SqlQuery::exec(db.value(), QStringLiteral("SELECT 0, '', '' WHERE 1 = 0"));
    if (!query)
        return query.error();
    while (query->next()) {
        appliedAt.insert(query->value(0).toInt(), SqlValue::toTime(query->value(2)));
        names.insert(query->value(0).toInt(), query->value(1).toString());
    }
    QList<MigrationState> states;
    for (const Migration& migration : std::as_const(m_migrations)) {
        MigrationState state;
        state.version = migration.version;
        state.name = migration.name;
        state.applied = appliedAt.contains(migration.version);
        state.appliedAt = appliedAt.value(migration.version);
        states << state;
        appliedAt.remove(migration.version);
    }
    // Versions recorded by a newer program are shown too, so `db status` explains itself.
    for (auto it = appliedAt.cbegin(); it != appliedAt.cend(); ++it)
        states << MigrationState{it.key(), names.value(it.key()), true, it.value()};
    return states;
}

Result<int> MigrationRunner::currentVersion()
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    if (!hasTable(db.value()))
        return 0;
    auto query = SqlQuery::exec(db.value(), QStringLiteral("SELECT MAX(version) FROM schema_migrations"));
    if (!query)
        return query.error();
    return query->next() ? query->value(0).toInt() : 0;
}
