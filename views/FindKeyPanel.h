#pragma once

#include "ApiKeyService.h"

#include <QWidget>

#include <optional>

class DatabaseExecutor;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class RevokeKeyCommand;

// For support staff: paste a leaked key (or its masked form from a log or ticket), see
// whose it is and in what state, and revoke it. The key is hashed in this process; only
// the hash goes to the database, and the pasted text is cleared once it has been looked up.
class FindKeyPanel : public QWidget
{
    Q_OBJECT

public:
    FindKeyPanel(DatabaseExecutor* executor, RevokeKeyCommand* revokeCommand, QWidget* parent = nullptr);

    // What was found (empty until a lookup succeeded).
    std::optional<KeyLookup> result() const { return m_result; }
    QString messageText() const;

    // What a pasted text is, decided without the database: a full key, a masked key, or
    // nothing we can look up (then `problem` says why, in words).
    enum class PasteKind { FullKey, MaskedKey, Invalid };
    static PasteKind classify(const QString& pasted, QString* key, QString* problem);

public slots:
    void find();
    // Looks the shown key up again (after a revocation, for instance).
    void refresh();

signals:
    void found();
    void notFound(const QString& message);

private:
    void showResult(const std::optional<KeyLookup>& lookup, int matches);
    void showMessage(const QString& text, bool isError);

    DatabaseExecutor* m_executor;
    RevokeKeyCommand* m_revokeCommand;
    QLineEdit* m_keyEdit = nullptr;
    QPushButton* m_findButton = nullptr;
    QLabel* m_messageLabel = nullptr;
    QWidget* m_resultBox = nullptr;
    QLabel* m_organizationLabel = nullptr;
    QLabel* m_keyLabel = nullptr;
    QLabel* m_nameLabel = nullptr;
    QLabel* m_statusLabel = nullptr;
    QLabel* m_createdLabel = nullptr;
    QLabel* m_lastUsedLabel = nullptr;
    QLabel* m_expiresLabel = nullptr;
    QLabel* m_revokedLabel = nullptr;
    QPushButton* m_revokeButton = nullptr;
    std::optional<KeyLookup> m_result;
};
