#pragma once

#include "Database.h"

#include <QTemporaryDir>

#include <memory>

// A fresh, migrated database for one test, on the engine the test run was registered
// for (CTest runs every database suite twice: KEYWARDEN_TEST_ENGINE=sqlite and
// =postgresql). PostgreSQL tests get their own throw-away database on the server named
// by KEYWARDEN_TEST_PG_URL (started by scripts/test.sh); it is dropped afterwards.
class TestDatabase
{
public:
    // `migrate`: bring the schema to head (most tests); false leaves it empty.
    explicit TestDatabase(bool migrate = true);
    ~TestDatabase();
    Q_DISABLE_COPY_MOVE(TestDatabase)

    static DatabaseEngine engine();
    static QString engineName();
    // A database of this run's engine that cannot be opened (an outage): a SQLite file in a
    // folder that does not exist, a PostgreSQL port nobody serves.
    static DatabaseUrl unreachableUrl();

    bool isValid() const { return m_database != nullptr; }
    QString errorString() const { return m_error; }
    Database& database() { return *m_database; }
    // The URL a CLI or a second process can open (a file for SQLite, never :memory:).
    QString url() const { return m_url; }
    // Every text value of every row of every table, for "no secret stored" scans.
    QStringList allText();
    // This thread's connection; an invalid one when it cannot be opened (the test's first
    // statement on it then fails).
    QSqlDatabase connection();
    // PostgreSQL: ends the server session of this thread's connection from another
    // connection, as a server restart would. Empty, or what went wrong.
    QString endSession();

private:
    QString m_url;
    QString m_pgName;
    QString m_pgAdminUrl;
    QString m_error;
    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_database;
};

// Use at the start of a test function: skips nothing, fails loudly if the database
// could not be made (a missing PostgreSQL is a broken test run, not a skip).
#define KW_REQUIRE_DB(testDb)                                                                                          \
    do {                                                                                                               \
        if (!(testDb).isValid())                                                                                       \
            QFAIL(qPrintable((testDb).errorString()));                                                                 \
    } while (false)
