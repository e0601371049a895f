#include "ApiKeyGenerator.h"
#include "ApiKeyRepository.h"
#include "OrganizationRepository.h"
#include "SqlQuery.h"
#include "SqlValue.h"
#include "TestDatabase.h"
#include "Transaction.h"
#include "UsageRepository.h"
#include "UsageRowWriter.h"

#include <QTest>
#include <QTimeZone>

#include <algorithm>
#include <random>

// Evaluates `expr` once and fails with its message.
#define KW_VERIFY_OK(expr)                                                                                             \
    do {                                                                                                               \
        const auto& kwResult_ = (expr);                                                                                \
        QVERIFY2(kwResult_.ok(), qPrintable(kwResult_.ok() ? QString() : kwResult_.error().message));                  \
    } while (false)

#define KW_COMPARE_MONEY(actual, expected)                                                                             \
    QVERIFY2(qAbs(double(actual) - double(expected)) < 1e-9,                                                           \
             qPrintable(QStringLiteral("%1 != %2").arg(double(actual), 0, 'g', 17).arg(double(expected), 0, 'g', 17)))

namespace {

QDateTime utc(const char* iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs);
}

const QString kVerify = QStringLiteral("/v1/verify");
const QString kAgent = QStringLiteral("/v1/agents/echo/run");

UsageRecord makeRecord(const ApiKey& key,
                       const QDateTime& at,
                       const QString& endpoint,
                       int status,
                       double responseMs = 10,
                       int tokens = 0,
                       double cost = 0)
{
    UsageRecord r;
    r.apiKeyId = key.id;
    r.organizationId = key.organizationId;
    r.timestamp = at;
    r.endpoint = endpoint;
    r.method = endpoint == kAgent ? QStringLiteral("POST") : QStringLiteral("GET");
    r.statusCode = status;
    r.responseTimeMs = responseMs;
    r.tokensUsed = tokens;
    r.costUsd = cost;
    return r;
}

} // namespace

class TestUsageRepository : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void emptyBatchWritesNothing();
    void recordWritesRawRowAllFieldsRoundTrip();
    void batchWritesRawRowsRollupAndKeyCounters();
    void hostileTextsRoundTripAndLongOnesAreCut();
    void summaryAcrossTwoDays();
    void summaryForOneKey();
    void summaryOfAnEmptyRange();
    void monthlySummaryAndRequestsInMonth();
    void dailyStats();
    void dayIsTheUtcDay();
    void statusClasses();
    void rawRowsNewestFirstWithinRange();
    void batchOf500();
    void unknownKeyFailsAndWritesNothing();
    void unknownOrganizationFailsAndWritesNothing();
    void keyCountersNeverMoveBackwards();
    void usageGoesWithItsKeyAndItsOrganization();
    void aBatchHoldsItsKeysAndOrganizationsUntilItEnds();
    void theRowWriterChecksEveryKeyAndOrganizationItself();
    void aBatchOverManyKeysCountsEachOnce();
    void clientPathsThatNoTextCanHoldAreStoredAlike();

private:
    qint64 countRows(const QString& table);
    qint64 rollupSum(const QString& column);
    void recordScenario();

    std::unique_ptr<TestDatabase> m_db;
    Organization m_org;
    Organization m_otherOrg;
    ApiKey m_key1;
    ApiKey m_key2;
    ApiKey m_foreignKey;
};

void TestUsageRepository::init()
{
    m_db = std::make_unique<TestDatabase>();
    KW_REQUIRE_DB(*m_db);
    OrganizationRepository organizations(m_db->database());
    ApiKeyRepository keys(m_db->database());
    const QDateTime created = utc("2024-01-01T00:00:00.000Z");
    int n = 0;
    for (Organization* o : {&m_org, &m_otherOrg}) {
        *o = Organization();
        o->id = QUuid::createUuid();
        o->slug = QStringLiteral("org-%1").arg(n++);
        o->name = o->slug;
        o->email = o->slug + QStringLiteral("@example.com");
        o->createdAt = created;
        o->updatedAt = created;
        o->monthlyRequestLimit = 100000;
        o->rateLimitPerMinute = 60;
        o->maxApiKeys = 10;
        KW_VERIFY_OK(organizations.create(*o));
    }
    const std::initializer_list<std::pair<ApiKey*, Organization*>> owners{
        {&m_key1, &m_org}, {&m_key2, &m_org}, {&m_foreignKey, &m_otherOrg}};
    for (auto [key, org] : owners) {
        const GeneratedKey generated = ApiKeyGenerator::generate(KeyEnvironment::Live);
        *key = ApiKey();
        key->id = QUuid::createUuid();
        key->organizationId = org->id;
        key->keyPrefix = generated.keyPrefix;
        key->keyHash = generated.keyHash;
        key->keyHint = generated.keyHint;
        key->name = QStringLiteral("key");
        key->createdAt = created;
        KW_VERIFY_OK(keys.create(*key));
    }
}

void TestUsageRepository::cleanup()
{
    m_db.reset();
}

qint64 TestUsageRepository::countRows(const QString& table)
{
    auto query
        = SqlQuery::exec(m_db->database().connection().value(), QStringLiteral("SELECT COUNT(*) FROM %1").arg(table));
    if (!query || !query->next())
        return -1;
    return query->value(0).toLongLong();
}

qint64 TestUsageRepository::rollupSum(const QString& column)
{
    auto query = SqlQuery::exec(m_db->database().connection().value(),
                                QStringLiteral("SELECT COALESCE(SUM(%1), 0) FROM api_key_usage_daily").arg(column));
    if (!query || !query->next())
        return -1;
    return query->value(0).toLongLong();
}

