// Benchmark of the keys table: one organization with 10,000 keys, timed from
// KeysPanel::setOrganization to the table painted (QWidget::grab() after `loaded`),
// offscreen, on SQLite (and PostgreSQL with --pg or KEYWARDEN_BENCH_PG_URL). Prints the
// median of five runs and its ratio to the goal of 300 ms; asserts nothing.
//   keywarden_bench_keys_table [--pg postgresql://...] [--keys N] [--runs N]
#include "ApiKeyGenerator.h"
#include "ApiKeyRepository.h"
#include "Database.h"
#include "DatabaseExecutor.h"
#include "KeysPanel.h"
#include "MigrationRunner.h"
#include "OrganizationService.h"
#include "Transaction.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <vector>

namespace {

constexpr double kGoalMs = 300;

bool fill(Database& database, int keys, QUuid* organizationId)
{
    OrganizationService organizations(database);
    auto org
        = organizations.create({QStringLiteral("Bench Keys"), QStringLiteral("bench@example.com"), Plan::Enterprise,
                                QStringLiteral("bench-keys-") + QString::number(QDateTime::currentMSecsSinceEpoch())},
                               QStringLiteral("bench"));
    if (!org) {
        QTextStream(stderr) << "cannot create organization: " << org.error().message << '\n';
        return false;
    }
    *organizationId = org->id;
    auto db = database.connection();
    if (!db)
        return false;
    // Straight through the repository in one transaction: the service would audit each key,
    // which is right for people and slow for ten thousand rows we only want to display.
    Transaction transaction(db.value());
    ApiKeyRepository repository(database);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (int i = 0; i < keys; ++i) {
        const GeneratedKey generated = ApiKeyGenerator::generate(KeyEnvironment::Live);
        ApiKey key;
        key.id = QUuid::createUuid();
        key.organizationId = org->id;
        key.keyPrefix = generated.keyPrefix;
        key.keyHash = generated.keyHash;
        key.keyHint = generated.keyHint;
        key.name = QStringLiteral("key %1").arg(i);
        key.createdAt = now.addSecs(-i);
        key.scopes = {QStringLiteral("agents:run")};
        if (i % 7 == 0)
            key.expiresAt = now.addDays(i % 30 - 10);
        key.totalRequests = i * 13;
        if (Status s = repository.create(key); !s) {
            QTextStream(stderr) << "cannot create key: " << s.error().message << '\n';
            return false;
        }
    }
    return bool(transaction.commit());
}

double runOnce(DatabaseExecutor& executor, const QUuid& organizationId)
{
    KeysPanel panel(&executor);
    panel.resize(1200, 700);
    panel.show();
    OrganizationRow row;
    row.organization.id = organizationId;
    row.organization.name = QStringLiteral("Bench Keys");
    QSignalSpy loaded(&panel, &KeysPanel::loaded);
    QElapsedTimer timer;
    timer.start();
    panel.setOrganization(row);
    if (!loaded.wait(60000))
        return -1;
    panel.grab(); // paints the visible rows, as the first frame on screen would
    return timer.nsecsElapsed() / 1e6;
}

void bench(const QString& label, Database& database, int keys, int runs)
{
    QUuid organizationId;
    QElapsedTimer fillTimer;
    fillTimer.start();
    if (!fill(database, keys, &organizationId))
        return;
    const double fillMs = fillTimer.elapsed();
    auto shared = std::shared_ptr<Database>(&database, [](Database*) {});
    std::vector<double> times;
    {
        DatabaseExecutor executor(shared);
        for (int i = 0; i < runs; ++i)
            times.push_back(runOnce(executor, organizationId));
    }
    std::sort(times.begin(), times.end());
    const double median = times[times.size() / 2];
    QTextStream(stdout) << QStringLiteral("%1: %2 keys (filled in %3 ms): first paint of the keys table median %4 ms "
                                          "(min %5, max %6) — %7x the goal of %8 ms\n")
                               .arg(label)
                               .arg(keys)
                               .arg(fillMs, 0, 'f', 0)
                               .arg(median, 0, 'f', 1)
                               .arg(times.front(), 0, 'f', 1)
                               .arg(times.back(), 0, 'f', 1)
                               .arg(median / kGoalMs, 0, 'f', 2)
                               .arg(kGoalMs, 0, 'f', 0);
}

} // namespace

int main(int argc, char* argv[])
{
    qputenv("QT_QPA_PLATFORM",
            qgetenv("QT_QPA_PLATFORM").isEmpty() ? QByteArray("offscreen") : qgetenv("QT_QPA_PLATFORM"));
    QApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("keywarden.*.info=false"));
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("pg"), QStringLiteral("PostgreSQL URL"), QStringLiteral("url")});
    parser.addOption({QStringLiteral("keys"), QStringLiteral("keys (default 10000)"), QStringLiteral("N")});
    parser.addOption({QStringLiteral("runs"), QStringLiteral("runs (default 5)"), QStringLiteral("N")});
    parser.process(app);
    const int keys = parser.isSet(QStringLiteral("keys")) ? parser.value(QStringLiteral("keys")).toInt() : 10000;
    const int runs = qMax(1, parser.isSet(QStringLiteral("runs")) ? parser.value(QStringLiteral("runs")).toInt() : 5);

    QTemporaryDir dir;
    DatabaseUrl sqlite;
    sqlite.engine = DatabaseEngine::SQLite;
    sqlite.sqlitePath = dir.filePath(QStringLiteral("bench.db"));
    {
        Database database(sqlite);
        if (auto applied = MigrationRunner(database).upgrade(); !applied)
            return 1;
        bench(QStringLiteral("SQLite"), database, keys, runs);
        database.releaseThreadConnection();
    }
    QString pg = parser.value(QStringLiteral("pg"));
    if (pg.isEmpty())
        pg = qEnvironmentVariable("KEYWARDEN_BENCH_PG_URL");
    if (!pg.isEmpty()) {
        auto url = DatabaseUrl::parse(pg);
        if (!url)
            return 1;
        Database database(url.value());
        if (auto applied = MigrationRunner(database).upgrade(); !applied) {
            QTextStream(stderr) << applied.error().message << '\n';
            return 1;
        }
        bench(QStringLiteral("PostgreSQL"), database, keys, runs);
        database.releaseThreadConnection();
    }
    return 0;
}
