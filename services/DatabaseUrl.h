#pragma once

#include "Result.h"

#include <QString>

enum class DatabaseEngine { SQLite, PostgreSQL };

// A parsed `--database` / DATABASE_URL value:
//   sqlite:///abs/path.db   sqlite::memory:
//   postgresql://user[:pass]@host[:port]/db[?sslmode=...]   (postgres:// too)
struct DatabaseUrl
{
    DatabaseEngine engine = DatabaseEngine::SQLite;
    QString sqlitePath; // absolute path, or empty for an in-memory database
    QString host;
    int port = 5432;
    QString database;
    QString user;
    QString password;
    QString sslMode; // empty: libpq's default

    bool isInMemory() const { return engine == DatabaseEngine::SQLite && sqlitePath.isEmpty(); }

    // The URL with the password replaced by `***`: safe for logs, titles and errors.
    QString redacted() const;
    // A short human description ("PostgreSQL keywarden on db.example:5432").
    QString displayName() const;

    static Result<DatabaseUrl> parse(const QString& text);
    // The embedded default: keywarden.db in QStandardPaths::AppDataLocation.
    static DatabaseUrl embeddedDefault();
    // --database flag, else DATABASE_URL, else the embedded default.
    static Result<DatabaseUrl> resolve(const QString& flagValue);
};

namespace DatabaseEngines {
QString toString(DatabaseEngine engine); // "sqlite" / "postgresql" (resource folder names too)
}