// March 2024, organization `m_org` (keys 1 and 2), plus traffic that must not be counted:
// the neighbouring months and another organization.
//
// 2024-03-14: key1 GET verify 200 x3 (10, 20, 30 ms), key1 POST agent 200 (100 tokens, $0.0125, 100 ms),
//             key1 GET verify 401 (5 ms), key2 GET verify 429 (1 ms)              -> 6 requests, 2 failed
// 2024-03-15: key1 POST agent 200 (50 tokens, $0.00625, 60 ms), key2 GET verify 200 at 01:30+02:00
//             on the 16th (= 23:30 UTC on the 15th, 4 ms), key2 GET verify 503 (30 ms) -> 3 requests, 1 failed
// Outside: key1 verify 200 on 2024-02-29T23:59:59.999Z and on 2024-04-01T00:00:00.000Z,
//          the other organization's key: verify 200 on 2024-03-14.
void TestUsageRepository::recordScenario()
{
    UsageRepository repository(m_db->database());
    const QList<UsageRecord> firstBatch{
        makeRecord(m_key1, utc("2024-03-14T08:00:00.000Z"), kVerify, 200, 10),
        makeRecord(m_key1, utc("2024-03-14T09:00:00.000Z"), kVerify, 200, 20),
        makeRecord(m_key1, utc("2024-03-14T10:00:00.000Z"), kAgent, 200, 100, 100, 0.0125),
        makeRecord(m_foreignKey, utc("2024-03-14T10:30:00.000Z"), kVerify, 200, 7),
        makeRecord(m_key1, utc("2024-02-29T23:59:59.999Z"), kVerify, 200, 9),
    };
    // The second batch adds to rollup rows the first one created (same key, day, endpoint, class).
    const QList<UsageRecord> secondBatch{
        makeRecord(m_key1, utc("2024-03-14T11:00:00.000Z"), kVerify, 200, 30),
        makeRecord(m_key1, utc("2024-03-14T12:00:00.000Z"), kVerify, 401, 5),
        makeRecord(m_key2, utc("2024-03-14T13:00:00.000Z"), kVerify, 429, 1),
        makeRecord(m_key1, utc("2024-03-15T10:00:00.000Z"), kAgent, 200, 60, 50, 0.00625),
        makeRecord(m_key2, QDateTime(QDate(2024, 3, 16), QTime(1, 30, 0, 250), QTimeZone(2 * 3600)), kVerify, 200, 4),
        makeRecord(m_key2, utc("2024-03-15T18:00:00.000Z"), kVerify, 503, 30),
        makeRecord(m_key1, utc("2024-04-01T00:00:00.000Z"), kVerify, 200, 8),
    };
    Status first = repository.recordBatch(firstBatch);
    QVERIFY2(first.ok(), qPrintable(first.ok() ? QString() : first.error().message));
    Status second = repository.recordBatch(secondBatch);
    QVERIFY2(second.ok(), qPrintable(second.ok() ? QString() : second.error().message));
}

void TestUsageRepository::emptyBatchWritesNothing()
{
    UsageRepository repository(m_db->database());
    KW_VERIFY_OK(repository.recordBatch({}));
    QCOMPARE(countRows(QStringLiteral("api_key_usage")), qint64(0));
    QCOMPARE(countRows(QStringLiteral("api_key_usage_daily")), qint64(0));
}

void TestUsageRepository::recordWritesRawRowAllFieldsRoundTrip()
{
    UsageRepository repository(m_db->database());
    UsageRecord r = makeRecord(m_key1, utc("2024-03-14T08:09:10.123Z"), kAgent, 422, 12.5, 321, 0.004321);
    r.ipAddress = QStringLiteral("2001:db8::1");
    r.userAgent = QString::fromUtf8("curl/8.0 (Ünïcode)");
    r.errorMessage = QStringLiteral("input is \"empty\"");
    r.errorCode = QStringLiteral("bad_request");
    KW_VERIFY_OK(repository.record(r));

    auto rows = repository.getByKey(m_key1.id, utc("2024-03-14T00:00:00.000Z"), utc("2024-03-15T00:00:00.000Z"));
    KW_VERIFY_OK(rows);
    QCOMPARE(rows->size(), 1);
    const UsageRecord& loaded = rows->first();
    QCOMPARE(loaded.apiKeyId, r.apiKeyId);
    QCOMPARE(loaded.organizationId, r.organizationId);
    QCOMPARE(loaded.timestamp, r.timestamp);
    QCOMPARE(loaded.timestamp.timeSpec(), Qt::UTC);
    QCOMPARE(loaded.endpoint, r.endpoint);
    QCOMPARE(loaded.method, QStringLiteral("POST"));
    QCOMPARE(loaded.statusCode, 422);
    QCOMPARE(loaded.responseTimeMs, 12.5);
    QCOMPARE(loaded.tokensUsed, 321);
    KW_COMPARE_MONEY(loaded.costUsd, 0.004321);
    QCOMPARE(loaded.ipAddress, r.ipAddress);
    QCOMPARE(loaded.userAgent, r.userAgent);
    QCOMPARE(loaded.errorMessage, r.errorMessage);
    QCOMPARE(loaded.errorCode, r.errorCode);

    // Optional text left empty is read back empty.
    UsageRecord bare = makeRecord(m_key2, utc("2024-03-14T08:09:11.000Z"), kVerify, 200);
    KW_VERIFY_OK(repository.record(bare));
    auto bareRows = repository.getByKey(m_key2.id, utc("2024-03-14T00:00:00.000Z"), utc("2024-03-15T00:00:00.000Z"));
    KW_VERIFY_OK(bareRows);
    QCOMPARE(bareRows->size(), 1);
    QVERIFY(bareRows->first().ipAddress.isEmpty());
    QVERIFY(bareRows->first().errorCode.isEmpty());
}

