#include "ApiKeyFormat.h"
#include "ApiKeyGenerator.h"
#include "ApiKeyHasher.h"
#include "ApiKeyService.h"
#include "Cli.h"
#include "DefaultDataSeeder.h"
#include "MigrationRunner.h"
#include "OrganizationService.h"
#include "SqlValue.h"
#include "TestDatabase.h"
#include "config.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <vector>

#ifndef KEYWARDENCTL_PATH
#error "KEYWARDENCTL_PATH must name the keywardenctl binary (see tests/service_tests.cmake)"
#endif

namespace {

struct CliRun
{
    int code = -1;
    QString out;
    QString err;
};

// Runs keywardenctl in process with `input` on its standard input.
// `interactive`: as if a person typed `input` at a terminal.
CliRun runCli(const QStringList& arguments, const QString& input = {}, bool interactive = false)
{
    CliRun run;
    QString in = input;
    QTextStream outStream(&run.out);
    QTextStream errStream(&run.err);
    QTextStream inStream(&in);
    Cli cli(outStream, errStream, inStream);
    cli.setInteractive(interactive);
    run.code = cli.run(arguments);
    outStream.flush();
    errStream.flush();
    return run;
}

QString show(const CliRun& run)
{
    return QStringLiteral("exit %1\n--- stdout\n%2\n--- stderr\n%3").arg(run.code).arg(run.out, run.err);
}

QJsonDocument parse(const QString& text, bool* ok)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
    *ok = error.error == QJsonParseError::NoError;
    return document;
}

// The binary's stderr may carry log lines of the core before the command's own message;
// the contract is a line "error: <message>".
bool hasErrorLine(const QString& err, const QString& inMessage)
{
    const QStringList lines = err.split(u'\n');
    for (const QString& line : lines) {
        if (line.startsWith(QStringLiteral("error: ")) && line.contains(inMessage))
            return true;
    }
    return false;
}

const QRegularExpression& fullKeyPattern()
{
    static const QRegularExpression pattern(QStringLiteral("pk_(?:live|test|admin)_[A-Za-z0-9_-]{49}"));
    return pattern;
}

QStringList fullKeysIn(const QString& text)
{
    QStringList keys;
    auto it = fullKeyPattern().globalMatch(text);
    while (it.hasNext())
        keys << it.next().captured(0);
    return keys;
}

const QStringList kOrgFields{QStringLiteral("id"),
                             QStringLiteral("name"),
                             QStringLiteral("slug"),
                             QStringLiteral("email"),
                             QStringLiteral("plan"),
                             QStringLiteral("is_active"),
                             QStringLiteral("created_at"),
                             QStringLiteral("updated_at"),
                             QStringLiteral("monthly_request_limit"),
                             QStringLiteral("rate_limit_per_minute"),
                             QStringLiteral("max_api_keys")};

const QStringList kKeyFields{QStringLiteral("id"),
                             QStringLiteral("organization_id"),
                             QStringLiteral("key_prefix"),
                             QStringLiteral("key_hint"),
                             QStringLiteral("name"),
                             QStringLiteral("description"),
                             QStringLiteral("environment"),
                             QStringLiteral("is_active"),
                             QStringLiteral("created_at"),
                             QStringLiteral("last_used_at"),
                             QStringLiteral("expires_at"),
                             QStringLiteral("revoked_at"),
                             QStringLiteral("revoked_by"),
                             QStringLiteral("revoked_reason"),
                             QStringLiteral("scopes"),
                             QStringLiteral("custom_rate_limit"),
                             QStringLiteral("total_requests"),
                             QStringLiteral("last_request_at"),
                             QStringLiteral("rolled_from")};

} // namespace

// Every command of SPEC's CLI section (except `serve`), driven in process through `Cli`
// and, for a few, through the real binary.
class TestCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void neverEchoesAKeyGivenAsAnArgument();
    void refusesArgumentsThatAreNotUtf8();

    void helpAndVersion();
    void noCommandIsUsageError();
    void unknownCommandAndSubCommandsAreUsageErrors_data();
    void unknownCommandAndSubCommandsAreUsageErrors();
    void dbUpgradeDowngradeStatus();
    void commandsRefuseAnOutdatedSchema();
    void dbSeedIsIdempotent();
    void orgCreateListShow();
    void orgCreateFailures();
    void orgUpdate();
    void usageErrorsWriteNothing_data();
    void usageErrorsWriteNothing();
    void keyCreateAndList();
    void keyCreateOverCap();
    void keyRevoke();
    void keyRoll();
    void keyFind();
    void keyFindFailures();
    void usageReport();
    void doctor();
    void adminKey();
    void unreachableDatabase_data();
    void unreachableDatabase();
    void binaryOrgListOnFreshDatabase();
    void binaryUsageError();
    void binaryReadsDatabaseUrlFromEnvironment();
    void binaryKeyFindAnswersAfterOneLine();

private:
    // `--database <url> [--json] args...`
    CliRun cli(const TestDatabase& db, const QStringList& arguments, const QString& input = {}, bool json = false);
    CliRun cliJson(const TestDatabase& db, const QStringList& arguments, const QString& input = {})
    {
        return cli(db, arguments, input, true);
    }
    QProcessEnvironment binaryEnvironment() const;

    QTemporaryDir m_home;
};

void TestCli::initTestCase()
{
    QVERIFY(m_home.isValid());
    // Nothing here may fall back to the user's own database or Redis.
    qunsetenv("DATABASE_URL");
    qunsetenv("REDIS_URL");
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(QFileInfo(QStringLiteral(KEYWARDENCTL_PATH)).isExecutable(), KEYWARDENCTL_PATH);
}

CliRun TestCli::cli(const TestDatabase& db, const QStringList& arguments, const QString& input, bool json)
{
    QStringList all{QStringLiteral("--database"), db.url()};
    if (json)
        all << QStringLiteral("--json");
    return runCli(all + arguments, input);
}

QProcessEnvironment TestCli::binaryEnvironment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("QT_LOGGING_RULES"));
    env.remove(QStringLiteral("DATABASE_URL"));
    env.remove(QStringLiteral("REDIS_URL"));
    env.insert(QStringLiteral("HOME"), m_home.path());
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("KEYWARDEN_LANGUAGE"), QStringLiteral("en"));
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    return env;
}

void TestCli::neverEchoesAKeyGivenAsAnArgument()
{
    // A natural mistake: the key as an argument instead of on stdin, or as a command.
    const QString key = ApiKeyGenerator::generate(KeyEnvironment::Live).fullKey;
    for (const QStringList& arguments :
         {QStringList{QStringLiteral("key"), QStringLiteral("find"), key}, QStringList{key},
          QStringList{QStringLiteral("key"), key},
          QStringList{QStringLiteral("org"), QStringLiteral("create"), QStringLiteral("--name"), QStringLiteral("A"),
                      QStringLiteral("--email"), QStringLiteral("a@b.io"), QStringLiteral("--plan"), key},
          QStringList{QStringLiteral("key"), QStringLiteral("revoke"), QStringLiteral("--key"), key,
                      QStringLiteral("--reason"), QStringLiteral("x")}}) {
        const CliRun run = runCli(arguments);
        QCOMPARE(run.code, 2);
        QVERIFY2(!run.err.contains(key.mid(12, 30)) && !run.out.contains(key.mid(12, 30)), qPrintable(show(run)));
        QVERIFY2(run.err.contains(QStringLiteral("pk_live_")), qPrintable(show(run))); // masked, still recognisable
    }
    // Where a slug belongs: looked up, not found, and the message quotes it masked.
    TestDatabase db;
    KW_REQUIRE_DB(db);
    for (const QStringList& arguments :
         {QStringList{QStringLiteral("org"), QStringLiteral("show"), QStringLiteral("--slug"), key},
          QStringList{QStringLiteral("org"), QStringLiteral("update"), QStringLiteral("--slug"), key,
                      QStringLiteral("--name"), QStringLiteral("B")},
          QStringList{QStringLiteral("key"), QStringLiteral("list"), QStringLiteral("--org"), key},
          QStringList{QStringLiteral("usage"), QStringLiteral("--org"), key}}) {
        const CliRun run = cli(db, arguments);
        QCOMPARE(run.code, 1);
        QVERIFY2(!run.err.contains(key.mid(12, 30)) && !run.out.contains(key.mid(12, 30)), qPrintable(show(run)));
        QVERIFY2(run.err.contains(QStringLiteral("pk_live_")), qPrintable(show(run)));
    }
}

void TestCli::refusesArgumentsThatAreNotUtf8()
{
    TestDatabase db;
    KW_REQUIRE_DB(db);
    const QByteArray url = db.url().toUtf8();
    const auto run = [&url](std::initializer_list<const char*> rest) {
        std::vector<const char*> argv{"keywardenctl", "--database", url.constData()};
        argv.insert(argv.end(), rest);
        CliRun result;
        QString in;
        QTextStream outStream(&result.out);
        QTextStream errStream(&result.err);
        QTextStream inStream(&in);
        Cli cli(outStream, errStream, inStream);
        result.code = cli.run(int(argv.size()), argv.data());
        outStream.flush();
        errStream.flush();
        return result;
    };
    // Latin-1 from an old terminal, a lone continuation byte, an overlong slash, a surrogate.
    for (const char* bad : {"Caf\xe9", "bad\xff\xfename", "\x80", "\xc0\xaf", "\xed\xa0\x80"}) {
        const CliRun refused = run({"org", "create", "--name", bad, "--email", "ops@example.com", "--slug", "acme"});
        QCOMPARE(refused.code, 2);
        QVERIFY2(refused.err.contains(QStringLiteral("argument 6 is not valid UTF-8")), qPrintable(show(refused)));
        QVERIFY(refused.out.isEmpty());
    }
    QCOMPARE(cli(db, {QStringLiteral("org"), QStringLiteral("list")}).out.count(u'\n'), 1); // the header alone
    // Valid UTF-8 goes through as typed, whatever the script.
    const CliRun created = run({"org", "create", "--name", "Caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x9a\x80",
                                "--email", "ops@example.com", "--slug", "acme"});
    QVERIFY2(created.code == 0, qPrintable(show(created)));
    const CliRun shown
        = cli(db, {QStringLiteral("org"), QStringLiteral("show"), QStringLiteral("--slug"), QStringLiteral("acme")});
    QVERIFY2(shown.out.contains(QString::fromUtf8("Café 日本 🚀")), qPrintable(show(shown)));
}

void TestCli::helpAndVersion()
{
    CliRun run = runCli({QStringLiteral("--help")});
    QVERIFY2(run.code == 0, qPrintable(show(run)));
    QVERIFY(run.err.isEmpty());
    for (const char* expected : {"--database URL",
                                 "--json",
                                 "--version",
                                 "db upgrade",
                                 "db downgrade [--steps N]",
                                 "db status",
                                 "db seed",
                                 "org create --name N --email E",
                                 "org list",
                                 "org show --slug S",
                                 "org update --slug S",
                                 "key create --org SLUG --name N",
                                 "key list --org SLUG",
                                 "key revoke --key KEY_ID --reason TEXT",
                                 "key roll --key KEY_ID",
                                 "key find",
                                 "usage --org SLUG --month YYYY-MM",
                                 "doctor",
                                 "admin-key",
                                 "Exit codes: 0"})
        QVERIFY2(run.out.contains(QLatin1String(expected)), expected);

    // Global options may come anywhere; a command's own --help explains its options.
    run = runCli({QStringLiteral("org"), QStringLiteral("create"), QStringLiteral("--help")});
    QVERIFY2(run.code == 0, qPrintable(show(run)));
    QVERIFY(run.out.contains(QStringLiteral("--email")));
    QVERIFY(run.out.contains(QStringLiteral("--plan")));
    run = runCli({QStringLiteral("key"), QStringLiteral("roll"), QStringLiteral("--help")});
    QCOMPARE(run.code, 0);
    QVERIFY(run.out.contains(QStringLiteral("--grace-hours")));
    // A group's --help lists its sub-commands; a single command's --help stays its own.
    for (const QString& group : {QStringLiteral("org"), QStringLiteral("key"), QStringLiteral("db")}) {
        run = runCli({group, QStringLiteral("--help")});
        QVERIFY2(run.code == 0, qPrintable(show(run)));
        QVERIFY2(run.out.contains(QStringLiteral("keywardenctl ") + group + u' '), qPrintable(run.out));
        QVERIFY(run.err.isEmpty());
    }
    QVERIFY(runCli({QStringLiteral("org"), QStringLiteral("-h")}).out.contains(QStringLiteral("org update --slug S")));
    run = runCli({QStringLiteral("serve"), QStringLiteral("--help")});
    QCOMPARE(run.code, 0);
    QVERIFY2(run.out.contains(QStringLiteral("--threads")), qPrintable(run.out));

    run = runCli({QStringLiteral("--version")});
    QVERIFY2(run.code == 0, qPrintable(show(run)));
    QCOMPARE(run.out.trimmed(), QStringLiteral("keywardenctl " KEYWARDEN_VERSION));
    QVERIFY(run.err.isEmpty());
    QVERIFY(QStringLiteral(KEYWARDEN_VERSION).contains(u'.'));
}

