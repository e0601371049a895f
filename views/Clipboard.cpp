#include "Clipboard.h"

#include <QClipboard>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QMimeData>

namespace {

QClipboard* systemClipboard()
{
    // During application teardown there may be no clipboard left to talk to.
    return qobject_cast<QGuiApplication*>(QCoreApplication::instance()) ? QGuiApplication::clipboard() : nullptr;
}

QMimeData* secretMimeData(const QString& text)
{
    auto* data = new QMimeData;
    data->setText(text);
    // KDE's Klipper and other clipboard managers skip their history for this type.
    data->setData(QStringLiteral("x-kde-passwordManagerHint"), QByteArrayLiteral("secret"));
    return data;
}

int wholeSecondsUp(qint64 milliseconds)
{
    return milliseconds <= 0 ? 0 : int((milliseconds + 999) / 1000);
}

} // namespace

Clipboard::Clipboard(QObject* parent)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    // A coarse timer may fire up to 5 % early or late: the countdown would skip a second.
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &Clipboard::tick);
    if (auto* app = QCoreApplication::instance())
        connect(app, &QCoreApplication::aboutToQuit, this, &Clipboard::clearNow);
    if (QClipboard* clipboard = systemClipboard())
        connect(clipboard, &QClipboard::changed, this, &Clipboard::onClipboardChanged);
}

Clipboard::~Clipboard()
{
    // A secret must not outlive the window that showed it.
    if (!m_text.isEmpty() && clipboardHoldsOurText()) {
        if (QClipboard* clipboard = systemClipboard()) {
            QSignalBlocker blocker(clipboard);
            clipboard->clear(QClipboard::Clipboard);
            if (clipboard->supportsSelection())
                clipboard->clear(QClipboard::Selection);
        }
    }
}

void Clipboard::setTimeout(std::chrono::milliseconds timeout)
{
    m_timeout = std::max(timeout, std::chrono::milliseconds(1));
}

void Clipboard::copySecret(const QString& text)
{
    QClipboard* clipboard = systemClipboard();
    if (!clipboard || text.isEmpty())
        return;
    // Set before writing: writing emits QClipboard::changed, which compares against it.
    m_text = text;
    clipboard->setMimeData(secretMimeData(text), QClipboard::Clipboard);
    if (clipboard->supportsSelection())
        clipboard->setMimeData(secretMimeData(text), QClipboard::Selection);

    m_deadline = QDeadlineTimer(m_timeout, Qt::PreciseTimer);
    m_lastAnnounced = secondsLeft();
    emit countdownChanged(m_lastAnnounced);
    scheduleNextTick();
}

void Clipboard::clearNow()
{
    if (m_text.isEmpty())
        return;
    bool removed = false;
    if (QClipboard* clipboard = systemClipboard()) {
        // Our own clear must not look like someone else's copy in onClipboardChanged().
        QSignalBlocker blocker(clipboard);
        if (clipboard->text(QClipboard::Clipboard) == m_text) {
            clipboard->clear(QClipboard::Clipboard);
            removed = true;
        }
        if (clipboard->supportsSelection() && clipboard->text(QClipboard::Selection) == m_text) {
            clipboard->clear(QClipboard::Selection);
            removed = true;
        }
    }
    stopCountdown();
    if (removed)
        emit cleared();
}

int Clipboard::secondsLeft() const
{
    if (m_text.isEmpty())
        return 0;
    return std::max(1, wholeSecondsUp(m_deadline.remainingTime()));
}

void Clipboard::tick()
{
    if (m_text.isEmpty())
        return;
    if (m_deadline.hasExpired()) {
        clearNow();
        return;
    }
    const int seconds = secondsLeft();
    if (seconds != m_lastAnnounced) {
        m_lastAnnounced = seconds;
        emit countdownChanged(seconds);
    }
    scheduleNextTick();
}

void Clipboard::scheduleNextTick()
{
    // Wake exactly when the displayed number of seconds drops, or at the deadline.
    const qint64 remaining = m_deadline.remainingTime();
    qint64 untilNextSecond = remaining % 1000;
    if (untilNextSecond == 0)
        untilNextSecond = 1000;
    m_timer.start(int(std::clamp<qint64>(std::min(remaining, untilNextSecond), 0, 1000)));
}

void Clipboard::onClipboardChanged()
{
    // Someone copied something else: there is nothing left to clear, and no reason to keep
    // the secret in our memory any longer.
    if (!m_text.isEmpty() && !clipboardHoldsOurText())
        stopCountdown();
}

bool Clipboard::clipboardHoldsOurText() const
{
    QClipboard* clipboard = systemClipboard();
    if (!clipboard)
        return false;
    if (clipboard->text(QClipboard::Clipboard) == m_text)
        return true;
    return clipboard->supportsSelection() && clipboard->text(QClipboard::Selection) == m_text;
}

void Clipboard::stopCountdown()
{
    m_timer.stop();
    const bool wasCounting = !m_text.isEmpty();
    m_text.clear();
    m_lastAnnounced = 0;
    if (wasCounting)
        emit countdownChanged(0);
}
