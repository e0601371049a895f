// InvalidAttemptAggregator: refused keys become one audit row per key (or for unknown keys)
// per window, within a bound; a window that cannot be written because the database is away
// waits for the next flush, merged with what came meanwhile, and is written once; a row the
// database refuses costs only itself. Runs on SQLite and PostgreSQL (the outage is
// TestDatabase::unreachableUrl()).
#include "AuditRepository.h"
#include "InvalidAttemptAggregator.h"
#include "LogCapture.h"
#include "TestDatabase.h"

#include <QJsonArray>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <memory>

class TestInvalidAttemptAggregator : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void writesOneRowPerKeyWithTheCounts();
    void foldsKeysBeyondTheBoundIntoTheUnknownGroup();
    void keepsAWindowWhileTheDatabaseIsAwayAndWritesItOnce();
    void aKeptWindowStaysWithinTheBound();
    void controlCharactersInSamplesAreReplaced();
    void aRowTheDatabaseRefusesCostsOnlyItself();

private:
    // The key.invalid_attempt rows, by key id (null: unknown keys).
    QHash<QUuid, AuditEvent> rows();

    std::unique_ptr<TestDatabase> m_db;
};

void TestInvalidAttemptAggregator::init()
{
    m_db = std::make_unique<TestDatabase>();
    KW_REQUIRE_DB(*m_db);
}

void TestInvalidAttemptAggregator::cleanup()
{
    m_db.reset();
}

QHash<QUuid, AuditEvent> TestInvalidAttemptAggregator::rows()
{
    AuditRepository audit(m_db->database());
    AuditFilter filter;
    filter.action = QStringLiteral("key.invalid_attempt");
    filter.limit = 5000;
    auto events = audit.list(filter);
    if (!events)
        qFatal("cannot list audit events: %s", qPrintable(events.error().message));
    QHash<QUuid, AuditEvent> byKey;
    for (const AuditEvent& event : events.value()) {
        if (byKey.contains(event.keyId))
            qFatal("two rows for one key in one window");
        byKey.insert(event.keyId, event);
    }
    return byKey;
}

void TestInvalidAttemptAggregator::writesOneRowPerKeyWithTheCounts()
{
    InvalidAttemptAggregator attempts;
    const QUuid key = QUuid::createUuid();
    const QUuid org = QUuid::createUuid();
    for (int i = 0; i < 8; ++i)
        attempts.record(QStringLiteral("invalid_api_key"), QStringLiteral("kw_live_ab%1…").arg(i),
                        QStringLiteral("10.0.0.%1").arg(i), QUuid(), QUuid());
    attempts.record(QStringLiteral("revoked_api_key"), QStringLiteral("kw_live_cd…"), QStringLiteral("10.0.1.1"), key,
                    org);
    attempts.record(QStringLiteral("expired_api_key"), QStringLiteral("kw_live_cd…"), QString(), key, org);
    QCOMPARE(attempts.pendingGroups(), 2);

    qsizetype taken = 0;
    QCOMPARE(attempts.flush(m_db->database(), &taken), 2);
    QCOMPARE(taken, 2);
    QCOMPARE(attempts.pendingGroups(), 0);
    QCOMPARE(attempts.flush(m_db->database(), &taken), 0); // a new, empty window
    QCOMPARE(taken, 0);

    const QHash<QUuid, AuditEvent> written = rows();
    QCOMPARE(written.size(), 2);
    const AuditEvent unknown = written.value(QUuid());
    QCOMPARE(unknown.details.value(QStringLiteral("count")).toInt(), 8);
    QCOMPARE(unknown.details.value(QStringLiteral("sample_keys")).toArray().size(),
             InvalidAttemptAggregator::MaxSamples);
    QCOMPARE(unknown.details.value(QStringLiteral("ip_addresses")).toArray().size(),
             InvalidAttemptAggregator::MaxSamples);
    QCOMPARE(unknown.ipAddress, QStringLiteral("10.0.0.0"));
    QCOMPARE(unknown.actor, QStringLiteral("validator"));
    QVERIFY(!unknown.details.contains(QStringLiteral("folded_known_key_attempts"))); // none folded
    const AuditEvent known = written.value(key);
    QCOMPARE(known.organizationId, org);
    QCOMPARE(known.details.value(QStringLiteral("count")).toInt(), 2);
    const QJsonObject reasons = known.details.value(QStringLiteral("reasons")).toObject();
    QCOMPARE(reasons.value(QStringLiteral("revoked_api_key")).toInt(), 1);
    QCOMPARE(reasons.value(QStringLiteral("expired_api_key")).toInt(), 1);
    // The same masked key twice is one sample; an empty address is none.
    QCOMPARE(known.details.value(QStringLiteral("sample_keys")).toArray(), QJsonArray{QStringLiteral("kw_live_cd…")});
    QCOMPARE(known.details.value(QStringLiteral("ip_addresses")).toArray(), QJsonArray{QStringLiteral("10.0.1.1")});
}