void TestCli::noCommandIsUsageError()
{
    const CliRun run = runCli({});
    QCOMPARE(run.code, 2);
}

void TestCli::unknownCommandAndSubCommandsAreUsageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")};
    QTest::newRow("db without sub-command") << QStringList{QStringLiteral("db")};
    QTest::newRow("unknown db sub-command") << QStringList{QStringLiteral("db"), QStringLiteral("migrate")};
    QTest::newRow("org without sub-command") << QStringList{QStringLiteral("org")};
    QTest::newRow("unknown org sub-command") << QStringList{QStringLiteral("org"), QStringLiteral("delete")};
    QTest::newRow("unknown key sub-command") << QStringList{QStringLiteral("key"), QStringLiteral("frob")};
    QTest::newRow("unknown option") << QStringList{QStringLiteral("org"), QStringLiteral("list"),
                                                   QStringLiteral("--bogus")};
    QTest::newRow("stray argument") << QStringList{QStringLiteral("org"), QStringLiteral("list"),
                                                   QStringLiteral("extra")};
    QTest::newRow("--database without url")
        << QStringList{QStringLiteral("org"), QStringLiteral("list"), QStringLiteral("--database")};
}

void TestCli::unknownCommandAndSubCommandsAreUsageErrors()
{
    QFETCH(QStringList, arguments);
    TestDatabase db;
    KW_REQUIRE_DB(db);
    const bool hasDatabase = arguments.contains(QStringLiteral("--database"));
    const CliRun run = hasDatabase ? runCli(arguments) : cli(db, arguments);
    QVERIFY2(run.code == 2, qPrintable(show(run)));
    QVERIFY(run.out.isEmpty());
    QVERIFY(run.err.contains(QStringLiteral("error: ")));
    QVERIFY(run.err.contains(QStringLiteral("usage: ")));
}

void TestCli::dbUpgradeDowngradeStatus()
{
    TestDatabase db(false);
    KW_REQUIRE_DB(db);
    const int head = int(MigrationRunner::available(TestDatabase::engine()).size());
    QVERIFY(head >= 2);

    // Status of an empty database: everything pending.
    CliRun run = cliJson(db, {QStringLiteral("db"), QStringLiteral("status")});
    QVERIFY2(run.code == 0, qPrintable(show(run)));
    bool ok = false;
    QJsonDocument json = parse(run.out, &ok);
    QVERIFY2(ok && json.isArray(), qPrintable(run.out));
    QCOMPARE(json.array().size(), head);
    for (const QJsonValue& v : json.array())
        QCOMPARE(v.toObject().value(QStringLiteral("applied")).toBool(), false);
    run = cli(db, {QStringLiteral("db"), QStringLiteral("status")});
    QCOMPARE(run.code, 0);
    QVERIFY(run.out.contains(QStringLiteral("pending")));
    QVERIFY(run.out.contains(QStringLiteral("db upgrade")));

    run = cliJson(db, {QStringLiteral("db"), QStringLiteral("upgrade")});
    QVERIFY2(run.code == 0, qPrintable(show(run)));
    json = parse(run.out, &ok);
    QVERIFY2(ok && json.isObject(), qPrintable(run.out));
    QCOMPARE(json.object().value(QStringLiteral("applied")).toInt(), head);
    QCOMPARE(json.object().value(QStringLiteral("version")).toInt(), head);
    // Idempotent.
    run = cliJson(db, {QStringLiteral("db"), QStringLiteral("upgrade")});
    QCOMPARE(run.code, 0);
    QCOMPARE(parse(run.out, &ok).object().value(QStringLiteral("applied")).toInt(), 0);
    run = cli(db, {QStringLiteral("db"), QStringLiteral("upgrade")});
    QCOMPARE(run.code, 0);
    QVERIFY2(run.out.contains(QStringLiteral("Already at the newest schema")), qPrintable(run.out));

    run = cliJson(db, {QStringLiteral("db"), QStringLiteral("status")});
    QCOMPARE(run.code, 0);
    json = parse(run.out, &ok);
    QVERIFY(ok);
    for (const QJsonValue& v : json.array()) {
        QCOMPARE(v.toObject().value(QStringLiteral("applied")).toBool(), true);
        QVERIFY(v.toObject().value(QStringLiteral("applied_at")).isString());
    }
    run = cli(db, {QStringLiteral("db"), QStringLiteral("status")});
    QVERIFY(run.out.contains(QStringLiteral("Up to date.")));

    // The tables exist now: a command that needs them works.
    run = cli(db,
              {QStringLiteral("org"), QStringLiteral("create"), QStringLiteral("--name"), QStringLiteral("Acme"),
               QStringLiteral("--email"), QStringLiteral("a@acme.example")});
    QVERIFY2(run.code == 0, qPrintable(show(run)));

    // At a terminal it asks first: anything but "yes" (nothing typed, "y", "no") reverts nothing.
    const QStringList downgradeHere{QStringLiteral("--database"), db.url(), QStringLiteral("db"),
                                    QStringLiteral("downgrade")};
    for (const QString& answer : {QString(), QStringLiteral("y\n"), QStringLiteral("no\n")}) {
        run = runCli(downgradeHere, answer, true);
        QVERIFY2(run.code == 1, qPrintable(show(run)));
        QVERIFY2(run.err.contains(QStringLiteral("from version %1 to %2").arg(head).arg(head - 1)),
                 qPrintable(run.err));
        QVERIFY(run.err.contains(QStringLiteral("Type \"yes\" to go on:")));
        QVERIFY(run.err.contains(QStringLiteral("nothing was reverted")));
        QCOMPARE(MigrationRunner(db.database()).currentVersion().value(), head);
    }
    run = runCli(downgradeHere, QStringLiteral("yes\n"), true);
    QVERIFY2(run.code == 0, qPrintable(show(run)));
    QCOMPARE(MigrationRunner(db.database()).currentVersion().value(), head - 1);
    run = cli(db, {QStringLiteral("db"), QStringLiteral("upgrade")});
    QCOMPARE(run.code, 0);
    // --yes does not ask; neither does a script (not a terminal), below.
    run = runCli(downgradeHere + QStringList{QStringLiteral("--yes")}, QString(), true);
    QVERIFY2(run.code == 0 && !run.err.contains(QStringLiteral("yes")), qPrintable(show(run)));
    run = cli(db, {QStringLiteral("db"), QStringLiteral("upgrade")});
    QCOMPARE(run.code, 0);

    run = cliJson(db, {QStringLiteral("db"), QStringLiteral("downgrade")});
    QVERIFY2(run.code == 0, qPrintable(show(run)));
    json = parse(run.out, &ok);
    QVERIFY(ok);
    QCOMPARE(json.object().value(QStringLiteral("reverted")).toInt(), 1);
    QCOMPARE(json.object().value(QStringLiteral("version")).toInt(), head - 1);
    MigrationRunner runner(db.database());
    QCOMPARE(runner.currentVersion().value(), head - 1);

    run = cli(db, {QStringLiteral("db"), QStringLiteral("upgrade")});
    QCOMPARE(run.code, 0);
    QCOMPARE(runner.currentVersion().value(), head);

    run = cliJson(
        db, {QStringLiteral("db"), QStringLiteral("downgrade"), QStringLiteral("--steps"), QString::number(head)});
    QVERIFY2(run.code == 0, qPrintable(show(run)));
    json = parse(run.out, &ok);
    QCOMPARE(json.object().value(QStringLiteral("reverted")).toInt(), head);
    QCOMPARE(json.object().value(QStringLiteral("version")).toInt(), 0);
    QCOMPARE(runner.currentVersion().value(), 0);
    // Nothing left to revert: still success, nothing reverted.
    run = cliJson(db,
                  {QStringLiteral("db"), QStringLiteral("downgrade"), QStringLiteral("--steps"), QStringLiteral("3")});
    QCOMPARE(run.code, 0);
    QCOMPARE(parse(run.out, &ok).object().value(QStringLiteral("reverted")).toInt(), 0);

    // --steps must be a positive number.
    for (const QString& bad : {QStringLiteral("0"), QStringLiteral("-1"), QStringLiteral("two")}) {
        run = cli(db, {QStringLiteral("db"), QStringLiteral("downgrade"), QStringLiteral("--steps"), bad});
        QVERIFY2(run.code == 2, qPrintable(show(run)));
        QVERIFY(run.err.contains(QStringLiteral("--steps")));
    }

    run = cli(db, {QStringLiteral("db"), QStringLiteral("upgrade")});
    QCOMPARE(run.code, 0);
    QVERIFY(run.out.contains(QString::number(head)));
    QCOMPARE(runner.currentVersion().value(), head);
}

void TestCli::commandsRefuseAnOutdatedSchema()
{
    TestDatabase db(false);
    KW_REQUIRE_DB(db);
    for (const QStringList& arguments :
         {QStringList{QStringLiteral("org"), QStringLiteral("list")},
          QStringList{QStringLiteral("org"), QStringLiteral("create"), QStringLiteral("--name"), QStringLiteral("A"),
                      QStringLiteral("--email"), QStringLiteral("a@b.example")},
          QStringList{QStringLiteral("db"), QStringLiteral("seed")}}) {
        const CliRun run = cli(db, arguments);
        QVERIFY2(run.code == 1, qPrintable(show(run)));
        QVERIFY2(run.err.contains(QStringLiteral("db upgrade")), qPrintable(run.err));
        QVERIFY(run.out.isEmpty());
    }
    MigrationRunner runner(db.database());
    QCOMPARE(runner.currentVersion().value(), 0); // not migrated behind the user's back
}

void TestCli::dbSeedIsIdempotent()
{
    TestDatabase db;
    KW_REQUIRE_DB(db);
    CliRun run = cli(db, {QStringLiteral("db"), QStringLiteral("seed")});
    QVERIFY2(run.code == 0, qPrintable(show(run)));
    QVERIFY(run.out.contains(QStringLiteral("Default Organization")));
    const QStringList printed = fullKeysIn(run.out);
    QCOMPARE(printed.size(), 1); // printed once
    const QString key = printed.first();
    QVERIFY(key.startsWith(QStringLiteral("pk_test_")));
    ApiKeyService keys(db.database());
    auto context = keys.validate(key);
    QVERIFY(context.ok());
    QCOMPARE(context->organization.slug, QStringLiteral("default"));
    QCOMPARE(context->key.scopes, QStringList{QStringLiteral("*")});

    const QStringList before = db.allText();
    run = cliJson(db, {QStringLiteral("db"), QStringLiteral("seed")});
    QVERIFY2(run.code == 0, qPrintable(show(run)));
    bool ok = false;
    const QJsonObject second = parse(run.out, &ok).object();
    QVERIFY2(ok, qPrintable(run.out));
    QCOMPARE(second.value(QStringLiteral("organization_created")).toBool(), false);
    QVERIFY(second.value(QStringLiteral("api_key")).isNull());
    QCOMPARE(second.value(QStringLiteral("organization")).toObject().value(QStringLiteral("slug")).toString(),
             QStringLiteral("default"));
    QVERIFY(fullKeysIn(run.out).isEmpty());
    run = cli(db, {QStringLiteral("db"), QStringLiteral("seed")});
    QCOMPARE(run.code, 0);
    QVERIFY(run.out.contains(QStringLiteral("already exists")));
    QVERIFY(fullKeysIn(run.out).isEmpty());
    QCOMPARE(db.allText(), before);

    // --json on a fresh database carries the key once, in `api_key.key`.
    TestDatabase other;
    KW_REQUIRE_DB(other);
    run = cliJson(other, {QStringLiteral("db"), QStringLiteral("seed")});
    QVERIFY2(run.code == 0, qPrintable(show(run)));
    const QJsonObject first = parse(run.out, &ok).object();
    QVERIFY(ok);
    QCOMPARE(first.value(QStringLiteral("organization_created")).toBool(), true);
    const QJsonObject organization = first.value(QStringLiteral("organization")).toObject();
    QCOMPARE(organization.value(QStringLiteral("slug")).toString(), QStringLiteral("default"));
    QCOMPARE(organization.value(QStringLiteral("plan")).toString(), QStringLiteral("free"));
    const QJsonObject apiKey = first.value(QStringLiteral("api_key")).toObject();
    QCOMPARE(apiKey.value(QStringLiteral("name")).toString(), QStringLiteral("Default Test Key"));
    QCOMPARE(apiKey.value(QStringLiteral("environment")).toString(), QStringLiteral("test"));
    QCOMPARE(apiKey.value(QStringLiteral("scopes")).toArray(), QJsonArray{QStringLiteral("*")});
    QVERIFY(!apiKey.contains(QStringLiteral("key_hash")));
    const QString jsonKey = apiKey.value(QStringLiteral("key")).toString();
    QCOMPARE(ApiKeyFormat::check(jsonKey), KeyFormatError::None);
    QCOMPARE(apiKey.value(QStringLiteral("key_prefix")).toString(), jsonKey.left(12));
}

