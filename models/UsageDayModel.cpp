#include "UsageDayModel.h"

#include <QMap>

namespace {

// Filling is linear in the range; a corrupt or absurd range must not allocate millions
// of rows. Ten years is far beyond what the panel asks for (three at most).
constexpr qint64 kMaxFilledDays = 3660;

} // namespace

UsageDayModel::UsageDayModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

QList<UsageStats::DayRow> UsageDayModel::filledDays(const UsageStats& stats)
{
    QMap<QDate, UsageStats::DayRow> byDay;
    for (const UsageStats::DayRow& row : stats.byDay) {
        if (!row.day.isValid())
            continue;
        // Merge rather than overwrite: a caller's list may hold a day twice.
        UsageStats::DayRow& merged = byDay[row.day];
        merged.day = row.day;
        merged.requests += row.requests;
        merged.failed += row.failed;
        merged.tokens += row.tokens;
        merged.costUsd += row.costUsd;
    }
    QDate from = stats.from;
    QDate to = stats.to;
    if (!from.isValid() || !to.isValid()) {
        if (byDay.isEmpty())
            return {};
        from = byDay.firstKey();
        to = byDay.lastKey();
    }
    if (from > to)
        return byDay.values();
    // Rows outside the stated range are still data: widen rather than drop them.
    if (!byDay.isEmpty()) {
        from = qMin(from, byDay.firstKey());
        to = qMax(to, byDay.lastKey());
    }
    if (from.daysTo(to) >= kMaxFilledDays)
        return byDay.values();

    QList<UsageStats::DayRow> rows;
    rows.reserve(from.daysTo(to) + 1);
    for (QDate day = from; day <= to; day = day.addDays(1)) {
        const auto it = byDay.constFind(day);
        if (it != byDay.constEnd()) {
            rows << *it;
        } else {
            UsageStats::DayRow zero;
            zero.day = day;
            rows << zero;
        }
    }
    return rows;
}

qint64 UsageDayModel::chartMsecs(QDate day)
{
    return day.startOfDay().toMSecsSinceEpoch();
}

void UsageDayModel::setStats(const UsageStats& stats)
{
    beginResetModel();
    m_rows = filledDays(stats);
    m_from = m_rows.isEmpty() ? QDate() : m_rows.constFirst().day;
    m_to = m_rows.isEmpty() ? QDate() : m_rows.constLast().day;
    m_maxRequests = 0;
    m_maxCostUsd = 0;
    for (const UsageStats::DayRow& row : std::as_const(m_rows)) {
        m_maxRequests = qMax(m_maxRequests, row.requests);
        m_maxCostUsd = qMax(m_maxCostUsd, row.costUsd);
    }
    endResetModel();
}

void UsageDayModel::clear()
{
    setStats(UsageStats{});
}

int UsageDayModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int UsageDayModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant UsageDayModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const UsageStats::DayRow& row = m_rows.at(index.row());
    if (role == DayEpochMsRole)
        return chartMsecs(row.day);
    if (role == Qt::TextAlignmentRole)
        return index.column() == Day ? QVariant() : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != SortRole && role != Qt::ToolTipRole)
        return {};

    // Numbers stay numbers under DisplayRole too: QVXYModelMapper reads its values from
    // there (a formatted "1,234" or "$0.50" would reach the chart as 0), and item views
    // format numbers in the user's locale themselves.
    switch (Column(index.column())) {
    case Day:
        return role == SortRole ? QVariant(row.day) : QVariant(row.day.toString(Qt::ISODate));
    case Requests:
        return row.requests;
    case Failed:
        return row.failed;
    case Tokens:
        return row.tokens;
    case CostUsd:
        return row.costUsd;
    case DayEpochMs:
        // A number under DisplayRole too: QVXYModelMapper reads its x values from there.
        return chartMsecs(row.day);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant UsageDayModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Day:
        return tr("Day (UTC)");
    case Requests:
        return tr("Requests");
    case Failed:
        return tr("Failed");
    case Tokens:
        return tr("Tokens");
    case CostUsd:
        return tr("Cost (USD)");
    case DayEpochMs:
        return tr("Day (epoch ms)");
    case ColumnCount:
        break;
    }
    return {};
}

QHash<int, QByteArray> UsageDayModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(SortRole, QByteArrayLiteral("sortValue"));
    names.insert(DayEpochMsRole, QByteArrayLiteral("dayEpochMs"));
    return names;
}
