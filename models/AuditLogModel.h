#pragma once

#include "AuditEvent.h"
#include "AuditRepository.h"
#include "Result.h"

#include <QAbstractTableModel>
#include <QHash>

class DatabaseExecutor;

// One page of the audit log and the names of the organizations it mentions.
struct AuditPage
{
    QList<AuditEvent> events; // newest first
    QHash<QUuid, QString> organizationNames;
};

// The audit log, newest first, as the repository returns it. Filtering happens in the
// query (AuditFilter), not in a proxy: the log can be far larger than one page.
class AuditLogModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        TimeColumn,
        ActorColumn,
        ActionColumn,
        OrganizationColumn,
        KeyColumn,
        IpAddressColumn,
        DetailsColumn,
        ColumnCount
    };
    enum Role { SortRole = Qt::UserRole + 1, EventIdRole };

    explicit AuditLogModel(QObject* parent = nullptr);

    static Result<AuditPage> load(Database& database, const AuditFilter& filter);
    void reload(DatabaseExecutor& executor, const AuditFilter& filter);

    void setPage(AuditPage page);
    const AuditEvent* eventAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // A sentence for an action code ("key.revoked" -> "Key revoked").
    static QString actionText(const QString& action);

signals:
    void loaded();
    void loadFailed(const QString& message);

private:
    QString detailsText(const AuditEvent& event) const;

    AuditPage m_page;
    quint64 m_generation = 0;
};