void TestCli::orgCreateListShow()
{
    TestDatabase db;
    KW_REQUIRE_DB(db);
    // Fresh database: an empty list, in both forms.
    CliRun run = cliJson(db, {QStringLiteral("org"), QStringLiteral("list")});
    QVERIFY2(run.code == 0, qPrintable(show(run)));
    bool ok = false;
    QJsonDocument json = parse(run.out, &ok);
    QVERIFY(ok && json.isArray());
    QVERIFY(json.array().isEmpty());
    run = cli(db, {QStringLiteral("org"), QStringLiteral("list")});
    QCOMPARE(run.code, 0);
    QVERIFY(run.out.contains(QStringLiteral("No organizations yet")));

    run = cli(db,
              {QStringLiteral("org"), QStringLiteral("create"), QStringLiteral("--name"), QStringLiteral("Acme Corp"),
               QStringLiteral("--email"), QStringLiteral("ops@acme.example")});
    QVERIFY2(run.code == 0, qPrintable(show(run)));
    QVERIFY(run.err.isEmpty());
    QVERIFY2(run.out.contains(QStringLiteral("Created organization \"acme-corp\"")), qPrintable(run.out));
    QVERIFY(run.out.contains(QStringLiteral("free")));

    run = cliJson(db,
                  {QStringLiteral("org"), QStringLiteral("create"), QStringLiteral("--name"), QStringLiteral("Beta"),
                   QStringLiteral("--email"), QStringLiteral("b@beta.example"), QStringLiteral("--plan"),
                   QStringLiteral("pro"), QStringLiteral("--slug"), QStringLiteral("beta-inc")});
    QVERIFY2(run.code == 0, qPrintable(show(run)));
    json = parse(run.out, &ok);
    QVERIFY2(ok && json.isObject(), qPrintable(run.out)); // nothing but JSON on stdout
    QJsonObject beta = json.object();
    for (const QString& field : kOrgFields)
        QVERIFY2(beta.contains(field), qPrintable(field));
    QCOMPARE(beta.value(QStringLiteral("slug")).toString(), QStringLiteral("beta-inc"));
    QCOMPARE(beta.value(QStringLiteral("name")).toString(), QStringLiteral("Beta"));
    QCOMPARE(beta.value(QStringLiteral("email")).toString(), QStringLiteral("b@beta.example"));
    QCOMPARE(beta.value(QStringLiteral("plan")).toString(), QStringLiteral("pro"));
    QCOMPARE(beta.value(QStringLiteral("rate_limit_per_minute")).toInt(), 60);
    QCOMPARE(beta.value(QStringLiteral("monthly_request_limit")).toInteger(), 100000);
    QCOMPARE(beta.value(QStringLiteral("max_api_keys")).toInt(), 10);
    QCOMPARE(beta.value(QStringLiteral("is_active")).toBool(), true);
    QVERIFY(!SqlValue::parseUuid(beta.value(QStringLiteral("id")).toString()).isNull());
    QVERIFY(QDateTime::fromString(beta.value(QStringLiteral("created_at")).toString(), Qt::ISODateWithMs).isValid());

    run = cliJson(db,
                  {QStringLiteral("org"), QStringLiteral("create"), QStringLiteral("--name"), QStringLiteral("Gamma"),
                   QStringLiteral("--email"), QStringLiteral("g@gamma.example"), QStringLiteral("--plan"),
                   QStringLiteral("enterprise")});
    QCOMPARE(run.code, 0);
    const QJsonObject gamma = parse(run.out, &ok).object();
    QCOMPARE(gamma.value(QStringLiteral("rate_limit_per_minute")).toInt(), 300);
    QCOMPARE(gamma.value(QStringLiteral("monthly_request_limit")).toInteger(), 1000000);
    QCOMPARE(gamma.value(QStringLiteral("max_api_keys")).toInt(), 50);

    run = cliJson(db, {QStringLiteral("org"), QStringLiteral("list")});
    QCOMPARE(run.code, 0);
    json = parse(run.out, &ok);
    QVERIFY(ok && json.isArray());
    QCOMPARE(json.array().size(), 3);
    QStringList slugs;
    for (const QJsonValue& v : json.array()) {
        QVERIFY(v.isObject());
        for (const QString& field : kOrgFields)
            QVERIFY2(v.toObject().contains(field), qPrintable(field));
        slugs << v.toObject().value(QStringLiteral("slug")).toString();
    }
    slugs.sort();
    QCOMPARE(slugs, (QStringList{QStringLiteral("acme-corp"), QStringLiteral("beta-inc"), QStringLiteral("gamma")}));

    run = cli(db, {QStringLiteral("org"), QStringLiteral("list")});
    QCOMPARE(run.code, 0);
    QVERIFY(run.out.contains(QStringLiteral("SLUG")));
    for (const QString& slug : slugs)
        QVERIFY(run.out.contains(slug));
    QVERIFY(run.out.contains(QStringLiteral("ops@acme.example")));

    run = cliJson(
        db, {QStringLiteral("org"), QStringLiteral("show"), QStringLiteral("--slug"), QStringLiteral("beta-inc")});
    QVERIFY2(run.code == 0, qPrintable(show(run)));
    QCOMPARE(parse(run.out, &ok).object(), beta);
    run = cli(db,
              {QStringLiteral("org"), QStringLiteral("show"), QStringLiteral("--slug"), QStringLiteral("beta-inc")});
    QCOMPARE(run.code, 0);
    QVERIFY(run.out.contains(QStringLiteral("beta-inc")));
    QVERIFY(run.out.contains(QStringLiteral("b@beta.example")));
    QVERIFY(run.out.contains(beta.value(QStringLiteral("id")).toString()));

    // Unknown organization: a failure, not a usage error.
    run = cli(db, {QStringLiteral("org"), QStringLiteral("show"), QStringLiteral("--slug"), QStringLiteral("nope")});
    QVERIFY2(run.code == 1, qPrintable(show(run)));
    QVERIFY(run.out.isEmpty());
    QVERIFY(run.err.contains(QStringLiteral("nope")));
    run = cli(db, {QStringLiteral("org"), QStringLiteral("show")});
    QCOMPARE(run.code, 2);
}

void TestCli::orgCreateFailures()
{
    TestDatabase db;
    KW_REQUIRE_DB(db);
    CliRun run = cli(db,
                     {QStringLiteral("org"), QStringLiteral("create"), QStringLiteral("--name"), QStringLiteral("Acme"),
                      QStringLiteral("--email"), QStringLiteral("ops@acme.example")});
    QCOMPARE(run.code, 0);
    const QStringList before = db.allText();

    struct Case
    {
        QStringList arguments;
        QString inMessage;
    };
    const QList<Case> cases{
        {{QStringLiteral("--name"), QStringLiteral("Acme"), QStringLiteral("--email"), QStringLiteral("x@y.example")},
         QStringLiteral("already exists")},
        {{QStringLiteral("--name"), QStringLiteral("Other"), QStringLiteral("--email"), QStringLiteral("x@y.example"),
          QStringLiteral("--slug"), QStringLiteral("acme")},
         QStringLiteral("already exists")},
        {{QStringLiteral("--name"), QStringLiteral("Other"), QStringLiteral("--email"), QStringLiteral("not-an-email")},
         QStringLiteral("not-an-email")},
        {{QStringLiteral("--name"), QStringLiteral("Other"), QStringLiteral("--email"), QStringLiteral("a@b")},
         QStringLiteral("email")},
        {{QStringLiteral("--name"), QString(), QStringLiteral("--email"), QStringLiteral("x@y.example")},
         QStringLiteral("name")},
        {{QStringLiteral("--name"), QString(300, u'n'), QStringLiteral("--email"), QStringLiteral("x@y.example")},
         QStringLiteral("too long")},
        {{QStringLiteral("--name"), QStringLiteral("Other"), QStringLiteral("--email"), QStringLiteral("x@y.example"),
          QStringLiteral("--slug"), QStringLiteral("Bad Slug")},
         QStringLiteral("slug")},
    };
    for (const Case& c : cases) {
        run = cli(db, QStringList{QStringLiteral("org"), QStringLiteral("create")} + c.arguments);
        QVERIFY2(run.code == 1, qPrintable(show(run)));
        QVERIFY(run.out.isEmpty());
        QVERIFY2(run.err.startsWith(QStringLiteral("error: ")), qPrintable(run.err));
        QVERIFY2(run.err.contains(c.inMessage), qPrintable(run.err));
        QVERIFY(!run.err.contains(QStringLiteral("usage:")));
    }
    QCOMPARE(db.allText(), before);
}

