#pragma once

#include "ApiKey.h"

#include <QDialog>

#include <functional>

class Clipboard;
class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

// The one moment a new key is shown. The full key lives only in this dialog's line edit
// (and, briefly, in the clipboard, marked secret and cleared after a timeout); when the
// dialog closes the text is wiped, so nothing else in the app ever holds it.
class KeyRevealDialog : public QDialog
{
    Q_OBJECT

public:
    KeyRevealDialog(const QString& fullKey, const ApiKey& key, Clipboard* clipboard, QWidget* parent = nullptr);
    ~KeyRevealDialog() override;

    // Asked when the dialog is closed before "I have saved it" is ticked; returns
    // whether to close. Defaults to a message box; tests replace it.
    void setCloseConfirmation(std::function<bool()> confirm) { m_confirmClose = std::move(confirm); }
    bool wasCopied() const { return m_copied; }

public slots:
    void copyToClipboard();
    void done(int result) override;

private:
    void wipe();
    void showCountdown(int secondsLeft);

    Clipboard* m_clipboard = nullptr;
    QLineEdit* m_keyEdit = nullptr;
    QPushButton* m_copyButton = nullptr;
    QLabel* m_clipboardLabel = nullptr;
    QCheckBox* m_savedCheck = nullptr;
    std::function<bool()> m_confirmClose;
    bool m_copied = false;
};
