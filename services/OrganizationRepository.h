#pragma once

#include "Database.h"
#include "KeptQuery.h"
#include "Organization.h"
#include "Result.h"

#include <QList>

#include <functional>

// The only code that reads or writes `organizations`. Use it on one thread: it keeps the
// lookup by id (every validator cache miss) prepared on this thread's connection.
class OrganizationRepository
{
public:
    explicit OrganizationRepository(Database& database);

    Result<Organization> getById(const QUuid& id);
    // getById() inside a transaction that changes the organization or its keys: on
    // PostgreSQL it also locks the row until the transaction ends, so that two such changes
    // (a cap count and an insert, a roll, two updates) run one after the other and each
    // sees what the other wrote. SQLite's write transactions already do.
    Result<Organization> getByIdForUpdate(const QUuid& id);
    Result<Organization> getBySlug(const QString& slug);
    Result<Organization> getByEmail(const QString& email);
    Result<QList<Organization>> list(int limit = 1000, int offset = 0);
    Result<qint64> count();
    // Inserts; AlreadyExists when the slug is taken.
    Status create(const Organization& organization);
    // Writes every mutable column of the row with `organization.id`.
    Status update(const Organization& organization);

private:
    // `what` names the organization sought in a NotFound error; it is called only then, as
    // the validator's lookups, which always find theirs, need no text.
    using Description = std::function<QString()>;
    Result<Organization>
    getOne(const QString& column, const QVariant& value, const Description& what, bool lockRow = false);
    // The organization in the query's first row (then finished), or NotFound naming `what`.
    static Result<Organization> firstRow(QSqlQuery& q, const Description& what);

    Database& m_database;
    KeptQuery m_byId;
};