void TestCli::orgUpdate()
{
    TestDatabase db;
    KW_REQUIRE_DB(db);
    QCOMPARE(cli(db,
                 {QStringLiteral("org"), QStringLiteral("create"), QStringLiteral("--name"), QStringLiteral("Acme"),
                  QStringLiteral("--email"), QStringLiteral("ops@acme.example")})
                 .code,
             0);
    bool ok = false;
    CliRun run = cliJson(db,
                         {QStringLiteral("org"), QStringLiteral("update"), QStringLiteral("--slug"),
                          QStringLiteral("acme"), QStringLiteral("--plan"), QStringLiteral("enterprise")});
    QVERIFY2(run.code == 0, qPrintable(show(run)));
    QJsonObject org = parse(run.out, &ok).object();
    QVERIFY2(ok, qPrintable(run.out));
    QCOMPARE(org.value(QStringLiteral("plan")).toString(), QStringLiteral("enterprise"));
    QCOMPARE(org.value(QStringLiteral("rate_limit_per_minute")).toInt(), 300);
    QCOMPARE(org.value(QStringLiteral("monthly_request_limit")).toInteger(), 1000000);
    QCOMPARE(org.value(QStringLiteral("max_api_keys")).toInt(), 50);

    run = cliJson(db,
                  {QStringLiteral("org"), QStringLiteral("update"), QStringLiteral("--slug"), QStringLiteral("acme"),
                   QStringLiteral("--rate-limit"), QStringLiteral("5"), QStringLiteral("--monthly-limit"),
                   QStringLiteral("12345"), QStringLiteral("--max-keys"), QStringLiteral("3"), QStringLiteral("--name"),
                   QStringLiteral("Acme Renamed"), QStringLiteral("--active"), QStringLiteral("false")});
    QVERIFY2(run.code == 0, qPrintable(show(run)));
    org = parse(run.out, &ok).object();
    QCOMPARE(org.value(QStringLiteral("rate_limit_per_minute")).toInt(), 5);
    QCOMPARE(org.value(QStringLiteral("monthly_request_limit")).toInteger(), 12345);
    QCOMPARE(org.value(QStringLiteral("max_api_keys")).toInt(), 3);
    QCOMPARE(org.value(QStringLiteral("name")).toString(), QStringLiteral("Acme Renamed"));
    QCOMPARE(org.value(QStringLiteral("is_active")).toBool(), false);
    QCOMPARE(org.value(QStringLiteral("slug")).toString(), QStringLiteral("acme"));

    // What the database holds now.
    OrganizationService organizations(db.database());
    auto stored = organizations.getBySlug(QStringLiteral("acme"));
    QVERIFY(stored.ok());
    QCOMPARE(stored->rateLimitPerMinute, 5);
    QCOMPARE(stored->monthlyRequestLimit, qint64(12345));
    QCOMPARE(stored->maxApiKeys, 3);
    QVERIFY(!stored->isActive);
    QCOMPARE(stored->plan, Plan::Enterprise);

    // A key cap of 0 is a cap (no new keys), unlike a rate or quota of 0, which is refused.
    run = cliJson(db,
                  {QStringLiteral("org"), QStringLiteral("update"), QStringLiteral("--slug"), QStringLiteral("acme"),
                   QStringLiteral("--max-keys"), QStringLiteral("0")});
    QVERIFY2(run.code == 0, qPrintable(show(run)));
    QCOMPARE(parse(run.out, &ok).object().value(QStringLiteral("max_api_keys")).toInt(-1), 0);

    run = cli(db,
              {QStringLiteral("org"), QStringLiteral("update"), QStringLiteral("--slug"), QStringLiteral("acme"),
               QStringLiteral("--active"), QStringLiteral("true")});
    QVERIFY2(run.code == 0, qPrintable(show(run)));
    QVERIFY(run.out.contains(QStringLiteral("Updated organization \"acme\"")));
    QVERIFY(organizations.getBySlug(QStringLiteral("acme"))->isActive);

    // Failures: unknown organization, bad email.
    const QStringList before = db.allText();
    run = cli(db,
              {QStringLiteral("org"), QStringLiteral("update"), QStringLiteral("--slug"), QStringLiteral("nope"),
               QStringLiteral("--plan"), QStringLiteral("pro")});
    QVERIFY2(run.code == 1, qPrintable(show(run)));
    QVERIFY(run.err.contains(QStringLiteral("nope")));
    run = cli(db,
              {QStringLiteral("org"), QStringLiteral("update"), QStringLiteral("--slug"), QStringLiteral("acme"),
               QStringLiteral("--email"), QStringLiteral("broken@")});
    QVERIFY2(run.code == 1, qPrintable(show(run)));
    QVERIFY(run.err.contains(QStringLiteral("email")));
    QCOMPARE(db.allText(), before);
}

void TestCli::usageErrorsWriteNothing_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("inMessage");
    const QString org = QStringLiteral("org");
    const QString key = QStringLiteral("key");
    QTest::newRow("org create without --name")
        << QStringList{org, QStringLiteral("create"), QStringLiteral("--email"), QStringLiteral("a@b.example")}
        << QStringLiteral("--name");
    QTest::newRow("org create without --email")
        << QStringList{org, QStringLiteral("create"), QStringLiteral("--name"), QStringLiteral("New")}
        << QStringLiteral("--email");
    QTest::newRow("org create unknown plan") << QStringList{org,
                                                            QStringLiteral("create"),
                                                            QStringLiteral("--name"),
                                                            QStringLiteral("New"),
                                                            QStringLiteral("--email"),
                                                            QStringLiteral("a@b.example"),
                                                            QStringLiteral("--plan"),
                                                            QStringLiteral("gold")}
                                             << QStringLiteral("gold");
    QTest::newRow("org create option without value")
        << QStringList{org, QStringLiteral("create"), QStringLiteral("--name")} << QStringLiteral("name");
    QTest::newRow("org update without --slug")
        << QStringList{org, QStringLiteral("update"), QStringLiteral("--plan"), QStringLiteral("pro")}
        << QStringLiteral("--slug");
    QTest::newRow("org update nothing to change")
        << QStringList{org, QStringLiteral("update"), QStringLiteral("--slug"), QStringLiteral("acme")}
        << QStringLiteral("nothing to change");
    QTest::newRow("org update unknown plan") << QStringList{org,
                                                            QStringLiteral("update"),
                                                            QStringLiteral("--slug"),
                                                            QStringLiteral("acme"),
                                                            QStringLiteral("--plan"),
                                                            QStringLiteral("platinum")}
                                             << QStringLiteral("platinum");
    QTest::newRow("org update non-numeric --rate-limit") << QStringList{org,
                                                                        QStringLiteral("update"),
                                                                        QStringLiteral("--slug"),
                                                                        QStringLiteral("acme"),
                                                                        QStringLiteral("--rate-limit"),
                                                                        QStringLiteral("fast")}
                                                         << QStringLiteral("--rate-limit");
    QTest::newRow("org update negative --max-keys") << QStringList{org,
                                                                   QStringLiteral("update"),
                                                                   QStringLiteral("--slug"),
                                                                   QStringLiteral("acme"),
                                                                   QStringLiteral("--max-keys"),
                                                                   QStringLiteral("-1")}
                                                    << QStringLiteral("--max-keys");
    QTest::newRow("org update --rate-limit 0") << QStringList{org,
                                                              QStringLiteral("update"),
                                                              QStringLiteral("--slug"),
                                                              QStringLiteral("acme"),
                                                              QStringLiteral("--rate-limit"),
                                                              QStringLiteral("0")}
                                               << QStringLiteral("--rate-limit must be a whole number from 1");
    QTest::newRow("org update --monthly-limit 0") << QStringList{org,
                                                                 QStringLiteral("update"),
                                                                 QStringLiteral("--slug"),
                                                                 QStringLiteral("acme"),
                                                                 QStringLiteral("--monthly-limit"),
                                                                 QStringLiteral("0")}
                                                  << QStringLiteral("--monthly-limit must be a whole number from 1");
    QTest::newRow("org update --active maybe") << QStringList{org,
                                                              QStringLiteral("update"),
                                                              QStringLiteral("--slug"),
                                                              QStringLiteral("acme"),
                                                              QStringLiteral("--active"),
                                                              QStringLiteral("maybe")}
                                               << QStringLiteral("maybe");
    QTest::newRow("key create without --org")
        << QStringList{key, QStringLiteral("create"), QStringLiteral("--name"), QStringLiteral("k")}
        << QStringLiteral("--org");
    QTest::newRow("key create without --name")
        << QStringList{key, QStringLiteral("create"), QStringLiteral("--org"), QStringLiteral("acme")}
        << QStringLiteral("--name");
    QTest::newRow("key create non-numeric --rate-limit") << QStringList{key,
                                                                        QStringLiteral("create"),
                                                                        QStringLiteral("--org"),
                                                                        QStringLiteral("acme"),
                                                                        QStringLiteral("--name"),
                                                                        QStringLiteral("k"),
                                                                        QStringLiteral("--rate-limit"),
                                                                        QStringLiteral("lots")}
                                                         << QStringLiteral("--rate-limit");
    QTest::newRow("key create zero --expires-in-days") << QStringList{key,
                                                                      QStringLiteral("create"),
                                                                      QStringLiteral("--org"),
                                                                      QStringLiteral("acme"),
                                                                      QStringLiteral("--name"),
                                                                      QStringLiteral("k"),
                                                                      QStringLiteral("--expires-in-days"),
                                                                      QStringLiteral("0")}
                                                       << QStringLiteral("--expires-in-days");
    QTest::newRow("key create unknown --env") << QStringList{key,
                                                             QStringLiteral("create"),
                                                             QStringLiteral("--org"),
                                                             QStringLiteral("acme"),
                                                             QStringLiteral("--name"),
                                                             QStringLiteral("k"),
                                                             QStringLiteral("--env"),
                                                             QStringLiteral("admin")}
                                              << QStringLiteral("--env");
    QTest::newRow("key list without --org") << QStringList{key, QStringLiteral("list")} << QStringLiteral("--org");
    QTest::newRow("key revoke without --reason") << QStringList{key, QStringLiteral("revoke"), QStringLiteral("--key"),
                                                                QUuid::createUuid().toString(QUuid::WithoutBraces)}
                                                 << QStringLiteral("--reason");
    QTest::newRow("key revoke without --key")
        << QStringList{key, QStringLiteral("revoke"), QStringLiteral("--reason"), QStringLiteral("x")}
        << QStringLiteral("--key");
    QTest::newRow("key revoke with non-uuid id") << QStringList{key,
                                                                QStringLiteral("revoke"),
                                                                QStringLiteral("--key"),
                                                                QStringLiteral("12"),
                                                                QStringLiteral("--reason"),
                                                                QStringLiteral("x")}
                                                 << QStringLiteral("--key");
    QTest::newRow("key roll without --key") << QStringList{key, QStringLiteral("roll")} << QStringLiteral("--key");
    QTest::newRow("key roll non-numeric --grace-hours")
        << QStringList{key,
                       QStringLiteral("roll"),
                       QStringLiteral("--key"),
                       QUuid::createUuid().toString(QUuid::WithoutBraces),
                       QStringLiteral("--grace-hours"),
                       QStringLiteral("soon")}
        << QStringLiteral("--grace-hours");
    QTest::newRow("key find with an argument") << QStringList{key, QStringLiteral("find"), QStringLiteral("pk_live_x")}
                                               << QStringLiteral("unexpected argument");
    QTest::newRow("usage without --org") << QStringList{QStringLiteral("usage"), QStringLiteral("--month"),
                                                        QStringLiteral("2025-03")}
                                         << QStringLiteral("--org");
    QTest::newRow("usage bad --month 13")
        << QStringList{QStringLiteral("usage"), QStringLiteral("--org"), QStringLiteral("acme"),
                       QStringLiteral("--month"), QStringLiteral("2025-13")}
        << QStringLiteral("--month");
    QTest::newRow("usage bad --month word")
        << QStringList{QStringLiteral("usage"), QStringLiteral("--org"), QStringLiteral("acme"),
                       QStringLiteral("--month"), QStringLiteral("March")}
        << QStringLiteral("--month");
    QTest::newRow("usage bad --month full date")
        << QStringList{QStringLiteral("usage"), QStringLiteral("--org"), QStringLiteral("acme"),
                       QStringLiteral("--month"), QStringLiteral("2025-03-01")}
        << QStringLiteral("--month");
    QTest::newRow("doctor bad --port") << QStringList{QStringLiteral("doctor"), QStringLiteral("--port"),
                                                      QStringLiteral("99999")}
                                       << QStringLiteral("--port");
    // Empty where a value was meant (an unset shell variable): not taken as "derive one".
    for (const QString& empty : {QString(), QStringLiteral("  ")})
        QTest::newRow(empty.isEmpty() ? "org create --slug ''" : "org create --slug '  '")
            << QStringList{org,
                           QStringLiteral("create"),
                           QStringLiteral("--name"),
                           QStringLiteral("New"),
                           QStringLiteral("--email"),
                           QStringLiteral("a@b.example"),
                           QStringLiteral("--slug"),
                           empty}
            << QStringLiteral("--slug is empty");
    QTest::newRow("an unknown option before the command")
        << QStringList{QStringLiteral("--bogus"), org, QStringLiteral("list")}
        << QStringLiteral("unknown option \"--bogus\"");
}

void TestCli::usageErrorsWriteNothing()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, inMessage);
    TestDatabase db;
    KW_REQUIRE_DB(db);
    QCOMPARE(cli(db,
                 {QStringLiteral("org"), QStringLiteral("create"), QStringLiteral("--name"), QStringLiteral("Acme"),
                  QStringLiteral("--email"), QStringLiteral("ops@acme.example")})
                 .code,
             0);
    const QStringList before = db.allText();
    for (bool json : {false, true}) {
        const CliRun run = cli(db, arguments, {}, json);
        QVERIFY2(run.code == 2, qPrintable(show(run)));
        QVERIFY2(run.out.isEmpty(), qPrintable(run.out));
        QVERIFY2(run.err.contains(inMessage), qPrintable(run.err));
        QVERIFY(run.err.contains(QStringLiteral("usage: ")));
    }
    QCOMPARE(db.allText(), before);
}

