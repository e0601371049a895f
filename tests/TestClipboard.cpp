#include "Clipboard.h"

#include <QApplication>
#include <QClipboard>
#include <QMimeData>
#include <QSignalSpy>
#include <QTest>

using namespace std::chrono_literals;

// The real QClipboard of the offscreen platform: what another application would see.
class TestClipboard : public QObject
{
    Q_OBJECT

private slots:
    void init();

    void copiesTextWithThePasswordManagerHint();
    void clearsAfterTheTimeout();
    void keepsWhatSomeoneElseCopiedMeanwhile();
    void clearNowClearsOnlyOurText();
    void clearsOnDestruction();
    void destructionKeepsSomeoneElsesText();
    void countsDownInSeconds();
    void aNewCopyRestartsTheCountdown();
    void defaultTimeoutIsThirtySeconds();
    void ignoresAnEmptySecret();
    // Runs the application's event loop to its end: keep it last.
    void clearsWhenTheApplicationQuits();

private:
    static QString clipboardText() { return QGuiApplication::clipboard()->text(QClipboard::Clipboard); }
    const QString m_secret = QStringLiteral("pk_live_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg012345");
};

void TestClipboard::init()
{
    QGuiApplication::clipboard()->clear(QClipboard::Clipboard);
}

void TestClipboard::copiesTextWithThePasswordManagerHint()
{
    Clipboard clipboard;
    clipboard.copySecret(m_secret);
    QCOMPARE(clipboardText(), m_secret);
    const QMimeData* data = QGuiApplication::clipboard()->mimeData(QClipboard::Clipboard);
    QVERIFY(data);
    QVERIFY(data->hasFormat(QStringLiteral("x-kde-passwordManagerHint")));
    QCOMPARE(data->data(QStringLiteral("x-kde-passwordManagerHint")), QByteArrayLiteral("secret"));
    QVERIFY(clipboard.isCountingDown());
}

void TestClipboard::clearsAfterTheTimeout()
{
    Clipboard clipboard;
    clipboard.setTimeout(300ms);
    QSignalSpy cleared(&clipboard, &Clipboard::cleared);
    clipboard.copySecret(m_secret);
    QCOMPARE(clipboardText(), m_secret);
    QTest::qWait(100);
    QCOMPARE(clipboardText(), m_secret); // not before its time
    QTRY_COMPARE_WITH_TIMEOUT(cleared.count(), 1, 3000);
    QVERIFY(clipboardText().isEmpty());
    QVERIFY(!clipboard.isCountingDown());
    QCOMPARE(clipboard.secondsLeft(), 0);
}

void TestClipboard::keepsWhatSomeoneElseCopiedMeanwhile()
{
    Clipboard clipboard;
    clipboard.setTimeout(300ms);
    QSignalSpy cleared(&clipboard, &Clipboard::cleared);
    QSignalSpy countdown(&clipboard, &Clipboard::countdownChanged);
    clipboard.copySecret(m_secret);
    const QString other = QStringLiteral("a line the user copied from an editor");
    QGuiApplication::clipboard()->setText(other, QClipboard::Clipboard);
    // Nothing of ours is left to clear, so the countdown ends at once.
    QVERIFY(!clipboard.isCountingDown());
    QVERIFY(!countdown.isEmpty());
    QCOMPARE(countdown.last().at(0).toInt(), 0);
    QTest::qWait(600);
    QCOMPARE(clipboardText(), other);
    QCOMPARE(cleared.count(), 0);
    clipboard.clearNow();
    QCOMPARE(clipboardText(), other);
}

void TestClipboard::clearNowClearsOnlyOurText()
{
    Clipboard clipboard;
    QSignalSpy cleared(&clipboard, &Clipboard::cleared);
    clipboard.copySecret(m_secret);
    clipboard.clearNow();
    QVERIFY(clipboardText().isEmpty());
    QCOMPARE(cleared.count(), 1);
    QVERIFY(!clipboard.isCountingDown());

    // Once cleared, a later clearNow() leaves another copy alone.
    QGuiApplication::clipboard()->setText(QStringLiteral("later"), QClipboard::Clipboard);
    clipboard.clearNow();
    QCOMPARE(clipboardText(), QStringLiteral("later"));
    QCOMPARE(cleared.count(), 1);
}

