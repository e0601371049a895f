#pragma once

#include "UsageStats.h"

#include <QAbstractTableModel>

// One row per day of a usage summary, oldest first. Days without traffic are rows of
// zeros across the whole [from, to] range: a chart that skipped them would draw a
// straight line between two busy days and hide the quiet ones in between.
//
// Days are UTC calendar days (the rollup's days). Numeric columns give plain numbers
// (qint64, double) under Qt::DisplayRole, where QVXYModelMapper reads them. For its x
// values, the column DayEpochMs holds chartMsecs() of the day; DayEpochMsRole gives the
// same number on every column.
class UsageDayModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Day, Requests, Failed, Tokens, CostUsd, DayEpochMs, ColumnCount };
    Q_ENUM(Column)

    enum Role {
        // Raw values for sorting: QDate for Day (DisplayRole has ISO text), else as DisplayRole.
        SortRole = Qt::UserRole,
        // The row's day as chartMsecs() (qint64).
        DayEpochMsRole,
    };

    explicit UsageDayModel(QObject* parent = nullptr);

    void setStats(const UsageStats& stats);
    void clear();

    // The range the rows cover, inclusive.
    QDate from() const { return m_from; }
    QDate to() const { return m_to; }
    const UsageStats::DayRow& dayRow(int row) const { return m_rows.at(row); }
    qint64 maxRequests() const { return m_maxRequests; }
    double maxCostUsd() const { return m_maxCostUsd; }

    // The byDay rows of `stats` with a zero row for every missing day of [from, to].
    // When from/to are not both valid, the range of the rows themselves is used.
    static QList<UsageStats::DayRow> filledDays(const UsageStats& stats);
    // Where `day` sits on a QDateTimeAxis: the msecs since the epoch of its midnight in
    // local time. The axis labels its ticks in local time, so the day's UTC midnight would
    // read as the day before west of UTC.
    static qint64 chartMsecs(QDate day);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    QList<UsageStats::DayRow> m_rows;
    QDate m_from;
    QDate m_to;
    qint64 m_maxRequests = 0;
    double m_maxCostUsd = 0;
};