void TestCli::keyCreateAndList()
{
    TestDatabase db;
    KW_REQUIRE_DB(db);
    QCOMPARE(cli(db,
                 {QStringLiteral("org"), QStringLiteral("create"), QStringLiteral("--name"), QStringLiteral("Acme"),
                  QStringLiteral("--email"), QStringLiteral("ops@acme.example"), QStringLiteral("--plan"),
                  QStringLiteral("pro")})
                 .code,
             0);
    bool ok = false;

    // Human output: the full key, once.
    CliRun run = cli(db,
                     {QStringLiteral("key"), QStringLiteral("create"), QStringLiteral("--org"), QStringLiteral("acme"),
                      QStringLiteral("--name"), QStringLiteral("backend")});
    QVERIFY2(run.code == 0, qPrintable(show(run)));
    QStringList printed = fullKeysIn(run.out);
    QCOMPARE(printed.size(), 1);
    const QString humanKey = printed.first();
    QVERIFY(humanKey.startsWith(QStringLiteral("pk_live_")));
    QCOMPARE(humanKey.size(), 57);
    QVERIFY(run.out.contains(QStringLiteral("only time")));
    QVERIFY(run.err.isEmpty());

    // JSON output: the row plus `key`.
    run = cliJson(db,
                  {QStringLiteral("key"), QStringLiteral("create"), QStringLiteral("--org"), QStringLiteral("acme"),
                   QStringLiteral("--name"), QStringLiteral("ci"), QStringLiteral("--env"), QStringLiteral("test"),
                   QStringLiteral("--scopes"), QStringLiteral("agents:run, read"), QStringLiteral("--expires-in-days"),
                   QStringLiteral("30"), QStringLiteral("--rate-limit"), QStringLiteral("5"),
                   QStringLiteral("--description"), QStringLiteral("CI runner")});
    QVERIFY2(run.code == 0, qPrintable(show(run)));
    const QJsonObject created = parse(run.out, &ok).object();
    QVERIFY2(ok, qPrintable(run.out));
    for (const QString& field : kKeyFields)
        QVERIFY2(created.contains(field), qPrintable(field));
    QVERIFY(!created.contains(QStringLiteral("key_hash")));
    QVERIFY(!run.out.contains(QStringLiteral("key_hash")));
    const QString jsonKey = created.value(QStringLiteral("key")).toString();
    QVERIFY(jsonKey.startsWith(QStringLiteral("pk_test_")));
    QCOMPARE(ApiKeyFormat::check(jsonKey), KeyFormatError::None);
    QCOMPARE(created.value(QStringLiteral("key_prefix")).toString(), jsonKey.left(12));
    QCOMPARE(created.value(QStringLiteral("key_hint")).toString(), jsonKey.right(4));
    QCOMPARE(created.value(QStringLiteral("name")).toString(), QStringLiteral("ci"));
    QCOMPARE(created.value(QStringLiteral("description")).toString(), QStringLiteral("CI runner"));
    QCOMPARE(created.value(QStringLiteral("environment")).toString(), QStringLiteral("test"));
    QCOMPARE(created.value(QStringLiteral("scopes")).toArray(),
             (QJsonArray{QStringLiteral("agents:run"), QStringLiteral("read")}));
    QCOMPARE(created.value(QStringLiteral("custom_rate_limit")).toInt(), 5);
    QVERIFY(created.value(QStringLiteral("revoked_at")).isNull());
    QVERIFY(created.value(QStringLiteral("rolled_from")).isNull());
    const QDateTime expires
        = QDateTime::fromString(created.value(QStringLiteral("expires_at")).toString(), Qt::ISODateWithMs);
    QVERIFY(expires.isValid());
    QVERIFY(qAbs(QDateTime::currentDateTimeUtc().addDays(30).secsTo(expires)) < 600);

    // Both keys work against the same database.
    ApiKeyService keys(db.database());
    auto context = keys.validate(humanKey);
    QVERIFY(context.ok());
    QCOMPARE(context->organization.slug, QStringLiteral("acme"));
    QCOMPARE(context->rateLimitPerMinute, 60);
    context = keys.validate(jsonKey);
    QVERIFY(context.ok());
    QCOMPARE(context->rateLimitPerMinute, 5);
    QCOMPARE(context->key.id, SqlValue::parseUuid(created.value(QStringLiteral("id")).toString()));

    // key list: JSON array of rows without the hash, or a table without any full key.
    run = cliJson(db, {QStringLiteral("key"), QStringLiteral("list"), QStringLiteral("--org"), QStringLiteral("acme")});
    QVERIFY2(run.code == 0, qPrintable(show(run)));
    QJsonDocument json = parse(run.out, &ok);
    QVERIFY(ok && json.isArray());
    QCOMPARE(json.array().size(), 2);
    for (const QJsonValue& v : json.array()) {
        const QJsonObject row = v.toObject();
        for (const QString& field : kKeyFields)
            QVERIFY2(row.contains(field), qPrintable(field));
        QVERIFY(!row.contains(QStringLiteral("key_hash")));
        QVERIFY(!row.contains(QStringLiteral("key")));
        QCOMPARE(row.value(QStringLiteral("status")).toString(), QStringLiteral("active"));
    }
    QVERIFY(fullKeysIn(run.out).isEmpty());
    QVERIFY(!run.out.contains(ApiKeyHasher::hash(humanKey)));

    run = cli(db, {QStringLiteral("key"), QStringLiteral("list"), QStringLiteral("--org"), QStringLiteral("acme")});
    QVERIFY2(run.code == 0, qPrintable(show(run)));
    QVERIFY(fullKeysIn(run.out).isEmpty());
    for (const QString& full : {humanKey, jsonKey}) {
        QVERIFY(!run.out.contains(full));
        QVERIFY(!run.out.contains(full.mid(14, 30)));
        QVERIFY(!run.out.contains(ApiKeyHasher::hash(full)));
        QVERIFY2(run.out.contains(full.left(12) + QChar(0x2026) + full.right(4)), qPrintable(run.out)); // masked
    }
    QVERIFY(run.out.contains(QStringLiteral("backend")));
    QVERIFY(run.out.contains(QStringLiteral("ci")));

    // An organization without keys, and an unknown one.
    QCOMPARE(cli(db,
                 {QStringLiteral("org"), QStringLiteral("create"), QStringLiteral("--name"), QStringLiteral("Empty"),
                  QStringLiteral("--email"), QStringLiteral("e@e.example")})
                 .code,
             0);
    run = cliJson(db,
                  {QStringLiteral("key"), QStringLiteral("list"), QStringLiteral("--org"), QStringLiteral("empty")});
    QCOMPARE(run.code, 0);
    json = parse(run.out, &ok);
    QVERIFY(ok && json.isArray() && json.array().isEmpty());
    run = cli(db, {QStringLiteral("key"), QStringLiteral("list"), QStringLiteral("--org"), QStringLiteral("nope")});
    QVERIFY2(run.code == 1, qPrintable(show(run)));
    QVERIFY(run.err.contains(QStringLiteral("nope")));
    const QStringList before = db.allText();
    run = cli(db,
              {QStringLiteral("key"), QStringLiteral("create"), QStringLiteral("--org"), QStringLiteral("nope"),
               QStringLiteral("--name"), QStringLiteral("k")});
    QVERIFY2(run.code == 1, qPrintable(show(run)));
    QVERIFY(run.out.isEmpty());
    QVERIFY(run.err.contains(QStringLiteral("nope")));
    // Invalid scopes are refused before anything is written.
    run = cli(db,
              {QStringLiteral("key"), QStringLiteral("create"), QStringLiteral("--org"), QStringLiteral("acme"),
               QStringLiteral("--name"), QStringLiteral("k"), QStringLiteral("--scopes"), QStringLiteral("Bad Scope")});
    QVERIFY2(run.code == 1, qPrintable(show(run)));
    QVERIFY(run.err.contains(QStringLiteral("scope")));
    QCOMPARE(db.allText(), before);
}

void TestCli::keyCreateOverCap()
{
    TestDatabase db;
    KW_REQUIRE_DB(db);
    QCOMPARE(cli(db,
                 {QStringLiteral("org"), QStringLiteral("create"), QStringLiteral("--name"), QStringLiteral("Acme"),
                  QStringLiteral("--email"), QStringLiteral("ops@acme.example")})
                 .code,
             0);
    const QStringList create{QStringLiteral("key"),  QStringLiteral("create"), QStringLiteral("--org"),
                             QStringLiteral("acme"), QStringLiteral("--name"), QStringLiteral("k")};
    QCOMPARE(cli(db, create).code, 0);
    QCOMPARE(cli(db, create).code, 0);
    const QStringList before = db.allText();
    for (bool json : {false, true}) {
        const CliRun run = cli(db, create, {}, json);
        QVERIFY2(run.code == 1, qPrintable(show(run)));
        QVERIFY(run.out.isEmpty());
        QVERIFY2(run.err.contains(QStringLiteral("2 of its 2 allowed keys")), qPrintable(run.err));
        QVERIFY(fullKeysIn(run.err).isEmpty());
    }
    QCOMPARE(db.allText(), before);

    // Raising the cap lets the next key through.
    QCOMPARE(cli(db,
                 {QStringLiteral("org"), QStringLiteral("update"), QStringLiteral("--slug"), QStringLiteral("acme"),
                  QStringLiteral("--max-keys"), QStringLiteral("3")})
                 .code,
             0);
    QCOMPARE(cli(db, create).code, 0);
    QCOMPARE(cli(db, create).code, 1);
}

void TestCli::keyRevoke()
{
    TestDatabase db;
    KW_REQUIRE_DB(db);
    QCOMPARE(cli(db,
                 {QStringLiteral("org"), QStringLiteral("create"), QStringLiteral("--name"), QStringLiteral("Acme"),
                  QStringLiteral("--email"), QStringLiteral("ops@acme.example")})
                 .code,
             0);
    bool ok = false;
    CliRun run = cliJson(db,
                         {QStringLiteral("key"), QStringLiteral("create"), QStringLiteral("--org"),
                          QStringLiteral("acme"), QStringLiteral("--name"), QStringLiteral("backend")});
    QCOMPARE(run.code, 0);
    const QJsonObject created = parse(run.out, &ok).object();
    const QString id = created.value(QStringLiteral("id")).toString();
    const QString fullKey = created.value(QStringLiteral("key")).toString();
    ApiKeyService keys(db.database());
    QVERIFY(keys.validate(fullKey).ok());

    run = cliJson(db,
                  {QStringLiteral("key"), QStringLiteral("revoke"), QStringLiteral("--key"), id,
                   QStringLiteral("--reason"), QStringLiteral("leaked in a gist"), QStringLiteral("--by"),
                   QStringLiteral("support:bob")});
    QVERIFY2(run.code == 0, qPrintable(show(run)));
    const QJsonObject revoked = parse(run.out, &ok).object();
    QVERIFY2(ok, qPrintable(run.out));
    QCOMPARE(revoked.value(QStringLiteral("id")).toString(), id);
    QCOMPARE(revoked.value(QStringLiteral("revoked_by")).toString(), QStringLiteral("support:bob"));
    QCOMPARE(revoked.value(QStringLiteral("revoked_reason")).toString(), QStringLiteral("leaked in a gist"));
    QCOMPARE(revoked.value(QStringLiteral("status")).toString(), QStringLiteral("revoked"));
    QVERIFY(revoked.value(QStringLiteral("revoked_at")).isString());
    QVERIFY(!revoked.contains(QStringLiteral("key")));
    QVERIFY(!revoked.contains(QStringLiteral("key_hash")));
    QCOMPARE(keys.validate(fullKey).code(), ErrorCode::RevokedApiKey);

    // Twice: a failure that names the problem, and nothing changes.
    const QStringList before = db.allText();
    run = cli(db,
              {QStringLiteral("key"), QStringLiteral("revoke"), QStringLiteral("--key"), id, QStringLiteral("--reason"),
               QStringLiteral("again")});
    QVERIFY2(run.code == 1, qPrintable(show(run)));
    QVERIFY(run.out.isEmpty());
    QVERIFY2(run.err.contains(QStringLiteral("already revoked")), qPrintable(run.err));
    QCOMPARE(db.allText(), before);
    QCOMPARE(keys.getKey(SqlValue::parseUuid(id))->revokedReason, QStringLiteral("leaked in a gist"));

    // An unknown id.
    run = cli(db,
              {QStringLiteral("key"), QStringLiteral("revoke"), QStringLiteral("--key"),
               QUuid::createUuid().toString(QUuid::WithoutBraces), QStringLiteral("--reason"), QStringLiteral("x")});
    QVERIFY2(run.code == 1, qPrintable(show(run)));
    QVERIFY(!run.err.isEmpty());

    // Human output of a revoke.
    run = cliJson(db,
                  {QStringLiteral("key"), QStringLiteral("create"), QStringLiteral("--org"), QStringLiteral("acme"),
                   QStringLiteral("--name"), QStringLiteral("second")});
    QCOMPARE(run.code, 0);
    const QJsonObject second = parse(run.out, &ok).object();
    run = cli(db,
              {QStringLiteral("key"), QStringLiteral("revoke"), QStringLiteral("--key"),
               second.value(QStringLiteral("id")).toString(), QStringLiteral("--reason"), QStringLiteral("rotation")});
    QVERIFY2(run.code == 0, qPrintable(show(run)));
    QVERIFY(run.out.contains(QStringLiteral("Revoked key")));
    QVERIFY(run.out.contains(second.value(QStringLiteral("masked_key")).toString()));
    QVERIFY(fullKeysIn(run.out).isEmpty());

    // Somebody pastes the full key where the id belongs: refused, and the key is not echoed.
    run = cli(db,
              {QStringLiteral("key"), QStringLiteral("revoke"), QStringLiteral("--key"), fullKey,
               QStringLiteral("--reason"), QStringLiteral("x")});
    QVERIFY2(run.code == 2, qPrintable(show(run)));
    QVERIFY(!run.err.contains(fullKey));
    QVERIFY(!run.err.contains(fullKey.mid(14, 30)));
}

