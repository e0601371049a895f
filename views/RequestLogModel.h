#pragma once

#include "ValidatorRequestEvent.h"

#include <QAbstractTableModel>
#include <QList>

// The local validator's last requests, newest on top. Holds only what the validator
// reports (ValidatorRequestEvent: masked keys, paths without queries), never a full key.
class RequestLogModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Time, Method, Path, Status, ErrorCode, MaskedKey, Latency, ColumnCount };
    // Raw values (QDateTime, int, qint64 µs) for sorting and tests.
    static constexpr int SortRole = Qt::UserRole;
    static constexpr int DefaultCapacity = 500;

    explicit RequestLogModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Puts `event` on top; the oldest row goes once there are capacity() rows.
    void addEvent(const ValidatorRequestEvent& event);
    const ValidatorRequestEvent& event(int row) const { return m_events.at(row); }
    void clear();

    int capacity() const { return m_capacity; }
    void setCapacity(int capacity);

private:
    QList<ValidatorRequestEvent> m_events; // newest first
    int m_capacity = DefaultCapacity;
};