void TestUsageRepository::hostileTextsRoundTripAndLongOnesAreCut()
{
    // The texts come from request headers. Each engine's writer has its own quoting (SQLite
    // binds, PostgreSQL sends COPY text): quotes, backslashes, braces, commas, the word NULL,
    // COPY's NULL and end-of-data markers, control characters and non-Latin text must
    // arrive as they were sent.
    const QStringList hostile{QStringLiteral("say \"hi\""),
                              QStringLiteral("back\\slash\\"),
                              QStringLiteral("it's'; DROP TABLE api_key_usage; --"),
                              QStringLiteral("{a,b},\"c\"}"),
                              QStringLiteral("NULL"),
                              QStringLiteral("tab\tnew\nline\r"),
                              QStringLiteral("\\N"),
                              QStringLiteral("line\n\\.\nafter"),
                              QString::fromUtf8("\xf0\x9f\x94\x91 Schl\xc3\xbcssel \xe9\x8d\xb5")};
    UsageRepository repository(m_db->database());
    QList<UsageRecord> batch;
    for (qsizetype i = 0; i < hostile.size(); ++i) {
        UsageRecord r = makeRecord(m_key1, utc("2024-05-01T10:00:00.000Z").addSecs(i), kVerify, 400);
        r.userAgent = hostile.at(i);
        r.errorMessage = hostile.at(hostile.size() - 1 - i);
        r.errorCode = QStringLiteral("bad_request");
        r.ipAddress = QStringLiteral("::ffff:10.0.0.%1").arg(i);
        batch << r;
    }
    UsageRecord longOne
        = makeRecord(m_key1, utc("2024-05-01T11:00:00.000Z"), QStringLiteral("/v1/") + QString(400, u'x'), 200);
    longOne.userAgent = QString(600, u'u');
    longOne.errorMessage = QString(3000, u'e');
    longOne.errorCode = QString(100, u'c');
    longOne.method = QStringLiteral("PROPFINDXYZ");
    batch << longOne;
    // PostgreSQL's text cannot hold NUL: both engines store U+FFFD instead of losing the row.
    UsageRecord nulOne = makeRecord(m_key1, utc("2024-05-01T09:00:00.000Z"), kVerify, 200);
    nulOne.userAgent = QStringLiteral("curl") + QChar(0) + QStringLiteral("8");
    batch << nulOne;
    KW_VERIFY_OK(repository.recordBatch(batch));

    auto rows = repository.getByKey(m_key1.id, utc("2024-05-01T00:00:00.000Z"), utc("2024-05-02T00:00:00.000Z"));
    KW_VERIFY_OK(rows);
    QCOMPARE(rows->size(), hostile.size() + 2);
    QCOMPARE(rows->last().userAgent, QStringLiteral("curl\ufffd8"));
    // Newest first: the long one, then the hostile ones in reverse.
    const UsageRecord& cut = rows->first();
    QCOMPARE(cut.endpoint, longOne.endpoint.left(255));
    QCOMPARE(cut.method, QStringLiteral("PROPFINDXY"));
    QCOMPARE(cut.userAgent, QString(512, u'u'));
    QCOMPARE(cut.errorMessage, QString(2000, u'e'));
    QCOMPARE(cut.errorCode, QString(64, u'c'));
    QVERIFY(cut.ipAddress.isEmpty());
    for (qsizetype i = 0; i < hostile.size(); ++i) {
        const UsageRecord& loaded = rows->at(hostile.size() - i);
        QCOMPARE(loaded.userAgent, hostile.at(i));
        QCOMPARE(loaded.errorMessage, hostile.at(hostile.size() - 1 - i));
        QCOMPARE(loaded.ipAddress, QStringLiteral("::ffff:10.0.0.%1").arg(i));
        QCOMPARE(loaded.statusCode, 400);
        QCOMPARE(loaded.timestamp, utc("2024-05-01T10:00:00.000Z").addSecs(i));
    }
    QCOMPARE(countRows(QStringLiteral("api_key_usage")), qint64(hostile.size() + 2));
}

void TestUsageRepository::batchWritesRawRowsRollupAndKeyCounters()
{
    recordScenario();
    if (QTest::currentTestFailed())
        return;
    // Raw rows: every record.
    QCOMPARE(countRows(QStringLiteral("api_key_usage")), qint64(12));
    // The rollup holds the same number of requests and tokens, in fewer rows.
    QCOMPARE(rollupSum(QStringLiteral("request_count")), qint64(12));
    QCOMPARE(rollupSum(QStringLiteral("tokens_used")), qint64(150));
    // Rows: key1 03-14 verify 2xx / verify 4xx / agent 2xx; key2 03-14 verify 4xx; foreign 03-14 verify 2xx;
    // key1 03-15 agent 2xx; key2 03-15 verify 2xx / verify 5xx; key1 02-29 verify 2xx; key1 04-01 verify 2xx.
    QCOMPARE(countRows(QStringLiteral("api_key_usage_daily")), qint64(10));
    auto query
        = SqlQuery::exec(m_db->database().connection().value(),
                         QStringLiteral("SELECT request_count, total_response_time_ms FROM api_key_usage_daily "
                                        "WHERE api_key_id = ? AND day = ? AND endpoint = ? AND status_class = ?"),
                         {SqlValue::fromUuid(m_key1.id), SqlValue::fromDay(QDate(2024, 3, 14)), kVerify, 2});
    KW_VERIFY_OK(query);
    QVERIFY(query->next());
    QCOMPARE(query->value(0).toLongLong(), qint64(3)); // two from the first batch, one from the second
    QCOMPARE(query->value(1).toDouble(), 60.0);

    // Key counters: total_requests and last_used_at / last_request_at (the newest record).
    ApiKeyRepository keys(m_db->database());
    auto key1 = keys.getById(m_key1.id);
    KW_VERIFY_OK(key1);
    QCOMPARE(key1->totalRequests, qint64(8));
    QCOMPARE(key1->lastUsedAt, utc("2024-04-01T00:00:00.000Z"));
    QCOMPARE(key1->lastRequestAt, utc("2024-04-01T00:00:00.000Z"));
    auto key2 = keys.getById(m_key2.id);
    QCOMPARE(key2->totalRequests, qint64(3));
    QCOMPARE(key2->lastUsedAt, utc("2024-03-15T23:30:00.250Z"));
    auto foreign = keys.getById(m_foreignKey.id);
    QCOMPARE(foreign->totalRequests, qint64(1));
    QCOMPARE(foreign->lastUsedAt, utc("2024-03-14T10:30:00.000Z"));
}

