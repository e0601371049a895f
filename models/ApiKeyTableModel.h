#pragma once

#include "ApiKey.h"
#include "Result.h"

#include <QAbstractTableModel>
#include <QList>

class Database;
class DatabaseExecutor;

// The keys of one organization. Holds stored key rows only: a full key never enters a
// model (it lives in the reveal dialog alone). Status is computed against `now`, which
// tests can set.
class ApiKeyTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        MaskedKeyColumn,
        NameColumn,
        EnvironmentColumn,
        ScopesColumn,
        StatusColumn,
        CreatedColumn,
        LastUsedColumn,
        ExpiresColumn,
        RequestsColumn,
        ColumnCount
    };
    enum Role { SortRole = Qt::UserRole + 1, IdRole, StatusRole, SearchTextRole };

    explicit ApiKeyTableModel(QObject* parent = nullptr);

    static Result<QList<ApiKey>> load(Database& database, const QUuid& organizationId);
    // Loads the organization's keys through `executor`; emits loaded() or loadFailed().
    // An answer for an organization that is no longer the current one is dropped.
    void reload(DatabaseExecutor& executor, const QUuid& organizationId);

    void setKeys(const QUuid& organizationId, QList<ApiKey> keys);
    void clear();
    QUuid organizationId() const { return m_organizationId; }
    const ApiKey* keyAt(int row) const;
    int rowOf(const QUuid& id) const;
    void setNow(const QDateTime& now);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

signals:
    void loaded();
    void loadFailed(const QString& message);

private:
    QDateTime now() const;
    QVariant displayText(const ApiKey& key, int column) const;
    QVariant sortValue(const ApiKey& key, int column) const;

    QUuid m_organizationId;
    QList<ApiKey> m_keys;
    QDateTime m_now; // invalid: the current time
    quint64 m_generation = 0;
};