void TestCli::keyRoll()
{
    TestDatabase db;
    KW_REQUIRE_DB(db);
    QCOMPARE(cli(db,
                 {QStringLiteral("org"), QStringLiteral("create"), QStringLiteral("--name"), QStringLiteral("Acme"),
                  QStringLiteral("--email"), QStringLiteral("ops@acme.example")})
                 .code,
             0);
    bool ok = false;
    CliRun run
        = cliJson(db,
                  {QStringLiteral("key"), QStringLiteral("create"), QStringLiteral("--org"), QStringLiteral("acme"),
                   QStringLiteral("--name"), QStringLiteral("backend"), QStringLiteral("--scopes"),
                   QStringLiteral("agents:run"), QStringLiteral("--rate-limit"), QStringLiteral("4")});
    QCOMPARE(run.code, 0);
    const QJsonObject old = parse(run.out, &ok).object();
    const QString oldId = old.value(QStringLiteral("id")).toString();
    const QString oldKey = old.value(QStringLiteral("key")).toString();
    // Fill the free plan's cap: rolling must still work.
    QCOMPARE(cli(db,
                 {QStringLiteral("key"), QStringLiteral("create"), QStringLiteral("--org"), QStringLiteral("acme"),
                  QStringLiteral("--name"), QStringLiteral("other")})
                 .code,
             0);

    run = cliJson(db,
                  {QStringLiteral("key"), QStringLiteral("roll"), QStringLiteral("--key"), oldId,
                   QStringLiteral("--grace-hours"), QStringLiteral("1")});
    QVERIFY2(run.code == 0, qPrintable(show(run)));
    const QJsonObject rolled = parse(run.out, &ok).object();
    QVERIFY2(ok, qPrintable(run.out));
    for (const QString& field : kKeyFields)
        QVERIFY2(rolled.contains(field), qPrintable(field));
    QVERIFY(!rolled.contains(QStringLiteral("key_hash")));
    const QString newKey = rolled.value(QStringLiteral("key")).toString();
    QCOMPARE(ApiKeyFormat::check(newKey), KeyFormatError::None);
    QVERIFY(newKey != oldKey);
    QVERIFY(rolled.value(QStringLiteral("id")).toString() != oldId);
    QCOMPARE(rolled.value(QStringLiteral("rolled_from")).toString(), oldId);
    QCOMPARE(rolled.value(QStringLiteral("name")).toString(), QStringLiteral("backend"));
    QCOMPARE(rolled.value(QStringLiteral("organization_id")).toString(),
             old.value(QStringLiteral("organization_id")).toString());
    QCOMPARE(rolled.value(QStringLiteral("scopes")).toArray(), QJsonArray{QStringLiteral("agents:run")});
    QCOMPARE(rolled.value(QStringLiteral("custom_rate_limit")).toInt(), 4);

    ApiKeyService keys(db.database());
    QVERIFY(keys.validate(newKey).ok());
    QVERIFY(keys.validate(oldKey).ok()); // within the grace period
    auto oldStored = keys.getKey(SqlValue::parseUuid(oldId));
    QVERIFY(oldStored.ok());
    QVERIFY(oldStored->expiresAt.isValid());
    QVERIFY(qAbs(QDateTime::currentDateTimeUtc().addSecs(3600).secsTo(oldStored->expiresAt)) < 600);

    // Human form: headline and the new key, once.
    run = cli(db,
              {QStringLiteral("key"), QStringLiteral("roll"), QStringLiteral("--key"),
               rolled.value(QStringLiteral("id")).toString(), QStringLiteral("--grace-hours"), QStringLiteral("0")});
    QVERIFY2(run.code == 0, qPrintable(show(run)));
    const QStringList printed = fullKeysIn(run.out);
    QCOMPARE(printed.size(), 1);
    QVERIFY(printed.first() != newKey);
    QVERIFY(run.out.contains(QStringLiteral("Rolled key \"backend\"")));
    QVERIFY(keys.validate(printed.first()).ok());
    QCOMPARE(keys.validate(newKey).code(), ErrorCode::ExpiredApiKey); // grace 0: at once

    // The old key again: it was rolled already, so nothing changes.
    const QStringList beforeAgain = db.allText();
    run = cli(db, {QStringLiteral("key"), QStringLiteral("roll"), QStringLiteral("--key"), oldId});
    QVERIFY2(run.code == 1, qPrintable(show(run)));
    QVERIFY2(run.err.contains(QStringLiteral("already rolled")), qPrintable(show(run)));
    QVERIFY(fullKeysIn(run.out + run.err).isEmpty());
    QCOMPARE(db.allText(), beforeAgain);

    // The nil UUID is well-formed but names no key: a failure (1), not a usage error (2).
    for (const QString& verb : {QStringLiteral("roll"), QStringLiteral("revoke")}) {
        QStringList arguments{QStringLiteral("key"), verb, QStringLiteral("--key"),
                              QStringLiteral("00000000-0000-0000-0000-000000000000")};
        if (verb == QLatin1String("revoke"))
            arguments << QStringLiteral("--reason") << QStringLiteral("x");
        run = cli(db, arguments);
        QVERIFY2(run.code == 1, qPrintable(show(run)));
        QVERIFY2(run.err.contains(QStringLiteral("no API key with id 00000000-0000-0000-0000-000000000000")),
                 qPrintable(show(run)));
    }

    // Unknown id and a revoked key.
    run = cli(db,
              {QStringLiteral("key"), QStringLiteral("roll"), QStringLiteral("--key"),
               QUuid::createUuid().toString(QUuid::WithoutBraces)});
    QVERIFY2(run.code == 1, qPrintable(show(run)));
    QVERIFY(run.out.isEmpty());
    QVERIFY(keys.revokeKey(SqlValue::parseUuid(oldId), QStringLiteral("done"), QStringLiteral("test")).ok());
    const QStringList before = db.allText();
    run = cli(db, {QStringLiteral("key"), QStringLiteral("roll"), QStringLiteral("--key"), oldId});
    QVERIFY2(run.code == 1, qPrintable(show(run)));
    QVERIFY(run.err.contains(QStringLiteral("revoked")));
    QCOMPARE(db.allText(), before);
}

void TestCli::keyFind()
{
    TestDatabase db;
    KW_REQUIRE_DB(db);
    QCOMPARE(cli(db,
                 {QStringLiteral("org"), QStringLiteral("create"), QStringLiteral("--name"), QStringLiteral("Acme"),
                  QStringLiteral("--email"), QStringLiteral("ops@acme.example")})
                 .code,
             0);
    bool ok = false;
    CliRun run = cliJson(db,
                         {QStringLiteral("key"), QStringLiteral("create"), QStringLiteral("--org"),
                          QStringLiteral("acme"), QStringLiteral("--name"), QStringLiteral("backend")});
    QCOMPARE(run.code, 0);
    const QJsonObject created = parse(run.out, &ok).object();
    const QString fullKey = created.value(QStringLiteral("key")).toString();
    const QStringList before = db.allText();

    const QStringList find{QStringLiteral("key"), QStringLiteral("find")};
    for (const QString& input :
         {fullKey, fullKey + u'\n', QStringLiteral("  ") + fullKey + QStringLiteral("  \r\n"),
          QStringLiteral("Bearer ") + fullKey, QStringLiteral("bearer ") + fullKey + u'\n',
          QStringLiteral("Authorization: Bearer ") + fullKey, QStringLiteral("\"") + fullKey + QStringLiteral("\"\n"),
          QStringLiteral("export API_KEY=") + fullKey,
          QStringLiteral("  \"key\": \"") + fullKey + QStringLiteral("\",")}) {
        run = cliJson(db, find, input);
        QVERIFY2(run.code == 0, qPrintable(show(run) + QStringLiteral("\ninput: ") + input.left(20)));
        const QJsonObject row = parse(run.out, &ok).object();
        QVERIFY2(ok, qPrintable(run.out));
        QCOMPARE(row.value(QStringLiteral("organization_slug")).toString(), QStringLiteral("acme"));
        QCOMPARE(row.value(QStringLiteral("id")).toString(), created.value(QStringLiteral("id")).toString());
        QCOMPARE(row.value(QStringLiteral("status")).toString(), QStringLiteral("active"));
        for (const QString& field : kKeyFields)
            QVERIFY2(row.contains(field), qPrintable(field));
        QVERIFY(!row.contains(QStringLiteral("key_hash")));
        QVERIFY(!run.out.contains(fullKey));
    }

    run = cli(db, find, fullKey + u'\n');
    QVERIFY2(run.code == 0, qPrintable(show(run)));
    QVERIFY(run.out.contains(QStringLiteral("acme")));
    QVERIFY(run.out.contains(QStringLiteral("ops@acme.example")));
    QVERIFY(run.out.contains(created.value(QStringLiteral("masked_key")).toString()));
    QVERIFY(run.out.contains(QStringLiteral("active")));
    QVERIFY(!run.out.contains(fullKey));
    QVERIFY(!run.out.contains(fullKey.mid(14, 30)));
    QCOMPARE(db.allText(), before); // finding writes nothing

    // After a revoke, find says so.
    ApiKeyService keys(db.database());
    QVERIFY(keys.revokeKey(SqlValue::parseUuid(created.value(QStringLiteral("id")).toString()),
                           QStringLiteral("leaked"), QStringLiteral("support:bob"))
                .ok());
    run = cliJson(db, find, fullKey);
    QCOMPARE(run.code, 0);
    const QJsonObject revoked = parse(run.out, &ok).object();
    QCOMPARE(revoked.value(QStringLiteral("status")).toString(), QStringLiteral("revoked"));
    QCOMPARE(revoked.value(QStringLiteral("revoked_reason")).toString(), QStringLiteral("leaked"));
    run = cli(db, find, fullKey);
    QCOMPARE(run.code, 0);
    QVERIFY(run.out.contains(QStringLiteral("revoked")));
    QVERIFY(run.out.contains(QStringLiteral("support:bob")));
}

