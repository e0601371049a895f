#include "FindKeyPanel.h"

#include "ApiKeyFormat.h"
#include "DatabaseExecutor.h"
#include "DisplayText.h"
#include "ErrorMessages.h"
#include "KeyMasking.h"
#include "OrganizationService.h"
#include "RevokeKeyCommand.h"

#include <QAction>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace {
// Longest text worth looking at: a pasted header line with a key and some noise.
constexpr int MaxPasteLength = 512;

QLabel* valueLabel(const QString& objectName, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}
} // namespace

FindKeyPanel::FindKeyPanel(DatabaseExecutor* executor, RevokeKeyCommand* revokeCommand, QWidget* parent)
    : QWidget(parent)
    , m_executor(executor)
    , m_revokeCommand(revokeCommand)
{
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("Paste a full key, an \"Authorization: Bearer …\" line, or a masked key such as "
                                "pk_live_AbCd…wxyz. A full key is hashed on this computer; only its hash is looked "
                                "up."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto* row = new QHBoxLayout;
    auto* label = new QLabel(tr("&Key:"), this);
    m_keyEdit = new QLineEdit(this);
    m_keyEdit->setObjectName(QStringLiteral("findKeyLineEdit"));
    m_keyEdit->setEchoMode(QLineEdit::Password);
    m_keyEdit->setMaxLength(MaxPasteLength);
    m_keyEdit->setClearButtonEnabled(true);
    label->setBuddy(m_keyEdit);
    QAction* showAction
        = m_keyEdit->addAction(QIcon::fromTheme(QStringLiteral("view-visible")), QLineEdit::TrailingPosition);
    showAction->setCheckable(true);
    showAction->setToolTip(tr("Show the pasted text"));
    connect(showAction, &QAction::toggled, this,
            [this](bool show) { m_keyEdit->setEchoMode(show ? QLineEdit::Normal : QLineEdit::Password); });
    m_findButton = new QPushButton(tr("&Find Owner"), this);
    m_findButton->setObjectName(QStringLiteral("findButton"));
    m_findButton->setDefault(true);
    row->addWidget(label);
    row->addWidget(m_keyEdit, 1);
    row->addWidget(m_findButton);
    layout->addLayout(row);

    m_messageLabel = new QLabel(this);
    m_messageLabel->setObjectName(QStringLiteral("findMessageLabel"));
    m_messageLabel->setWordWrap(true);
    m_messageLabel->setTextFormat(Qt::PlainText);
    layout->addWidget(m_messageLabel);

    auto* box = new QGroupBox(tr("Key"), this);
    m_resultBox = box;
    auto* form = new QFormLayout(box);
    m_organizationLabel = valueLabel(QStringLiteral("organizationValueLabel"), box);
    m_keyLabel = valueLabel(QStringLiteral("keyValueLabel"), box);
    m_nameLabel = valueLabel(QStringLiteral("nameValueLabel"), box);
    m_statusLabel = valueLabel(QStringLiteral("statusValueLabel"), box);
    m_createdLabel = valueLabel(QStringLiteral("createdValueLabel"), box);
    m_lastUsedLabel = valueLabel(QStringLiteral("lastUsedValueLabel"), box);
    m_expiresLabel = valueLabel(QStringLiteral("expiresValueLabel"), box);
    m_revokedLabel = valueLabel(QStringLiteral("revokedValueLabel"), box);
    m_revokedLabel->setWordWrap(true);
    form->addRow(tr("Organization:"), m_organizationLabel);
    form->addRow(tr("Key:"), m_keyLabel);
    form->addRow(tr("Name:"), m_nameLabel);
    form->addRow(tr("Status:"), m_statusLabel);
    form->addRow(tr("Created:"), m_createdLabel);
    form->addRow(tr("Last used:"), m_lastUsedLabel);
    form->addRow(tr("Expires:"), m_expiresLabel);
    form->addRow(tr("Revoked:"), m_revokedLabel);
    m_revokeButton = new QPushButton(tr("&Revoke This Key…"), box);
    m_revokeButton->setObjectName(QStringLiteral("revokeButton"));
    form->addRow(m_revokeButton);
    layout->addWidget(box);
    layout->addStretch(1);
    box->hide();

    connect(m_findButton, &QPushButton::clicked, this, &FindKeyPanel::find);
    connect(m_keyEdit, &QLineEdit::returnPressed, this, &FindKeyPanel::find);
    connect(m_revokeButton, &QPushButton::clicked, this, [this] {
        if (!m_result || !m_revokeCommand)
            return;
        m_revokeCommand->setSelection(Selection{OrganizationRow{m_result->organization, 0, 0}, m_result->key});
        m_revokeCommand->trigger();
    });
    if (m_revokeCommand) {
        connect(m_revokeCommand, &Command::changed, this, [this](const QUuid&, const QUuid& keyId) {
            if (m_result && m_result->key.id == keyId)
                refresh();
        });
    }
}

FindKeyPanel::PasteKind FindKeyPanel::classify(const QString& pasted, QString* key, QString* problem)
{
    QString text = pasted.trimmed();
    if (text.size() > MaxPasteLength) {
        *problem = tr("This text is too long to be a key.");
        return PasteKind::Invalid;
    }
    // Accept a key as it was copied: a header line, a shell or .env assignment, JSON, quoted.
    text = ApiKeyFormat::fromPaste(text);
    if (text.isEmpty()) {
        *problem = tr("Paste a key first.");
        return PasteKind::Invalid;
    }
    if (text.contains(QChar(0x2026)) || text.contains(QLatin1String("..."))) {
        *key = text;
        return PasteKind::MaskedKey;
    }
    const KeyFormatError error = ApiKeyFormat::check(QStringView(text));
    if (error != KeyFormatError::None) {
        // describe() already says "this is not a KeyWarden key: wrong prefix (…)".
        *problem = ErrorMessages::sentence(ApiKeyFormat::describe(error));
        return PasteKind::Invalid;
    }
    *key = text;
    return PasteKind::FullKey;
}

void FindKeyPanel::find()
{
    QString key;
    QString problem;
    const PasteKind kind = classify(m_keyEdit->text(), &key, &problem);
    if (kind == PasteKind::Invalid) {
        showResult(std::nullopt, 0);
        showMessage(problem, true);
        emit notFound(problem);
        return;
    }
    // The pasted key has served its purpose: do not leave it in the field.
    m_keyEdit->clear();
    m_findButton->setEnabled(false);
    showMessage(tr("Looking up %1…").arg(kind == PasteKind::FullKey ? KeyMasking::mask(key) : key), false);
    m_executor->run(
        this,
        [kind, key](Database& db) -> Result<QList<KeyLookup>> {
            ApiKeyService service(db);
            if (kind == PasteKind::MaskedKey)
                return service.findByMaskedKey(key);
            auto one = service.findByFullKey(key);
            if (!one)
                return one.error();
            return QList<KeyLookup>{one.value()};
        },
        [this](Result<QList<KeyLookup>> result) {
            m_findButton->setEnabled(true);
            if (!result) {
                showResult(std::nullopt, 0);
                const QString text = ErrorMessages::sentence(result.error().message);
                showMessage(text, true);
                emit notFound(text);
                return;
            }
            showResult(result->first(), int(result->size()));
            emit found();
        });
}

void FindKeyPanel::refresh()
{
    if (!m_result)
        return;
    const QUuid keyId = m_result->key.id;
    m_executor->run(
        this,
        [keyId](Database& db) -> Result<KeyLookup> {
            auto key = ApiKeyService(db).getKey(keyId);
            if (!key)
                return key.error();
            auto organization = OrganizationService(db).getById(key->organizationId);
            if (!organization)
                return organization.error();
            return KeyLookup{key.value(), organization.value(), key->status(QDateTime::currentDateTimeUtc())};
        },
        [this](Result<KeyLookup> result) {
            if (result)
                showResult(result.value(), 1);
        });
}

void FindKeyPanel::showResult(const std::optional<KeyLookup>& lookup, int matches)
{
    m_result = lookup;
    m_resultBox->setVisible(lookup.has_value());
    if (!lookup)
        return;
    const ApiKey& key = lookup->key;
    m_organizationLabel->setText(QStringLiteral("%1 (%2)").arg(lookup->organization.name, lookup->organization.slug)
                                 + (lookup->organization.isActive ? QString() : tr(" — inactive")));
    m_keyLabel->setText(key.maskedKey());
    m_nameLabel->setText(key.name);
    m_statusLabel->setText(DisplayText::keyStatus(lookup->status));
    m_statusLabel->setStyleSheet(
        QStringLiteral("color: %1; font-weight: bold;").arg(DisplayText::keyStatusColor(lookup->status).name()));
    m_createdLabel->setText(DisplayText::dateTime(key.createdAt, {}));
    m_lastUsedLabel->setText(DisplayText::dateTime(key.lastUsedAt, tr("Never")));
    m_expiresLabel->setText(DisplayText::dateTime(key.expiresAt, tr("Never")));
    m_revokedLabel->setText(
        key.isRevoked()
            ? tr("%1 by %2: %3").arg(DisplayText::dateTime(key.revokedAt, {}), key.revokedBy, key.revokedReason)
            : tr("No"));
    m_revokeButton->setEnabled(!key.isRevoked());
    showMessage(matches > 1 ? tr("%n keys match this masked key; the newest is shown.", nullptr, matches)
                            : tr("Found."),
                false);
}

void FindKeyPanel::showMessage(const QString& text, bool isError)
{
    m_messageLabel->setStyleSheet(isError ? QStringLiteral("color: #b03a2e;") : QString());
    m_messageLabel->setText(text);
}

QString FindKeyPanel::messageText() const
{
    return m_messageLabel->text();
}