void TestUsageRepository::summaryAcrossTwoDays()
{
    recordScenario();
    if (QTest::currentTestFailed())
        return;
    UsageRepository repository(m_db->database());
    auto stats = repository.summary(m_org.id, QDate(2024, 3, 14), QDate(2024, 3, 15));
    KW_VERIFY_OK(stats);
    QCOMPARE(stats->from, QDate(2024, 3, 14));
    QCOMPARE(stats->to, QDate(2024, 3, 15));

    QCOMPARE(stats->totals.requests, qint64(9));
    QCOMPARE(stats->totals.successful, qint64(6));
    QCOMPARE(stats->totals.failed, qint64(3));
    QCOMPARE(stats->totals.tokens, qint64(150));
    KW_COMPARE_MONEY(stats->totals.costUsd, 0.01875);
    // (10 + 20 + 100 + 30 + 5 + 1 + 60 + 4 + 30) / 9
    QVERIFY(qAbs(stats->totals.averageResponseMs - 260.0 / 9.0) < 1e-9);

    QCOMPARE(stats->byEndpoint.size(), 2);
    QCOMPARE(stats->byEndpoint.at(0).endpoint, kVerify);
    QCOMPARE(stats->byEndpoint.at(0).requests, qint64(7));
    QCOMPARE(stats->byEndpoint.at(0).tokens, qint64(0));
    KW_COMPARE_MONEY(stats->byEndpoint.at(0).costUsd, 0.0);
    QCOMPARE(stats->byEndpoint.at(1).endpoint, kAgent);
    QCOMPARE(stats->byEndpoint.at(1).requests, qint64(2));
    QCOMPARE(stats->byEndpoint.at(1).tokens, qint64(150));
    KW_COMPARE_MONEY(stats->byEndpoint.at(1).costUsd, 0.01875);

    QCOMPARE(stats->byDay.size(), 2);
    QCOMPARE(stats->byDay.at(0).day, QDate(2024, 3, 14));
    QCOMPARE(stats->byDay.at(0).requests, qint64(6));
    QCOMPARE(stats->byDay.at(0).failed, qint64(2));
    QCOMPARE(stats->byDay.at(0).tokens, qint64(100));
    KW_COMPARE_MONEY(stats->byDay.at(0).costUsd, 0.0125);
    QCOMPARE(stats->byDay.at(1).day, QDate(2024, 3, 15));
    QCOMPARE(stats->byDay.at(1).requests, qint64(3));
    QCOMPARE(stats->byDay.at(1).failed, qint64(1));
    QCOMPARE(stats->byDay.at(1).tokens, qint64(50));
    KW_COMPARE_MONEY(stats->byDay.at(1).costUsd, 0.00625);

    QCOMPARE(stats->byStatus.size(), 3);
    QCOMPARE(stats->byStatus.at(0).statusClass, 2);
    QCOMPARE(stats->byStatus.at(0).requests, qint64(6));
    QCOMPARE(stats->byStatus.at(1).statusClass, 4);
    QCOMPARE(stats->byStatus.at(1).requests, qint64(2));
    QCOMPARE(stats->byStatus.at(2).statusClass, 5);
    QCOMPARE(stats->byStatus.at(2).requests, qint64(1));

    // One day only.
    auto firstDay = repository.summary(m_org.id, QDate(2024, 3, 14), QDate(2024, 3, 14));
    KW_VERIFY_OK(firstDay);
    QCOMPARE(firstDay->totals.requests, qint64(6));
    QCOMPARE(firstDay->byDay.size(), 1);

    // The other organization sees only its own request.
    auto other = repository.summary(m_otherOrg.id, QDate(2024, 3, 1), QDate(2024, 3, 31));
    KW_VERIFY_OK(other);
    QCOMPARE(other->totals.requests, qint64(1));
    QCOMPARE(other->byEndpoint.size(), 1);
}

void TestUsageRepository::summaryForOneKey()
{
    recordScenario();
    if (QTest::currentTestFailed())
        return;
    UsageRepository repository(m_db->database());
    auto stats = repository.summary(m_org.id, QDate(2024, 3, 14), QDate(2024, 3, 15), m_key2.id);
    KW_VERIFY_OK(stats);
    QCOMPARE(stats->totals.requests, qint64(3));
    QCOMPARE(stats->totals.successful, qint64(1));
    QCOMPARE(stats->totals.failed, qint64(2));
    QCOMPARE(stats->totals.tokens, qint64(0));
    QVERIFY(qAbs(stats->totals.averageResponseMs - 35.0 / 3.0) < 1e-9);
    QCOMPARE(stats->byEndpoint.size(), 1);
    QCOMPARE(stats->byEndpoint.at(0).endpoint, kVerify);
    QCOMPARE(stats->byDay.size(), 2);
    QCOMPARE(stats->byDay.at(0).requests, qint64(1));
    QCOMPARE(stats->byDay.at(1).requests, qint64(2));

    auto key1 = repository.summary(m_org.id, QDate(2024, 3, 1), QDate(2024, 3, 31), m_key1.id);
    KW_VERIFY_OK(key1);
    QCOMPARE(key1->totals.requests, qint64(6));
    KW_COMPARE_MONEY(key1->totals.costUsd, 0.01875);

    // A key of another organization yields nothing under this organization.
    auto mismatched = repository.summary(m_org.id, QDate(2024, 3, 1), QDate(2024, 3, 31), m_foreignKey.id);
    KW_VERIFY_OK(mismatched);
    QCOMPARE(mismatched->totals.requests, qint64(0));
}

void TestUsageRepository::summaryOfAnEmptyRange()
{
    recordScenario();
    if (QTest::currentTestFailed())
        return;
    UsageRepository repository(m_db->database());
    auto stats = repository.summary(m_org.id, QDate(2023, 1, 1), QDate(2023, 12, 31));
    KW_VERIFY_OK(stats);
    QCOMPARE(stats->totals.requests, qint64(0));
    QCOMPARE(stats->totals.averageResponseMs, 0.0);
    QVERIFY(stats->byDay.isEmpty());
    QVERIFY(stats->byEndpoint.isEmpty());
    QVERIFY(stats->byStatus.isEmpty());
    auto unknown = repository.summary(QUuid::createUuid(), QDate(2024, 3, 1), QDate(2024, 3, 31));
    KW_VERIFY_OK(unknown);
    QCOMPARE(unknown->totals.requests, qint64(0));
}

void TestUsageRepository::monthlySummaryAndRequestsInMonth()
{
    recordScenario();
    if (QTest::currentTestFailed())
        return;
    UsageRepository repository(m_db->database());
    auto march = repository.monthlySummary(m_org.id, 2024, 3);
    KW_VERIFY_OK(march);
    QCOMPARE(march->from, QDate(2024, 3, 1));
    QCOMPARE(march->to, QDate(2024, 3, 31));
    QCOMPARE(march->totals.requests, qint64(9));
    QCOMPARE(march->totals.failed, qint64(3));
    KW_COMPARE_MONEY(march->totals.costUsd, 0.01875);

    auto february = repository.monthlySummary(m_org.id, 2024, 2);
    KW_VERIFY_OK(february);
    QCOMPARE(february->to, QDate(2024, 2, 29)); // leap year
    QCOMPARE(february->totals.requests, qint64(1));
    auto april = repository.monthlySummary(m_org.id, 2024, 4);
    KW_VERIFY_OK(april);
    QCOMPARE(april->totals.requests, qint64(1));
    QCOMPARE(april->byDay.at(0).day, QDate(2024, 4, 1));

    // The quota's count leaves out the 401, 429 and 503 answers.
    QCOMPARE(repository.requestsInMonth(m_org.id, QDate(2024, 3, 1)).value(), qint64(6));
    QCOMPARE(repository.requestsInMonth(m_org.id, QDate(2024, 3, 31)).value(), qint64(6));
    QCOMPARE(repository.requestsInMonth(m_org.id, QDate(2024, 2, 10)).value(), qint64(1));
    QCOMPARE(repository.requestsInMonth(m_org.id, QDate(2024, 4, 30)).value(), qint64(1));
    QCOMPARE(repository.requestsInMonth(m_org.id, QDate(2024, 5, 1)).value(), qint64(0));
    QCOMPARE(repository.requestsInMonth(m_otherOrg.id, QDate(2024, 3, 14)).value(), qint64(1));
    QCOMPARE(repository.requestsInMonth(QUuid::createUuid(), QDate(2024, 3, 14)).value(), qint64(0));
}

