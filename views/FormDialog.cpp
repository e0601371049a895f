#include "FormDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

FormDialog::FormDialog(const QString& title, const QString& verb, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(title);
    m_layout = new QVBoxLayout(this);
    m_form = new QFormLayout;
    m_form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_layout->addLayout(m_form);

    m_messageLabel = new QLabel(this);
    m_messageLabel->setObjectName(QStringLiteral("messageLabel"));
    m_messageLabel->setWordWrap(true);
    m_messageLabel->setTextFormat(Qt::PlainText);
    m_messageLabel->setStyleSheet(QStringLiteral("color: #b03a2e;"));
    m_layout->addWidget(m_messageLabel);

    m_buttons = new QDialogButtonBox(this);
    m_submitButton = m_buttons->addButton(verb, QDialogButtonBox::AcceptRole);
    m_submitButton->setObjectName(QStringLiteral("submitButton"));
    m_submitButton->setDefault(true);
    m_buttons->addButton(QDialogButtonBox::Cancel);
    m_layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &FormDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

void FormDialog::revalidate()
{
    if (m_busy)
        return;
    m_showingServiceError = false;
    const QString problem = validationError();
    m_messageLabel->setText(problem);
    m_submitButton->setEnabled(problem.isEmpty());
}

QString FormDialog::messageText() const
{
    return m_messageLabel->text();
}

void FormDialog::submit()
{
    if (m_busy)
        return;
    revalidate();
    if (!m_submitButton->isEnabled())
        return;
    setBusy(true);
    emit submitRequested();
}

void FormDialog::setBusy(bool busy)
{
    m_busy = busy;
    setInputsEnabled(!busy);
    m_submitButton->setEnabled(!busy);
    if (busy) {
        m_messageLabel->setStyleSheet(QString());
        m_messageLabel->setText(tr("Working…"));
        setCursor(Qt::BusyCursor);
    } else {
        unsetCursor();
        m_messageLabel->setStyleSheet(QStringLiteral("color: #b03a2e;"));
        if (!m_showingServiceError)
            revalidate();
    }
}

void FormDialog::showError(const QString& message)
{
    m_showingServiceError = true;
    setBusy(false);
    m_messageLabel->setText(message);
    // The input may well be fine (a taken slug, a full plan): let the user change it or retry.
    m_submitButton->setEnabled(validationError().isEmpty());
}

void FormDialog::setInputsEnabled(bool enabled)
{
    for (int i = 0; i < m_form->count(); ++i) {
        if (QWidget* widget = m_form->itemAt(i)->widget())
            widget->setEnabled(enabled);
        else if (QLayout* layout = m_form->itemAt(i)->layout()) {
            for (int j = 0; j < layout->count(); ++j) {
                if (QWidget* inner = layout->itemAt(j)->widget())
                    inner->setEnabled(enabled);
            }
        }
    }
}