void TestCli::keyFindFailures()
{
    TestDatabase db;
    KW_REQUIRE_DB(db);
    QCOMPARE(cli(db,
                 {QStringLiteral("org"), QStringLiteral("create"), QStringLiteral("--name"), QStringLiteral("Acme"),
                  QStringLiteral("--email"), QStringLiteral("ops@acme.example")})
                 .code,
             0);
    bool ok = false;
    CliRun run = cliJson(db,
                         {QStringLiteral("key"), QStringLiteral("create"), QStringLiteral("--org"),
                          QStringLiteral("acme"), QStringLiteral("--name"), QStringLiteral("backend")});
    const QString fullKey = parse(run.out, &ok).object().value(QStringLiteral("key")).toString();
    QVERIFY(!fullKey.isEmpty());
    const QStringList before = db.allText();
    const QStringList find{QStringLiteral("key"), QStringLiteral("find")};

    QString typo = fullKey;
    typo[30] = typo[30] == u'A' ? u'B' : u'A';
    const QString unknown = ApiKeyGenerator::generate(KeyEnvironment::Live).fullKey;
    struct Case
    {
        QString input;
        QString inMessage;
    };
    const QList<Case> cases{
        {QStringLiteral("sk_live_") + fullKey.mid(8), QStringLiteral("wrong prefix")},
        {QStringLiteral("ghp_16C7e42F292c6912E7710c838347Ae178B4a"), QStringLiteral("wrong prefix")},
        {typo, QStringLiteral("checksum")},
        {fullKey.left(40), QStringLiteral("wrong length")},
        {unknown, QStringLiteral("unknown")},
        {QString(), QStringLiteral("no key")},
        {QStringLiteral("\n\n"), QStringLiteral("no key")},
        {QString(5000, u'a'), QStringLiteral("too long")},
    };
    for (const Case& c : cases) {
        for (bool json : {false, true}) {
            run = cli(db, find, c.input, json);
            QVERIFY2(run.code == 1, qPrintable(show(run)));
            QVERIFY2(run.out.isEmpty(), qPrintable(run.out));
            QVERIFY2(run.err.contains(c.inMessage), qPrintable(run.err));
            // Whatever was pasted is not echoed back in full.
            if (c.input.size() > 30) {
                QVERIFY2(!run.err.contains(c.input.trimmed()), qPrintable(run.err));
                QVERIFY(!run.err.contains(c.input.mid(14, 30)));
            }
        }
    }
    QCOMPARE(db.allText(), before);
}

void TestCli::usageReport()
{
    TestDatabase db;
    KW_REQUIRE_DB(db);
    QCOMPARE(cli(db,
                 {QStringLiteral("org"), QStringLiteral("create"), QStringLiteral("--name"), QStringLiteral("Acme"),
                  QStringLiteral("--email"), QStringLiteral("ops@acme.example")})
                 .code,
             0);
    bool ok = false;
    CliRun run = cliJson(db,
                         {QStringLiteral("key"), QStringLiteral("create"), QStringLiteral("--org"),
                          QStringLiteral("acme"), QStringLiteral("--name"), QStringLiteral("backend")});
    const QJsonObject key = parse(run.out, &ok).object();
    const QUuid keyId = SqlValue::parseUuid(key.value(QStringLiteral("id")).toString());
    const QUuid orgId = SqlValue::parseUuid(key.value(QStringLiteral("organization_id")).toString());
    QVERIFY(!keyId.isNull() && !orgId.isNull());

    auto record = [&](const QDateTime& at, const QString& endpoint, int status, int tokens, double cost) {
        UsageRecord r;
        r.apiKeyId = keyId;
        r.organizationId = orgId;
        r.timestamp = at;
        r.endpoint = endpoint;
        r.method = QStringLiteral("POST");
        r.statusCode = status;
        r.tokensUsed = tokens;
        r.costUsd = cost;
        r.responseTimeMs = 20;
        return r;
    };
    ApiKeyService keys(db.database());
    const QString run1 = QStringLiteral("/v1/agents/echo/run");
    const QString verify = QStringLiteral("/v1/verify");
    QVERIFY(keys.trackUsage(QList<UsageRecord>{
                                // 0.1 + 0.2 sums to 0.30000000000000004 in binary
                                record(QDateTime(QDate(2025, 3, 2), QTime(8, 0), Qt::UTC), run1, 200, 100, 0.1),
                                record(QDateTime(QDate(2025, 3, 2), QTime(9, 0), Qt::UTC), run1, 200, 20, 0.2),
                                record(QDateTime(QDate(2025, 3, 9), QTime(9, 0), Qt::UTC), verify, 401, 0, 0),
                                record(QDateTime(QDate(2025, 2, 28), QTime(23, 59), Qt::UTC), verify, 200, 0, 0),
                            })
                .ok());

    run = cliJson(db,
                  {QStringLiteral("usage"), QStringLiteral("--org"), QStringLiteral("acme"), QStringLiteral("--month"),
                   QStringLiteral("2025-03")});
    QVERIFY2(run.code == 0, qPrintable(show(run)));
    const QJsonObject usage = parse(run.out, &ok).object();
    QVERIFY2(ok, qPrintable(run.out));
    QCOMPARE(usage.value(QStringLiteral("organization_slug")).toString(), QStringLiteral("acme"));
    QCOMPARE(usage.value(QStringLiteral("organization_id")).toString(), SqlValue::uuidText(orgId));
    QCOMPARE(usage.value(QStringLiteral("month")).toString(), QStringLiteral("2025-03"));
    QCOMPARE(usage.value(QStringLiteral("start")).toString(), QStringLiteral("2025-03-01"));
    QCOMPARE(usage.value(QStringLiteral("end")).toString(), QStringLiteral("2025-03-31"));
    QCOMPARE(usage.value(QStringLiteral("monthly_request_limit")).toInteger(), 1000);
    const QJsonObject totals = usage.value(QStringLiteral("totals")).toObject();
    QCOMPARE(totals.value(QStringLiteral("requests")).toInteger(), 3);
    QCOMPARE(totals.value(QStringLiteral("successful")).toInteger(), 2);
    QCOMPARE(totals.value(QStringLiteral("failed")).toInteger(), 1);
    QCOMPARE(totals.value(QStringLiteral("tokens_used")).toInteger(), 120);
    QCOMPARE(totals.value(QStringLiteral("cost_usd")).toDouble(), 0.3);
    QVERIFY2(!run.out.contains("0000000"), qPrintable(run.out)); // no binary-fraction noise
    const QJsonArray byEndpoint = usage.value(QStringLiteral("by_endpoint")).toArray();
    QCOMPARE(byEndpoint.size(), 2);
    QCOMPARE(byEndpoint.at(0).toObject().value(QStringLiteral("endpoint")).toString(), run1);
    QCOMPARE(byEndpoint.at(0).toObject().value(QStringLiteral("requests")).toInteger(), 2);
    const QJsonArray byDay = usage.value(QStringLiteral("by_day")).toArray();
    QCOMPARE(byDay.size(), 2);
    QCOMPARE(byDay.at(0).toObject().value(QStringLiteral("day")).toString(), QStringLiteral("2025-03-02"));
    QCOMPARE(byDay.at(1).toObject().value(QStringLiteral("day")).toString(), QStringLiteral("2025-03-09"));
    QCOMPARE(byDay.at(1).toObject().value(QStringLiteral("failed")).toInteger(), 1);
    const QJsonArray byStatus = usage.value(QStringLiteral("by_status")).toArray();
    QCOMPARE(byStatus.size(), 2);
    QSet<QString> classes;
    for (const QJsonValue& v : byStatus)
        classes.insert(v.toObject().value(QStringLiteral("status_class")).toString());
    QCOMPARE(classes, (QSet<QString>{QStringLiteral("2xx"), QStringLiteral("4xx")}));

    run = cli(db,
              {QStringLiteral("usage"), QStringLiteral("--org"), QStringLiteral("acme"), QStringLiteral("--month"),
               QStringLiteral("2025-03")});
    QVERIFY2(run.code == 0, qPrintable(show(run)));
    QVERIFY(run.out.contains(QStringLiteral("Usage of acme in 2025-03")));
    // Answers (refusals included) and the quota apart: "3 of 1000" read as quota use.
    QVERIFY2(run.out.contains(QStringLiteral("requests      3 answered, refusals included")), qPrintable(run.out));
    QVERIFY2(run.out.contains(QStringLiteral("monthly quota 1000 admitted requests")), qPrintable(run.out));
    QVERIFY(!run.out.contains(QStringLiteral(" of 1000")));
    QVERIFY(run.out.contains(run1));
    QVERIFY(run.out.contains(QStringLiteral("2025-03-09")));
    QVERIFY(run.out.contains(QStringLiteral("4xx")));
    QVERIFY2(run.out.contains(QStringLiteral("$0.300000")), qPrintable(run.out));

    // February holds one request; an empty month says so.
    run = cliJson(db,
                  {QStringLiteral("usage"), QStringLiteral("--org"), QStringLiteral("acme"), QStringLiteral("--month"),
                   QStringLiteral("2025-02")});
    QCOMPARE(run.code, 0);
    QCOMPARE(parse(run.out, &ok)
                 .object()
                 .value(QStringLiteral("totals"))
                 .toObject()
                 .value(QStringLiteral("requests"))
                 .toInteger(),
             1);
    run = cli(db,
              {QStringLiteral("usage"), QStringLiteral("--org"), QStringLiteral("acme"), QStringLiteral("--month"),
               QStringLiteral("2024-07")});
    QCOMPARE(run.code, 0);
    QVERIFY(run.out.contains(QStringLiteral("No requests")));

    // Unknown organization: failure.
    run = cli(db,
              {QStringLiteral("usage"), QStringLiteral("--org"), QStringLiteral("nope"), QStringLiteral("--month"),
               QStringLiteral("2025-03")});
    QVERIFY2(run.code == 1, qPrintable(show(run)));
    QVERIFY(run.out.isEmpty());
    QVERIFY(run.err.contains(QStringLiteral("nope")));
}

void TestCli::doctor()
{
    TestDatabase db;
    KW_REQUIRE_DB(db);
    // A free port, so the port check is about the port and not about this machine.
    QString port;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = QString::number(probe.serverPort());
    }
    CliRun run = cliJson(db, {QStringLiteral("doctor"), QStringLiteral("--port"), port});
    bool ok = false;
    QJsonDocument json = parse(run.out, &ok);
    QVERIFY2(ok && json.isArray(), qPrintable(show(run)));
    QHash<QString, QJsonObject> checks;
    bool anyFailed = false;
    for (const QJsonValue& v : json.array()) {
        const QJsonObject check = v.toObject();
        checks.insert(check.value(QStringLiteral("check")).toString(), check);
        const QString state = check.value(QStringLiteral("state")).toString();
        QVERIFY2(state == QLatin1String("ok") || state == QLatin1String("warning") || state == QLatin1String("failed"),
                 qPrintable(state));
        QVERIFY(!check.value(QStringLiteral("detail")).toString().isEmpty());
        anyFailed = anyFailed || state == QLatin1String("failed");
    }
    for (const char* name : {"database", "redis", "keychain", "port"})
        QVERIFY2(checks.contains(QLatin1String(name)), name);
    QCOMPARE(checks.value(QStringLiteral("database")).value(QStringLiteral("state")).toString(), QStringLiteral("ok"));
    QCOMPARE(checks.value(QStringLiteral("redis")).value(QStringLiteral("state")).toString(), QStringLiteral("ok"));
    QVERIFY(!anyFailed);
    QCOMPARE(run.code, 0);

    QCOMPARE(checks.value(QStringLiteral("port")).value(QStringLiteral("state")).toString(), QStringLiteral("ok"));
    run = cli(db, {QStringLiteral("doctor"), QStringLiteral("--port"), port});
    QCOMPARE(run.code, 0);
    QVERIFY(run.out.contains(QStringLiteral("CHECK")));
    QVERIFY(run.out.contains(QStringLiteral("database")));

    // An unmigrated database is a failed check and exit code 1.
    TestDatabase empty(false);
    KW_REQUIRE_DB(empty);
    run = cliJson(empty, {QStringLiteral("doctor"), QStringLiteral("--port"), port});
    QVERIFY2(run.code == 1, qPrintable(show(run)));
    json = parse(run.out, &ok);
    QVERIFY(ok);
    bool databaseFailed = false;
    for (const QJsonValue& v : json.array()) {
        if (v.toObject().value(QStringLiteral("check")).toString() == QLatin1String("database")) {
            databaseFailed = v.toObject().value(QStringLiteral("state")).toString() == QLatin1String("failed");
            QVERIFY(v.toObject().value(QStringLiteral("detail")).toString().contains(QStringLiteral("db upgrade")));
        }
    }
    QVERIFY(databaseFailed);
    // Exit code 1 comes with its message on stderr, as for every command.
    QVERIFY2(run.err.contains(QStringLiteral("error: these checks failed: database")), qPrintable(show(run)));

    // An unreachable one too: one line per check, the server's words on it, no Qt driver noise.
    run = runCli({QStringLiteral("--database"), QStringLiteral("postgresql://nobody@127.0.0.1:1/x"),
                  QStringLiteral("doctor"), QStringLiteral("--port"), port});
    QVERIFY2(run.code == 1, qPrintable(show(run)));
    QVERIFY2(run.err.contains(QStringLiteral("these checks failed: database")), qPrintable(show(run)));
    const QStringList lines = run.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 5); // the header and four checks
    QVERIFY2(lines.at(1).startsWith(QStringLiteral("database")) && lines.at(1).contains(QStringLiteral("refused")),
             qPrintable(run.out));
    QVERIFY2(!run.out.contains(QStringLiteral("QPSQL")) && !run.out.contains(u'\t'), qPrintable(run.out));
    // The same words where any command cannot connect.
    run = runCli({QStringLiteral("--database"), QStringLiteral("postgresql://nobody@127.0.0.1:1/x"),
                  QStringLiteral("org"), QStringLiteral("list")});
    QCOMPARE(run.code, 1);
    QCOMPARE(run.err.count(u'\n'), 1);
    QVERIFY2(run.err.contains(QStringLiteral("refused")) && !run.err.contains(QStringLiteral("QPSQL")),
             qPrintable(run.err));
}