void TestUsageRepository::dailyStats()
{
    recordScenario();
    if (QTest::currentTestFailed())
        return;
    UsageRepository repository(m_db->database());
    auto days = repository.dailyStats(m_org.id, QDate(2024, 2, 1), QDate(2024, 4, 30));
    KW_VERIFY_OK(days);
    QCOMPARE(days->size(), 4); // only days with traffic, oldest first
    QCOMPARE(days->at(0).day, QDate(2024, 2, 29));
    QCOMPARE(days->at(0).requests, qint64(1));
    QCOMPARE(days->at(1).day, QDate(2024, 3, 14));
    QCOMPARE(days->at(1).requests, qint64(6));
    QCOMPARE(days->at(1).failed, qint64(2));
    QCOMPARE(days->at(2).day, QDate(2024, 3, 15));
    QCOMPARE(days->at(2).requests, qint64(3));
    QCOMPARE(days->at(2).tokens, qint64(50));
    QCOMPARE(days->at(3).day, QDate(2024, 4, 1));

    auto one = repository.dailyStats(m_org.id, QDate(2024, 3, 15), QDate(2024, 3, 15));
    KW_VERIFY_OK(one);
    QCOMPARE(one->size(), 1);
    QCOMPARE(one->at(0).requests, qint64(3));
    KW_COMPARE_MONEY(one->at(0).costUsd, 0.00625);
}

void TestUsageRepository::dayIsTheUtcDay()
{
    UsageRepository repository(m_db->database());
    // 00:30 on the 2nd in UTC+05:00 is 19:30 UTC on the 1st; 23:30 on the 1st in UTC-03:00 is the 2nd in UTC.
    KW_VERIFY_OK(repository.record(
        makeRecord(m_key1, QDateTime(QDate(2024, 6, 2), QTime(0, 30), QTimeZone(5 * 3600)), kVerify, 200)));
    KW_VERIFY_OK(repository.record(
        makeRecord(m_key1, QDateTime(QDate(2024, 6, 1), QTime(23, 30), QTimeZone(-3 * 3600)), kVerify, 200)));
    KW_VERIFY_OK(repository.record(makeRecord(m_key1, utc("2024-06-01T23:59:59.999Z"), kVerify, 200)));
    KW_VERIFY_OK(repository.record(makeRecord(m_key1, utc("2024-06-02T00:00:00.000Z"), kVerify, 200)));
    auto days = repository.dailyStats(m_org.id, QDate(2024, 5, 31), QDate(2024, 6, 3));
    KW_VERIFY_OK(days);
    QCOMPARE(days->size(), 2);
    QCOMPARE(days->at(0).day, QDate(2024, 6, 1));
    QCOMPARE(days->at(0).requests, qint64(2));
    QCOMPARE(days->at(1).day, QDate(2024, 6, 2));
    QCOMPARE(days->at(1).requests, qint64(2));
    // The raw rows agree with the rollup about the instants.
    auto raw = repository.getByKey(m_key1.id, utc("2024-06-01T00:00:00.000Z"), utc("2024-06-02T00:00:00.000Z"));
    KW_VERIFY_OK(raw);
    QCOMPARE(raw->size(), 2);
    QCOMPARE(raw->at(0).timestamp, utc("2024-06-01T23:59:59.999Z"));
    QCOMPARE(raw->at(1).timestamp, utc("2024-06-01T19:30:00.000Z"));
}

void TestUsageRepository::statusClasses()
{
    UsageRepository repository(m_db->database());
    const QDateTime at = utc("2024-07-01T12:00:00.000Z");
    QList<UsageRecord> batch;
    for (int status : {200, 201, 204, 301, 304, 400, 401, 403, 404, 429, 499, 500, 502, 503})
        batch << makeRecord(m_key1, at, kVerify, status);
    KW_VERIFY_OK(repository.recordBatch(batch));
    auto stats = repository.summary(m_org.id, QDate(2024, 7, 1), QDate(2024, 7, 1));
    KW_VERIFY_OK(stats);
    QCOMPARE(stats->totals.requests, qint64(14));
    QCOMPARE(stats->totals.successful, qint64(5)); // 2xx and 3xx
    QCOMPARE(stats->totals.failed, qint64(9));
    QCOMPARE(stats->byDay.at(0).failed, qint64(9));
    QCOMPARE(stats->byStatus.size(), 4);
    const QList<QPair<int, qint64>> expected{{2, 3}, {3, 2}, {4, 6}, {5, 3}};
    for (int i = 0; i < expected.size(); ++i) {
        QCOMPARE(stats->byStatus.at(i).statusClass, expected.at(i).first);
        QCOMPARE(stats->byStatus.at(i).requests, expected.at(i).second);
    }
}

void TestUsageRepository::rawRowsNewestFirstWithinRange()
{
    UsageRepository repository(m_db->database());
    const QDateTime start = utc("2024-08-01T00:00:00.000Z");
    QList<UsageRecord> batch;
    for (int i = 0; i < 10; ++i)
        batch << makeRecord(i % 2 ? m_key1 : m_key2, start.addSecs(i * 60), kVerify, 200 + i);
    KW_VERIFY_OK(repository.recordBatch(batch));

    // [from, to): the record at `from` is in, the one at `to` is out.
    auto byOrg = repository.getByOrganization(m_org.id, start.addSecs(2 * 60), start.addSecs(7 * 60));
    KW_VERIFY_OK(byOrg);
    QCOMPARE(byOrg->size(), 5);
    for (int i = 0; i < 5; ++i)
        QCOMPARE(byOrg->at(i).timestamp, start.addSecs((6 - i) * 60));
    QCOMPARE(byOrg->first().statusCode, 206);

    auto byKey = repository.getByKey(m_key1.id, start, start.addDays(1));
    KW_VERIFY_OK(byKey);
    QCOMPARE(byKey->size(), 5);
    for (const UsageRecord& r : byKey.value())
        QCOMPARE(r.apiKeyId, m_key1.id);
    QCOMPARE(byKey->first().timestamp, start.addSecs(9 * 60));

    auto limited = repository.getByKey(m_key1.id, start, start.addDays(1), 2);
    KW_VERIFY_OK(limited);
    QCOMPARE(limited->size(), 2);
    QCOMPARE(limited->at(1).timestamp, start.addSecs(7 * 60));

    QVERIFY(repository.getByOrganization(m_otherOrg.id, start, start.addDays(1))->isEmpty());
}

