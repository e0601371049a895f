#include "ApiKeyGenerator.h"
#include "ApiKeyService.h"
#include "DatabaseExecutor.h"
#include "FindKeyPanel.h"
#include "RevokeKeyCommand.h"
#include "RevokeKeyDialog.h"
#include "SharedDatabase.h"
#include "TestDatabase.h"
#include "TestFixtures.h"

#include <QApplication>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QVBoxLayout>

// Support staff paste a key, see whose it is and revoke it.
class TestFindKeyPanel : public QObject
{
    Q_OBJECT

private slots:
    void classifiesWhatWasPasted();
    void findsTheOwnerOfAFullKey();
    void findsByMaskedKeyAndExplainsMisses();
    void revokesFromThePanel();

private:
    static void paste(FindKeyPanel& panel, const QString& text);
    static bool anyLabelContains(QWidget* root, const QString& text);
};

void TestFindKeyPanel::paste(FindKeyPanel& panel, const QString& text)
{
    auto* edit = panel.findChild<QLineEdit*>(QStringLiteral("findKeyLineEdit"));
    edit->setText(text);
    QTest::keyClick(edit, Qt::Key_Return);
}

bool TestFindKeyPanel::anyLabelContains(QWidget* root, const QString& text)
{
    for (QLabel* label : root->findChildren<QLabel*>()) {
        if (label->text().contains(text))
            return true;
    }
    for (QLineEdit* edit : root->findChildren<QLineEdit*>()) {
        if (edit->text().contains(text))
            return true;
    }
    return false;
}

void TestFindKeyPanel::classifiesWhatWasPasted()
{
    const QString key = ApiKeyGenerator::generate(KeyEnvironment::Live).fullKey;
    QString found;
    QString problem;
    using Kind = FindKeyPanel::PasteKind;
    QCOMPARE(FindKeyPanel::classify(key, &found, &problem), Kind::FullKey);
    QCOMPARE(found, key);
    QCOMPARE(FindKeyPanel::classify(QStringLiteral("Authorization: Bearer ") + key + QStringLiteral("  \n"), &found,
                                    &problem),
             Kind::FullKey);
    QCOMPARE(found, key);
    // As copied from a config file or a JSON answer.
    QCOMPARE(FindKeyPanel::classify(QStringLiteral("export API_KEY=\"") + key + u'"', &found, &problem), Kind::FullKey);
    QCOMPARE(found, key);
    QCOMPARE(FindKeyPanel::classify(QStringLiteral("\"key\": \"") + key + QStringLiteral("\","), &found, &problem),
             Kind::FullKey);
    QCOMPARE(found, key);
    QCOMPARE(FindKeyPanel::classify(QStringLiteral("pk_live_AbCd…wxyz"), &found, &problem), Kind::MaskedKey);
    QCOMPARE(FindKeyPanel::classify(QStringLiteral("sk_live_") + key.mid(8), &found, &problem), Kind::Invalid);
    QCOMPARE(problem, QStringLiteral("This is not a KeyWarden key: wrong prefix (keys start with \"pk_\")."));
    // One checksum character changed (to one it is not already: 1 key in 62 ends in 'A').
    const QChar other = key.back() == u'A' ? u'B' : u'A';
    QCOMPARE(FindKeyPanel::classify(key.chopped(1) + other, &found, &problem), Kind::Invalid);
    QVERIFY(problem.contains(QStringLiteral("checksum")));
    QCOMPARE(FindKeyPanel::classify(QStringLiteral("   "), &found, &problem), Kind::Invalid);
    QVERIFY(problem.contains(QStringLiteral("Paste")));
    QCOMPARE(FindKeyPanel::classify(QString(10000, u'x'), &found, &problem), Kind::Invalid);
    QVERIFY(problem.contains(QStringLiteral("too long")));
    QCOMPARE(FindKeyPanel::classify(QStringLiteral("pk_live_\x01\x02 ünï"), &found, &problem), Kind::Invalid);
}

void TestFindKeyPanel::findsTheOwnerOfAFullKey()
{
    TestDatabase testDb;
    KW_REQUIRE_DB(testDb);
    Database& db = testDb.database();
    const Organization org = TestFixtures::organization(db, QStringLiteral("acme"), Plan::Pro, QStringLiteral("Acme"));
    const CreatedKey created = TestFixtures::key(db, org.id, {QStringLiteral("*")}, std::nullopt, QStringLiteral("ci"));
    DatabaseExecutor executor(sharedDatabase(db));
    FindKeyPanel panel(&executor, nullptr);
    panel.show();
    QSignalSpy found(&panel, &FindKeyPanel::found);
    paste(panel, created.fullKey);
    QVERIFY(found.wait(10000));
    QVERIFY(panel.result());
    QCOMPARE(panel.result()->key.id, created.key.id);
    QCOMPARE(panel.findChild<QLabel*>(QStringLiteral("organizationValueLabel"))->text(), QStringLiteral("Acme (acme)"));
    QCOMPARE(panel.findChild<QLabel*>(QStringLiteral("keyValueLabel"))->text(), created.key.maskedKey());
    QCOMPARE(panel.findChild<QLabel*>(QStringLiteral("statusValueLabel"))->text(), QStringLiteral("Active"));
    QCOMPARE(panel.findChild<QLabel*>(QStringLiteral("lastUsedValueLabel"))->text(), QStringLiteral("Never"));
    // The pasted key does not stay on screen.
    QVERIFY(panel.findChild<QLineEdit*>(QStringLiteral("findKeyLineEdit"))->text().isEmpty());
    QVERIFY(!anyLabelContains(&panel, created.fullKey));
}

