#include "DatabaseExecutor.h"
#include "SqlQuery.h"
#include "TestDatabase.h"
#include "TestFixtures.h"
#include "UsageChartView.h"
#include "UsageDayModel.h"
#include "UsagePanel.h"
#include "UsageRepository.h"

#include <QBarSet>
#include <QChart>
#include <QComboBox>
#include <QDateEdit>
#include <QDateTimeAxis>
#include <QFile>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QValueAxis>

#include <memory>

namespace {

const QString kVerify = QStringLiteral("/v1/verify");
const QString kAuth = QStringLiteral("/v1/auth");
const QString kAgent = QStringLiteral("/v1/agents/echo/run");
// "Now" for every test: Last 7 days is 2024-03-14 .. 2024-03-20.
const QDateTime kNow(QDate(2024, 3, 20), QTime(12, 0), QTimeZone::utc());
constexpr int kWaitMs = 20000;

QDateTime at(int month, int day, int hour, int minute = 0, int second = 0, int ms = 0)
{
    return QDateTime(QDate(2024, month, day), QTime(hour, minute, second, ms), QTimeZone::utc());
}

UsageRecord
record(const ApiKey& key, const QDateTime& when, const QString& endpoint, int status, int tokens = 0, double cost = 0)
{
    UsageRecord r;
    r.apiKeyId = key.id;
    r.organizationId = key.organizationId;
    r.timestamp = when;
    r.endpoint = endpoint;
    r.method = endpoint == kAgent ? QStringLiteral("POST") : QStringLiteral("GET");
    r.statusCode = status;
    r.responseTimeMs = 10;
    r.tokensUsed = tokens;
    r.costUsd = cost;
    return r;
}

// What the charts must show, computed from the raw records here rather than read back
// through the repository that the panel itself uses.
struct Expected
{
    QMap<QDate, qint64> requests;
    QMap<QDate, qint64> failed;
    QMap<QDate, qint64> tokens;
    QMap<QDate, double> cost;
    QMap<QString, qint64> endpoints;
    QMap<int, qint64> classes;
    qint64 total = 0;
    qint64 totalFailed = 0;
    double totalCost = 0;
};

Expected expectedFor(const QList<UsageRecord>& records, const QUuid& orgId, const QUuid& keyId, QDate from, QDate to)
{
    Expected e;
    for (const UsageRecord& r : records) {
        const QDate day = r.timestamp.toUTC().date();
        if (r.organizationId != orgId || (!keyId.isNull() && r.apiKeyId != keyId) || day < from || day > to)
            continue;
        e.requests[day] += 1;
        e.failed[day] += r.statusCode >= 400 ? 1 : 0;
        e.tokens[day] += r.tokensUsed;
        e.cost[day] += r.costUsd;
        e.endpoints[r.endpoint] += 1;
        e.classes[r.statusCode / 100] += 1;
        e.total += 1;
        e.totalFailed += r.statusCode >= 400 ? 1 : 0;
        e.totalCost += r.costUsd;
    }
    return e;
}

// The helpers' QVERIFYs return from the helper only: stop the test function too.
#define waitForLoaded(...)                                                                                             \
    do {                                                                                                               \
        waitForLoadedImpl(__VA_ARGS__);                                                                                \
        if (QTest::currentTestFailed())                                                                                \
            return;                                                                                                    \
    } while (false)
#define verifyCharts(...)                                                                                              \
    do {                                                                                                               \
        verifyChartsImpl(__VA_ARGS__);                                                                                 \
        if (QTest::currentTestFailed())                                                                                \
            return;                                                                                                    \
    } while (false)

bool near(double a, double b)
{
    return qAbs(a - b) < 1e-9;
}

} // namespace

class TestUsagePanel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void startsEmptyAndLoadsNothingWithoutAnOrganization();
    void organizationLoadsChartsAfterLoaded();
    void busyWhileLoading();
    void keyNarrowsToThatKey();
    void presetRangesCoverTheirDays();
    void customRangeLoadsJustThoseDays();
    void customFromAfterToIsRefusedWithoutAQuery();
    void customDatesTypedInTheFieldsAreCheckedToo();
    void customRangeOverThreeYearsIsRefused();
    void exportWritesTheLoadedSummary();
    void exportErrorsAreInWords();
    void organizationWithoutUsageShowsTheEmptyState();
    void aLaterSelectionWinsOverAnEarlierAnswer();
    void loadFailureIsReported();
    void topTenEndpointsAndOther();
    void hostileEndpointNamesAreShownAsText();
    void statusClassesHaveTheirColours();
    void objectNamesEndWithTheirType();