void TestUsageRepository::batchOf500()
{
    UsageRepository repository(m_db->database());
    const QDateTime start = utc("2024-09-30T23:00:00.000Z");
    const QStringList endpoints{kVerify, kAgent, QStringLiteral("/v1/conversations")};
    QList<UsageRecord> batch;
    qint64 tokens = 0;
    double cost = 0;
    for (int i = 0; i < 500; ++i) {
        // 500 records, 15 s apart: from 23:00 on Sept 30 into Oct 1 (240 in September).
        UsageRecord r = makeRecord(i % 3 ? m_key1 : m_key2, start.addSecs(i * 15), endpoints.at(i % 3),
                                   i % 10 == 0 ? 500 : 200, i % 7, i % 3 == 1 ? 10 : 0, i % 3 == 1 ? 0.001 : 0);
        tokens += r.tokensUsed;
        cost += r.costUsd;
        batch << r;
    }
    KW_VERIFY_OK(repository.recordBatch(batch));
    QCOMPARE(countRows(QStringLiteral("api_key_usage")), qint64(500));
    QCOMPARE(rollupSum(QStringLiteral("request_count")), qint64(500));
    QCOMPARE(rollupSum(QStringLiteral("tokens_used")), tokens);

    ApiKeyRepository keys(m_db->database());
    const qint64 key2Count = 167; // i % 3 == 0 for i in [0, 500)
    QCOMPARE(keys.getById(m_key1.id)->totalRequests, qint64(500) - key2Count);
    QCOMPARE(keys.getById(m_key2.id)->totalRequests, key2Count);
    QCOMPARE(keys.getById(m_key1.id)->lastUsedAt, start.addSecs(499 * 15)); // 499 % 3 == 1: key1
    QCOMPARE(keys.getById(m_key2.id)->lastUsedAt, start.addSecs(498 * 15));

    auto stats = repository.summary(m_org.id, QDate(2024, 9, 30), QDate(2024, 10, 1));
    KW_VERIFY_OK(stats);
    QCOMPARE(stats->totals.requests, qint64(500));
    QCOMPARE(stats->totals.failed, qint64(50));
    QCOMPARE(stats->totals.tokens, tokens);
    KW_COMPARE_MONEY(stats->totals.costUsd, cost);
    QCOMPARE(stats->byDay.size(), 2);
    QCOMPARE(stats->byDay.at(0).requests, qint64(240));
    QCOMPARE(stats->byDay.at(1).requests, qint64(260));
    QCOMPARE(stats->byEndpoint.size(), 3);
    // Every tenth answer was a 500: the quota does not count it.
    QCOMPARE(repository.requestsInMonth(m_org.id, QDate(2024, 9, 1)).value(), qint64(240 - 24));
    QCOMPARE(repository.requestsInMonth(m_org.id, QDate(2024, 10, 1)).value(), qint64(260 - 26));
}

void TestUsageRepository::unknownKeyFailsAndWritesNothing()
{
    recordScenario();
    if (QTest::currentTestFailed())
        return;
    const qint64 rawBefore = countRows(QStringLiteral("api_key_usage"));
    const qint64 rollupRowsBefore = countRows(QStringLiteral("api_key_usage_daily"));
    const qint64 requestsBefore = rollupSum(QStringLiteral("request_count"));
    ApiKeyRepository keys(m_db->database());
    const ApiKey key1Before = keys.getById(m_key1.id).value();

    UsageRepository repository(m_db->database());
    QList<UsageRecord> batch;
    for (int i = 0; i < 60; ++i)
        batch << makeRecord(m_key1, utc("2024-03-20T10:00:00.000Z").addSecs(i), kVerify, 200);
    // The 56th record names a key that does not exist.
    ApiKey ghost = m_key1;
    ghost.id = QUuid::createUuid();
    batch[55] = makeRecord(ghost, utc("2024-03-20T11:00:00.000Z"), kVerify, 200);
    const Status status = repository.recordBatch(batch);
    QVERIFY(!status.ok());
    QCOMPARE(status.code(), ErrorCode::DatabaseError);

    // Rolled back as a whole: no raw rows, no rollup, no counters.
    QCOMPARE(countRows(QStringLiteral("api_key_usage")), rawBefore);
    QCOMPARE(countRows(QStringLiteral("api_key_usage_daily")), rollupRowsBefore);
    QCOMPARE(rollupSum(QStringLiteral("request_count")), requestsBefore);
    const ApiKey key1After = keys.getById(m_key1.id).value();
    QCOMPARE(key1After.totalRequests, key1Before.totalRequests);
    QCOMPARE(key1After.lastUsedAt, key1Before.lastUsedAt);
    QCOMPARE(repository.requestsInMonth(m_org.id, QDate(2024, 3, 1)).value(), qint64(6));

    // The connection is fine afterwards: the good records go in on their own.
    batch.removeAt(55);
    KW_VERIFY_OK(repository.recordBatch(batch));
    QCOMPARE(countRows(QStringLiteral("api_key_usage")), rawBefore + 59);
    QCOMPARE(repository.requestsInMonth(m_org.id, QDate(2024, 3, 1)).value(), qint64(6 + 59));
    QCOMPARE(keys.getById(m_key1.id)->totalRequests, key1Before.totalRequests + 59);
}

void TestUsageRepository::unknownOrganizationFailsAndWritesNothing()
{
    UsageRepository repository(m_db->database());
    UsageRecord good = makeRecord(m_key1, utc("2024-03-20T10:00:00.000Z"), kVerify, 200);
    UsageRecord bad = good;
    bad.organizationId = QUuid::createUuid();
    const Status status = repository.recordBatch({good, bad});
    QVERIFY(!status.ok());
    QCOMPARE(countRows(QStringLiteral("api_key_usage")), qint64(0));
    QCOMPARE(countRows(QStringLiteral("api_key_usage_daily")), qint64(0));
    ApiKeyRepository keys(m_db->database());
    QCOMPARE(keys.getById(m_key1.id)->totalRequests, qint64(0));
    QVERIFY(!keys.getById(m_key1.id)->lastUsedAt.isValid());
}