void TestInvalidAttemptAggregator::foldsKeysBeyondTheBoundIntoTheUnknownGroup()
{
    InvalidAttemptAggregator attempts;
    const int extra = 7;
    const auto knownKeyAttempts = [&attempts](int count) {
        for (int i = 0; i < count; ++i)
            attempts.record(QStringLiteral("revoked_api_key"), QStringLiteral("kw_live_x…"), QString(),
                            QUuid::createUuid(), QUuid::createUuid());
    };
    knownKeyAttempts(InvalidAttemptAggregator::MaxGroups);
    // An unknown key's attempt in a full window is one of the unknown group's own.
    attempts.record(QStringLiteral("invalid_api_key"), QStringLiteral("kw_live_z…"), QString(), QUuid(), QUuid());
    knownKeyAttempts(extra);
    // The bound, plus the unknown group that takes the rest.
    QCOMPARE(attempts.pendingGroups(), InvalidAttemptAggregator::MaxGroups + 1);
    QCOMPARE(attempts.flush(m_db->database()), InvalidAttemptAggregator::MaxGroups + 1);
    const QHash<QUuid, AuditEvent> written = rows();
    QCOMPARE(written.size(), InvalidAttemptAggregator::MaxGroups + 1);
    // The unknown group's row says that its attempts were on known keys.
    const QJsonObject unknown = written.value(QUuid()).details;
    QCOMPARE(unknown.value(QStringLiteral("count")).toInt(), extra + 1);
    QCOMPARE(unknown.value(QStringLiteral("folded_known_key_attempts")).toInt(), extra);
    for (auto it = written.cbegin(); it != written.cend(); ++it)
        QCOMPARE(it.value().details.contains(QStringLiteral("folded_known_key_attempts")), it.key().isNull());
}

void TestInvalidAttemptAggregator::keepsAWindowWhileTheDatabaseIsAwayAndWritesItOnce()
{
    Database away(TestDatabase::unreachableUrl());
    InvalidAttemptAggregator attempts;
    const QUuid key = QUuid::createUuid();
    const QUuid org = QUuid::createUuid();
    for (int i = 0; i < 3; ++i)
        attempts.record(QStringLiteral("revoked_api_key"), QStringLiteral("kw_live_aa…"), QStringLiteral("10.0.0.1"),
                        key, org);
    attempts.record(QStringLiteral("invalid_api_key"), QStringLiteral("kw_live_bb…"), QStringLiteral("10.0.0.2"),
                    QUuid(), QUuid());
    {
        LogCapture log;
        qsizetype taken = 0;
        QCOMPARE(attempts.flush(away, &taken), 0);
        QCOMPARE(taken, 2);
        QVERIFY2(log.contains(QStringLiteral("will retry")), qPrintable(log.messages().join(u'\n')));
    }
    QCOMPARE(attempts.pendingGroups(), 2);
    // Twice away: still kept, counted once.
    QCOMPARE(attempts.flush(away), 0);

    // More attempts meanwhile join the kept window.
    attempts.record(QStringLiteral("expired_api_key"), QStringLiteral("kw_live_cc…"), QStringLiteral("10.0.0.3"), key,
                    org);
    QCOMPARE(attempts.flush(m_db->database()), 2);
    QCOMPARE(attempts.pendingGroups(), 0);

    const QHash<QUuid, AuditEvent> written = rows();
    QCOMPARE(written.size(), 2);
    const AuditEvent known = written.value(key);
    QCOMPARE(known.details.value(QStringLiteral("count")).toInt(), 4);
    const QJsonObject reasons = known.details.value(QStringLiteral("reasons")).toObject();
    QCOMPARE(reasons.value(QStringLiteral("revoked_api_key")).toInt(), 3);
    QCOMPARE(reasons.value(QStringLiteral("expired_api_key")).toInt(), 1);
    QCOMPARE(known.details.value(QStringLiteral("sample_keys")).toArray().size(), 2);
    QCOMPARE(known.details.value(QStringLiteral("ip_addresses")).toArray().size(), 2);
    QCOMPARE(written.value(QUuid()).details.value(QStringLiteral("count")).toInt(), 1);
}

