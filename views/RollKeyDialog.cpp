#include "RollKeyDialog.h"

#include "InputRules.h"

#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>

RollKeyDialog::RollKeyDialog(const ApiKey& key, QWidget* parent)
    : FormDialog(tr("Roll API Key"), tr("Roll Key"), parent)
    , m_key(key)
{
    auto* keyLabel = new QLabel(QStringLiteral("%1 — %2").arg(key.maskedKey(), key.name), this);
    keyLabel->setObjectName(QStringLiteral("keyLabel"));
    keyLabel->setTextFormat(Qt::PlainText);
    form()->addRow(tr("Key:"), keyLabel);

    m_graceSpin = new QSpinBox(this);
    m_graceSpin->setObjectName(QStringLiteral("graceSpinBox"));
    m_graceSpin->setRange(0, InputRules::MaxGraceHours);
    m_graceSpin->setValue(24);
    m_graceSpin->setSuffix(tr(" hours"));
    m_graceSpin->setSpecialValueText(tr("None: the old key stops at once"));
    form()->addRow(tr("&Grace period:"), m_graceSpin);

    auto* explanation = new QLabel(tr("A new key with the same name, scopes and limits is created and shown once. "
                                      "The old key keeps working until the grace period ends."),
                                   this);
    explanation->setWordWrap(true);
    form()->addRow(explanation);
    connect(m_graceSpin, &QSpinBox::valueChanged, this, &FormDialog::revalidate);
    setMinimumWidth(440);
    revalidate();
}

QString RollKeyDialog::validationError() const
{
    if (m_key.isRevoked())
        return tr("A revoked key cannot be rolled; create a new key instead.");
    return {};
}

int RollKeyDialog::graceHours() const
{
    return m_graceSpin->value();
}