private:
    void waitForLoadedImpl(UsagePanel& panel);
    void verifyChartsImpl(const Expected& expected, QDate from, QDate to);

    std::unique_ptr<TestDatabase> m_db;
    Organization m_org;
    Organization m_otherOrg;
    Organization m_emptyOrg;
    ApiKey m_key1;
    ApiKey m_key2;
    ApiKey m_otherKey;
    QList<UsageRecord> m_records;

    std::unique_ptr<DatabaseExecutor> m_executor;
    std::unique_ptr<UsagePanel> m_panel;
};

void TestUsagePanel::initTestCase()
{
    m_db = std::make_unique<TestDatabase>();
    KW_REQUIRE_DB(*m_db);
    Database& db = m_db->database();
    m_org = TestFixtures::organization(db, QStringLiteral("acme"), Plan::Pro, QStringLiteral("Acme"));
    m_otherOrg = TestFixtures::organization(db, QStringLiteral("other"), Plan::Pro, QStringLiteral("Other Org"));
    m_emptyOrg = TestFixtures::organization(db, QStringLiteral("quiet"), Plan::Pro, QStringLiteral("Quiet"));
    m_key1 = TestFixtures::key(db, m_org.id, {QStringLiteral("*")}, std::nullopt, QStringLiteral("first")).key;
    m_key2 = TestFixtures::key(db, m_org.id, {QStringLiteral("*")}, std::nullopt, QStringLiteral("second")).key;
    m_otherKey = TestFixtures::key(db, m_otherOrg.id).key;

    m_records = {
        // 2024-03-14: 4 + 1 + 1 requests
        record(m_key1, at(3, 14, 10), kVerify, 200),
        record(m_key1, at(3, 14, 10, 5), kVerify, 200),
        record(m_key1, at(3, 14, 10, 10), kVerify, 200),
        record(m_key1, at(3, 14, 11), kAgent, 200, 100, 0.0125),
        record(m_key2, at(3, 14, 12), kVerify, 429),
        record(m_key2, at(3, 14, 0), kAuth, 204),
        // 2024-03-15: nothing; 2024-03-16
        record(m_key1, at(3, 16, 9), kVerify, 401),
        record(m_key1, at(3, 16, 9, 30), kAuth, 204),
        // 2024-03-17
        record(m_key2, at(3, 17, 8), kAgent, 200, 50, 0.00625),
        record(m_key2, at(3, 17, 8, 1), kAgent, 201, 70, 0.00875),
        // 2024-03-18, 19: nothing; 2024-03-20 (today), up to its last millisecond
        record(m_key1, at(3, 20, 1), kVerify, 500),
        record(m_key1, at(3, 20, 2), kAuth, 302),
        record(m_key2, at(3, 20, 23, 59, 59, 999), kVerify, 200),
        // Before the last 7 days: the 13th (last 30 days) and 1 February (last 90 days).
        record(m_key1, at(3, 13, 23, 59, 59, 999), kVerify, 200),
        record(m_key2, at(2, 1, 12), kAgent, 503, 10, 0.5),
        // Another organization on a day Acme has traffic: never counted for Acme.
        record(m_otherKey, at(3, 14, 12), kVerify, 200),
        record(m_otherKey, at(3, 16, 12), kAuth, 500),
    };
    // Two batches, so the rollup also adds to rows it already has.
    UsageRepository usage(db);
    const Status first = usage.recordBatch(m_records.mid(0, 8));
    QVERIFY2(first.ok(), qPrintable(first.ok() ? QString() : first.error().message));
    const Status second = usage.recordBatch(m_records.mid(8));
    QVERIFY2(second.ok(), qPrintable(second.ok() ? QString() : second.error().message));
}

void TestUsagePanel::init()
{
    QVERIFY(m_db && m_db->isValid());
    // The suite's database outlives each executor; the executor only borrows it.
    m_executor = std::make_unique<DatabaseExecutor>(std::shared_ptr<Database>(&m_db->database(), [](Database*) {}));
    m_panel = std::make_unique<UsagePanel>(m_executor.get());
    m_panel->setClock([] { return kNow; });
    m_panel->resize(1200, 800);
    m_panel->show();
}

void TestUsagePanel::cleanup()
{
    m_panel.reset();
    m_executor.reset();
}

void TestUsagePanel::cleanupTestCase()
{
    m_db.reset();
}

