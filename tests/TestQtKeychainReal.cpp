#include "QtKeychainCredentialStore.h"

#include <QApplication>
#include <QTest>
#include <QUuid>

#include <optional>

using namespace std::chrono_literals;

// Writes, reads and deletes a password in a real Secret Service (gnome-keyring-daemon).
// Run through scripts/test-keychain.sh, which starts a private D-Bus session with an
// unlocked, throw-away keyring: run directly, it would touch the user's own keychain, so
// it refuses unless KEYWARDEN_REAL_KEYCHAIN_TEST=1.
class TestQtKeychainReal : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void writeReadDelete();
    void overwriteKeepsOneEntry();
    void unicodePasswordSurvives();

private:
    CredentialResult call(const std::function<void(CredentialStore::Done)>& start);

    std::unique_ptr<QtKeychainCredentialStore> m_store;
    QString m_account;
};

void TestQtKeychainReal::initTestCase()
{
    if (qEnvironmentVariable("KEYWARDEN_REAL_KEYCHAIN_TEST") != QLatin1String("1"))
        QFAIL("run this suite through scripts/test-keychain.sh (a private D-Bus session and keyring)");
    m_store = std::make_unique<QtKeychainCredentialStore>(QStringLiteral("KeyWarden-test"));
    m_store->setTimeout(20s);
    m_account = QStringLiteral("postgresql://admin@db-%1.example:5432/keywarden")
                    .arg(QUuid::createUuid().toString(QUuid::Id128).left(8));
}

CredentialResult TestQtKeychainReal::call(const std::function<void(CredentialStore::Done)>& start)
{
    std::optional<CredentialResult> answer;
    start([&answer](CredentialResult result) { answer = std::move(result); });
    if (!QTest::qWaitFor([&answer] { return answer.has_value(); }, 25000)) {
        CredentialResult timedOut;
        timedOut.errorText = QStringLiteral("no answer within 25 s");
        return timedOut;
    }
    return *answer;
}

void TestQtKeychainReal::writeReadDelete()
{
    const QString password = QStringLiteral("real-keychain-") + QUuid::createUuid().toString(QUuid::Id128);

    CredentialResult written = call([&](auto done) { m_store->writePassword(m_account, password, done); });
    QVERIFY2(written.ok, qPrintable(written.errorText));

    CredentialResult read = call([&](auto done) { m_store->readPassword(m_account, done); });
    QVERIFY2(read.ok, qPrintable(read.errorText));
    QVERIFY(read.password == password); // QCOMPARE would print the secret on failure

    CredentialResult deleted = call([&](auto done) { m_store->deletePassword(m_account, done); });
    QVERIFY2(deleted.ok, qPrintable(deleted.errorText));
    QVERIFY(!deleted.notFound);

    CredentialResult gone = call([&](auto done) { m_store->readPassword(m_account, done); });
    QVERIFY(!gone.ok);
    QVERIFY2(gone.notFound, qPrintable(gone.errorText));
    QVERIFY(!gone.unavailable);
    QVERIFY(gone.password.isEmpty());

    // Deleting what is gone succeeds (libsecret does not say whether anything matched).
    CredentialResult deletedAgain = call([&](auto done) { m_store->deletePassword(m_account, done); });
    QVERIFY2(deletedAgain.ok, qPrintable(deletedAgain.errorText));
}

void TestQtKeychainReal::overwriteKeepsOneEntry()
{
    QVERIFY(call([&](auto done) { m_store->writePassword(m_account, QStringLiteral("first-one"), done); }).ok);
    QVERIFY(call([&](auto done) { m_store->writePassword(m_account, QStringLiteral("second-one"), done); }).ok);
    CredentialResult read = call([&](auto done) { m_store->readPassword(m_account, done); });
    QVERIFY2(read.ok, qPrintable(read.errorText));
    QVERIFY(read.password == QStringLiteral("second-one"));
    QVERIFY(call([&](auto done) { m_store->deletePassword(m_account, done); }).ok);
    QVERIFY(call([&](auto done) { m_store->readPassword(m_account, done); }).notFound);
}

void TestQtKeychainReal::unicodePasswordSurvives()
{
    const QString password = QStringLiteral("pä$$wörd ✓ \"quoted\" ;sslmode=disable");
    QVERIFY(call([&](auto done) { m_store->writePassword(m_account, password, done); }).ok);
    CredentialResult read = call([&](auto done) { m_store->readPassword(m_account, done); });
    QVERIFY2(read.ok, qPrintable(read.errorText));
    QVERIFY(read.password == password);
    QVERIFY(call([&](auto done) { m_store->deletePassword(m_account, done); }).ok);
}

QTEST_MAIN(TestQtKeychainReal)
#include "TestQtKeychainReal.moc"
