#pragma once

#include "AuditRepository.h"

#include <QWidget>

class AuditLogModel;
class DatabaseExecutor;
class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QTableView;

// The audit log, newest first, filtered in the query: by action, by who did it, by the
// selected organization and since a day.
class AuditLogPanel : public QWidget
{
    Q_OBJECT

public:
    static constexpr int PageSize = 500;

    explicit AuditLogPanel(DatabaseExecutor* executor, QWidget* parent = nullptr);

    // The organization "only this organization" narrows to.
    void setOrganization(const QUuid& id, const QString& name);
    AuditFilter filter() const;
    AuditLogModel* model() const { return m_model; }

public slots:
    void refresh();

signals:
    void loaded();
    void loadFailed(const QString& message);

private:
    DatabaseExecutor* m_executor;
    AuditLogModel* m_model;
    QUuid m_organizationId;
    QComboBox* m_actionCombo = nullptr;
    QLineEdit* m_actorEdit = nullptr;
    QCheckBox* m_organizationCheck = nullptr;
    QDateEdit* m_sinceEdit = nullptr;
    QTableView* m_view = nullptr;
    QLabel* m_stateLabel = nullptr;
};
