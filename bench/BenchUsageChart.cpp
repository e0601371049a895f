// Benchmark of the usage panel: one organization with 1,000 keys and a year of daily
// usage (the rollup then holds ~365,000 rows for it), timed from
// UsagePanel::setOrganization (Last 12 months) to the charts painted (QWidget::grab()
// after `loaded`), offscreen. Prints the median of five runs and its ratio to the goal
// of 500 ms; asserts nothing (machines are shared and noisy).
//   keywarden_bench_usage_chart [--pg postgresql://...] [--keys N] [--days N] [--runs N]
// PostgreSQL runs too when --pg or KEYWARDEN_BENCH_PG_URL names a server.
#include "ApiKeyService.h"
#include "Database.h"
#include "DatabaseExecutor.h"
#include "MigrationRunner.h"
#include "OrganizationService.h"
#include "UsageChartView.h"
#include "UsagePanel.h"
#include "UsageRepository.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimeZone>
#include <QTimer>
#include <QUuid>

#include <algorithm>
#include <memory>
#include <vector>

namespace {

constexpr double kGoalMs = 500;
// Large batches: recordBatch is one transaction each, and the rollup merges within one.
constexpr int kBatchSize = 20000;

const QStringList kEndpoints{
    QStringLiteral("/v1/verify"),
    QStringLiteral("/v1/auth"),
    QStringLiteral("/v1/agents/echo/run"),
    QStringLiteral("/v1/agents/summarize/run"),
    QStringLiteral("/v1/agents/translate/run"),
    QStringLiteral("/v1/conversations"),
    QStringLiteral("/v1/search"),
    QStringLiteral("/v1/embeddings"),
    QStringLiteral("/v1/files"),
    QStringLiteral("/v1/files/upload"),
    QStringLiteral("/v1/models"),
    QStringLiteral("/v1/moderations"),
    QStringLiteral("/v1/images"),
    QStringLiteral("/v1/audio"),
};

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[values.size() / 2];
}

struct BenchOrganization
{
    QUuid id;
    QString name;
};

// One organization with `keyCount` keys and one day of usage for every key on each of
// the last `days` days (UTC), spread over 14 endpoints and all status classes.
bool populate(QTextStream& out, Database& database, int keyCount, int days, BenchOrganization& created)
{
    MigrationRunner runner(database);
    if (auto applied = runner.upgrade(); !applied) {
        out << "  cannot prepare the database: " << applied.error().message << '\n';
        return false;
    }
    OrganizationService organizations(database);
    CreateOrganizationRequest request;
    request.name = QStringLiteral("Usage Bench");
    request.slug = QStringLiteral("usage-bench-") + QUuid::createUuid().toString(QUuid::Id128).left(8);
    request.email = QStringLiteral("bench@example.com");
    request.plan = Plan::Enterprise;
    auto org = organizations.create(request, QStringLiteral("bench"));
    if (!org) {
        out << "  " << org.error().message << '\n';
        return false;
    }
    OrganizationUpdate roomy;
    roomy.maxApiKeys = keyCount + 10;
    if (auto updated = organizations.update(org->id, roomy, QStringLiteral("bench")); !updated) {
        out << "  " << updated.error().message << '\n';
        return false;
    }
    created = {org->id, org->name};

    QElapsedTimer timer;
    timer.start();
    ApiKeyService keys(database);
    QList<QUuid> keyIds;
    for (int i = 0; i < keyCount; ++i) {
        CreateKeyRequest key;
        key.organizationId = org->id;
        key.name = QStringLiteral("bench %1").arg(i);
        key.scopes = {QStringLiteral("*")};
        auto made = keys.createKey(key, QStringLiteral("bench"));
        if (!made) {
            out << "  key " << i << ": " << made.error().message << '\n';
            return false;
        }
        keyIds << made->key.id;
    }
    out << "  " << keyCount << " keys in " << timer.elapsed() << " ms\n";
    out.flush();

    timer.restart();
    UsageRepository usage(database);
    QList<UsageRecord> batch;
    batch.reserve(kBatchSize);
    qint64 written = 0;
    const QDate today = QDateTime::currentDateTimeUtc().date();
    for (int d = 0; d < days; ++d) {
        const QDate day = today.addDays(-d);
        for (int k = 0; k < keyIds.size(); ++k) {
            UsageRecord r;
            r.apiKeyId = keyIds.at(k);
            r.organizationId = org->id;
            r.timestamp = QDateTime(day, QTime(0, 0).addSecs((k * 37) % 86400), QTimeZone::utc());
            // Skewed, so the endpoint chart has a real top ten and an "Other".
            const int e = (k % 3 == 0) ? 0 : (k * 7 + d) % int(kEndpoints.size());
            r.endpoint = kEndpoints.at(e);
            r.method = QStringLiteral("POST");
            const int n = k + d;
            r.statusCode = n % 53 == 0 ? 500 : n % 29 == 0 ? 301 : n % 17 == 0 ? 404 : n % 11 == 0 ? 429 : 200;
            r.responseTimeMs = 5 + (n % 40);
            r.tokensUsed = e >= 2 && e <= 4 ? 100 + (n % 500) : 0;
            r.costUsd = r.tokensUsed * 0.00001;
            batch << r;
            if (batch.size() == kBatchSize) {
                if (Status s = usage.recordBatch(batch); !s) {
                    out << "  usage: " << s.error().message << '\n';
                    return false;
                }
                written += batch.size();
                batch.clear();
            }
        }
    }
    if (!batch.isEmpty()) {
        if (Status s = usage.recordBatch(batch); !s) {
            out << "  usage: " << s.error().message << '\n';
            return false;
        }
        written += batch.size();
    }
    out << "  " << written << " usage rows (and their rollup) in " << timer.elapsed() << " ms\n";
    out.flush();
    return true;
}

