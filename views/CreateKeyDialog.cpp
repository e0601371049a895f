#include "CreateKeyDialog.h"

#include "DisplayText.h"
#include "ErrorMessages.h"
#include "InputRules.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>

CreateKeyDialog::CreateKeyDialog(const Organization& organization, int keysInUse, QWidget* parent)
    : FormDialog(tr("New API Key for %1").arg(organization.name), tr("Create Key"), parent)
    , m_organization(organization)
    , m_keysInUse(keysInUse)
{
    m_capLabel = new QLabel(this);
    m_capLabel->setObjectName(QStringLiteral("capLabel"));
    m_capLabel->setText(tr("%1 of %n key(s) in use on the %2 plan.", nullptr, organization.maxApiKeys)
                            .arg(keysInUse)
                            .arg(DisplayText::plan(organization.plan)));
    form()->addRow(m_capLabel);

    m_nameEdit = new QLineEdit(this);
    m_nameEdit->setObjectName(QStringLiteral("nameLineEdit"));
    m_nameEdit->setMaxLength(InputRules::MaxNameLength);
    m_nameEdit->setPlaceholderText(tr("e.g. Production backend"));
    form()->addRow(tr("&Name:"), m_nameEdit);

    m_descriptionEdit = new QPlainTextEdit(this);
    m_descriptionEdit->setObjectName(QStringLiteral("descriptionPlainTextEdit"));
    m_descriptionEdit->setTabChangesFocus(true);
    m_descriptionEdit->setFixedHeight(m_descriptionEdit->fontMetrics().lineSpacing() * 4);
    form()->addRow(tr("&Description:"), m_descriptionEdit);

    m_environmentCombo = new QComboBox(this);
    m_environmentCombo->setObjectName(QStringLiteral("environmentComboBox"));
    m_environmentCombo->addItem(DisplayText::environment(KeyEnvironment::Live), int(KeyEnvironment::Live));
    m_environmentCombo->addItem(DisplayText::environment(KeyEnvironment::Test), int(KeyEnvironment::Test));
    form()->addRow(tr("&Environment:"), m_environmentCombo);

    m_scopesEdit = new QLineEdit(QStringLiteral("*"), this);
    m_scopesEdit->setObjectName(QStringLiteral("scopesLineEdit"));
    m_scopesEdit->setToolTip(tr("Comma-separated, e.g. \"agents:run, conversations:read\". \"*\" allows everything."));
    form()->addRow(tr("&Scopes:"), m_scopesEdit);

    m_expiryCheck = new QCheckBox(tr("E&xpires after"), this);
    m_expiryCheck->setObjectName(QStringLiteral("expiryCheckBox"));
    m_expirySpin = new QSpinBox(this);
    m_expirySpin->setObjectName(QStringLiteral("expirySpinBox"));
    m_expirySpin->setRange(1, InputRules::MaxExpiryDays);
    m_expirySpin->setValue(90);
    m_expirySpin->setSuffix(tr(" days"));
    m_expirySpin->setEnabled(false);
    auto* expiryRow = new QHBoxLayout;
    expiryRow->addWidget(m_expiryCheck);
    expiryRow->addWidget(m_expirySpin, 1);
    form()->addRow(expiryRow);

    m_rateLimitCheck = new QCheckBox(tr("Custom &rate limit"), this);
    m_rateLimitCheck->setObjectName(QStringLiteral("rateLimitCheckBox"));
    m_rateLimitSpin = new QSpinBox(this);
    m_rateLimitSpin->setObjectName(QStringLiteral("rateLimitSpinBox"));
    m_rateLimitSpin->setRange(InputRules::MinRateLimit, InputRules::MaxRateLimit);
    m_rateLimitSpin->setValue(organization.rateLimitPerMinute > 0 ? organization.rateLimitPerMinute : 60);
    m_rateLimitSpin->setSuffix(tr(" per minute"));
    m_rateLimitSpin->setEnabled(false);
    auto* rateRow = new QHBoxLayout;
    rateRow->addWidget(m_rateLimitCheck);
    rateRow->addWidget(m_rateLimitSpin, 1);
    form()->addRow(rateRow);

    connect(m_expiryCheck, &QCheckBox::toggled, m_expirySpin, &QWidget::setEnabled);
    connect(m_rateLimitCheck, &QCheckBox::toggled, m_rateLimitSpin, &QWidget::setEnabled);
    connect(m_nameEdit, &QLineEdit::textChanged, this, &FormDialog::revalidate);
    connect(m_descriptionEdit, &QPlainTextEdit::textChanged, this, &FormDialog::revalidate);
    connect(m_scopesEdit, &QLineEdit::textChanged, this, &FormDialog::revalidate);
    setMinimumWidth(460);
    revalidate();
}

QString CreateKeyDialog::validationError() const
{
    if (!m_organization.isActive)
        return tr("%1 is inactive: reactivate it before creating keys.").arg(m_organization.name);
    if (m_organization.maxApiKeys > 0 && m_keysInUse >= m_organization.maxApiKeys)
        return tr("%1 already uses all %2 keys its plan allows. Revoke a key or raise the cap first.")
            .arg(m_organization.name)
            .arg(m_organization.maxApiKeys);
    const QString name = m_nameEdit->text().trimmed();
    if (name.isEmpty())
        return tr("Enter a name that says where the key is used.");
    if (Status s = InputRules::checkName(name, tr("name")); !s)
        return ErrorMessages::sentence(s.error().message);
    if (Status s = InputRules::checkDescription(m_descriptionEdit->toPlainText()); !s)
        return ErrorMessages::sentence(s.error().message);
    const QStringList scopes = InputRules::parseScopes(m_scopesEdit->text());
    if (scopes.isEmpty())
        return tr("Give at least one scope (\"*\" allows everything).");
    if (Status s = InputRules::checkScopes(scopes); !s)
        return ErrorMessages::sentence(s.error().message);
    return {};
}

CreateKeyRequest CreateKeyDialog::request() const
{
    CreateKeyRequest request;
    request.organizationId = m_organization.id;
    request.name = m_nameEdit->text().trimmed();
    request.description = m_descriptionEdit->toPlainText().trimmed();
    request.environment = KeyEnvironment(m_environmentCombo->currentData().toInt());
    request.scopes = InputRules::parseScopes(m_scopesEdit->text());
    if (m_expiryCheck->isChecked())
        request.expiresInDays = m_expirySpin->value();
    if (m_rateLimitCheck->isChecked())
        request.customRateLimit = m_rateLimitSpin->value();
    return request;
}