void TestCli::adminKey()
{
    CliRun run = runCli({QStringLiteral("admin-key")});
    QVERIFY2(run.code == 0, qPrintable(show(run)));
    QStringList printed = fullKeysIn(run.out);
    QCOMPARE(printed.size(), 1);
    QVERIFY(printed.first().startsWith(QStringLiteral("pk_admin_")));
    KeyEnvironment environment = KeyEnvironment::Live;
    QCOMPARE(ApiKeyFormat::check(printed.first(), &environment), KeyFormatError::None);
    QCOMPARE(environment, KeyEnvironment::Admin);
    QVERIFY(run.out.contains(QStringLiteral("ADMIN_API_KEY")));

    run = runCli({QStringLiteral("--json"), QStringLiteral("admin-key")});
    QCOMPARE(run.code, 0);
    bool ok = false;
    const QJsonObject json = parse(run.out, &ok).object();
    QVERIFY2(ok, qPrintable(run.out));
    const QString key = json.value(QStringLiteral("key")).toString();
    QCOMPARE(ApiKeyFormat::check(key), KeyFormatError::None);
    QVERIFY(key.startsWith(QStringLiteral("pk_admin_")));
    QVERIFY(key != printed.first()); // a new one every time
    QCOMPARE(json.value(QStringLiteral("key_prefix")).toString(), key.left(13));
    QCOMPARE(json.value(QStringLiteral("key_hint")).toString(), key.right(4));
}

void TestCli::unreachableDatabase_data()
{
    QTest::addColumn<QString>("url");
    QTest::newRow("postgresql nobody listens") << QStringLiteral("postgresql://nobody@127.0.0.1:1/x");
    QTest::newRow("sqlite in a missing folder") << QStringLiteral("sqlite://%1/missing/deeper/keywarden.db");
}

void TestCli::unreachableDatabase()
{
    QFETCH(QString, url);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    if (url.contains(QStringLiteral("%1")))
        url = url.arg(dir.path());
    const QList<QStringList> commands{
        {QStringLiteral("org"), QStringLiteral("list")},
        {QStringLiteral("org"), QStringLiteral("create"), QStringLiteral("--name"), QStringLiteral("Acme"),
         QStringLiteral("--email"), QStringLiteral("ops@acme.example")},
        {QStringLiteral("key"), QStringLiteral("create"), QStringLiteral("--org"), QStringLiteral("acme"),
         QStringLiteral("--name"), QStringLiteral("k")},
        {QStringLiteral("db"), QStringLiteral("upgrade")},
        {QStringLiteral("db"), QStringLiteral("status")},
        {QStringLiteral("db"), QStringLiteral("seed")},
        {QStringLiteral("usage"), QStringLiteral("--org"), QStringLiteral("acme"), QStringLiteral("--month"),
         QStringLiteral("2025-03")},
    };
    for (const QStringList& command : commands) {
        for (bool json : {false, true}) {
            QStringList arguments{QStringLiteral("--database"), url};
            if (json)
                arguments << QStringLiteral("--json");
            QElapsedTimer timer;
            timer.start();
            const CliRun run = runCli(arguments + command);
            QVERIFY2(run.code == 1, qPrintable(command.join(u' ') + u'\n' + show(run)));
            QVERIFY2(run.out.isEmpty(), qPrintable(run.out));
            QVERIFY2(run.err.startsWith(QStringLiteral("error: ")), qPrintable(run.err));
            QVERIFY(timer.elapsed() < 30000);
        }
    }
    // Nothing was created on the way: no folder, no file.
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("missing"))));
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden), QStringList());
}

void TestCli::binaryOrgListOnFreshDatabase()
{
    TestDatabase db;
    KW_REQUIRE_DB(db);
    QProcess process;
    process.setProcessEnvironment(binaryEnvironment());
    process.start(QStringLiteral(KEYWARDENCTL_PATH),
                  {QStringLiteral("--database"), db.url(), QStringLiteral("org"), QStringLiteral("list")});
    QVERIFY2(process.waitForFinished(60000), qPrintable(process.errorString()));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    const QString out = QString::fromUtf8(process.readAllStandardOutput());
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(process.exitCode() == 0, qPrintable(out + err));
    QVERIFY2(err.isEmpty(), qPrintable(err));
    QVERIFY2(out.startsWith(QStringLiteral("No organizations yet")), qPrintable(out));

    process.start(QStringLiteral(KEYWARDENCTL_PATH),
                  {QStringLiteral("--json"), QStringLiteral("org"), QStringLiteral("list"),
                   QStringLiteral("--database"), db.url()});
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitCode(), 0);
    const QByteArray json = process.readAllStandardOutput();
    QVERIFY2(process.readAllStandardError().isEmpty(), "stderr is not empty");
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    QVERIFY2(error.error == QJsonParseError::NoError, json.constData());
    QVERIFY(document.isArray());
    QVERIFY(document.array().isEmpty());

    // After a create in another process, the list shows it.
    process.start(QStringLiteral(KEYWARDENCTL_PATH),
                  {QStringLiteral("--database"), db.url(), QStringLiteral("org"), QStringLiteral("create"),
                   QStringLiteral("--name"), QStringLiteral("Acme"), QStringLiteral("--email"),
                   QStringLiteral("ops@acme.example")});
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitCode(), 0);
    process.start(QStringLiteral(KEYWARDENCTL_PATH),
                  {QStringLiteral("--database"), db.url(), QStringLiteral("--json"), QStringLiteral("org"),
                   QStringLiteral("list")});
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitCode(), 0);
    const QJsonDocument list = QJsonDocument::fromJson(process.readAllStandardOutput());
    QCOMPARE(list.array().size(), 1);
    QCOMPARE(list.array().first().toObject().value(QStringLiteral("slug")).toString(), QStringLiteral("acme"));
}

void TestCli::binaryUsageError()
{
    QProcess process;
    process.setProcessEnvironment(binaryEnvironment());
    process.start(QStringLiteral(KEYWARDENCTL_PATH), {QStringLiteral("frobnicate")});
    QVERIFY2(process.waitForFinished(60000), qPrintable(process.errorString()));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 2);
    QCOMPARE(process.readAllStandardOutput(), QByteArray());
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(err.startsWith(QStringLiteral("error: unknown command \"frobnicate\"")), qPrintable(err));
    QVERIFY(err.contains(QStringLiteral("usage: keywardenctl")));

    // A non-numeric option value is a usage error before any database is opened.
    process.start(QStringLiteral(KEYWARDENCTL_PATH),
                  {QStringLiteral("--database"), QStringLiteral("postgresql://nobody@127.0.0.1:1/x"),
                   QStringLiteral("org"), QStringLiteral("update"), QStringLiteral("--slug"), QStringLiteral("acme"),
                   QStringLiteral("--rate-limit"), QStringLiteral("ten")});
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitCode(), 2);
    QCOMPARE(process.readAllStandardOutput(), QByteArray());
    QVERIFY(QString::fromUtf8(process.readAllStandardError()).contains(QStringLiteral("--rate-limit")));

    // And a failure is 1 with its message on stderr.
    process.start(QStringLiteral(KEYWARDENCTL_PATH),
                  {QStringLiteral("--database"), QStringLiteral("postgresql://nobody@127.0.0.1:1/x"),
                   QStringLiteral("org"), QStringLiteral("list")});
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitCode(), 1);
    QCOMPARE(process.readAllStandardOutput(), QByteArray());
    const QString failure = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(hasErrorLine(failure, QStringLiteral("cannot connect to postgresql://nobody@127.0.0.1:1/x")),
             qPrintable(failure));

    process.start(QStringLiteral(KEYWARDENCTL_PATH), {QStringLiteral("--version")});
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitCode(), 0);
    QCOMPARE(QString::fromUtf8(process.readAllStandardOutput()).trimmed(),
             QStringLiteral("keywardenctl " KEYWARDEN_VERSION));
}

void TestCli::binaryReadsDatabaseUrlFromEnvironment()
{
    TestDatabase db;
    KW_REQUIRE_DB(db);
    OrganizationService organizations(db.database());
    CreateOrganizationRequest request;
    request.name = QStringLiteral("From Env");
    request.email = QStringLiteral("env@example.com");
    QVERIFY(organizations.create(request, QStringLiteral("test")).ok());

    QProcess process;
    QProcessEnvironment env = binaryEnvironment();
    env.insert(QStringLiteral("DATABASE_URL"), db.url());
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(KEYWARDENCTL_PATH),
                  {QStringLiteral("--json"), QStringLiteral("org"), QStringLiteral("list")});
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitCode(), 0);
    QJsonDocument list = QJsonDocument::fromJson(process.readAllStandardOutput());
    QCOMPARE(list.array().size(), 1);
    QCOMPARE(list.array().first().toObject().value(QStringLiteral("slug")).toString(), QStringLiteral("from-env"));

    // The flag wins over the environment.
    env.insert(QStringLiteral("DATABASE_URL"), QStringLiteral("postgresql://nobody@127.0.0.1:1/x"));
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(KEYWARDENCTL_PATH),
                  {QStringLiteral("--json"), QStringLiteral("--database"), db.url(), QStringLiteral("org"),
                   QStringLiteral("list")});
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitCode(), 0);
    list = QJsonDocument::fromJson(process.readAllStandardOutput());
    QCOMPARE(list.array().size(), 1);
    // Without the flag, the unreachable environment URL is used, and fails.
    process.start(QStringLiteral(KEYWARDENCTL_PATH), {QStringLiteral("org"), QStringLiteral("list")});
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitCode(), 1);
    const QString failure = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(hasErrorLine(failure, QStringLiteral("cannot connect to postgresql://nobody@127.0.0.1:1/x")),
             qPrintable(failure));
}

void TestCli::binaryKeyFindAnswersAfterOneLine()
{
    // Support staff paste a key into a terminal and press Enter: the answer must come
    // then, not only after end-of-file (Ctrl-D).
    TestDatabase db;
    KW_REQUIRE_DB(db);
    DefaultDataSeeder seeder(db.database());
    auto seeded = seeder.seed(QStringLiteral("test"));
    QVERIFY(seeded.ok() && seeded->key);
    const QString fullKey = seeded->key->fullKey;

    QProcess process;
    process.setProcessEnvironment(binaryEnvironment());
    process.start(QStringLiteral(KEYWARDENCTL_PATH),
                  {QStringLiteral("--database"), db.url(), QStringLiteral("key"), QStringLiteral("find")});
    QVERIFY(process.waitForStarted(30000));
    process.write((QStringLiteral("Bearer ") + fullKey + u'\n').toUtf8());
    QVERIFY(process.waitForBytesWritten(30000));
    // Standard input stays open, as in a terminal.
    const bool finished = process.waitForFinished(20000);
    if (!finished) {
        process.kill();
        process.waitForFinished(5000);
    }
    QVERIFY2(finished, "key find waited for the end of standard input after a full line");
    QCOMPARE(process.exitCode(), 0);
    const QString out = QString::fromUtf8(process.readAllStandardOutput());
    QVERIFY2(out.contains(QStringLiteral("default")), qPrintable(out));
    QVERIFY(out.contains(seeded->key->key.maskedKey()));
    QVERIFY(!out.contains(fullKey));
}

QTEST_GUILESS_MAIN(TestCli)
#include "TestCli.moc"
