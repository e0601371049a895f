#include "RevokeKeyDialog.h"

#include "ErrorMessages.h"
#include "InputRules.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QLabel>
#include <QPlainTextEdit>

RevokeKeyDialog::RevokeKeyDialog(const ApiKey& key, const QString& organizationName, QWidget* parent)
    : FormDialog(tr("Revoke API Key"), tr("Revoke Key"), parent)
    , m_key(key)
{
    auto* keyLabel = new QLabel(QStringLiteral("%1 — %2 (%3)").arg(key.maskedKey(), key.name, organizationName), this);
    keyLabel->setObjectName(QStringLiteral("keyLabel"));
    keyLabel->setTextFormat(Qt::PlainText);
    form()->addRow(tr("Key:"), keyLabel);

    m_reasonEdit = new QPlainTextEdit(this);
    m_reasonEdit->setObjectName(QStringLiteral("reasonPlainTextEdit"));
    m_reasonEdit->setTabChangesFocus(true);
    m_reasonEdit->setPlaceholderText(tr("e.g. Leaked in a public repository (ticket #1234)"));
    m_reasonEdit->setFixedHeight(m_reasonEdit->fontMetrics().lineSpacing() * 4);
    form()->addRow(tr("&Reason:"), m_reasonEdit);

    m_confirmCheck = new QCheckBox(tr("I understand that every caller using this key is refused &immediately"), this);
    m_confirmCheck->setObjectName(QStringLiteral("confirmCheckBox"));
    form()->addRow(m_confirmCheck);

    connect(m_reasonEdit, &QPlainTextEdit::textChanged, this, &FormDialog::revalidate);
    connect(m_confirmCheck, &QCheckBox::toggled, this, &FormDialog::revalidate);
    setMinimumWidth(460);
    m_reasonEdit->setFocus();
    revalidate();
}

QString RevokeKeyDialog::validationError() const
{
    if (m_key.isRevoked())
        return tr("This key was already revoked.");
    if (reason().isEmpty())
        return tr("Say why the key is revoked; the audit log keeps the reason.");
    if (Status s = InputRules::checkReason(reason()); !s)
        return ErrorMessages::sentence(s.error().message);
    if (!m_confirmCheck->isChecked())
        return tr("Tick the box to confirm.");
    return {};
}

QString RevokeKeyDialog::reason() const
{
    return m_reasonEdit->toPlainText().trimmed();
}
