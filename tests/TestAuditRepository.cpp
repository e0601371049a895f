#include "AuditRepository.h"
#include "LogCapture.h"
#include "TestDatabase.h"

#include <QJsonArray>
#include <QTest>
#include <QTimeZone>

// Evaluates `expr` once and fails with its message.
#define KW_VERIFY_OK(expr)                                                                                             \
    do {                                                                                                               \
        const auto& kwResult_ = (expr);                                                                                \
        QVERIFY2(kwResult_.ok(), qPrintable(kwResult_.ok() ? QString() : kwResult_.error().message));                  \
    } while (false)

namespace {

QDateTime utc(const char* iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs);
}

AuditEvent makeEvent(
    const QDateTime& at, const QString& action, const QString& actor, const QUuid& org = {}, const QUuid& key = {})
{
    AuditEvent e;
    e.timestamp = at;
    e.action = action;
    e.actor = actor;
    e.organizationId = org;
    e.keyId = key;
    return e;
}

QList<qint64> ids(const QList<AuditEvent>& events)
{
    QList<qint64> result;
    for (const AuditEvent& e : events)
        result << e.id;
    return result;
}

} // namespace

class TestAuditRepository : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void appendReturnsIncreasingIds();
    void everyFieldRoundTrips();
    void emptyOptionalFields();
    void logLineNamesOnlyWhatTheEventIsAbout();
    void missingTimestampMeansNow();
    void overlongTextIsCut();
    void newestFirst();
    void filters();
    void timeWindow();
    void limitAndOffset();
    void auditOutlivesWhatItDescribes();

private:
    struct Fixture
    {
        QUuid orgA = QUuid::createUuid();
        QUuid orgB = QUuid::createUuid();
        QUuid key1 = QUuid::createUuid();
        QUuid key2 = QUuid::createUuid();
        QList<qint64> ids; // in insertion order
    };
    Fixture appendFixture();

    std::unique_ptr<TestDatabase> m_db;
};

void TestAuditRepository::init()
{
    m_db = std::make_unique<TestDatabase>();
    KW_REQUIRE_DB(*m_db);
}

void TestAuditRepository::cleanup()
{
    m_db.reset();
}

// Eight events, inserted out of time order:
//   #0 10:00 org.created  admin  A
//   #1 10:05 key.created  admin  A key1
//   #2 10:05 key.created  admin  A key2   (same instant as #1: the later id is "newer")
//   #3 09:00 org.created  admin  B
//   #4 11:00 key.revoked  alice  A key1
//   #5 12:00 key.invalid_attempt validator (no org, no key)
//   #6 10:30 key.created  bob    B keyB
//   #7 11:30 org.updated  alice  A
TestAuditRepository::Fixture TestAuditRepository::appendFixture()
{
    Fixture f;
    AuditRepository repository(m_db->database());
    const QUuid keyB = QUuid::createUuid();
    const QList<AuditEvent> events{
        makeEvent(utc("2024-05-01T10:00:00.000Z"), QStringLiteral("org.created"), QStringLiteral("admin"), f.orgA),
        makeEvent(utc("2024-05-01T10:05:00.000Z"), QStringLiteral("key.created"), QStringLiteral("admin"), f.orgA,
                  f.key1),
        makeEvent(utc("2024-05-01T10:05:00.000Z"), QStringLiteral("key.created"), QStringLiteral("admin"), f.orgA,
                  f.key2),
        makeEvent(utc("2024-05-01T09:00:00.000Z"), QStringLiteral("org.created"), QStringLiteral("admin"), f.orgB),
        makeEvent(utc("2024-05-01T11:00:00.000Z"), QStringLiteral("key.revoked"), QStringLiteral("alice"), f.orgA,
                  f.key1),
        makeEvent(utc("2024-05-01T12:00:00.000Z"), QStringLiteral("key.invalid_attempt"), QStringLiteral("validator")),
        makeEvent(utc("2024-05-01T10:30:00.000Z"), QStringLiteral("key.created"), QStringLiteral("bob"), f.orgB, keyB),
        makeEvent(utc("2024-05-01T11:30:00.000Z"), QStringLiteral("org.updated"), QStringLiteral("alice"), f.orgA),
    };
    for (const AuditEvent& e : events) {
        auto id = repository.append(e);
        if (!id) {
            qWarning() << id.error().message;
            return f;
        }
        f.ids << id.value();
    }
    return f;
}