void TestUsageRepository::keyCountersNeverMoveBackwards()
{
    UsageRepository repository(m_db->database());
    const QDateTime late = utc("2024-03-20T10:00:00.500Z");
    KW_VERIFY_OK(repository.record(makeRecord(m_key1, late, kVerify, 200)));
    // A batch that was delayed holds older records only.
    KW_VERIFY_OK(repository.recordBatch(
        {makeRecord(m_key1, late.addSecs(-60), kVerify, 200), makeRecord(m_key1, late.addMSecs(-1), kVerify, 200)}));
    ApiKeyRepository keys(m_db->database());
    auto key = keys.getById(m_key1.id);
    KW_VERIFY_OK(key);
    QCOMPARE(key->totalRequests, qint64(3));
    QCOMPARE(key->lastUsedAt, late);
    QCOMPARE(key->lastRequestAt, late);
    // Within one batch, the newest record wins whatever its position.
    KW_VERIFY_OK(repository.recordBatch(
        {makeRecord(m_key1, late.addSecs(120), kVerify, 200), makeRecord(m_key1, late.addSecs(60), kVerify, 200)}));
    key = keys.getById(m_key1.id);
    QCOMPARE(key->totalRequests, qint64(5));
    QCOMPARE(key->lastUsedAt, late.addSecs(120));
}

void TestUsageRepository::usageGoesWithItsKeyAndItsOrganization()
{
    // By the triggers that replaced the foreign keys' ON DELETE CASCADE (migration 5). A row
    // may name a key and another organization (the foreign keys allowed it), so each
    // deletion is checked on its own.
    recordScenario();
    if (QTest::currentTestFailed())
        return;
    UsageRepository repository(m_db->database());
    UsageRecord crossed = makeRecord(m_key1, utc("2024-03-20T10:00:00.000Z"), kVerify, 200);
    crossed.organizationId = m_otherOrg.id;
    KW_VERIFY_OK(repository.record(crossed));
    const auto rowsOf = [this](const char* column, const QUuid& id) {
        auto query = SqlQuery::exec(
            m_db->database().connection().value(),
            QStringLiteral("SELECT COUNT(*) FROM api_key_usage WHERE %1 = ?").arg(QLatin1String(column)),
            {SqlValue::fromUuid(id)});
        return query && query->next() ? query->value(0).toLongLong() : -1;
    };
    QCOMPARE(rowsOf("api_key_id", m_key2.id), qint64(3));
    QCOMPARE(rowsOf("organization_id", m_otherOrg.id), qint64(2));
    const qint64 all = countRows(QStringLiteral("api_key_usage"));

    const auto remove = [this](const char* table, const QUuid& id) {
        return SqlQuery::exec(m_db->database().connection().value(),
                              QStringLiteral("DELETE FROM %1 WHERE id = ?").arg(QLatin1String(table)),
                              {SqlValue::fromUuid(id)});
    };
    KW_VERIFY_OK(remove("api_keys", m_key2.id));
    QCOMPARE(rowsOf("api_key_id", m_key2.id), qint64(0));
    QCOMPARE(countRows(QStringLiteral("api_key_usage")), all - 3);

    // The other organization's own key and the crossed row (whose key lives on) both go.
    KW_VERIFY_OK(remove("organizations", m_otherOrg.id));
    QCOMPARE(rowsOf("organization_id", m_otherOrg.id), qint64(0));
    QCOMPARE(rowsOf("api_key_id", m_foreignKey.id), qint64(0));
    QCOMPARE(countRows(QStringLiteral("api_key_usage")), all - 3 - 2);
    QCOMPARE(rowsOf("api_key_id", m_key1.id), qint64(8));

    // PostgreSQL's TRUNCATE ... CASCADE of the keys empties their usage, as it did through
    // the foreign key (SQLite has no TRUNCATE).
    if (TestDatabase::engine() == DatabaseEngine::PostgreSQL) {
        KW_VERIFY_OK(
            SqlQuery::exec(m_db->database().connection().value(), QStringLiteral("TRUNCATE api_keys CASCADE")));
        QCOMPARE(countRows(QStringLiteral("api_key_usage")), qint64(0));
    }
}

void TestUsageRepository::aBatchHoldsItsKeysAndOrganizationsUntilItEnds()
{
    // What the foreign keys' row locks did: while a batch's transaction is open, its keys and
    // organizations cannot be deleted (the deletion waits, then takes the batch's rows with
    // it), so no usage row outlives them. The row names key 1 with the other organization,
    // whose own key the batch does not lock: only the organization's lock holds it.
    // SQLite has one writer at a time anyway.
    if (TestDatabase::engine() != DatabaseEngine::PostgreSQL)
        QSKIP("SQLite lets one transaction write at a time: nothing to hold per key");
    auto db = m_db->database().connection();
    KW_VERIFY_OK(db);
    Transaction batch(db.value());
    QVERIFY(batch.isActive());
    UsageRecord crossed = makeRecord(m_key1, utc("2024-03-20T10:00:00.000Z"), kVerify, 200);
    crossed.organizationId = m_otherOrg.id;
    KW_VERIFY_OK(UsageRowWriter::insert(db.value(), {crossed}));

    Database other(m_db->database().url());
    auto otherDb = other.connection();
    KW_VERIFY_OK(otherDb);
    KW_VERIFY_OK(SqlQuery::exec(otherDb.value(), QStringLiteral("SET lock_timeout = '200ms'")));
    const auto remove = [&otherDb](const char* table, const QUuid& id) {
        return SqlQuery::exec(otherDb.value(), QStringLiteral("DELETE FROM %1 WHERE id = ?").arg(QLatin1String(table)),
                              {SqlValue::fromUuid(id)});
    };
    for (const auto& [table, id] : {std::pair{"api_keys", m_key1.id}, std::pair{"organizations", m_otherOrg.id}})
        QVERIFY2(!remove(table, id).ok(), table); // waited for the batch's lock, then gave up
    // A key the batch does not name is free to go.
    KW_VERIFY_OK(remove("api_keys", m_key2.id));
    KW_VERIFY_OK(batch.commit());
    KW_VERIFY_OK(remove("organizations", m_otherOrg.id));
    QCOMPARE(countRows(QStringLiteral("api_key_usage")), qint64(0));
}