void TestUsagePanel::waitForLoadedImpl(UsagePanel& panel)
{
    QSignalSpy loaded(&panel, &UsagePanel::loaded);
    QSignalSpy failed(&panel, &UsagePanel::loadFailed);
    QSignalSpy busy(m_executor.get(), &DatabaseExecutor::busyChanged);
    QVERIFY2(loaded.wait(kWaitMs), failed.isEmpty() ? "no answer" : qPrintable(failed.first().first().toString()));
    QVERIFY(!panel.isLoading());
    // The executor reports itself idle a moment after the answer (its busyChanged(false) is
    // queued behind it, from the worker thread): wait for that too, so that a spy a test
    // starts next sees only what the test itself causes. A CI run once saw that late signal.
    QTRY_VERIFY_WITH_TIMEOUT(!busy.isEmpty() && !busy.last().first().toBool(), kWaitMs);
}

void TestUsagePanel::verifyChartsImpl(const Expected& expected, QDate from, QDate to)
{
    UsageChartView* charts = m_panel->chartView();
    QCOMPARE(m_panel->stats().from, from);
    QCOMPARE(m_panel->stats().to, to);

    // One point per day, zeros included, at each local midnight (where the day axis, which
    // labels in local time, reads that day).
    const QList<QPointF> requests = charts->requestsSeries()->points();
    const QList<QPointF> failed = charts->failedSeries()->points();
    const QList<QPointF> cost = charts->costSeries()->points();
    const int days = int(from.daysTo(to)) + 1;
    QCOMPARE(requests.size(), days);
    QCOMPARE(failed.size(), days);
    QCOMPARE(cost.size(), days);
    double sum = 0;
    for (int i = 0; i < days; ++i) {
        const QDate day = from.addDays(i);
        const qint64 midnight = QDateTime(day, QTime(0, 0)).toMSecsSinceEpoch();
        QCOMPARE(qint64(requests.at(i).x()), midnight);
        QCOMPARE(qint64(cost.at(i).x()), midnight);
        QCOMPARE(requests.at(i).y(), double(expected.requests.value(day)));
        QCOMPARE(failed.at(i).y(), double(expected.failed.value(day)));
        QVERIFY2(near(cost.at(i).y(), expected.cost.value(day)), qPrintable(day.toString(Qt::ISODate)));
        sum += requests.at(i).y();
    }
    QCOMPARE(sum, double(expected.total));
    QCOMPARE(m_panel->stats().totals.requests, expected.total);
    QCOMPARE(m_panel->stats().totals.failed, expected.totalFailed);
    QVERIFY(near(m_panel->stats().totals.costUsd, expected.totalCost));
    // The axis spans the whole range, not just the busy days.
    QCOMPARE(charts->requestsDayAxis()->min().toMSecsSinceEpoch() <= UsageDayModel::chartMsecs(from), true);
    QCOMPARE(charts->requestsDayAxis()->max().toMSecsSinceEpoch() >= UsageDayModel::chartMsecs(to), true);

    // Endpoints: every one by name (there are fewer than ten), the busiest drawn on top.
    const QStringList categories = charts->endpointCategories();
    QBarSet* endpointSet = charts->endpointSet();
    QCOMPARE(categories.size(), expected.endpoints.size());
    QCOMPARE(endpointSet->count(), categories.size());
    QMap<QString, qint64> shown;
    for (int i = 0; i < categories.size(); ++i)
        shown[categories.at(i)] = qint64(endpointSet->at(i));
    QCOMPARE(shown, expected.endpoints);
    for (int i = 1; i < categories.size(); ++i)
        QVERIFY(endpointSet->at(i - 1) <= endpointSet->at(i));

    // Status classes: each class's bar in its own set, at its own category.
    const QStringList statusCategories = charts->statusCategories();
    double statusSum = 0;
    for (int statusClass = 1; statusClass <= 5; ++statusClass) {
        QBarSet* set = charts->statusSet(statusClass);
        QVERIFY(set);
        for (int i = 0; i < set->count(); ++i)
            statusSum += set->at(i);
        const int index = int(statusCategories.indexOf(QStringLiteral("%1xx").arg(statusClass)));
        if (statusClass >= 2)
            QVERIFY(index >= 0);
        if (index >= 0)
            QCOMPARE(set->at(index), double(expected.classes.value(statusClass)));
    }
    QCOMPARE(statusSum, double(expected.total));
    QCOMPARE(charts->isShowingEmptyState(), expected.total == 0);
}

void TestUsagePanel::startsEmptyAndLoadsNothingWithoutAnOrganization()
{
    QSignalSpy busy(m_executor.get(), &DatabaseExecutor::busyChanged);
    m_panel->refresh();
    m_panel->setRange(UsagePanel::Last90Days);
    QTest::qWait(100);
    QCOMPARE(busy.count(), 0);
    QVERIFY(!m_panel->hasStats());
    QVERIFY(m_panel->chartView()->isShowingEmptyState());
    QVERIFY(!m_panel->findChild<QPushButton*>(QStringLiteral("exportButton"))->isEnabled());
}