bool benchPanel(QTextStream& out, const QString& label, const DatabaseUrl& url, int keyCount, int days, int runs)
{
    out << label << ":\n";
    auto database = std::make_shared<Database>(url);
    BenchOrganization org;
    if (!populate(out, *database, keyCount, days, org))
        return false;

    DatabaseExecutor executor(database);
    std::vector<double> totals;
    std::vector<double> loads;
    std::vector<double> paints;
    qint64 requests = 0;
    for (int run = 0; run < runs; ++run) {
        // A fresh panel each run: the first sight of the charts, as a user gets it.
        UsagePanel panel(&executor);
        panel.setRange(UsagePanel::Last12Months); // no organization yet: loads nothing
        panel.resize(1280, 900);
        panel.show();
        QCoreApplication::processEvents();

        QEventLoop loop;
        QString failure;
        QObject::connect(&panel, &UsagePanel::loaded, &loop, &QEventLoop::quit);
        QObject::connect(&panel, &UsagePanel::loadFailed, &loop, [&](const QString& message) {
            failure = message;
            loop.quit();
        });
        QTimer::singleShot(120000, &loop, [&] {
            failure = QStringLiteral("no answer within 120 s");
            loop.quit();
        });

        QElapsedTimer timer;
        timer.start();
        panel.setOrganization(org.id, org.name);
        loop.exec();
        const double loadedMs = timer.nsecsElapsed() / 1e6;
        if (!failure.isEmpty()) {
            out << "  run " << run + 1 << ": " << failure << '\n';
            return false;
        }
        const QImage image = panel.grab().toImage();
        const double totalMs = timer.nsecsElapsed() / 1e6;
        if (image.isNull()) {
            out << "  run " << run + 1 << ": nothing painted\n";
            return false;
        }
        requests = panel.stats().totals.requests;
        totals.push_back(totalMs);
        loads.push_back(loadedMs);
        paints.push_back(totalMs - loadedMs);
        out << QStringLiteral("  run %1: %2 ms (loaded after %3 ms, painted in %4 ms)\n")
                   .arg(run + 1)
                   .arg(totalMs, 0, 'f', 1)
                   .arg(loadedMs, 0, 'f', 1)
                   .arg(totalMs - loadedMs, 0, 'f', 1);
        out.flush();
    }
    // Where the time goes, for whoever makes it faster: the repository's query alone (on
    // this thread, warm) and the chart update alone (no database).
    std::vector<double> queries;
    std::vector<double> updates;
    UsageStats stats;
    const QDate today = QDateTime::currentDateTimeUtc().date();
    for (int run = 0; run < runs; ++run) {
        QElapsedTimer timer;
        timer.start();
        auto summary = UsageRepository(*database).summary(org.id, today.addMonths(-12).addDays(1), today);
        queries.push_back(timer.nsecsElapsed() / 1e6);
        if (!summary) {
            out << "  summary: " << summary.error().message << '\n';
            return false;
        }
        stats = summary.value();
    }
    for (int run = 0; run < runs; ++run) {
        UsageChartView view;
        view.resize(1280, 820);
        QElapsedTimer timer;
        timer.start();
        view.setStats(stats);
        updates.push_back(timer.nsecsElapsed() / 1e6);
    }
    out << QStringLiteral("  of which: UsageRepository::summary() %1 ms, UsageChartView::setStats() %2 ms (medians)\n")
               .arg(median(queries), 0, 'f', 1)
               .arg(median(updates), 0, 'f', 1);

    const double total = median(totals);
    out << QStringLiteral("%1  setOrganization -> painted (last 12 months, %2 keys, %3 requests)  median %4 ms  "
                          "(load %5 ms, paint %6 ms)  goal < %7 ms  ratio %8  %9\n")
               .arg(label.leftJustified(10))
               .arg(keyCount)
               .arg(requests)
               .arg(total, 0, 'f', 1)
               .arg(median(loads), 0, 'f', 1)
               .arg(median(paints), 0, 'f', 1)
               .arg(kGoalMs, 0, 'f', 0)
               .arg(total / kGoalMs, 0, 'f', 2)
               .arg(total < kGoalMs ? QStringLiteral("ok") : QStringLiteral("SLOWER"));
    out.flush();
    return true;
}

} // namespace