void TestClipboard::clearsOnDestruction()
{
    auto clipboard = std::make_unique<Clipboard>();
    clipboard->copySecret(m_secret);
    QCOMPARE(clipboardText(), m_secret);
    clipboard.reset();
    QVERIFY(clipboardText().isEmpty());
}

void TestClipboard::destructionKeepsSomeoneElsesText()
{
    auto clipboard = std::make_unique<Clipboard>();
    clipboard->copySecret(m_secret);
    QGuiApplication::clipboard()->setText(QStringLiteral("mine"), QClipboard::Clipboard);
    clipboard.reset();
    QCOMPARE(clipboardText(), QStringLiteral("mine"));
}

void TestClipboard::countsDownInSeconds()
{
    Clipboard clipboard;
    clipboard.setTimeout(2500ms);
    QSignalSpy countdown(&clipboard, &Clipboard::countdownChanged);
    QSignalSpy cleared(&clipboard, &Clipboard::cleared);
    clipboard.copySecret(m_secret);
    QCOMPARE(clipboard.secondsLeft(), 3);
    QTRY_COMPARE_WITH_TIMEOUT(cleared.count(), 1, 6000);
    QList<int> seen;
    for (const QList<QVariant>& arguments : countdown)
        seen << arguments.at(0).toInt();
    // 3, 2, 1, 0 — a loaded machine may wake late and skip a number, never repeat one.
    QVERIFY2(seen.size() >= 3, qPrintable(QString::number(seen.size())));
    QCOMPARE(seen.first(), 3);
    QCOMPARE(seen.last(), 0);
    for (int i = 1; i < seen.size(); ++i)
        QVERIFY(seen.at(i) < seen.at(i - 1));
}

void TestClipboard::aNewCopyRestartsTheCountdown()
{
    Clipboard clipboard;
    clipboard.setTimeout(600ms);
    QSignalSpy cleared(&clipboard, &Clipboard::cleared);
    clipboard.copySecret(m_secret);
    QTest::qWait(400);
    const QString second = QStringLiteral("pk_test_second");
    clipboard.copySecret(second);
    QTest::qWait(400); // past the first deadline
    QCOMPARE(clipboardText(), second);
    QCOMPARE(cleared.count(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(cleared.count(), 1, 3000);
    QVERIFY(clipboardText().isEmpty());
}

void TestClipboard::defaultTimeoutIsThirtySeconds()
{
    Clipboard clipboard;
    QCOMPARE(clipboard.timeout(), std::chrono::milliseconds(30s));
    QSignalSpy countdown(&clipboard, &Clipboard::countdownChanged);
    clipboard.copySecret(m_secret);
    QCOMPARE(clipboard.secondsLeft(), 30);
    QCOMPARE(countdown.count(), 1);
    QCOMPARE(countdown.first().at(0).toInt(), 30);
    clipboard.clearNow();
    QCOMPARE(countdown.last().at(0).toInt(), 0);
}

void TestClipboard::ignoresAnEmptySecret()
{
    QGuiApplication::clipboard()->setText(QStringLiteral("keep"), QClipboard::Clipboard);
    Clipboard clipboard;
    clipboard.copySecret(QString());
    QVERIFY(!clipboard.isCountingDown());
    QCOMPARE(clipboardText(), QStringLiteral("keep"));
}

void TestClipboard::clearsWhenTheApplicationQuits()
{
    Clipboard clipboard; // default 30 s: only the quit can clear it in time
    QSignalSpy cleared(&clipboard, &Clipboard::cleared);
    clipboard.copySecret(m_secret);
    QCOMPARE(clipboardText(), m_secret);
    QTimer::singleShot(0, qApp, &QCoreApplication::quit);
    QCoreApplication::exec(); // returns after emitting aboutToQuit
    QCOMPARE(cleared.count(), 1);
    QVERIFY(clipboardText().isEmpty());
}

QTEST_MAIN(TestClipboard)
#include "TestClipboard.moc"