void TestUsagePanel::organizationLoadsChartsAfterLoaded()
{
    m_panel->setRange(UsagePanel::Last7Days);
    m_panel->setOrganization(m_org.id, m_org.name);
    waitForLoaded(*m_panel);
    const QDate from(2024, 3, 14);
    const QDate to(2024, 3, 20);
    QCOMPARE(m_panel->from(), from);
    QCOMPARE(m_panel->to(), to);
    const Expected expected = expectedFor(m_records, m_org.id, {}, from, to);
    QCOMPARE(expected.total, qint64(13)); // the scenario itself, so the checks below mean something
    verifyCharts(expected, from, to);
    // The busiest endpoint is the top bar.
    QCOMPARE(m_panel->chartView()->endpointCategories().last(), kVerify);
    QVERIFY2(m_panel->chartView()->totalsText().contains(QStringLiteral("Requests: 13")),
             qPrintable(m_panel->chartView()->totalsText()));
    // Agent runs cost fractions of a cent: shown with the digits they need, not as $0.03.
    QCOMPARE(expected.totalCost, 0.0275);
    QVERIFY2(m_panel->chartView()->totalsText().contains(QLocale().toCurrencyString(0.0275, QStringLiteral("$"), 4)),
             qPrintable(m_panel->chartView()->totalsText()));
    QCOMPARE(m_panel->chartView()->costValueAxis()->labelFormat(), QStringLiteral("$%.4f"));
    QVERIFY(m_panel->findChild<QPushButton*>(QStringLiteral("exportButton"))->isEnabled());
    QVERIFY(m_panel->findChild<QLabel*>(QStringLiteral("titleLabel"))->text().contains(QStringLiteral("Acme")));
    // And it paints.
    const QImage image = m_panel->grab().toImage();
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), m_panel->size() * image.devicePixelRatio());
}

void TestUsagePanel::busyWhileLoading()
{
    auto* busyBar = m_panel->findChild<QProgressBar*>(QStringLiteral("busyProgressBar"));
    QVERIFY(busyBar);
    QVERIFY(!busyBar->isVisible());
    m_panel->setOrganization(m_org.id, m_org.name);
    // The answer can only arrive through the event loop: until then the panel is busy.
    QVERIFY(m_panel->isLoading());
    QVERIFY(busyBar->isVisible());
    QCOMPARE(busyBar->maximum(), 0);
    waitForLoaded(*m_panel);
    QVERIFY(!busyBar->isVisible());
}

void TestUsagePanel::keyNarrowsToThatKey()
{
    m_panel->setRange(UsagePanel::Last7Days);
    m_panel->setOrganization(m_org.id, m_org.name);
    waitForLoaded(*m_panel);
    const QDate from(2024, 3, 14);
    const QDate to(2024, 3, 20);

    m_panel->setKey(m_key2.id, QStringLiteral("second"));
    waitForLoaded(*m_panel);
    QCOMPARE(m_panel->keyId(), m_key2.id);
    const Expected key2 = expectedFor(m_records, m_org.id, m_key2.id, from, to);
    QCOMPARE(key2.total, qint64(5));
    verifyCharts(key2, from, to);
    QVERIFY(m_panel->findChild<QLabel*>(QStringLiteral("titleLabel"))->text().contains(QStringLiteral("second")));

    m_panel->setKey(m_key1.id, QStringLiteral("first"));
    waitForLoaded(*m_panel);
    verifyCharts(expectedFor(m_records, m_org.id, m_key1.id, from, to), from, to);

    // A null key is the whole organization again.
    m_panel->setKey({}, {});
    waitForLoaded(*m_panel);
    verifyCharts(expectedFor(m_records, m_org.id, {}, from, to), from, to);

    // A new organization forgets the key.
    m_panel->setKey(m_key1.id, QStringLiteral("first"));
    waitForLoaded(*m_panel);
    m_panel->setOrganization(m_org.id, m_org.name);
    waitForLoaded(*m_panel);
    QVERIFY(m_panel->keyId().isNull());
    QCOMPARE(m_panel->stats().totals.requests, qint64(13));
}