void TestAuditRepository::appendReturnsIncreasingIds()
{
    AuditRepository repository(m_db->database());
    qint64 previous = 0;
    for (int i = 0; i < 5; ++i) {
        auto id = repository.append(
            makeEvent(utc("2024-05-01T10:00:00.000Z"), QStringLiteral("org.created"), QStringLiteral("admin")));
        KW_VERIFY_OK(id);
        QVERIFY(id.value() > previous);
        previous = id.value();
    }
    auto all = repository.list();
    KW_VERIFY_OK(all);
    QCOMPARE(all->size(), 5);
    QCOMPARE(all->first().id, previous);
}

void TestAuditRepository::everyFieldRoundTrips()
{
    AuditRepository repository(m_db->database());
    AuditEvent e;
    e.timestamp = utc("2024-05-01T10:11:12.345Z");
    e.actor = QString::fromUtf8("jürgen@example.com");
    e.action = QString::fromLatin1(AuditActions::KeyRevoked);
    e.organizationId = QUuid::createUuid();
    e.keyId = QUuid::createUuid();
    e.ipAddress = QStringLiteral("2001:db8::42");
    e.details = QJsonObject{{QStringLiteral("key"), QString::fromUtf8("pk_live_AbCd…wxyz")},
                            {QStringLiteral("reason"), QString::fromUtf8("leaked – \"quoted\" \\ ü")},
                            {QStringLiteral("count"), 3},
                            {QStringLiteral("ratio"), 0.25},
                            {QStringLiteral("flag"), true},
                            {QStringLiteral("nothing"), QJsonValue::Null},
                            {QStringLiteral("scopes"), QJsonArray{QStringLiteral("agents:run"), QStringLiteral("*")}},
                            {QStringLiteral("nested"), QJsonObject{{QStringLiteral("a"), QJsonArray{1, 2}}}}};
    auto id = repository.append(e);
    KW_VERIFY_OK(id);
    auto events = repository.list();
    KW_VERIFY_OK(events);
    QCOMPARE(events->size(), 1);
    const AuditEvent& loaded = events->first();
    QCOMPARE(loaded.id, id.value());
    QCOMPARE(loaded.timestamp, e.timestamp);
    QCOMPARE(loaded.timestamp.timeSpec(), Qt::UTC);
    QCOMPARE(loaded.actor, e.actor);
    QCOMPARE(loaded.action, e.action);
    QCOMPARE(loaded.organizationId, e.organizationId);
    QCOMPARE(loaded.keyId, e.keyId);
    QCOMPARE(loaded.ipAddress, e.ipAddress);
    QCOMPARE(loaded.details.keys(), e.details.keys());
    for (const QString& name : e.details.keys())
        QVERIFY2(loaded.details.value(name) == e.details.value(name), qPrintable(name));
    QCOMPARE(loaded.details.value(QStringLiteral("count")).toInt(), 3);
    QCOMPARE(loaded.details.value(QStringLiteral("nested")).toObject().value(QStringLiteral("a")).toArray().size(), 2);
}

void TestAuditRepository::emptyOptionalFields()
{
    AuditRepository repository(m_db->database());
    KW_VERIFY_OK(repository.append(makeEvent(utc("2024-05-01T10:00:00.000Z"), QStringLiteral("key.invalid_attempt"),
                                             QStringLiteral("validator"))));
    auto events = repository.list();
    KW_VERIFY_OK(events);
    QCOMPARE(events->size(), 1);
    QVERIFY(events->first().organizationId.isNull());
    QVERIFY(events->first().keyId.isNull());
    QVERIFY(events->first().ipAddress.isEmpty());
    QVERIFY(events->first().details.isEmpty());
}