void TestInvalidAttemptAggregator::aKeptWindowStaysWithinTheBound()
{
    Database away(TestDatabase::unreachableUrl());
    InvalidAttemptAggregator attempts;
    for (int i = 0; i < InvalidAttemptAggregator::MaxGroups; ++i)
        attempts.record(QStringLiteral("revoked_api_key"), QStringLiteral("kw_live_x…"), QString(), QUuid::createUuid(),
                        QUuid::createUuid());
    QCOMPARE(attempts.flush(away), 0);
    // A new window fills up while the old one waits; the old one's keys that no longer fit
    // are counted in the unknown group, and none is lost.
    for (int i = 0; i < InvalidAttemptAggregator::MaxGroups; ++i)
        attempts.record(QStringLiteral("revoked_api_key"), QStringLiteral("kw_live_y…"), QString(), QUuid::createUuid(),
                        QUuid::createUuid());
    QCOMPARE(attempts.flush(away), 0);
    // At most the bound and the unknown group (which keys fold depends on hash order).
    const qsizetype kept = attempts.pendingGroups();
    QVERIFY2(kept <= InvalidAttemptAggregator::MaxGroups + 1, qPrintable(QString::number(kept)));
    QCOMPARE(attempts.flush(m_db->database()), int(kept));
    const QHash<QUuid, AuditEvent> written = rows();
    quint64 total = 0;
    for (const AuditEvent& event : written)
        total += quint64(event.details.value(QStringLiteral("count")).toInteger());
    QCOMPARE(total, quint64(2 * InvalidAttemptAggregator::MaxGroups));
    // Every attempt was on a known key, so all the unknown group holds was folded, over
    // both windows and the merge.
    const QJsonObject unknown = written.value(QUuid()).details;
    QVERIFY(unknown.value(QStringLiteral("count")).toInteger() >= InvalidAttemptAggregator::MaxGroups);
    QCOMPARE(unknown.value(QStringLiteral("folded_known_key_attempts")).toInteger(),
             unknown.value(QStringLiteral("count")).toInteger());
}

void TestInvalidAttemptAggregator::controlCharactersInSamplesAreReplaced()
{
    // A junk token's masked form can carry what the client sent: a NUL (which PostgreSQL's
    // jsonb refuses, and which once cost the row) or a terminal escape.
    InvalidAttemptAggregator attempts;
    const QString hostile = QStringLiteral("pk_") + QChar(0) + QStringLiteral("x_\x1b[31mAb") + QChar(0x1b)
        + QChar(0x7f) + QChar(0x2026) + QStringLiteral("wxyz");
    attempts.record(QStringLiteral("invalid_api_key"), hostile, QStringLiteral("10.0.0.1"), QUuid(), QUuid());
    QCOMPARE(attempts.flush(m_db->database()), 1);
    const QJsonArray samples = rows().value(QUuid()).details.value(QStringLiteral("sample_keys")).toArray();
    QCOMPARE(samples.size(), 1);
    const QString stored = samples.first().toString();
    QCOMPARE(stored.size(), hostile.size());
    QCOMPARE(stored.count(QChar::ReplacementCharacter), 4);
    for (const QChar c : stored)
        QVERIFY2(c.unicode() >= 0x20 && c.unicode() != 0x7f, qPrintable(stored));
}

void TestInvalidAttemptAggregator::aRowTheDatabaseRefusesCostsOnlyItself()
{
    // A trigger that refuses one address stands in for any row the database will not take.
    auto db = m_db->database().connection();
    QVERIFY(db.ok());
    QSqlQuery ddl(db.value());
    const QStringList statements = TestDatabase::engine() == DatabaseEngine::SQLite
        ? QStringList{QStringLiteral("CREATE TRIGGER refuse_one BEFORE INSERT ON audit_events "
                                     "WHEN NEW.ip_address = '203.0.113.66' BEGIN SELECT RAISE(ABORT, 'refused'); END")}
        : QStringList{QStringLiteral("CREATE FUNCTION refuse_one() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                                     "IF NEW.ip_address = '203.0.113.66' THEN RAISE EXCEPTION 'refused'; END IF; "
                                     "RETURN NEW; END $$"),
                      QStringLiteral("CREATE TRIGGER refuse_one BEFORE INSERT ON audit_events FOR EACH ROW "
                                     "EXECUTE FUNCTION refuse_one()")};
    for (const QString& statement : statements)
        QVERIFY2(ddl.exec(statement), qPrintable(ddl.lastError().text()));

    InvalidAttemptAggregator attempts;
    const QUuid refused = QUuid::createUuid();
    const QUuid other = QUuid::createUuid();
    attempts.record(QStringLiteral("revoked_api_key"), QStringLiteral("kw_live_aa…"), QStringLiteral("203.0.113.66"),
                    refused, QUuid::createUuid());
    attempts.record(QStringLiteral("revoked_api_key"), QStringLiteral("kw_live_bb…"), QStringLiteral("10.0.0.2"), other,
                    QUuid::createUuid());
    attempts.record(QStringLiteral("invalid_api_key"), QStringLiteral("kw_live_cc…"), QStringLiteral("10.0.0.3"),
                    QUuid(), QUuid());
    LogCapture log;
    QCOMPARE(attempts.flush(m_db->database()), 2);
    QVERIFY2(log.contains(QStringLiteral("cannot record invalid attempts:")), qPrintable(log.messages().join(u'\n')));
    QCOMPARE(attempts.pendingGroups(), 0); // not an outage: not kept for a retry that would fail again
    const QHash<QUuid, AuditEvent> written = rows();
    QCOMPARE(written.size(), 2);
    QVERIFY(written.contains(other));
    QVERIFY(written.contains(QUuid()));
}

QTEST_GUILESS_MAIN(TestInvalidAttemptAggregator)
#include "TestInvalidAttemptAggregator.moc"
