#pragma once

#include "Database.h"
#include "Result.h"

#include <QDateTime>
#include <QList>
#include <QString>

struct Migration
{
    int version = 0;
    QString name;
    QString upSql;
    QString downSql;
};

struct MigrationState
{
    int version = 0;
    QString name;
    bool applied = false;
    QDateTime appliedAt;
};

// Applies the numbered SQL files embedded under :/migrations/<engine>/ in order and
// records each in `schema_migrations`. Upgrade and downgrade each run in one transaction
// (both engines have transactional DDL), so a failure leaves the schema as it was, and
// re-running either is harmless.
class MigrationRunner
{
public:
    explicit MigrationRunner(Database& database);

    static QList<Migration> available(DatabaseEngine engine);
    int headVersion() const;

    // Applies every pending migration; returns how many were applied.
    Result<int> upgrade();
    // Reverts the newest `steps` applied migrations; returns how many were reverted.
    Result<int> downgrade(int steps);
    Result<QList<MigrationState>> status();
    // The newest applied version, 0 for an empty database.
    Result<int> currentVersion();

    // Splits a migration file into statements (one per `;` at a line's end).
    static QStringList splitStatements(const QString& sql);

private:
    Status ensureTable(const QSqlDatabase& db);
    Status lock(const QSqlDatabase& db);
    Result<QList<int>> appliedVersions(const QSqlDatabase& db);

    Database& m_database;
    QList<Migration> m_migrations;
};