void TestAuditRepository::logLineNamesOnlyWhatTheEventIsAbout()
{
    AuditRepository repository(m_db->database());
    const QUuid org = QUuid::createUuid();
    const QUuid key = QUuid::createUuid();
    LogCapture log;
    KW_VERIFY_OK(repository.append(makeEvent({}, QStringLiteral("org.created"), QStringLiteral("cli"), org)));
    KW_VERIFY_OK(repository.append(makeEvent({}, QStringLiteral("key.created"), QStringLiteral("cli"), org, key)));
    KW_VERIFY_OK(repository.append(makeEvent({}, QStringLiteral("key.invalid_attempt"), QStringLiteral("validator"))));
    const QString text = log.messages().join(u'\n');
    QVERIFY2(text.contains(QStringLiteral("org.created by cli org ") + org.toString(QUuid::WithoutBraces) + u'\n'),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("key.created by cli org ") + org.toString(QUuid::WithoutBraces) + u' '
                           + QStringLiteral("key ") + key.toString(QUuid::WithoutBraces)),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("key.invalid_attempt by validator")), qPrintable(text));
    QVERIFY2(!text.contains(QStringLiteral("00000000-0000")), qPrintable(text)); // no null ids
}

void TestAuditRepository::missingTimestampMeansNow()
{
    AuditRepository repository(m_db->database());
    const QDateTime before = QDateTime::currentDateTimeUtc().addMSecs(-1);
    KW_VERIFY_OK(repository.append(makeEvent(QDateTime(), QStringLiteral("org.created"), QStringLiteral("admin"))));
    const QDateTime after = QDateTime::currentDateTimeUtc().addMSecs(1);
    auto events = repository.list();
    KW_VERIFY_OK(events);
    QCOMPARE(events->size(), 1);
    QVERIFY(events->first().timestamp.isValid());
    QVERIFY(events->first().timestamp >= before);
    QVERIFY(events->first().timestamp <= after);
}

void TestAuditRepository::overlongTextIsCut()
{
    AuditRepository repository(m_db->database());
    AuditEvent e = makeEvent(utc("2024-05-01T10:00:00.000Z"), QString(100, u'a'), QString(300, u'b'));
    e.ipAddress = QString(60, u'1');
    KW_VERIFY_OK(repository.append(e));
    auto events = repository.list();
    KW_VERIFY_OK(events);
    QCOMPARE(events->first().action, QString(64, u'a'));
    QCOMPARE(events->first().actor, QString(255, u'b'));
    QCOMPARE(events->first().ipAddress.size(), 45);
}

void TestAuditRepository::newestFirst()
{
    const Fixture f = appendFixture();
    QCOMPARE(f.ids.size(), 8);
    AuditRepository repository(m_db->database());
    auto events = repository.list();
    KW_VERIFY_OK(events);
    // By time, newest first; the two events of 10:05 by id, the later one first.
    const QList<qint64> expected{f.ids[5], f.ids[7], f.ids[4], f.ids[6], f.ids[2], f.ids[1], f.ids[0], f.ids[3]};
    QCOMPARE(ids(events.value()), expected);
    for (int i = 1; i < events->size(); ++i)
        QVERIFY(events->at(i - 1).timestamp >= events->at(i).timestamp);
}

void TestAuditRepository::filters()
{
    const Fixture f = appendFixture();
    QCOMPARE(f.ids.size(), 8);
    AuditRepository repository(m_db->database());

    AuditFilter byOrg;
    byOrg.organizationId = f.orgA;
    QCOMPARE(ids(repository.list(byOrg).value()), (QList<qint64>{f.ids[7], f.ids[4], f.ids[2], f.ids[1], f.ids[0]}));

    AuditFilter byKey;
    byKey.keyId = f.key1;
    QCOMPARE(ids(repository.list(byKey).value()), (QList<qint64>{f.ids[4], f.ids[1]}));

    AuditFilter byAction;
    byAction.action = QStringLiteral("key.created");
    QCOMPARE(ids(repository.list(byAction).value()), (QList<qint64>{f.ids[6], f.ids[2], f.ids[1]}));

    AuditFilter byActor;
    byActor.actor = QStringLiteral("alice");
    QCOMPARE(ids(repository.list(byActor).value()), (QList<qint64>{f.ids[7], f.ids[4]}));

    AuditFilter combined;
    combined.organizationId = f.orgA;
    combined.action = QStringLiteral("key.created");
    combined.actor = QStringLiteral("admin");
    QCOMPARE(ids(repository.list(combined).value()), (QList<qint64>{f.ids[2], f.ids[1]}));

    // Exact matches only.
    AuditFilter prefix;
    prefix.action = QStringLiteral("key");
    QVERIFY(repository.list(prefix)->isEmpty());
    AuditFilter wildcard;
    wildcard.actor = QStringLiteral("%");
    QVERIFY(repository.list(wildcard)->isEmpty());
    AuditFilter otherCase;
    otherCase.actor = QStringLiteral("Alice");
    QVERIFY(repository.list(otherCase)->isEmpty());
    AuditFilter unknownOrg;
    unknownOrg.organizationId = QUuid::createUuid();
    QVERIFY(repository.list(unknownOrg)->isEmpty());
}