int main(int argc, char* argv[])
{
    // Offscreen unless the caller chose a platform: the bench needs no display.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("keywarden.*.info=false"));
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("pg"), QStringLiteral("PostgreSQL URL (default: $KEYWARDEN_BENCH_PG_URL)."),
                      QStringLiteral("URL")});
    parser.addOption({QStringLiteral("keys"), QStringLiteral("Keys of the organization (default 1000)."),
                      QStringLiteral("N"), QStringLiteral("1000")});
    parser.addOption({QStringLiteral("days"), QStringLiteral("Days of usage, up to today (default 365)."),
                      QStringLiteral("N"), QStringLiteral("365")});
    parser.addOption(
        {QStringLiteral("runs"), QStringLiteral("Timed runs (default 5)."), QStringLiteral("N"), QStringLiteral("5")});
    parser.process(app);
    const int keyCount = qMax(1, parser.value(QStringLiteral("keys")).toInt());
    const int days = qMax(1, parser.value(QStringLiteral("days")).toInt());
    const int runs = qMax(1, parser.value(QStringLiteral("runs")).toInt());
    QTextStream out(stdout);
    out << "KeyWarden usage chart benchmark (" << keyCount << " keys, " << days << " days, median of " << runs
        << " runs)\n";

    bool ok = true;
    QTemporaryDir dir;
    ok = benchPanel(out, QStringLiteral("SQLite"),
                    DatabaseUrl::parse(QStringLiteral("sqlite://") + dir.filePath(QStringLiteral("usage.db"))).value(),
                    keyCount, days, runs)
        && ok;
    const QString pg = parser.isSet(QStringLiteral("pg")) ? parser.value(QStringLiteral("pg"))
                                                          : qEnvironmentVariable("KEYWARDEN_BENCH_PG_URL");
    if (pg.isEmpty()) {
        out << "PostgreSQL: skipped (set KEYWARDEN_BENCH_PG_URL or pass --pg URL)\n";
    } else if (auto url = DatabaseUrl::parse(pg)) {
        ok = benchPanel(out, QStringLiteral("PostgreSQL"), url.value(), keyCount, days, runs) && ok;
    } else {
        out << "bad PostgreSQL URL: " << url.error().message << '\n';
        ok = false;
    }
    return ok ? 0 : 1;
}