void TestUsagePanel::presetRangesCoverTheirDays()
{
    m_panel->setOrganization(m_org.id, m_org.name);
    waitForLoaded(*m_panel);
    QCOMPARE(m_panel->range(), UsagePanel::Last30Days); // the default
    QCOMPARE(m_panel->from(), QDate(2024, 2, 20));
    verifyCharts(expectedFor(m_records, m_org.id, {}, QDate(2024, 2, 20), QDate(2024, 3, 20)), QDate(2024, 2, 20),
                 QDate(2024, 3, 20));
    QCOMPARE(m_panel->stats().totals.requests, qint64(14)); // the 13th is in

    m_panel->setRange(UsagePanel::Last90Days);
    waitForLoaded(*m_panel);
    QCOMPARE(m_panel->from(), QDate(2023, 12, 22));
    QCOMPARE(m_panel->stats().totals.requests, qint64(15)); // and 1 February

    // Through the combo box, as a user would.
    auto* combo = m_panel->findChild<QComboBox*>(QStringLiteral("rangeComboBox"));
    QVERIFY(combo);
    combo->setCurrentIndex(combo->findData(UsagePanel::Last12Months));
    waitForLoaded(*m_panel);
    const QDate from(2023, 3, 21);
    QCOMPARE(m_panel->from(), from);
    QCOMPARE(m_panel->chartView()->requestsSeries()->count(), 366); // a leap year's February inside
    verifyCharts(expectedFor(m_records, m_org.id, {}, from, QDate(2024, 3, 20)), from, QDate(2024, 3, 20));
}

void TestUsagePanel::customRangeLoadsJustThoseDays()
{
    m_panel->setOrganization(m_org.id, m_org.name);
    waitForLoaded(*m_panel);
    QVERIFY(m_panel->setCustomRange(QDate(2024, 3, 13), QDate(2024, 3, 16)));
    waitForLoaded(*m_panel);
    QCOMPARE(m_panel->range(), UsagePanel::Custom);
    QVERIFY(m_panel->findChild<QDateEdit*>(QStringLiteral("fromDateEdit"))->isVisible());
    const Expected expected = expectedFor(m_records, m_org.id, {}, QDate(2024, 3, 13), QDate(2024, 3, 16));
    QCOMPARE(expected.total, qint64(9));
    verifyCharts(expected, QDate(2024, 3, 13), QDate(2024, 3, 16));

    // One day is a range too.
    QVERIFY(m_panel->setCustomRange(QDate(2024, 3, 17), QDate(2024, 3, 17)));
    waitForLoaded(*m_panel);
    verifyCharts(expectedFor(m_records, m_org.id, {}, QDate(2024, 3, 17), QDate(2024, 3, 17)), QDate(2024, 3, 17),
                 QDate(2024, 3, 17));
}

void TestUsagePanel::customFromAfterToIsRefusedWithoutAQuery()
{
    m_panel->setRange(UsagePanel::Last7Days);
    m_panel->setOrganization(m_org.id, m_org.name);
    waitForLoaded(*m_panel);
    QSignalSpy busy(m_executor.get(), &DatabaseExecutor::busyChanged);
    QSignalSpy loaded(m_panel.get(), &UsagePanel::loaded);
    QSignalSpy failed(m_panel.get(), &UsagePanel::loadFailed);

    QVERIFY(!m_panel->setCustomRange(QDate(2024, 3, 18), QDate(2024, 3, 15)));
    auto* message = m_panel->findChild<QLabel*>(QStringLiteral("messageLabel"));
    QVERIFY(message->isVisible());
    QVERIFY2(message->text().contains(QStringLiteral("2024-03-18"))
                 && message->text().contains(QStringLiteral("after")),
             qPrintable(message->text()));
    // Refresh does not sneak the refused range through either.
    m_panel->refresh();
    QTest::qWait(800); // past the date fields' debounce
    QCOMPARE(busy.count(), 0);
    QCOMPARE(loaded.count(), 0);
    QCOMPARE(failed.count(), 0);
    // The charts still show the last good range.
    QCOMPARE(m_panel->stats().from, QDate(2024, 3, 14));
    QCOMPARE(m_panel->from(), QDate(2024, 3, 14));

    // Fixing the range clears the message and loads.
    QVERIFY(m_panel->setCustomRange(QDate(2024, 3, 15), QDate(2024, 3, 18)));
    QVERIFY(!message->isVisible());
    waitForLoaded(*m_panel);
    QCOMPARE(m_panel->stats().from, QDate(2024, 3, 15));
}

