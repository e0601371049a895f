#pragma once

#include "Organization.h"
#include "Result.h"

#include <QAbstractTableModel>
#include <QList>

class Database;
class DatabaseExecutor;

// One line of the organizations table: the organization and how much of its plan it uses.
struct OrganizationRow
{
    Organization organization;
    int keysInUse = 0;
    qint64 requestsThisMonth = 0;
};

// The organizations table of the desktop app. Raw values (counts, booleans) under
// SortRole so that sorting is numeric; display text is localised.
class OrganizationTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, SlugColumn, PlanColumn, ActiveColumn, KeysColumn, RequestsColumn, ColumnCount };
    enum Role { SortRole = Qt::UserRole + 1, IdRole, ActiveRole, SearchTextRole };

    explicit OrganizationTableModel(QObject* parent = nullptr);

    // Runs on a database thread: every organization with its key count and this month's requests.
    static Result<QList<OrganizationRow>> load(Database& database, const QDateTime& now);
    // Loads through `executor` and replaces the rows; emits loaded() or loadFailed().
    void reload(DatabaseExecutor& executor);

    void setRows(QList<OrganizationRow> rows);
    const QList<OrganizationRow>& rows() const { return m_rows; }
    const OrganizationRow* rowAt(int row) const;
    int rowOf(const QUuid& id) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

signals:
    void loaded();
    void loadFailed(const QString& message);

private:
    QVariant displayText(const OrganizationRow& row, int column) const;
    QVariant sortValue(const OrganizationRow& row, int column) const;

    QList<OrganizationRow> m_rows;
};
