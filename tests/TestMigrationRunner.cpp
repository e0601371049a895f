#include "MigrationRunner.h"
#include "SqlQuery.h"
#include "SqlValue.h"
#include "TestDatabase.h"
#include "TestFixtures.h"
#include "UsageRepository.h"

#include <QSqlRecord>
#include <QTest>

namespace {

const QStringList kHeadTables{QStringLiteral("organizations"),
                              QStringLiteral("api_keys"),
                              QStringLiteral("api_key_usage"),
                              QStringLiteral("api_key_usage_daily"),
                              QStringLiteral("rate_limit_tracking"),
                              QStringLiteral("audit_events"),
                              QStringLiteral("agent_runs"),
                              QStringLiteral("schema_migrations"),
                              QStringLiteral("organization_usage_daily")};

QStringList tables(Database& database)
{
    auto db = database.connection();
    if (!db)
        return {QStringLiteral("<no connection: %1>").arg(db.error().message)};
    QStringList names;
    for (const QString& table : db->tables()) {
        if (!table.startsWith(QLatin1String("sqlite_"))) // SQLite's own (sqlite_sequence)
            names << table.section(u'.', -1).toLower();
    }
    names.sort();
    return names;
}

QStringList columns(Database& database, const QString& table)
{
    auto db = database.connection();
    if (!db)
        return {};
    const QSqlRecord record = db->record(table);
    QStringList names;
    for (int i = 0; i < record.count(); ++i)
        names << record.fieldName(i).toLower();
    return names;
}

// The definitions of every index on `table`, lower case ("create index ... (slug)").
QStringList indexDefinitions(Database& database, const QString& table)
{
    auto db = database.connection();
    if (!db)
        return {};
    auto query = database.isPostgres()
        ? SqlQuery::exec(db.value(), QStringLiteral("SELECT indexdef FROM pg_indexes WHERE tablename = ?"), {table})
        : SqlQuery::exec(db.value(),
                         QStringLiteral("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                                        "AND sql IS NOT NULL"),
                         {table});
    QStringList definitions;
    if (!query)
        return definitions;
    while (query->next())
        definitions << query->value(0).toString().toLower().remove(u'"'); // PostgreSQL quotes "timestamp"
    return definitions;
}

bool hasIndexOn(Database& database, const QString& table, const QString& column, bool unique = false)
{
    const QString needle = QStringLiteral("(") + column + QStringLiteral(")");
    for (const QString& definition : indexDefinitions(database, table)) {
        if (definition.contains(needle) && (!unique || definition.contains(QStringLiteral("unique"))))
            return true;
    }
    return false;
}

Status exec(Database& database, const QString& sql, const QVariantList& values = {})
{
    auto db = database.connection();
    if (!db)
        return db.error();
    auto query = SqlQuery::exec(db.value(), sql, values);
    if (!query)
        return query.error();
    return success();
}

QList<int> recordedVersions(Database& database)
{
    QList<int> versions;
    auto db = database.connection();
    if (!db)
        return versions;
    auto query = SqlQuery::exec(db.value(), QStringLiteral("SELECT version FROM schema_migrations ORDER BY version"));
    if (!query)
        return versions;
    while (query->next())
        versions << query->value(0).toInt();
    return versions;
}

} // namespace

// Evaluates `expr` once (it may have side effects, like a downgrade) and fails with its message.
#define KW_VERIFY_OK(expr)                                                                                             \
    do {                                                                                                               \
        const auto& kwResult_ = (expr);                                                                                \
        QVERIFY2(kwResult_.ok(), qPrintable(kwResult_.ok() ? QString() : kwResult_.error().message));                  \
    } while (false)

class TestMigrationRunner : public QObject
{
    Q_OBJECT

private slots:
    void embeddedMigrations();
    void upgradeAppliesEverything();
    void schemaHasSpecColumns_data();
    void schemaHasSpecColumns();
    void schemaHasSpecIndexes();
    void upgradeIsIdempotent();
    void downgradeStepByStep();
    void upDownUpCycle();
    void downgradeNeedsAtLeastOneStep_data();
    void downgradeNeedsAtLeastOneStep();
    void statusOfAnEmptyDatabaseWritesNothing();
    void statusListsPendingAndApplied();
    void newerSchemaIsRefused();
    void failedUpgradeChangesNothing();
    void organizationRollupIsBackfilled();
    void usageRowsSurviveVersionFiveBothWays();
    void splitStatements_data();
    void splitStatements();
    void embeddedFilesSplitCleanly();
};

void TestMigrationRunner::embeddedMigrations()
{
    for (DatabaseEngine engine : {DatabaseEngine::SQLite, DatabaseEngine::PostgreSQL}) {
        const QList<Migration> migrations = MigrationRunner::available(engine);
        QVERIFY(migrations.size() >= 2);
        for (int i = 0; i < migrations.size(); ++i) {
            QCOMPARE(migrations.at(i).version, i + 1); // 0001, 0002, ... without gaps
            QVERIFY(!migrations.at(i).name.isEmpty());
            QVERIFY(!migrations.at(i).upSql.trimmed().isEmpty());
            QVERIFY2(!migrations.at(i).downSql.trimmed().isEmpty(), qPrintable(migrations.at(i).name));
        }
        QCOMPARE(migrations.first().name, QStringLiteral("initial"));
    }
    // Both engines know the same versions under the same names.
    const auto sqlite = MigrationRunner::available(DatabaseEngine::SQLite);
    const auto postgres = MigrationRunner::available(DatabaseEngine::PostgreSQL);
    QCOMPARE(sqlite.size(), postgres.size());
    for (int i = 0; i < sqlite.size(); ++i)
        QCOMPARE(sqlite.at(i).name, postgres.at(i).name);
}

void TestMigrationRunner::upgradeAppliesEverything()
{
    TestDatabase db(false);
    KW_REQUIRE_DB(db);
    QVERIFY(tables(db.database()).isEmpty());
    MigrationRunner runner(db.database());
    const int head = MigrationRunner::available(db.database().engine()).last().version;
    QCOMPARE(runner.headVersion(), head);
    auto before = runner.currentVersion();
    KW_VERIFY_OK(before);
    QCOMPARE(before.value(), 0);

    const QDateTime started = QDateTime::currentDateTimeUtc().addSecs(-1);
    auto applied = runner.upgrade();
    KW_VERIFY_OK(applied);
    QCOMPARE(applied.value(), MigrationRunner::available(db.database().engine()).size());
    auto current = runner.currentVersion();
    KW_VERIFY_OK(current);
    QCOMPARE(current.value(), head);

    QStringList expected = kHeadTables;
    expected.sort();
    QCOMPARE(tables(db.database()), expected);

    QList<int> all;
    for (int v = 1; v <= head; ++v)
        all << v;
    QCOMPARE(recordedVersions(db.database()), all);

    auto states = runner.status();
    KW_VERIFY_OK(states);
    QCOMPARE(states->size(), head);
    for (const MigrationState& state : states.value()) {
        QVERIFY(state.applied);
        QVERIFY(state.appliedAt.isValid());
        QCOMPARE(state.appliedAt.timeSpec(), Qt::UTC);
        QVERIFY(state.appliedAt >= started);
        QVERIFY(state.appliedAt <= QDateTime::currentDateTimeUtc().addSecs(1));
    }
}

void TestMigrationRunner::schemaHasSpecColumns_data()
{
    QTest::addColumn<QString>("table");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("organizations") << QStringLiteral("organizations")
                                   << QStringList{"id",
                                                  "name",
                                                  "slug",
                                                  "email",
                                                  "plan",
                                                  "is_active",
                                                  "created_at",
                                                  "updated_at",
                                                  "monthly_request_limit",
                                                  "rate_limit_per_minute",
                                                  "max_api_keys"};
    QTest::newRow("api_keys")
        << QStringLiteral("api_keys")
        << QStringList{"id",           "organization_id",   "key_prefix",     "key_hash",        "key_hint",
                       "name",         "description",       "environment",    "is_active",       "created_at",
                       "last_used_at", "expires_at",        "revoked_at",     "revoked_by",      "revoked_reason",
                       "scopes",       "custom_rate_limit", "total_requests", "last_request_at", "rolled_from"};
    QTest::newRow("api_key_usage") << QStringLiteral(
        "api_key_usage") << QStringList{"id",         "api_key_id",  "organization_id",  "timestamp",   "endpoint",
                                        "method",     "status_code", "response_time_ms", "tokens_used", "cost_usd",
                                        "ip_address", "user_agent",  "error_message",    "error_code"};
    QTest::newRow("rate_limit_tracking") << QStringLiteral(
        "rate_limit_tracking") << QStringList{"id",         "api_key_id", "window_start", "window_end", "request_count",
                                              "created_at", "updated_at"};
    QTest::newRow("audit_events") << QStringLiteral("audit_events")
                                  << QStringList{"id",     "timestamp",  "actor",  "action", "organization_id",
                                                 "key_id", "ip_address", "details"};
    // The rollup: per key, per day, per endpoint, per status class.
    QTest::newRow("api_key_usage_daily") << QStringLiteral("api_key_usage_daily")
                                         << QStringList{"day",          "api_key_id",    "organization_id", "endpoint",
                                                        "status_class", "request_count", "tokens_used",     "cost_usd"};
    // GET /v1/conversations: id, agent, input, output, tokens_used, cost_usd, created_at.
    QTest::newRow("agent_runs") << QStringLiteral("agent_runs")
                                << QStringList{"id",     "organization_id", "agent",    "input",
                                               "output", "tokens_used",     "cost_usd", "created_at"};
    QTest::newRow("schema_migrations") << QStringLiteral("schema_migrations")
                                       << QStringList{"version", "name", "applied_at"};
}

void TestMigrationRunner::schemaHasSpecColumns()
{
    QFETCH(QString, table);
    QFETCH(QStringList, expected);
    TestDatabase db(false);
    KW_REQUIRE_DB(db);
    MigrationRunner runner(db.database());
    KW_VERIFY_OK(runner.upgrade());
    const QStringList actual = columns(db.database(), table);
    QVERIFY2(!actual.isEmpty(), qPrintable(table));
    for (const QString& column : expected)
        QVERIFY2(actual.contains(column),
                 qPrintable(QStringLiteral("%1.%2 missing; has %3").arg(table, column, actual.join(u','))));
    if (table != QLatin1String("api_key_usage_daily") && table != QLatin1String("agent_runs"))
        QCOMPARE(actual.size(), expected.size()); // SPEC lists these tables completely
}

void TestMigrationRunner::schemaHasSpecIndexes()
{
    TestDatabase db(false);
    KW_REQUIRE_DB(db);
    MigrationRunner runner(db.database());
    KW_VERIFY_OK(runner.upgrade());
    Database& d = db.database();
    QVERIFY(hasIndexOn(d, QStringLiteral("organizations"), QStringLiteral("slug"), true));
    QVERIFY(hasIndexOn(d, QStringLiteral("organizations"), QStringLiteral("email")));
    QVERIFY(hasIndexOn(d, QStringLiteral("api_keys"), QStringLiteral("organization_id")));
    QVERIFY(hasIndexOn(d, QStringLiteral("api_keys"), QStringLiteral("key_hash"), true));
    QVERIFY(hasIndexOn(d, QStringLiteral("api_keys"), QStringLiteral("is_active")));
    QVERIFY(hasIndexOn(d, QStringLiteral("api_keys"), QStringLiteral("key_prefix")));
    QVERIFY(hasIndexOn(d, QStringLiteral("api_keys"), QStringLiteral("rolled_from"))); // the successor lookup
    QVERIFY(hasIndexOn(d, QStringLiteral("api_key_usage"), QStringLiteral("api_key_id")));
    QVERIFY(hasIndexOn(d, QStringLiteral("api_key_usage"), QStringLiteral("organization_id")));
    QVERIFY(hasIndexOn(d, QStringLiteral("api_key_usage"), QStringLiteral("timestamp")));
    // A negative check, so the helper itself can fail.
    QVERIFY(!hasIndexOn(d, QStringLiteral("organizations"), QStringLiteral("name")));
}

void TestMigrationRunner::upgradeIsIdempotent()
{
    TestDatabase db(false);
    KW_REQUIRE_DB(db);
    MigrationRunner runner(db.database());
    KW_VERIFY_OK(runner.upgrade());
    const QList<int> versions = recordedVersions(db.database());
    // Data survives a second upgrade untouched.
    QVERIFY(exec(db.database(),
                 QStringLiteral("INSERT INTO audit_events (timestamp, actor, action, details) VALUES (?, ?, ?, ?)"),
                 {SqlValue::fromTime(QDateTime::currentDateTimeUtc()), QStringLiteral("test"), QStringLiteral("x"),
                  QStringLiteral("{}")})
                .ok());
    for (int round = 0; round < 2; ++round) {
        auto again = runner.upgrade();
        KW_VERIFY_OK(again);
        QCOMPARE(again.value(), 0);
    }
    // A second runner (another process) sees the same state.
    MigrationRunner other(db.database());
    auto fromOther = other.upgrade();
    KW_VERIFY_OK(fromOther);
    QCOMPARE(fromOther.value(), 0);
    QCOMPARE(recordedVersions(db.database()), versions);
    auto count
        = SqlQuery::exec(db.database().connection().value(), QStringLiteral("SELECT COUNT(*) FROM audit_events"));
    QVERIFY(count.ok() && count->next());
    QCOMPARE(count->value(0).toInt(), 1);
}

void TestMigrationRunner::downgradeStepByStep()
{
    TestDatabase db(false);
    KW_REQUIRE_DB(db);
    MigrationRunner runner(db.database());
    KW_VERIFY_OK(runner.upgrade());
    const int head = runner.headVersion();
    QCOMPARE(head, 5);

    // Version 4 refuses a usage row whose key does not exist by a foreign key (version 5
    // checks that in the usage writer, once per batch).
    auto owners = runner.downgrade(1);
    KW_VERIFY_OK(owners);
    QCOMPARE(owners.value(), 1);
    QCOMPARE(runner.currentVersion().value(), 4);
    const Status orphan
        = exec(db.database(),
               QStringLiteral("INSERT INTO api_key_usage (api_key_id, organization_id, timestamp, endpoint, method, "
                              "status_code) VALUES (?, ?, ?, ?, ?, ?)"),
               {SqlValue::fromUuid(QUuid::createUuid()), SqlValue::fromUuid(QUuid::createUuid()),
                SqlValue::fromTime(QDateTime::currentDateTimeUtc()), QStringLiteral("/v1/verify"),
                QStringLiteral("GET"), 200});
    QCOMPARE(orphan.code(), ErrorCode::DatabaseError);

    auto index = runner.downgrade(1);
    KW_VERIFY_OK(index);
    QCOMPARE(index.value(), 1);
    QCOMPARE(runner.currentVersion().value(), 3);
    QVERIFY(!hasIndexOn(db.database(), QStringLiteral("api_keys"), QStringLiteral("rolled_from")));
    QVERIFY(hasIndexOn(db.database(), QStringLiteral("api_keys"), QStringLiteral("key_prefix")));

    auto top = runner.downgrade(1);
    KW_VERIFY_OK(top);
    QCOMPARE(top.value(), 1);
    QCOMPARE(runner.currentVersion().value(), 2);
    QVERIFY(!tables(db.database()).contains(QStringLiteral("organization_usage_daily")));
    QVERIFY(tables(db.database()).contains(QStringLiteral("agent_runs")));

    auto one = runner.downgrade(1);
    KW_VERIFY_OK(one);
    QCOMPARE(one.value(), 1);
    QCOMPARE(runner.currentVersion().value(), 1);
    QStringList afterOne = tables(db.database());
    QVERIFY(!afterOne.contains(QStringLiteral("agent_runs")));
    for (const QString& table :
         {QStringLiteral("organizations"), QStringLiteral("api_keys"), QStringLiteral("api_key_usage"),
          QStringLiteral("api_key_usage_daily"), QStringLiteral("rate_limit_tracking"), QStringLiteral("audit_events")})
        QVERIFY2(afterOne.contains(table), qPrintable(table));
    QCOMPARE(recordedVersions(db.database()), QList<int>{1});

    // Two steps asked, one left: reverts what there is and says so.
    auto two = runner.downgrade(2);
    KW_VERIFY_OK(two);
    QCOMPARE(two.value(), 1);
    QCOMPARE(runner.currentVersion().value(), 0);
    QCOMPARE(tables(db.database()), QStringList{QStringLiteral("schema_migrations")});
    QVERIFY(recordedVersions(db.database()).isEmpty());

    // Nothing left: downgrading again is harmless.
    auto none = runner.downgrade(1);
    KW_VERIFY_OK(none);
    QCOMPARE(none.value(), 0);
}

void TestMigrationRunner::upDownUpCycle()
{
    TestDatabase db(false);
    KW_REQUIRE_DB(db);
    MigrationRunner runner(db.database());
    QStringList expected = kHeadTables;
    expected.sort();
    for (int cycle = 0; cycle < 2; ++cycle) {
        auto up = runner.upgrade();
        KW_VERIFY_OK(up);
        QCOMPARE(up.value(), runner.headVersion());
        QCOMPARE(tables(db.database()), expected);
        // The schema works: a row goes in.
        const QString id = SqlValue::uuidText(QUuid::createUuid());
        Status inserted
            = exec(db.database(),
                   QStringLiteral("INSERT INTO organizations (id, name, slug, email, plan, is_active, created_at, "
                                  "updated_at, monthly_request_limit, rate_limit_per_minute, max_api_keys) "
                                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                   {id, QStringLiteral("Acme"), QStringLiteral("acme"), QStringLiteral("a@example.com"),
                    QStringLiteral("free"), true, SqlValue::fromTime(QDateTime::currentDateTimeUtc()),
                    SqlValue::fromTime(QDateTime::currentDateTimeUtc()), 1000, 10, 2});
        KW_VERIFY_OK(inserted);

        auto down = runner.downgrade(runner.headVersion());
        KW_VERIFY_OK(down);
        QCOMPARE(down.value(), runner.headVersion());
        QCOMPARE(tables(db.database()), QStringList{QStringLiteral("schema_migrations")});
    }
    auto up = runner.upgrade();
    KW_VERIFY_OK(up);
    QCOMPARE(runner.currentVersion().value(), runner.headVersion());
    // The tables came back empty.
    auto count
        = SqlQuery::exec(db.database().connection().value(), QStringLiteral("SELECT COUNT(*) FROM organizations"));
    QVERIFY(count.ok() && count->next());
    QCOMPARE(count->value(0).toInt(), 0);
}

void TestMigrationRunner::downgradeNeedsAtLeastOneStep_data()
{
    QTest::addColumn<int>("steps");
    QTest::newRow("0") << 0;
    QTest::newRow("-1") << -1;
}

void TestMigrationRunner::downgradeNeedsAtLeastOneStep()
{
    QFETCH(int, steps);
    TestDatabase db(false);
    KW_REQUIRE_DB(db);
    MigrationRunner runner(db.database());
    KW_VERIFY_OK(runner.upgrade());
    auto result = runner.downgrade(steps);
    QVERIFY(!result.ok());
    QCOMPARE(result.code(), ErrorCode::InvalidInput);
    QVERIFY(result.error().message.contains(QStringLiteral("steps")));
    QCOMPARE(runner.currentVersion().value(), runner.headVersion());
    QCOMPARE(tables(db.database()).size(), kHeadTables.size());
}

void TestMigrationRunner::statusOfAnEmptyDatabaseWritesNothing()
{
    TestDatabase db(false);
    KW_REQUIRE_DB(db);
    MigrationRunner runner(db.database());
    auto states = runner.status();
    KW_VERIFY_OK(states);
    QCOMPARE(states->size(), runner.headVersion());
    for (int i = 0; i < states->size(); ++i) {
        QCOMPARE(states->at(i).version, i + 1);
        QVERIFY(!states->at(i).applied);
        QVERIFY(!states->at(i).appliedAt.isValid());
        QVERIFY(!states->at(i).name.isEmpty());
    }
    auto current = runner.currentVersion();
    KW_VERIFY_OK(current);
    QCOMPARE(current.value(), 0);
    // Reading the status created nothing, not even schema_migrations.
    QCOMPARE(tables(db.database()), QStringList());
}

void TestMigrationRunner::statusListsPendingAndApplied()
{
    TestDatabase db(false);
    KW_REQUIRE_DB(db);
    MigrationRunner runner(db.database());
    KW_VERIFY_OK(runner.upgrade());
    KW_VERIFY_OK(runner.downgrade(runner.headVersion() - 1));
    auto states = runner.status();
    KW_VERIFY_OK(states);
    QCOMPARE(states->size(), runner.headVersion());
    QCOMPARE(states->at(0).version, 1);
    QCOMPARE(states->at(0).name, QStringLiteral("initial"));
    QVERIFY(states->at(0).applied);
    QVERIFY(states->at(0).appliedAt.isValid());
    QCOMPARE(states->at(1).version, 2);
    QCOMPARE(states->at(1).name, QStringLiteral("agent_runs"));
    QVERIFY(!states->at(1).applied);
    QVERIFY(!states->at(1).appliedAt.isValid());
}

void TestMigrationRunner::organizationRollupIsBackfilled()
{
    TestDatabase db(false);
    KW_REQUIRE_DB(db);
    MigrationRunner runner(db.database());
    KW_VERIFY_OK(runner.upgrade());
    KW_VERIFY_OK(runner.downgrade(runner.headVersion() - 2)); // back to 0002: only the per-key rollup exists
    const Organization org = TestFixtures::organization(db.database(), QStringLiteral("acme"));
    const CreatedKey first = TestFixtures::key(db.database(), org.id);
    const CreatedKey second = TestFixtures::key(db.database(), org.id);
    const QString insert = QStringLiteral(
        "INSERT INTO api_key_usage_daily (day, api_key_id, organization_id, endpoint, status_class, request_count, "
        "tokens_used, cost_usd, total_response_time_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    const QDate day(2026, 11, 2);
    KW_VERIFY_OK(exec(db.database(), insert,
                      {SqlValue::fromDay(day), SqlValue::fromUuid(first.key.id), SqlValue::fromUuid(org.id),
                       QStringLiteral("/v1/verify"), 2, 5, 10, 0.5, 20.0}));
    KW_VERIFY_OK(exec(db.database(), insert,
                      {SqlValue::fromDay(day), SqlValue::fromUuid(second.key.id), SqlValue::fromUuid(org.id),
                       QStringLiteral("/v1/verify"), 2, 7, 0, 0.25, 30.0}));

    KW_VERIFY_OK(runner.upgrade());
    auto stats = UsageRepository(db.database()).summary(org.id, day, day);
    KW_VERIFY_OK(stats);
    QCOMPARE(stats->totals.requests, 12);
    QCOMPARE(stats->totals.tokens, 10);
    QCOMPARE(stats->byEndpoint.size(), 1);
    QVERIFY(qAbs(stats->totals.costUsd - 0.75) < 1e-9);
    auto oneKey = UsageRepository(db.database()).summary(org.id, day, day, second.key.id);
    KW_VERIFY_OK(oneKey);
    QCOMPARE(oneKey->totals.requests, 7);
}

void TestMigrationRunner::usageRowsSurviveVersionFiveBothWays()
{
    // Version 5 rebuilds api_key_usage on SQLite (and changes its constraints on both
    // engines): every row keeps its id and values, down and up again, and no id is given twice.
    TestDatabase db(false);
    KW_REQUIRE_DB(db);
    MigrationRunner runner(db.database());
    KW_VERIFY_OK(runner.upgrade());
    const Organization org = TestFixtures::organization(db.database(), QStringLiteral("acme"));
    const CreatedKey key = TestFixtures::key(db.database(), org.id);
    UsageRepository usage(db.database());
    const auto record = [&](int status) {
        UsageRecord r;
        r.apiKeyId = key.key.id;
        r.organizationId = org.id;
        r.timestamp = QDateTime::currentDateTimeUtc();
        r.endpoint = QStringLiteral("/v1/verify");
        r.method = QStringLiteral("GET");
        r.statusCode = status;
        return r;
    };
    KW_VERIFY_OK(usage.recordBatch({record(200), record(429), record(200), record(404)}));
    // The newest row is gone before the migration: its id must not be given again.
    qint64 deletedId = 0;
    {
        // Scoped: an open SQLite cursor would keep the table from being rebuilt.
        auto newestBefore = SqlQuery::exec(db.database().connection().value(),
                                           QStringLiteral("SELECT id FROM api_key_usage WHERE status_code = 404"));
        QVERIFY(newestBefore.ok() && newestBefore->next());
        deletedId = newestBefore->value(0).toLongLong();
    }
    KW_VERIFY_OK(exec(db.database(), QStringLiteral("DELETE FROM api_key_usage WHERE status_code = 404")));
    const auto rows = [&db] {
        QStringList out;
        auto q = SqlQuery::exec(db.database().connection().value(),
                                QStringLiteral("SELECT id, api_key_id, status_code FROM api_key_usage ORDER BY id"));
        while (q && q->next())
            out << QStringLiteral("%1 %2 %3")
                       .arg(q->value(0).toString(), q->value(1).toString(), q->value(2).toString());
        return out;
    };
    const QStringList before = rows();
    QCOMPARE(before.size(), 3);

    KW_VERIFY_OK(runner.downgrade(1));
    QCOMPARE(rows(), before);
    KW_VERIFY_OK(runner.upgrade());
    QCOMPARE(runner.currentVersion().value(), 5);
    QCOMPARE(rows(), before);

    KW_VERIFY_OK(usage.recordBatch({record(500)}));
    auto newest = SqlQuery::exec(db.database().connection().value(),
                                 QStringLiteral("SELECT MAX(id), COUNT(*) FROM api_key_usage WHERE status_code = 500"));
    QVERIFY(newest.ok() && newest->next());
    QCOMPARE(newest->value(1).toInt(), 1);
    QVERIFY2(newest->value(0).toLongLong() > deletedId, qPrintable(newest->value(0).toString()));
}

void TestMigrationRunner::newerSchemaIsRefused()
{
    TestDatabase db(false);
    KW_REQUIRE_DB(db);
    MigrationRunner runner(db.database());
    KW_VERIFY_OK(runner.upgrade());
    KW_VERIFY_OK(runner.downgrade(runner.headVersion() - 1)); // all but 1 pending: an upgrade would have work to do
    const QDateTime recordedAt = QDateTime::fromString(QStringLiteral("2031-05-06T07:08:09.123Z"), Qt::ISODateWithMs);
    KW_VERIFY_OK(exec(db.database(),
                      QStringLiteral("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"),
                      {999, QStringLiteral("from_the_future"), SqlValue::fromTime(recordedAt)}));
    const QStringList tablesBefore = tables(db.database());

    auto upgraded = runner.upgrade();
    QVERIFY(!upgraded.ok());
    QCOMPARE(upgraded.code(), ErrorCode::InvalidInput);
    const QString message = upgraded.error().message;
    QVERIFY2(message.contains(QStringLiteral("999")), qPrintable(message));
    QVERIFY2(message.contains(QString::number(runner.headVersion())), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("newer")), qPrintable(message));

    // Nothing changed: migration 2 was not applied, the bookkeeping is as it was.
    QCOMPARE(tables(db.database()), tablesBefore);
    QVERIFY(!tables(db.database()).contains(QStringLiteral("agent_runs")));
    QCOMPARE(recordedVersions(db.database()), (QList<int>{1, 999}));

    // status explains it: the unknown version is listed as applied.
    auto states = runner.status();
    KW_VERIFY_OK(states);
    QCOMPARE(states->size(), runner.headVersion() + 1);
    const MigrationState& future = states->last();
    QCOMPARE(future.version, 999);
    QCOMPARE(future.name, QStringLiteral("from_the_future"));
    QVERIFY(future.applied);
    QCOMPARE(future.appliedAt, recordedAt);
    QCOMPARE(runner.currentVersion().value(), 999);

    // Downgrading an unknown version is refused too, and also changes nothing.
    auto downgraded = runner.downgrade(1);
    QVERIFY(!downgraded.ok());
    QVERIFY(downgraded.error().message.contains(QStringLiteral("999")));
    QCOMPARE(recordedVersions(db.database()), (QList<int>{1, 999}));
    QCOMPARE(tables(db.database()), tablesBefore);
}

void TestMigrationRunner::failedUpgradeChangesNothing()
{
    TestDatabase db(false);
    KW_REQUIRE_DB(db);
    // A stray table that migration 1 creates late in its file makes the step fail midway.
    KW_VERIFY_OK(exec(db.database(), QStringLiteral("CREATE TABLE audit_events (stray INTEGER)")));
    MigrationRunner runner(db.database());
    auto upgraded = runner.upgrade();
    QVERIFY(!upgraded.ok());
    QVERIFY2(upgraded.error().message.contains(QStringLiteral("initial")), qPrintable(upgraded.error().message));
    // Transactional: the tables created before the failing statement are gone again,
    // and not even schema_migrations was left behind.
    QCOMPARE(tables(db.database()), QStringList{QStringLiteral("audit_events")});
    QCOMPARE(columns(db.database(), QStringLiteral("audit_events")), QStringList{QStringLiteral("stray")});
    auto current = runner.currentVersion();
    KW_VERIFY_OK(current);
    QCOMPARE(current.value(), 0);

    // Once the obstacle is gone the same runner succeeds.
    KW_VERIFY_OK(exec(db.database(), QStringLiteral("DROP TABLE audit_events")));
    auto retried = runner.upgrade();
    KW_VERIFY_OK(retried);
    QCOMPARE(retried.value(), runner.headVersion());
}

void TestMigrationRunner::splitStatements_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("empty") << QString() << QStringList();
    QTest::newRow("only comments") << QStringLiteral("-- one\n  -- two\n\n") << QStringList();
    QTest::newRow("two statements") << QStringLiteral("CREATE TABLE a (x INT);\nCREATE TABLE b (y INT);\n")
                                    << QStringList{QStringLiteral("CREATE TABLE a (x INT)"),
                                                   QStringLiteral("CREATE TABLE b (y INT)")};
    QTest::newRow("multi-line statement") << QStringLiteral("CREATE TABLE a (\n    x INT,\n    y INT\n);\n")
                                          << QStringList{QStringLiteral("CREATE TABLE a (\n    x INT,\n    y INT\n)")};
    QTest::newRow("comments between") << QStringLiteral("-- header\nDROP TABLE a;\n-- middle\n\nDROP TABLE b;")
                                      << QStringList{QStringLiteral("DROP TABLE a"), QStringLiteral("DROP TABLE b")};
    QTest::newRow("comment inside a statement") << QStringLiteral("CREATE TABLE a (\n    -- the key\n    id INT\n);")
                                                << QStringList{QStringLiteral("CREATE TABLE a (\n    id INT\n)")};
    QTest::newRow("semicolon inside a line") << QStringLiteral("INSERT INTO t VALUES ('a;b');\n")
                                             << QStringList{QStringLiteral("INSERT INTO t VALUES ('a;b')")};
    QTest::newRow("semicolon mid-line does not split")
        << QStringLiteral("SELECT 1; SELECT 2\nFROM x;") << QStringList{QStringLiteral("SELECT 1; SELECT 2\nFROM x")};
    QTest::newRow("trailing statement without semicolon")
        << QStringLiteral("DROP TABLE a;\nDROP TABLE b")
        << QStringList{QStringLiteral("DROP TABLE a"), QStringLiteral("DROP TABLE b")};
    QTest::newRow("trailing whitespace after semicolon")
        << QStringLiteral("DROP TABLE a;   \r\nDROP TABLE b;\t\n")
        << QStringList{QStringLiteral("DROP TABLE a"), QStringLiteral("DROP TABLE b")};
}

void TestMigrationRunner::splitStatements()
{
    QFETCH(QString, sql);
    QFETCH(QStringList, expected);
    QCOMPARE(MigrationRunner::splitStatements(sql), expected);
}

void TestMigrationRunner::embeddedFilesSplitCleanly()
{
    for (DatabaseEngine engine : {DatabaseEngine::SQLite, DatabaseEngine::PostgreSQL}) {
        for (const Migration& migration : MigrationRunner::available(engine)) {
            for (const QString& sql : {migration.upSql, migration.downSql}) {
                const QStringList statements = MigrationRunner::splitStatements(sql);
                QVERIFY(!statements.isEmpty());
                for (const QString& statement : statements) {
                    QVERIFY(!statement.trimmed().isEmpty());
                    QVERIFY2(!statement.endsWith(u';'), qPrintable(statement));
                    QVERIFY2(!statement.contains(QStringLiteral(";\n")), qPrintable(statement));
                }
            }
        }
    }
}

QTEST_GUILESS_MAIN(TestMigrationRunner)
#include "TestMigrationRunner.moc"
