#include "AuditLogPanel.h"

#include "AuditLogModel.h"
#include "DatabaseExecutor.h"
#include "InputRules.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

AuditLogPanel::AuditLogPanel(DatabaseExecutor* executor, QWidget* parent)
    : QWidget(parent)
    , m_executor(executor)
    , m_model(new AuditLogModel(this))
{
    auto* layout = new QVBoxLayout(this);
    auto* filters = new QHBoxLayout;

    m_actionCombo = new QComboBox(this);
    m_actionCombo->setObjectName(QStringLiteral("actionComboBox"));
    m_actionCombo->addItem(tr("All events"), QString());
    for (const char* action :
         {AuditActions::OrgCreated, AuditActions::OrgUpdated, AuditActions::KeyCreated, AuditActions::KeyRevoked,
          AuditActions::KeyRolled, AuditActions::KeyInvalidAttempt, AuditActions::KeysExpiredDeleted})
        m_actionCombo->addItem(AuditLogModel::actionText(QString::fromLatin1(action)), QString::fromLatin1(action));
    auto* actionLabel = new QLabel(tr("&Event:"), this);
    actionLabel->setBuddy(m_actionCombo);
    filters->addWidget(actionLabel);
    filters->addWidget(m_actionCombo);

    m_actorEdit = new QLineEdit(this);
    m_actorEdit->setObjectName(QStringLiteral("actorLineEdit"));
    m_actorEdit->setPlaceholderText(tr("e.g. cli:alice"));
    m_actorEdit->setMaxLength(InputRules::MaxActorLength);
    m_actorEdit->setClearButtonEnabled(true);
    auto* actorLabel = new QLabel(tr("&Who:"), this);
    actorLabel->setBuddy(m_actorEdit);
    filters->addWidget(actorLabel);
    filters->addWidget(m_actorEdit, 1);

    m_sinceEdit = new QDateEdit(QDate::currentDate().addDays(-30), this);
    m_sinceEdit->setObjectName(QStringLiteral("sinceDateEdit"));
    m_sinceEdit->setCalendarPopup(true);
    m_sinceEdit->setMinimumDate(QDate(2000, 1, 1));
    auto* sinceLabel = new QLabel(tr("&Since:"), this);
    sinceLabel->setBuddy(m_sinceEdit);
    filters->addWidget(sinceLabel);
    filters->addWidget(m_sinceEdit);

    m_organizationCheck = new QCheckBox(tr("Only the selected &organization"), this);
    m_organizationCheck->setObjectName(QStringLiteral("organizationOnlyCheckBox"));
    m_organizationCheck->setEnabled(false);
    filters->addWidget(m_organizationCheck);

    auto* refreshButton = new QPushButton(tr("&Refresh"), this);
    refreshButton->setObjectName(QStringLiteral("refreshButton"));
    filters->addWidget(refreshButton);
    layout->addLayout(filters);

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("auditTableView"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    layout->addWidget(m_view, 1);

    m_stateLabel = new QLabel(this);
    m_stateLabel->setObjectName(QStringLiteral("auditStateLabel"));
    m_stateLabel->setWordWrap(true);
    layout->addWidget(m_stateLabel);

    // Typing in the actor box refreshes after a pause, not on every key.
    auto* debounce = new QTimer(this);
    debounce->setSingleShot(true);
    debounce->setInterval(400);
    connect(debounce, &QTimer::timeout, this, &AuditLogPanel::refresh);
    connect(m_actorEdit, &QLineEdit::textChanged, debounce, qOverload<>(&QTimer::start));
    connect(m_actionCombo, &QComboBox::currentIndexChanged, this, &AuditLogPanel::refresh);
    connect(m_sinceEdit, &QDateEdit::dateChanged, this, &AuditLogPanel::refresh);
    connect(m_organizationCheck, &QCheckBox::toggled, this, &AuditLogPanel::refresh);
    connect(refreshButton, &QPushButton::clicked, this, &AuditLogPanel::refresh);
    connect(m_model, &AuditLogModel::loaded, this, [this] {
        const int rows = m_model->rowCount();
        m_stateLabel->setText(rows == 0              ? tr("No events match.")
                                  : rows >= PageSize ? tr("Showing the newest %1 events; narrow the filter to see "
                                                          "older ones.")
                                                           .arg(PageSize)
                                                     : tr("%n event(s).", nullptr, rows));
        m_view->resizeColumnsToContents();
        emit loaded();
    });
    connect(m_model, &AuditLogModel::loadFailed, this, [this](const QString& message) {
        m_stateLabel->setText(tr("Could not load the audit log: %1").arg(message));
        emit loadFailed(message);
    });
}

void AuditLogPanel::setOrganization(const QUuid& id, const QString& name)
{
    m_organizationId = id;
    m_organizationCheck->setEnabled(!id.isNull());
    m_organizationCheck->setText(id.isNull() ? tr("Only the selected &organization")
                                             : tr("Only &%1").arg(QString(name).replace(u'&', QStringLiteral("&&"))));
    if (m_organizationCheck->isChecked())
        refresh();
}

AuditFilter AuditLogPanel::filter() const
{
    AuditFilter filter;
    filter.action = m_actionCombo->currentData().toString();
    filter.actor = m_actorEdit->text().trimmed();
    filter.since = QDateTime(m_sinceEdit->date(), QTime(0, 0)).toUTC();
    if (m_organizationCheck->isChecked() && m_organizationCheck->isEnabled())
        filter.organizationId = m_organizationId;
    filter.limit = PageSize;
    return filter;
}

void AuditLogPanel::refresh()
{
    if (InputRules::hasControlCharacters(m_actorEdit->text())) {
        m_stateLabel->setText(tr("The name to search for must not contain control characters."));
        return;
    }
    m_stateLabel->setText(tr("Loading…"));
    m_model->reload(*m_executor, filter());
}