void TestUsagePanel::customDatesTypedInTheFieldsAreCheckedToo()
{
    m_panel->setOrganization(m_org.id, m_org.name);
    waitForLoaded(*m_panel);
    auto* combo = m_panel->findChild<QComboBox*>(QStringLiteral("rangeComboBox"));
    auto* fromEdit = m_panel->findChild<QDateEdit*>(QStringLiteral("fromDateEdit"));
    auto* toEdit = m_panel->findChild<QDateEdit*>(QStringLiteral("toDateEdit"));
    QVERIFY(combo && fromEdit && toEdit);
    QVERIFY(!fromEdit->isVisible());
    combo->setCurrentIndex(combo->findData(UsagePanel::Custom));
    QVERIFY(fromEdit->isVisible() && toEdit->isVisible());
    waitForLoaded(*m_panel); // Custom starts from the range shown

    QSignalSpy busy(m_executor.get(), &DatabaseExecutor::busyChanged);
    fromEdit->setDate(QDate(2024, 3, 19));
    toEdit->setDate(QDate(2024, 3, 10));
    QTest::qWait(800);
    QCOMPARE(busy.count(), 0);
    QVERIFY(!m_panel->message().isEmpty());

    toEdit->setDate(QDate(2024, 3, 20));
    waitForLoaded(*m_panel); // after the debounce, one load
    QCOMPARE(m_panel->stats().from, QDate(2024, 3, 19));
    QCOMPARE(m_panel->stats().to, QDate(2024, 3, 20));
    QVERIFY(m_panel->message().isEmpty());
}

void TestUsagePanel::customRangeOverThreeYearsIsRefused()
{
    m_panel->setOrganization(m_org.id, m_org.name);
    waitForLoaded(*m_panel);
    QSignalSpy busy(m_executor.get(), &DatabaseExecutor::busyChanged);
    QVERIFY(!m_panel->setCustomRange(QDate(2021, 3, 1), QDate(2024, 3, 1)));
    QVERIFY(m_panel->message().contains(QStringLiteral("3 years")));
    QTest::qWait(100);
    QCOMPARE(busy.count(), 0);
    // One day less is allowed.
    QVERIFY(m_panel->setCustomRange(QDate(2021, 3, 2), QDate(2024, 3, 1)));
    waitForLoaded(*m_panel);
    QCOMPARE(m_panel->chartView()->requestsSeries()->count(), int(QDate(2021, 3, 2).daysTo(QDate(2024, 3, 1))) + 1);
}

void TestUsagePanel::exportWritesTheLoadedSummary()
{
    m_panel->setRange(UsagePanel::Last7Days);
    m_panel->setOrganization(m_org.id, m_org.name);
    waitForLoaded(*m_panel);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("usage.csv"));
    const Status exported = m_panel->exportCsv(path);
    QVERIFY2(exported.ok(), qPrintable(exported.ok() ? QString() : exported.error().message));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray csv = file.readAll();
    const QList<QByteArray> lines = csv.split('\n');
    QCOMPARE(lines.first(), QByteArray("section,day,endpoint,status_class,requests,failed,tokens,cost_usd\r"));

    const QDate from(2024, 3, 14);
    const Expected e = expectedFor(m_records, m_org.id, {}, from, QDate(2024, 3, 20));
    for (QDate day = from; day <= QDate(2024, 3, 20); day = day.addDays(1)) {
        const QByteArray line = QStringLiteral("day,%1,,,%2,%3,%4,%5\r\n")
                                    .arg(day.toString(Qt::ISODate))
                                    .arg(e.requests.value(day))
                                    .arg(e.failed.value(day))
                                    .arg(e.tokens.value(day))
                                    .arg(e.cost.value(day), 0, 'f', 6)
                                    .toUtf8();
        QVERIFY2(csv.contains(line), line.constData());
    }
    for (auto it = e.endpoints.cbegin(); it != e.endpoints.cend(); ++it) {
        const QByteArray prefix = QStringLiteral("endpoint,,%1,,%2,").arg(it.key()).arg(it.value()).toUtf8();
        QVERIFY2(csv.contains(prefix), prefix.constData());
    }
    QVERIFY(csv.contains("status,,,4xx,2,,,\r\n"));
    QVERIFY(csv.contains(
        QStringLiteral("total,2024-03-14/2024-03-20,,,13,3,220,%1\r\n").arg(e.totalCost, 0, 'f', 6).toUtf8()));
    QVERIFY(m_panel->message().contains(QStringLiteral("usage.csv")));
}

void TestUsagePanel::exportErrorsAreInWords()
{
    const QString missing = QStringLiteral("/nonexistent-keywarden-dir/usage.csv");
    // Before anything has loaded there is nothing to export.
    const Status early = m_panel->exportCsv(missing);
    QVERIFY(!early.ok());
    QVERIFY(early.error().message.contains(QStringLiteral("nothing to export")));

    m_panel->setOrganization(m_org.id, m_org.name);
    waitForLoaded(*m_panel);
    const Status refused = m_panel->exportCsv(missing);
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().message.contains(missing), qPrintable(refused.error().message));
    QVERIFY2(refused.error().message.startsWith(QStringLiteral("Could not write the file")),
             qPrintable(refused.error().message));
    QCOMPARE(m_panel->message(), refused.error().message);
    QVERIFY(!QFile::exists(missing));
}

