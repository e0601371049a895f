#include "OrganizationRepository.h"

#include "InputRules.h"
#include "SqlQuery.h"
#include "SqlValue.h"

#include <QCoreApplication>
#include <QSqlRecord>

namespace {

const QString kColumns
    = QStringLiteral("id, name, slug, email, plan, is_active, created_at, updated_at, monthly_request_limit, "
                     "rate_limit_per_minute, max_api_keys");

Organization fromRow(const QSqlQuery& q)
{
    Organization o;
    o.id = SqlValue::toUuid(q.value(0));
    o.name = q.value(1).toString();
    o.slug = q.value(2).toString();
    o.email = q.value(3).toString();
    o.plan = Plans::fromString(q.value(4).toString()).value_or(Plan::Free);
    o.isActive = q.value(5).toBool();
    o.createdAt = SqlValue::toTime(q.value(6));
    o.updatedAt = SqlValue::toTime(q.value(7));
    o.monthlyRequestLimit = q.value(8).toLongLong();
    o.rateLimitPerMinute = q.value(9).toInt();
    o.maxApiKeys = q.value(10).toInt();
    return o;
}

} // namespace

OrganizationRepository::OrganizationRepository(Database& database)
    : m_database(database)
    , m_byId(QStringLiteral("SELECT %1 FROM organizations WHERE id = ?").arg(kColumns)) // every cache miss
{
}

Result<Organization>
OrganizationRepository::getOne(const QString& column, const QVariant& value, const Description& what, bool lockRow)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    // NO KEY: two key changes still wait for each other, but the foreign-key checks of
    // usage and agent-run inserts (FOR KEY SHARE) do not wait for a key change.
    const QString lock = lockRow && m_database.isPostgres() ? QStringLiteral(" FOR NO KEY UPDATE") : QString();
    auto q = SqlQuery::exec(
        db.value(), QStringLiteral("SELECT %1 FROM organizations WHERE %2 = ?%3").arg(kColumns, column, lock), {value});
    if (!q)
        return q.error();
    return firstRow(q.value(), what);
}

Result<Organization> OrganizationRepository::firstRow(QSqlQuery& q, const Description& what)
{
    std::optional<Organization> organization;
    if (q.next())
        organization = fromRow(q);
    q.finish();
    if (!organization)
        return makeError(ErrorCode::NotFound,
                         QCoreApplication::translate("OrganizationRepository", "no organization %1").arg(what()));
    return *organization;
}

namespace {
QString withId(const QUuid& id)
{
    return QCoreApplication::translate("OrganizationRepository", "with id %1").arg(SqlValue::uuidText(id));
}
} // namespace

Result<Organization> OrganizationRepository::getById(const QUuid& id)
{
    if (id.isNull())
        return makeError(ErrorCode::NotFound,
                         QCoreApplication::translate("OrganizationRepository", "no organization with an empty id"));
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = m_byId.exec(db.value(), {SqlValue::fromUuid(id)});
    if (!q)
        return q.error();
    return firstRow(*q.value(), [&id] { return withId(id); });
}

Result<Organization> OrganizationRepository::getByIdForUpdate(const QUuid& id)
{
    if (id.isNull())
        return getById(id);
    return getOne(
        QStringLiteral("id"), SqlValue::fromUuid(id), [&id] { return withId(id); }, true);
}

Result<Organization> OrganizationRepository::getBySlug(const QString& slug)
{
    return getOne(QStringLiteral("slug"), slug, [&slug] {
        return QCoreApplication::translate("OrganizationRepository", "with slug \"%1\"")
            .arg(InputRules::echoed(slug, InputRules::MaxSlugLength));
    });
}

Result<Organization> OrganizationRepository::getByEmail(const QString& email)
{
    return getOne(QStringLiteral("email"), email, [&email] {
        return QCoreApplication::translate("OrganizationRepository", "with email \"%1\"")
            .arg(InputRules::echoed(email, InputRules::MaxEmailLength));
    });
}

Result<QList<Organization>> OrganizationRepository::list(int limit, int offset)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = SqlQuery::exec(
        db.value(), QStringLiteral("SELECT %1 FROM organizations ORDER BY name, slug LIMIT ? OFFSET ?").arg(kColumns),
        {qMax(0, limit), qMax(0, offset)});
    if (!q)
        return q.error();
    QList<Organization> result;
    while (q->next())
        result << fromRow(q.value());
    return result;
}

Result<qint64> OrganizationRepository::count()
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = SqlQuery::exec(db.value(), QStringLiteral("SELECT COUNT(*) FROM organizations"));
    if (!q)
        return q.error();
    q->next();
    return q->value(0).toLongLong();
}

Status OrganizationRepository::create(const Organization& o)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = SqlQuery::exec(
        db.value(),
        QStringLiteral("INSERT INTO organizations (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").arg(kColumns),
        {SqlValue::fromUuid(o.id), o.name, o.slug, o.email, Plans::toString(o.plan), o.isActive,
         SqlValue::fromTime(o.createdAt), SqlValue::fromTime(o.updatedAt), o.monthlyRequestLimit, o.rateLimitPerMinute,
         o.maxApiKeys});
    if (!q) {
        if (q.code() == ErrorCode::AlreadyExists)
            return makeError(
                ErrorCode::AlreadyExists,
                QCoreApplication::translate("OrganizationRepository", "an organization with slug \"%1\" already exists")
                    .arg(o.slug));
        return q.error();
    }
    return success();
}

Status OrganizationRepository::update(const Organization& o)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = SqlQuery::exec(db.value(),
                            QStringLiteral("UPDATE organizations SET name = ?, email = ?, plan = ?, is_active = ?, "
                                           "updated_at = ?, monthly_request_limit = ?, rate_limit_per_minute = ?, "
                                           "max_api_keys = ? WHERE id = ?"),
                            {o.name, o.email, Plans::toString(o.plan), o.isActive, SqlValue::fromTime(o.updatedAt),
                             o.monthlyRequestLimit, o.rateLimitPerMinute, o.maxApiKeys, SqlValue::fromUuid(o.id)});
    if (!q)
        return q.error();
    if (q->numRowsAffected() == 0)
        return makeError(ErrorCode::NotFound,
                         QCoreApplication::translate("OrganizationRepository", "no organization with id %1")
                             .arg(SqlValue::uuidText(o.id)));
    return success();
}
