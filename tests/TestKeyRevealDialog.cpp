#include "ApiKeyGenerator.h"
#include "Clipboard.h"
#include "KeyRevealDialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

// The reveal-once flow: the key is shown, can be copied (marked secret, cleared later)
// and is gone from every widget once the dialog closes.
class TestKeyRevealDialog : public QObject
{
    Q_OBJECT

private slots:
    void showsTheKeyOnceAndCopiesItAsSecret();
    void closingAsksUnlessSaved();
    void keyIsGoneFromEveryWidgetAfterClosing();
    void clipboardIsClearedAfterTheTimeout();

private:
    static QString makeKey();
    static bool anyWidgetContains(const QString& text);
};

QString TestKeyRevealDialog::makeKey()
{
    return ApiKeyGenerator::generate(KeyEnvironment::Live).fullKey;
}

bool TestKeyRevealDialog::anyWidgetContains(const QString& text)
{
    for (QWidget* widget : QApplication::allWidgets()) {
        if (auto* edit = qobject_cast<QLineEdit*>(widget); edit && edit->text().contains(text))
            return true;
        if (auto* label = qobject_cast<QLabel*>(widget); label && label->text().contains(text))
            return true;
        if (widget->windowTitle().contains(text) || widget->toolTip().contains(text))
            return true;
    }
    return false;
}

namespace {
ApiKey keyRow()
{
    ApiKey key;
    key.id = QUuid::createUuid();
    key.name = QStringLiteral("backend <b>");
    return key;
}
} // namespace

void TestKeyRevealDialog::showsTheKeyOnceAndCopiesItAsSecret()
{
    const QString fullKey = makeKey();
    Clipboard clipboard;
    KeyRevealDialog dialog(fullKey, keyRow(), &clipboard);
    dialog.setCloseConfirmation([] { return true; });
    dialog.show();
    auto* edit = dialog.findChild<QLineEdit*>(QStringLiteral("keyLineEdit"));
    QVERIFY(edit);
    QCOMPARE(edit->text(), fullKey);
    QVERIFY(edit->isReadOnly());
    QVERIFY(edit->font().fixedPitch() || QFontInfo(edit->font()).fixedPitch());
    QCOMPARE(edit->selectedText(), fullKey); // ready for Ctrl+C
    QVERIFY(dialog.findChild<QLabel*>(QStringLiteral("warningLabel"))->text().contains(QStringLiteral("not be shown")));

    QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("copyButton")), Qt::LeftButton);
    QVERIFY(dialog.wasCopied());
    const QMimeData* mime = QGuiApplication::clipboard()->mimeData();
    QVERIFY(mime);
    QCOMPARE(mime->text(), fullKey);
    QCOMPARE(mime->data(QStringLiteral("x-kde-passwordManagerHint")), QByteArray("secret"));
    QVERIFY(dialog.findChild<QLabel*>(QStringLiteral("clipboardLabel"))->text().contains(QStringLiteral("cleared in")));
    dialog.accept();
}

void TestKeyRevealDialog::closingAsksUnlessSaved()
{
    const QString fullKey = makeKey();
    KeyRevealDialog dialog(fullKey, keyRow(), nullptr);
    int asked = 0;
    bool answer = false;
    dialog.setCloseConfirmation([&] {
        ++asked;
        return answer;
    });
    dialog.show();
    QTest::keyClick(&dialog, Qt::Key_Escape);
    QCOMPARE(asked, 1);
    QVERIFY(dialog.isVisible()); // "No, I have not saved it": stay
    QCOMPARE(dialog.findChild<QLineEdit*>(QStringLiteral("keyLineEdit"))->text(), fullKey);
    dialog.findChild<QCheckBox*>(QStringLiteral("savedCheckBox"))->setChecked(true);
    QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("doneButton")), Qt::LeftButton);
    QCOMPARE(asked, 1); // ticked: no question
    QVERIFY(!dialog.isVisible());
}

void TestKeyRevealDialog::keyIsGoneFromEveryWidgetAfterClosing()
{
    const QString fullKey = makeKey();
    auto* dialog = new KeyRevealDialog(fullKey, keyRow(), nullptr);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setCloseConfirmation([] { return true; });
    dialog->show();
    QVERIFY(anyWidgetContains(fullKey));
    QPointer<KeyRevealDialog> guard(dialog);
    auto* edit = dialog->findChild<QLineEdit*>(QStringLiteral("keyLineEdit"));
    dialog->reject();
    // Wiped at once, before the deferred delete runs.
    QVERIFY(edit->text().isEmpty());
    QVERIFY(!anyWidgetContains(fullKey));
    QTRY_VERIFY(guard.isNull());
    QVERIFY(!anyWidgetContains(fullKey));
}

void TestKeyRevealDialog::clipboardIsClearedAfterTheTimeout()
{
    const QString fullKey = makeKey();
    Clipboard clipboard;
    clipboard.setTimeout(std::chrono::milliseconds(300));
    KeyRevealDialog dialog(fullKey, keyRow(), &clipboard);
    dialog.setCloseConfirmation([] { return true; });
    dialog.copyToClipboard();
    QCOMPARE(QGuiApplication::clipboard()->text(), fullKey);
    QSignalSpy cleared(&clipboard, &Clipboard::cleared);
    QVERIFY(cleared.wait(5000));
    QVERIFY(!QGuiApplication::clipboard()->text().contains(fullKey));
    QVERIFY(dialog.findChild<QLabel*>(QStringLiteral("clipboardLabel"))->text().contains(QStringLiteral("cleared")));
}

QTEST_MAIN(TestKeyRevealDialog)
#include "TestKeyRevealDialog.moc"
