#include "RequestLogModel.h"

#include <QBrush>
#include <QLocale>

RequestLogModel::RequestLogModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

int RequestLogModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int RequestLogModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RequestLogModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ValidatorRequestEvent& event = m_events.at(index.row());
    if (role == SortRole) {
        switch (Column(index.column())) {
        case Time:
            return event.timestamp;
        case Status:
            return event.status;
        case Latency:
            return event.latencyMicros;
        default:
            break;
        }
        role = Qt::DisplayRole;
    }
    if (role == Qt::DisplayRole) {
        switch (Column(index.column())) {
        case Time:
            return QLocale().toString(event.timestamp.toLocalTime().time(), QStringLiteral("HH:mm:ss.zzz"));
        case Method:
            return event.method;
        case Path:
            return event.path;
        case Status:
            return event.status;
        case ErrorCode:
            return event.errorCode;
        case MaskedKey:
            return event.maskedKey;
        case Latency:
            // Sub-millisecond answers are the usual case: show them in µs.
            if (event.latencyMicros < 1000)
                return tr("%1 µs").arg(event.latencyMicros);
            return tr("%1 ms").arg(QLocale().toString(double(event.latencyMicros) / 1000.0, 'f', 1));
        case ColumnCount:
            break;
        }
        return {};
    }
    if (role == Qt::ToolTipRole && index.column() == Time)
        return QLocale().toString(event.timestamp.toLocalTime(), QLocale::LongFormat);
    if (role == Qt::ToolTipRole && !event.organizationSlug.isEmpty())
        return tr("Organization: %1").arg(event.organizationSlug);
    if (role == Qt::TextAlignmentRole) {
        if (index.column() == Status || index.column() == Latency)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return int(Qt::AlignLeft | Qt::AlignVCenter);
    }
    if (role == Qt::ForegroundRole && index.column() == Status && event.status >= 400)
        return QBrush(event.status >= 500 ? Qt::darkRed : QColor(0xa0, 0x50, 0x00));
    return {};
}

QVariant RequestLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Time:
        return tr("Time");
    case Method:
        return tr("Method");
    case Path:
        return tr("Path");
    case Status:
        return tr("Status");
    case ErrorCode:
        return tr("Error Code");
    case MaskedKey:
        return tr("Key");
    case Latency:
        return tr("Latency");
    case ColumnCount:
        break;
    }
    return {};
}

void RequestLogModel::addEvent(const ValidatorRequestEvent& event)
{
    if (m_events.size() >= m_capacity) {
        const int last = int(m_events.size()) - 1;
        beginRemoveRows({}, last, last);
        m_events.removeLast();
        endRemoveRows();
    }
    beginInsertRows({}, 0, 0);
    m_events.prepend(event);
    endInsertRows();
}

void RequestLogModel::clear()
{
    if (m_events.isEmpty())
        return;
    beginResetModel();
    m_events.clear();
    endResetModel();
}

void RequestLogModel::setCapacity(int capacity)
{
    m_capacity = qMax(1, capacity);
    if (m_events.size() <= m_capacity)
        return;
    beginRemoveRows({}, m_capacity, int(m_events.size()) - 1);
    m_events.resize(m_capacity);
    endRemoveRows();
}
