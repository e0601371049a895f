#include "UsageCommand.h"

#include "ApiKeyService.h"
#include "JsonFormat.h"
#include "OrganizationService.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("UsageCommand", text);
}
// To the micro-dollar, as the CSV export: an agent run costs $0.000002 a token.
QString money(double usd)
{
    return QStringLiteral("$") + QString::number(usd, 'f', 6);
}
} // namespace

QStringList UsageCommand::synopsis() const
{
    return {
        QStringLiteral("usage --org SLUG --month YYYY-MM              totals, by endpoint, by day, by status, cost")};
}

int UsageCommand::run(CliContext& context, const QStringList& arguments)
{
    const QString usage = QStringLiteral("keywardenctl usage --org SLUG --month YYYY-MM");
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("org"), tr("The organization's slug."), QStringLiteral("SLUG")});
    parser.addOption({QStringLiteral("month"), tr("The calendar month, UTC (default: the current one)."),
                      QStringLiteral("YYYY-MM")});
    if (auto code = context.parse(parser, arguments, usage, tr("Shows an organization's usage in one month.")))
        return *code;
    if (!parser.isSet(QStringLiteral("org")))
        return context.usageError(tr("--org is required"), usage);
    QDate first = QDateTime::currentDateTimeUtc().date();
    first = QDate(first.year(), first.month(), 1);
    if (parser.isSet(QStringLiteral("month"))) {
        static const QRegularExpression pattern(QStringLiteral("^(\\d{4})-(\\d{2})$"));
        const auto match = pattern.match(parser.value(QStringLiteral("month")));
        const int year = match.hasMatch() ? match.captured(1).toInt() : 0;
        const int month = match.hasMatch() ? match.captured(2).toInt() : 0;
        if (!match.hasMatch() || month < 1 || month > 12 || year < 2000 || year > 9999)
            return context.usageError(tr("--month must look like 2026-01, not \"%1\"")
                                          .arg(CliContext::echo(parser.value(QStringLiteral("month")))),
                                      usage);
        first = QDate(year, month, 1);
    }
    const QDate last = first.addMonths(1).addDays(-1);

    auto db = context.database();
    if (!db)
        return context.fail(db.error());
    OrganizationService organizations(*db.value());
    auto organization = organizations.getBySlug(parser.value(QStringLiteral("org")));
    if (!organization)
        return context.fail(organization.error());
    ApiKeyService keys(*db.value());
    auto stats = keys.usageStats(organization->id, first, last);
    if (!stats)
        return context.fail(stats.error());

    if (context.json()) {
        QJsonObject object = JsonFormat::usageStats(stats.value());
        object.insert(QStringLiteral("organization_id"), organization->id.toString(QUuid::WithoutBraces));
        object.insert(QStringLiteral("organization_slug"), organization->slug);
        object.insert(QStringLiteral("month"), first.toString(QStringLiteral("yyyy-MM")));
        object.insert(QStringLiteral("monthly_request_limit"), double(organization->monthlyRequestLimit));
        context.printJson(object);
        return ExitCode::Success;
    }
    QTextStream& out = context.out();
    const UsageStats::Totals& t = stats->totals;
    out << tr("Usage of %1 in %2").arg(organization->slug, first.toString(QStringLiteral("yyyy-MM"))) << "\n\n"
        // Usage rows are every answer, refusals included; the quota counts only what was let
        // through. So the two are shown apart: "10 of 5 allowed" read as an overrun of 5.
        << tr("  requests      %1 answered, refusals included").arg(t.requests) << '\n'
        << tr("  monthly quota %1 admitted requests").arg(organization->monthlyRequestLimit) << '\n'
        << tr("  successful    %1").arg(t.successful) << '\n'
        << tr("  failed        %1").arg(t.failed) << '\n'
        << tr("  tokens        %1").arg(t.tokens) << '\n'
        << tr("  cost          %1").arg(money(t.costUsd)) << '\n'
        << tr("  avg response  %1 ms").arg(t.averageResponseMs, 0, 'f', 1) << "\n\n";
    out.flush();
    if (t.requests == 0) {
        out << tr("No requests in this month.") << '\n';
        return ExitCode::Success;
    }
    QList<QStringList> rows;
    for (const auto& e : stats->byEndpoint)
        rows << QStringList{e.endpoint, QString::number(e.requests), QString::number(e.tokens), money(e.costUsd)};
    out << tr("By endpoint") << '\n';
    context.printTable({tr("ENDPOINT"), tr("REQUESTS"), tr("TOKENS"), tr("COST")}, rows);
    rows.clear();
    for (const auto& d : stats->byDay)
        rows << QStringList{d.day.toString(Qt::ISODate), QString::number(d.requests), QString::number(d.failed),
                            QString::number(d.tokens), money(d.costUsd)};
    out << '\n' << tr("By day") << '\n';
    context.printTable({tr("DAY"), tr("REQUESTS"), tr("FAILED"), tr("TOKENS"), tr("COST")}, rows);
    rows.clear();
    for (const auto& s : stats->byStatus)
        rows << QStringList{QStringLiteral("%1xx").arg(s.statusClass), QString::number(s.requests)};
    out << '\n' << tr("By status") << '\n';
    context.printTable({tr("STATUS"), tr("REQUESTS")}, rows);
    return ExitCode::Success;
}
