#include "UsageCsvWriter.h"

#include "UsageDayModel.h"

#include <QIODevice>
#include <QStringList>

namespace {

const QString kLineEnd = QStringLiteral("\r\n");

QString number(qint64 value)
{
    return QString::number(value);
}

QString money(double value)
{
    return QString::number(value, 'f', 6);
}

QString statusClassLabel(int statusClass)
{
    return QString::number(statusClass) + QStringLiteral("xx");
}

} // namespace

QStringList UsageCsvWriter::headerFields()
{
    return {QStringLiteral("section"),      QStringLiteral("day"),      QStringLiteral("endpoint"),
            QStringLiteral("status_class"), QStringLiteral("requests"), QStringLiteral("failed"),
            QStringLiteral("tokens"),       QStringLiteral("cost_usd")};
}

QString UsageCsvWriter::textField(const QString& text)
{
    QString field = text;
    if (!field.isEmpty()) {
        const QChar first = field.front();
        if (first == u'=' || first == u'+' || first == u'-' || first == u'@' || first == u'\t' || first == u'\r')
            field.prepend(u'\'');
    }
    if (field.contains(u',') || field.contains(u'"') || field.contains(u'\r') || field.contains(u'\n')) {
        field.replace(QStringLiteral("\""), QStringLiteral("\"\""));
        field = u'"' + field + u'"';
    }
    return field;
}

Status UsageCsvWriter::write(const UsageStats& stats, QIODevice& device)
{
    if (!device.isOpen() || !device.isWritable())
        return makeError(ErrorCode::InvalidInput, QStringLiteral("the file is not open for writing"));

    // Built whole, then written once: a usage summary is small (days + endpoints), and
    // one write leaves one place to notice a full disk.
    QString out;
    const auto row = [&out](const QStringList& fields) {
        out += fields.join(u',') + kLineEnd;
    };
    row(headerFields());

    for (const UsageStats::DayRow& day : UsageDayModel::filledDays(stats)) {
        row({QStringLiteral("day"), day.day.toString(Qt::ISODate), QString(), QString(), number(day.requests),
             number(day.failed), number(day.tokens), money(day.costUsd)});
    }
    for (const UsageStats::EndpointRow& endpoint : stats.byEndpoint) {
        row({QStringLiteral("endpoint"), QString(), textField(endpoint.endpoint), QString(), number(endpoint.requests),
             QString(), number(endpoint.tokens), money(endpoint.costUsd)});
    }
    for (const UsageStats::StatusRow& status : stats.byStatus) {
        row({QStringLiteral("status"), QString(), QString(), statusClassLabel(status.statusClass),
             number(status.requests), QString(), QString(), QString()});
    }
    const QString range = stats.from.isValid() && stats.to.isValid()
        ? stats.from.toString(Qt::ISODate) + u'/' + stats.to.toString(Qt::ISODate)
        : QString();
    row({QStringLiteral("total"), range, QString(), QString(), number(stats.totals.requests),
         number(stats.totals.failed), number(stats.totals.tokens), money(stats.totals.costUsd)});

    const QByteArray bytes = out.toUtf8();
    const qint64 written = device.write(bytes);
    if (written != bytes.size()) {
        const QString reason = device.errorString();
        return makeError(ErrorCode::Internal,
                         reason.isEmpty() ? QStringLiteral("not all of the data could be written") : reason);
    }
    return success();
}
