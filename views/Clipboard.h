#pragma once

#include <QDeadlineTimer>
#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>

// Copies a secret (a freshly created API key) to the system clipboard and takes it away
// again, as KeePassXC's Clipboard does: the data carries the KDE password-manager hint so
// clipboard managers do not keep a history of it; after the timeout the clipboard is
// cleared, but only if it still holds our text, so whatever the user copied since survives.
// The text is never logged.
class Clipboard : public QObject
{
    Q_OBJECT

public:
    explicit Clipboard(QObject* parent = nullptr);
    ~Clipboard() override;

    // How long a copied secret stays on the clipboard (default 30 s). Takes effect with
    // the next copySecret().
    void setTimeout(std::chrono::milliseconds timeout);
    std::chrono::milliseconds timeout() const { return m_timeout; }

    void copySecret(const QString& text);
    // Clears the clipboard now if it still holds our text, and stops the countdown.
    void clearNow();

    // Whole seconds until the clipboard is cleared (rounded up); 0 when nothing is pending.
    int secondsLeft() const;
    bool isCountingDown() const { return !m_text.isEmpty(); }

signals:
    // Once when the countdown starts, once per second, and 0 when it ends (cleared, or
    // another copy replaced ours).
    void countdownChanged(int secondsLeft);
    // Our text was removed from the clipboard.
    void cleared();

private:
    void tick();
    void scheduleNextTick();
    void onClipboardChanged();
    bool clipboardHoldsOurText() const;
    void stopCountdown();

    std::chrono::milliseconds m_timeout{std::chrono::seconds(30)};
    QString m_text; // what we put there: compared, never shown
    QDeadlineTimer m_deadline;
    QTimer m_timer;
    int m_lastAnnounced = 0;
};