void TestUsagePanel::organizationWithoutUsageShowsTheEmptyState()
{
    m_panel->setRange(UsagePanel::Last7Days);
    m_panel->setOrganization(m_emptyOrg.id, m_emptyOrg.name);
    waitForLoaded(*m_panel);
    UsageChartView* charts = m_panel->chartView();
    QVERIFY(charts->isShowingEmptyState());
    QCOMPARE(charts->emptyStateText(), QStringLiteral("No requests in this range."));
    auto* emptyLabel = charts->findChild<QLabel*>(QStringLiteral("emptyStateLabel"));
    QVERIFY(emptyLabel && emptyLabel->isVisible());
    QCOMPARE(m_panel->stats().totals.requests, qint64(0));
    // The model still has the zero days, ready for a range with traffic.
    QCOMPARE(charts->requestsSeries()->count(), 7);
    // No cost is $0.00, not $0.000000.
    QVERIFY2(charts->totalsText().contains(QLocale().toCurrencyString(0.0, QStringLiteral("$"), 2)),
             qPrintable(charts->totalsText()));
    QVERIFY(!charts->totalsText().contains(QLocale().toCurrencyString(0.0, QStringLiteral("$"), 6)));

    // Traffic again: the charts come back.
    m_panel->setOrganization(m_org.id, m_org.name);
    waitForLoaded(*m_panel);
    QVERIFY(!charts->isShowingEmptyState());
    QVERIFY(!emptyLabel->isVisible());
}

void TestUsagePanel::aLaterSelectionWinsOverAnEarlierAnswer()
{
    QSignalSpy loaded(m_panel.get(), &UsagePanel::loaded);
    m_panel->setRange(UsagePanel::Last7Days);
    m_panel->setOrganization(m_org.id, m_org.name);
    m_panel->setOrganization(m_otherOrg.id, m_otherOrg.name);
    QVERIFY(m_executor->waitForIdle());
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kWaitMs);
    QTest::qWait(100);
    QCOMPARE(loaded.count(), 1); // the first organization's answer was dropped
    QCOMPARE(m_panel->organizationId(), m_otherOrg.id);
    verifyCharts(expectedFor(m_records, m_otherOrg.id, {}, QDate(2024, 3, 14), QDate(2024, 3, 20)), QDate(2024, 3, 14),
                 QDate(2024, 3, 20));
    QCOMPARE(m_panel->stats().totals.requests, qint64(2));
}

void TestUsagePanel::loadFailureIsReported()
{
    // A database of its own, broken on purpose: the organization rollup table is gone.
    TestDatabase broken;
    KW_REQUIRE_DB(broken);
    const Organization org = TestFixtures::organization(broken.database(), QStringLiteral("broken"));
    auto dropped
        = SqlQuery::exec(broken.database().connection().value(), QStringLiteral("DROP TABLE organization_usage_daily"));
    QVERIFY2(dropped.ok(), qPrintable(dropped.ok() ? QString() : dropped.error().message));
    {
        DatabaseExecutor executor(std::shared_ptr<Database>(&broken.database(), [](Database*) {}));
        UsagePanel panel(&executor);
        QSignalSpy failed(&panel, &UsagePanel::loadFailed);
        QSignalSpy loaded(&panel, &UsagePanel::loaded);
        panel.setOrganization(org.id, org.name);
        QVERIFY(failed.wait(kWaitMs));
        QCOMPARE(loaded.count(), 0);
        const QString message = failed.first().first().toString();
        QVERIFY2(message.startsWith(QStringLiteral("Could not load usage: ")), qPrintable(message));
        QCOMPARE(panel.message(), message);
        QVERIFY(!panel.isLoading());
        QVERIFY(!panel.findChild<QPushButton*>(QStringLiteral("exportButton"))->isEnabled());
    }
}