void TestUsageRepository::theRowWriterChecksEveryKeyAndOrganizationItself()
{
    // The raw rows are checked by UsageRowWriter, not by a foreign key (migration 5), and
    // not only because the rollups written after them in recordBatch() have foreign keys:
    // called alone, it refuses a row whose key or organization does not exist.
    auto db = m_db->database().connection();
    KW_VERIFY_OK(db);
    const UsageRecord good = makeRecord(m_key1, utc("2024-03-20T10:00:00.000Z"), kVerify, 200);
    UsageRecord ghostKey = good;
    ghostKey.apiKeyId = QUuid::createUuid();
    UsageRecord ghostOrganization = good;
    ghostOrganization.organizationId = QUuid::createUuid();
    UsageRecord noKey = good;
    noKey.apiKeyId = QUuid();
    for (const UsageRecord& bad : {ghostKey, ghostOrganization, noKey}) {
        Transaction transaction(db.value());
        QVERIFY(transaction.isActive());
        const Status status = UsageRowWriter::insert(db.value(), {good, good, bad, good});
        QCOMPARE(status.code(), ErrorCode::DatabaseError);
    }
    QCOMPARE(countRows(QStringLiteral("api_key_usage")), qint64(0));
    {
        Transaction transaction(db.value());
        KW_VERIFY_OK(UsageRowWriter::insert(db.value(), {good, good}));
        KW_VERIFY_OK(transaction.commit());
    }
    QCOMPARE(countRows(QStringLiteral("api_key_usage")), qint64(2));
}

// A batch over many keys, days, endpoints and status classes, in no order: PostgreSQL writes
// each rollup and the key counters as one statement over all of them, SQLite a statement
// per row; both must count every request once, and a second batch adds to the same rows.
void TestUsageRepository::aBatchOverManyKeysCountsEachOnce()
{
    ApiKeyRepository keys(m_db->database());
    QList<ApiKey> many;
    for (int i = 0; i < 200; ++i) {
        const GeneratedKey generated = ApiKeyGenerator::generate(KeyEnvironment::Live);
        ApiKey key;
        key.id = QUuid::createUuid();
        key.organizationId = (i % 2 ? m_otherOrg : m_org).id;
        key.keyPrefix = generated.keyPrefix;
        key.keyHash = generated.keyHash;
        key.keyHint = generated.keyHint;
        key.name = QStringLiteral("many %1").arg(i);
        key.createdAt = utc("2024-01-01T00:00:00.000Z");
        KW_VERIFY_OK(keys.create(key));
        many << key;
    }
    const QDateTime day1 = utc("2024-06-01T12:00:00.000Z");
    const QDateTime day2 = utc("2024-06-02T08:00:00.000Z");
    QList<UsageRecord> batch;
    for (const ApiKey& key : std::as_const(many)) {
        batch << makeRecord(key, day1, kVerify, 200) << makeRecord(key, day1.addSecs(60), kAgent, 200, 40, 10, 0.5)
              << makeRecord(key, day2, kVerify, 429, 1);
    }
    std::shuffle(batch.begin(), batch.end(), std::mt19937(20261129));
    UsageRepository repository(m_db->database());
    for (int round = 1; round <= 2; ++round) {
        KW_VERIFY_OK(repository.recordBatch(batch));
        QCOMPARE(countRows(QStringLiteral("api_key_usage")), qint64(600 * round));
        QCOMPARE(countRows(QStringLiteral("api_key_usage_daily")), qint64(600)); // key x (day, endpoint, class)
        QCOMPARE(countRows(QStringLiteral("organization_usage_daily")), qint64(6));
        QCOMPARE(rollupSum(QStringLiteral("request_count")), qint64(600 * round));
        QCOMPARE(rollupSum(QStringLiteral("tokens_used")), qint64(2000 * round));
        for (const Organization& org : {m_org, m_otherOrg}) {
            auto stats = repository.summary(org.id, day1.date(), day2.date());
            KW_VERIFY_OK(stats);
            QCOMPARE(stats->totals.requests, qint64(300 * round));
            KW_COMPARE_MONEY(stats->totals.costUsd, 50.0 * round);
        }
        for (const ApiKey& key : std::as_const(many)) {
            auto loaded = keys.getById(key.id);
            KW_VERIFY_OK(loaded);
            QCOMPARE(loaded->totalRequests, qint64(3 * round));
            QCOMPARE(loaded->lastUsedAt, day2);
        }
    }
}

// The endpoint is the client's path: cut at 255 in the middle of a character, or holding NUL
// or a lone surrogate, it is stored with U+FFFD (usageText()), raw row and rollup alike, on
// both engines. Two paths that store alike are one rollup row: PostgreSQL's upsert of a
// batch refuses to meet the same row twice.
void TestUsageRepository::clientPathsThatNoTextCanHoldAreStoredAlike()
{
    const QString key = QString::fromUtf8("\xf0\x9f\x94\x91");
    const QString straddling = QStringLiteral("/v1/") + QString(250, u'x') + key; // the pair at 254-255
    const QList<QString> paths{straddling, QStringLiteral("/v1/a") + QChar(0), QStringLiteral("/v1/a") + QChar(0xd83d),
                               QStringLiteral("/v1/a\ufffd"),
                               QStringLiteral("/v1/") + QChar(0xdd11) + QStringLiteral("b")};
    UsageRepository repository(m_db->database());
    QList<UsageRecord> batch;
    for (qsizetype i = 0; i < paths.size(); ++i)
        batch << makeRecord(m_key1, utc("2024-07-01T10:00:00.000Z").addSecs(i), paths.at(i), 200);
    KW_VERIFY_OK(repository.recordBatch(batch));
    KW_VERIFY_OK(repository.recordBatch(batch)); // and again, onto the same rollup rows

    auto rows = repository.getByKey(m_key1.id, utc("2024-07-01T00:00:00.000Z"), utc("2024-07-02T00:00:00.000Z"));
    KW_VERIFY_OK(rows);
    QCOMPARE(rows->size(), 2 * paths.size());
    QStringList stored;
    for (const UsageRecord& row : rows.value())
        stored << row.endpoint;
    stored.removeDuplicates();
    std::sort(stored.begin(), stored.end());
    QStringList expected{QStringLiteral("/v1/") + QString(250, u'x'), QStringLiteral("/v1/a\ufffd"),
                         QStringLiteral("/v1/\ufffdb")};
    std::sort(expected.begin(), expected.end());
    QCOMPARE(stored, expected);
    QCOMPARE(rollupSum(QStringLiteral("request_count")), qint64(2 * paths.size()));
}

QTEST_GUILESS_MAIN(TestUsageRepository)
#include "TestUsageRepository.moc"