void TestAuditRepository::timeWindow()
{
    const Fixture f = appendFixture();
    QCOMPARE(f.ids.size(), 8);
    AuditRepository repository(m_db->database());

    // since is inclusive, until exclusive.
    AuditFilter window;
    window.since = utc("2024-05-01T10:05:00.000Z");
    window.until = utc("2024-05-01T11:30:00.000Z");
    QCOMPARE(ids(repository.list(window).value()), (QList<qint64>{f.ids[4], f.ids[6], f.ids[2], f.ids[1]}));

    AuditFilter since;
    since.since = utc("2024-05-01T11:30:00.000Z");
    QCOMPARE(ids(repository.list(since).value()), (QList<qint64>{f.ids[5], f.ids[7]}));

    AuditFilter until;
    until.until = utc("2024-05-01T10:00:00.001Z");
    QCOMPARE(ids(repository.list(until).value()), (QList<qint64>{f.ids[0], f.ids[3]}));

    // The same instants given in another zone select the same events.
    AuditFilter zoned;
    zoned.since = window.since.toTimeZone(QTimeZone(-5 * 3600));
    zoned.until = window.until.toTimeZone(QTimeZone(9 * 3600));
    QCOMPARE(ids(repository.list(zoned).value()), ids(repository.list(window).value()));

    AuditFilter withOrg = window;
    withOrg.organizationId = f.orgB;
    QCOMPARE(ids(repository.list(withOrg).value()), (QList<qint64>{f.ids[6]}));
}

void TestAuditRepository::limitAndOffset()
{
    const Fixture f = appendFixture();
    QCOMPARE(f.ids.size(), 8);
    AuditRepository repository(m_db->database());
    const QList<qint64> all = ids(repository.list().value());
    QCOMPARE(all.size(), 8);

    AuditFilter page;
    page.limit = 3;
    QCOMPARE(ids(repository.list(page).value()), all.mid(0, 3));
    page.offset = 3;
    QCOMPARE(ids(repository.list(page).value()), all.mid(3, 3));
    page.offset = 6;
    QCOMPARE(ids(repository.list(page).value()), all.mid(6, 2));
    page.offset = 8;
    QVERIFY(repository.list(page)->isEmpty());
    page.offset = 0;
    page.limit = 0;
    QVERIFY(repository.list(page)->isEmpty());

    // Paging combines with a filter.
    AuditFilter orgPage;
    orgPage.organizationId = f.orgA;
    orgPage.limit = 2;
    orgPage.offset = 1;
    QCOMPARE(ids(repository.list(orgPage).value()), (QList<qint64>{f.ids[4], f.ids[2]}));
}

void TestAuditRepository::auditOutlivesWhatItDescribes()
{
    // No foreign keys: events may name organizations and keys that do not (or no longer) exist.
    AuditRepository repository(m_db->database());
    const QUuid goneOrg = QUuid::createUuid();
    const QUuid goneKey = QUuid::createUuid();
    KW_VERIFY_OK(repository.append(makeEvent(utc("2024-05-01T10:00:00.000Z"),
                                             QString::fromLatin1(AuditActions::KeysExpiredDeleted),
                                             QStringLiteral("scheduler"), goneOrg, goneKey)));
    AuditFilter filter;
    filter.keyId = goneKey;
    auto events = repository.list(filter);
    KW_VERIFY_OK(events);
    QCOMPARE(events->size(), 1);
    QCOMPARE(events->first().organizationId, goneOrg);
}

QTEST_GUILESS_MAIN(TestAuditRepository)
#include "TestAuditRepository.moc"