void TestFindKeyPanel::findsByMaskedKeyAndExplainsMisses()
{
    TestDatabase testDb;
    KW_REQUIRE_DB(testDb);
    Database& db = testDb.database();
    const Organization org = TestFixtures::organization(db, QStringLiteral("acme"));
    const CreatedKey created = TestFixtures::key(db, org.id);
    DatabaseExecutor executor(sharedDatabase(db));
    FindKeyPanel panel(&executor, nullptr);
    QSignalSpy found(&panel, &FindKeyPanel::found);
    QSignalSpy notFound(&panel, &FindKeyPanel::notFound);

    QString masked = created.key.maskedKey();
    paste(panel, masked.replace(QChar(0x2026), QStringLiteral("...")));
    QVERIFY(found.wait(10000));
    QCOMPARE(panel.result()->key.id, created.key.id);

    // Well-formed but unknown here.
    const QString stranger = ApiKeyGenerator::generate(KeyEnvironment::Live).fullKey;
    paste(panel, stranger);
    QVERIFY(notFound.wait(10000));
    QVERIFY(!panel.result());
    QVERIFY(panel.messageText().contains(QStringLiteral("unknown to this database")));
    QVERIFY(!panel.messageText().contains(stranger));

    // Malformed: refused at once, with the precise reason, without asking the database.
    paste(panel, QStringLiteral("ghp_") + stranger.mid(3));
    QCOMPARE(notFound.count(), 2);
    QVERIFY(panel.messageText().contains(QStringLiteral("wrong prefix")));

    paste(panel, QStringLiteral("pk_live_Zzzz…0000"));
    QVERIFY(notFound.wait(10000));
    QVERIFY(panel.messageText().contains(QStringLiteral("No key")));
    // Random characters of a prefix or hint may be '_' or '-' (base64url).
    paste(panel, QStringLiteral("pk_live_A_b-…w_y-"));
    QVERIFY(notFound.wait(10000));
    QVERIFY2(panel.messageText().contains(QStringLiteral("No key")), qPrintable(panel.messageText()));
    paste(panel, QStringLiteral("pk_nope_Abcd…wxyz"));
    QVERIFY(notFound.wait(10000));
    QVERIFY(panel.messageText().contains(QStringLiteral("masked key looks like")));
    paste(panel, QStringLiteral("pk_live_…"));
    QVERIFY(notFound.wait(10000));
    QVERIFY(panel.messageText().contains(QStringLiteral("masked key looks like")));
}

void TestFindKeyPanel::revokesFromThePanel()
{
    TestDatabase testDb;
    KW_REQUIRE_DB(testDb);
    Database& db = testDb.database();
    const Organization org = TestFixtures::organization(db, QStringLiteral("acme"));
    const CreatedKey created = TestFixtures::key(db, org.id);
    DatabaseExecutor executor(sharedDatabase(db));
    QWidget window;
    CommandContext context{&executor, &window, nullptr, QStringLiteral("desktop:support")};
    RevokeKeyCommand revoke(context);
    auto* layout = new QVBoxLayout(&window);
    auto* panelPointer = new FindKeyPanel(&executor, &revoke);
    layout->addWidget(panelPointer);
    FindKeyPanel& panel = *panelPointer;
    window.resize(800, 600);
    window.show();
    QSignalSpy found(&panel, &FindKeyPanel::found);
    paste(panel, created.fullKey);
    QVERIFY(found.wait(10000));

    QSignalSpy opened(&revoke, &Command::dialogOpened);
    QSignalSpy changed(&revoke, &Command::changed);
    QTest::mouseClick(panel.findChild<QPushButton*>(QStringLiteral("revokeButton")), Qt::LeftButton);
    QCOMPARE(opened.count(), 1);
    auto* dialog = qobject_cast<RevokeKeyDialog*>(opened.first().first().value<QWidget*>());
    QVERIFY(dialog);
    dialog->findChild<QPlainTextEdit*>(QStringLiteral("reasonPlainTextEdit"))->setPlainText(QStringLiteral("leaked"));
    dialog->findChild<QCheckBox*>(QStringLiteral("confirmCheckBox"))->setChecked(true);
    QTest::mouseClick(dialog->submitButton(), Qt::LeftButton);
    QVERIFY(changed.wait(10000));
    QTRY_COMPARE(panel.findChild<QLabel*>(QStringLiteral("statusValueLabel"))->text(), QStringLiteral("Revoked"));
    QVERIFY(panel.findChild<QLabel*>(QStringLiteral("revokedValueLabel"))->text().contains(QStringLiteral("leaked")));
    QVERIFY(!panel.findChild<QPushButton*>(QStringLiteral("revokeButton"))->isEnabled());
    // The service refuses the key from now on.
    auto validated = ApiKeyService(db).validate(created.fullKey);
    QVERIFY(!validated);
    QCOMPARE(validated.code(), ErrorCode::RevokedApiKey);
    QVERIFY(executor.waitForIdle());
}

QTEST_MAIN(TestFindKeyPanel)
#include "TestFindKeyPanel.moc"
