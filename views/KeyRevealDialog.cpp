#include "KeyRevealDialog.h"

#include "Clipboard.h"
#include "DisplayText.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

KeyRevealDialog::KeyRevealDialog(const QString& fullKey, const ApiKey& key, Clipboard* clipboard, QWidget* parent)
    : QDialog(parent)
    , m_clipboard(clipboard)
{
    setWindowTitle(tr("New API Key"));
    auto* layout = new QVBoxLayout(this);

    auto* intro = new QLabel(tr("The key <b>%1</b> (%2) was created. Copy it now and store it somewhere safe.")
                                 .arg(key.name.toHtmlEscaped(), DisplayText::environment(key.environment)),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto* row = new QHBoxLayout;
    m_keyEdit = new QLineEdit(fullKey, this);
    m_keyEdit->setObjectName(QStringLiteral("keyLineEdit"));
    m_keyEdit->setReadOnly(true);
    m_keyEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_keyEdit->setMinimumWidth(m_keyEdit->fontMetrics().horizontalAdvance(fullKey) + 24);
    m_keyEdit->setContextMenuPolicy(Qt::NoContextMenu); // copying goes through the secret clipboard
    row->addWidget(m_keyEdit, 1);
    m_copyButton = new QPushButton(tr("&Copy"), this);
    m_copyButton->setObjectName(QStringLiteral("copyButton"));
    m_copyButton->setAutoDefault(false);
    row->addWidget(m_copyButton);
    layout->addLayout(row);

    m_clipboardLabel = new QLabel(this);
    m_clipboardLabel->setObjectName(QStringLiteral("clipboardLabel"));
    layout->addWidget(m_clipboardLabel);

    auto* warning = new QLabel(tr("This key will not be shown again. KeyWarden stores only its hash and cannot "
                                  "recover it; if it is lost, roll it to get a new one."),
                               this);
    warning->setObjectName(QStringLiteral("warningLabel"));
    warning->setWordWrap(true);
    warning->setStyleSheet(QStringLiteral("color: #b03a2e; font-weight: bold;"));
    layout->addWidget(warning);

    m_savedCheck = new QCheckBox(tr("I have &saved this key somewhere safe"), this);
    m_savedCheck->setObjectName(QStringLiteral("savedCheckBox"));
    layout->addWidget(m_savedCheck);

    auto* buttons = new QDialogButtonBox(this);
    QPushButton* doneButton = buttons->addButton(tr("&Done"), QDialogButtonBox::AcceptRole);
    doneButton->setObjectName(QStringLiteral("doneButton"));
    doneButton->setDefault(true);
    layout->addWidget(buttons);

    connect(m_copyButton, &QPushButton::clicked, this, &KeyRevealDialog::copyToClipboard);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    if (m_clipboard) {
        connect(m_clipboard, &Clipboard::countdownChanged, this, &KeyRevealDialog::showCountdown);
        connect(m_clipboard, &Clipboard::cleared, this, [this] {
            if (m_copied)
                m_clipboardLabel->setText(tr("The clipboard was cleared."));
        });
    }

    m_confirmClose = [this] {
        return QMessageBox::question(this, tr("Close Without Saving?"),
                                     tr("Have you saved the key? It cannot be shown again."),
                                     QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
            == QMessageBox::Yes;
    };
    m_keyEdit->selectAll();
    m_keyEdit->setFocus();
}

KeyRevealDialog::~KeyRevealDialog()
{
    wipe();
}

void KeyRevealDialog::copyToClipboard()
{
    if (!m_clipboard || m_keyEdit->text().isEmpty())
        return;
    m_clipboard->copySecret(m_keyEdit->text());
    m_copied = true;
    showCountdown(m_clipboard->secondsLeft());
}

void KeyRevealDialog::showCountdown(int secondsLeft)
{
    if (!m_copied)
        return;
    m_clipboardLabel->setText(
        tr("Copied. The clipboard will be cleared in %n second(s).", nullptr, qMax(0, secondsLeft)));
}

void KeyRevealDialog::done(int result)
{
    if (!m_savedCheck->isChecked() && m_confirmClose && !m_confirmClose())
        return;
    wipe();
    QDialog::done(result);
}

void KeyRevealDialog::wipe()
{
    if (!m_keyEdit)
        return;
    // Qt does not zero freed strings, so this is about reach, not memory forensics: after
    // the dialog closes no widget, model or setting of the app can hand the key out again.
    m_keyEdit->clear();
}