void TestUsagePanel::topTenEndpointsAndOther()
{
    UsageStats stats;
    stats.from = QDate(2024, 3, 1);
    stats.to = QDate(2024, 3, 1);
    qint64 total = 0;
    for (int i = 0; i < 13; ++i) {
        const qint64 requests = 130 - 10 * i; // 130, 120, ... 10
        stats.byEndpoint << UsageStats::EndpointRow{QStringLiteral("/v1/e%1").arg(i), requests, 0, 0};
        total += requests;
    }
    stats.totals.requests = total;
    stats.byDay = {UsageStats::DayRow{QDate(2024, 3, 1), total, 0, 0, 0}};
    stats.byStatus = {UsageStats::StatusRow{2, total}};
    UsageChartView view;
    view.setStats(stats);
    const QStringList categories = view.endpointCategories();
    QCOMPARE(categories.size(), 11);
    QCOMPARE(categories.first(), QStringLiteral("Other")); // drawn at the bottom
    QCOMPARE(view.endpointSet()->at(0), double(30 + 20 + 10));
    QCOMPARE(categories.last(), QStringLiteral("/v1/e0")); // the busiest, at the top
    QCOMPARE(view.endpointSet()->at(10), 130.0);
    QCOMPARE(categories.at(1), QStringLiteral("/v1/e9"));
    QCOMPARE(view.endpointSet()->at(1), 40.0);
    double sum = 0;
    for (int i = 0; i < view.endpointSet()->count(); ++i)
        sum += view.endpointSet()->at(i);
    QCOMPARE(sum, double(total));

    // Exactly ten: no "Other".
    stats.byEndpoint = stats.byEndpoint.mid(0, 10);
    view.setStats(stats);
    QCOMPARE(view.endpointCategories().size(), 10);
    QVERIFY(!view.endpointCategories().contains(QStringLiteral("Other")));
}

void TestUsagePanel::hostileEndpointNamesAreShownAsText()
{
    UsageStats stats;
    stats.from = QDate(2024, 3, 1);
    stats.to = QDate(2024, 3, 1);
    const QString longName = QStringLiteral("/v1/") + QString(300, u'a');
    stats.byEndpoint = {
        {QStringLiteral("<b>bold</b>"), 5, 0, 0},
        {QStringLiteral("/v1/line\nbreak"), 4, 0, 0},
        {longName + QStringLiteral("1"), 3, 0, 0},
        {longName + QStringLiteral("2"), 2, 0, 0}, // shortens to the same label as the one above
        {QStringLiteral("Other"), 1, 0, 0},
    };
    stats.totals.requests = 15;
    UsageChartView view;
    view.setStats(stats);
    const QStringList categories = view.endpointCategories();
    QCOMPARE(categories.size(), 5); // none dropped as a duplicate
    QVERIFY(categories.contains(QStringLiteral("&lt;b&gt;bold&lt;/b&gt;")));
    QVERIFY(categories.contains(QStringLiteral("/v1/line break")));
    for (const QString& category : categories) {
        QVERIFY2(category.size() <= 60, qPrintable(category));
        QVERIFY(!category.contains(u'\n'));
    }
    view.resize(800, 600);
    QVERIFY(!view.grab().isNull());
}

void TestUsagePanel::statusClassesHaveTheirColours()
{
    UsageChartView view;
    QCOMPARE(view.statusSet(2)->color(), UsageChartView::statusColor(2));
    QCOMPARE(view.statusSet(5)->color(), UsageChartView::statusColor(5));
    QVERIFY(UsageChartView::statusColor(2).green() > UsageChartView::statusColor(2).red());
    QVERIFY(UsageChartView::statusColor(5).red() > UsageChartView::statusColor(5).green());
    QVERIFY(UsageChartView::statusColor(4) != UsageChartView::statusColor(5));
    QVERIFY(!view.statusSet(0));
    QVERIFY(!view.statusSet(6));
    // A dark palette brings the dark theme, and our colours survive the theme change.
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x20, 0x20, 0x20));
    view.setPalette(dark);
    QCOMPARE(view.requestsChart()->theme(), QChart::ChartThemeDark);
    QCOMPARE(view.statusSet(4)->color(), UsageChartView::statusColor(4));
}

void TestUsagePanel::objectNamesEndWithTheirType()
{
    for (const char* name : {"rangeComboBox", "fromDateEdit", "toDateEdit", "refreshButton", "exportButton",
                             "busyProgressBar", "messageLabel", "titleLabel", "usageChartView"})
        QVERIFY2(m_panel->findChild<QWidget*>(QString::fromLatin1(name)), name);
    auto* refresh = m_panel->findChild<QPushButton*>(QStringLiteral("refreshButton"));
    QSignalSpy loaded(m_panel.get(), &UsagePanel::loaded);
    m_panel->setOrganization(m_org.id, m_org.name);
    QVERIFY(loaded.wait(kWaitMs));
    refresh->click();
    QVERIFY(loaded.wait(kWaitMs));
}

QTEST_MAIN(TestUsagePanel)
#include "TestUsagePanel.moc"
