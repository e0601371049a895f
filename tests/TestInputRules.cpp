#include "InputRules.h"

#include "ApiKeyGenerator.h"

#include <QTest>

using namespace InputRules;

namespace {
QString repeated(const char* chunk, int times)
{
    return QString::fromLatin1(chunk).repeated(times);
}
} // namespace

class TestInputRules : public QObject
{
    Q_OBJECT

private slots:
    void slugs_data();
    void slugs();
    void emails_data();
    void emails();
    void names_data();
    void names();
    void nameErrorsSayWhatWasChecked();
    void descriptions();
    void reasons_data();
    void reasons();
    void actors();
    void scopes_data();
    void scopes();
    void scopeErrorsDoNotEchoControlCharacters();
    void slugFromName_data();
    void slugFromName();
    void slugFromNameAlwaysMakesAValidSlug();
    void parseScopes_data();
    void parseScopes();
    void echoedTextIsSafeToPrint();
    void controlCharacters_data();
    void controlCharacters();
};

void TestInputRules::slugs_data()
{
    QTest::addColumn<QString>("slug");
    QTest::addColumn<bool>("valid");
    QTest::newRow("word") << QStringLiteral("acme") << true;
    QTest::newRow("hyphenated") << QStringLiteral("acme-corp") << true;
    QTest::newRow("digits") << QStringLiteral("team-42") << true;
    QTest::newRow("single digit") << QStringLiteral("7") << true;
    QTest::newRow("64 characters") << repeated("a", 64) << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("65 characters") << repeated("a", 65) << false;
    QTest::newRow("upper case") << QStringLiteral("Acme") << false;
    QTest::newRow("underscore") << QStringLiteral("acme_corp") << false;
    QTest::newRow("dot") << QStringLiteral("acme.corp") << false;
    QTest::newRow("space") << QStringLiteral("acme corp") << false;
    QTest::newRow("leading hyphen") << QStringLiteral("-acme") << false;
    QTest::newRow("trailing hyphen") << QStringLiteral("acme-") << false;
    QTest::newRow("double hyphen") << QStringLiteral("acme--corp") << false;
    QTest::newRow("unicode letter") << QString::fromUtf8("äcme") << false;
    QTest::newRow("fullwidth letter") << QString::fromUtf8("ａcme") << false;
    QTest::newRow("newline") << QStringLiteral("acme\n") << false;
    QTest::newRow("nul") << QString::fromUtf16(u"acme\0corp", 9) << false;
    QTest::newRow("path") << QStringLiteral("../etc") << false;
}

void TestInputRules::slugs()
{
    QFETCH(QString, slug);
    QFETCH(bool, valid);
    const Status status = checkSlug(slug);
    QCOMPARE(status.ok(), valid);
    if (!valid) {
        QCOMPARE(status.code(), ErrorCode::InvalidInput);
        QVERIFY(status.error().message.contains(QStringLiteral("slug")));
        QVERIFY(!hasControlCharacters(status.error().message));
    }
}

void TestInputRules::emails_data()
{
    QTest::addColumn<QString>("email");
    QTest::addColumn<bool>("valid");
    QTest::newRow("simple") << QStringLiteral("admin@example.com") << true;
    QTest::newRow("plus and dots") << QStringLiteral("first.last+keys@mail.sub.example.org") << true;
    QTest::newRow("short") << QStringLiteral("a@b.co") << true;
    QTest::newRow("hyphenated domain") << QStringLiteral("ops@my-company.de") << true;
    QTest::newRow("254 characters") << repeated("a", 64) + u'@' + repeated("b", 63) + u'.' + repeated("c", 63) + u'.'
            + repeated("d", 58)
            + QStringLiteral(".io") << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("no at") << QStringLiteral("admin.example.com") << false;
    QTest::newRow("two ats") << QStringLiteral("a@b@example.com") << false;
    QTest::newRow("no local part") << QStringLiteral("@example.com") << false;
    QTest::newRow("no domain") << QStringLiteral("admin@") << false;
    QTest::newRow("domain without dot") << QStringLiteral("admin@localhost") << false;
    QTest::newRow("leading hyphen in domain") << QStringLiteral("admin@-example.com") << false;
    QTest::newRow("space") << QStringLiteral("ad min@example.com") << false;
    QTest::newRow("trailing newline") << QStringLiteral("admin@example.com\n") << false;
    QTest::newRow("header injection") << QStringLiteral("admin@example.com\r\nBcc: x@y.z") << false;
    QTest::newRow("unicode local part") << QString::fromUtf8("jürgen@example.de") << false;
    QTest::newRow("display name") << QStringLiteral("Admin <admin@example.com>") << false;
    QTest::newRow("255 characters") << repeated("a", 64) + u'@' + repeated("b", 63) + u'.' + repeated("c", 63) + u'.'
            + repeated("d", 59)
            + QStringLiteral(".io") << false;
}

void TestInputRules::emails()
{
    QFETCH(QString, email);
    QFETCH(bool, valid);
    if (QTest::currentDataTag() == QLatin1String("254 characters"))
        QCOMPARE(email.size(), 254);
    if (QTest::currentDataTag() == QLatin1String("255 characters"))
        QCOMPARE(email.size(), 255);
    const Status status = checkEmail(email);
    QCOMPARE(status.ok(), valid);
    if (!valid) {
        QCOMPARE(status.code(), ErrorCode::InvalidInput);
        QVERIFY(!hasControlCharacters(status.error().message));
        QVERIFY(status.error().message.size() < 400);
    }
}

void TestInputRules::names_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");
    QTest::newRow("plain") << QStringLiteral("Acme Corp.") << true;
    QTest::newRow("unicode") << QString::fromUtf8("Ünïcode Straße GmbH") << true;
    QTest::newRow("cjk") << QString::fromUtf8("株式会社テスト") << true;
    QTest::newRow("emoji") << QString::fromUtf8("Rocket 🚀 Labs") << true;
    QTest::newRow("single character") << QStringLiteral("x") << true;
    QTest::newRow("255 characters") << repeated("n", 255) << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("blank") << QStringLiteral("   ") << false;
    QTest::newRow("256 characters") << repeated("n", 256) << false;
    QTest::newRow("newline") << QStringLiteral("Acme\nCorp") << false;
    QTest::newRow("carriage return") << QStringLiteral("Acme\rCorp") << false;
    QTest::newRow("tab") << QStringLiteral("Acme\tCorp") << false;
    QTest::newRow("nul") << QString::fromUtf16(u"Acme\0Corp", 9) << false;
    QTest::newRow("escape sequence") << QStringLiteral("Acme\x1b[31mCorp") << false;
    QTest::newRow("delete") << QStringLiteral("Acme\x7f") << false;
    QTest::newRow("right-to-left override") << QString::fromUtf16(u"Acme\u202eprC") << false;
    QTest::newRow("zero-width space") << QString::fromUtf16(u"Ac\u200bme") << false;
    QTest::newRow("line separator") << QString::fromUtf16(u"Acme\u2028Corp") << false;
    QTest::newRow("c1 control") << QString::fromUtf16(u"Acme\u0085Corp") << false;
}

void TestInputRules::names()
{
    QFETCH(QString, name);
    QFETCH(bool, valid);
    const Status status = checkName(name, QStringLiteral("organization name"));
    QCOMPARE(status.ok(), valid);
    if (!valid)
        QCOMPARE(status.code(), ErrorCode::InvalidInput);
}

void TestInputRules::nameErrorsSayWhatWasChecked()
{
    const Status empty = checkName(QString(), QStringLiteral("key name"));
    QVERIFY(!empty.ok());
    QVERIFY2(empty.error().message.contains(QStringLiteral("key name")), qPrintable(empty.error().message));
    const Status tooLong = checkName(repeated("x", 300), QStringLiteral("organization name"));
    QVERIFY(tooLong.error().message.contains(QStringLiteral("organization name")));
    QVERIFY(tooLong.error().message.contains(QStringLiteral("255")));
    QVERIFY(!tooLong.error().message.contains(repeated("x", 30)));
}

void TestInputRules::descriptions()
{
    QVERIFY(checkDescription(QString()).ok());
    QVERIFY(checkDescription(QString::fromUtf8("Schlüssel für den Shop")).ok());
    QVERIFY(checkDescription(repeated("d", MaxDescriptionLength)).ok());
    const Status tooLong = checkDescription(repeated("d", MaxDescriptionLength + 1));
    QVERIFY(!tooLong.ok());
    QCOMPARE(tooLong.code(), ErrorCode::InvalidInput);
}

void TestInputRules::reasons_data()
{
    QTest::addColumn<QString>("reason");
    QTest::addColumn<bool>("valid");
    QTest::newRow("plain") << QStringLiteral("leaked in a public GitHub repository") << true;
    QTest::newRow("unicode") << QString::fromUtf8("Schlüssel im Wiki veröffentlicht – sofort sperren") << true;
    QTest::newRow("one character") << QStringLiteral("x") << true;
    QTest::newRow("1000 characters") << repeated("r", MaxReasonLength) << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("blank") << QStringLiteral(" \t ") << false;
    QTest::newRow("1001 characters") << repeated("r", MaxReasonLength + 1) << false;
    QTest::newRow("newline") << QStringLiteral("leaked\nkey.revoked by admin") << false;
    QTest::newRow("nul") << QString::fromUtf16(u"leaked\0", 7) << false;
    QTest::newRow("escape sequence") << QStringLiteral("leaked\x1b[2J") << false;
    QTest::newRow("bell") << QStringLiteral("leaked\a") << false;
    QTest::newRow("right-to-left override") << QString::fromUtf16(u"leaked \u202edesrever") << false;
}

void TestInputRules::reasons()
{
    QFETCH(QString, reason);
    QFETCH(bool, valid);
    const Status status = checkReason(reason);
    QVERIFY2(status.ok() == valid, qPrintable(status.ok() ? QStringLiteral("accepted") : status.error().message));
    if (!valid) {
        QCOMPARE(status.code(), ErrorCode::InvalidInput);
        QVERIFY(status.error().message.contains(QStringLiteral("reason")));
    }
}

void TestInputRules::actors()
{
    QVERIFY(checkActor(QStringLiteral("admin@example.com")).ok());
    QVERIFY(checkActor(QStringLiteral("keywardenctl")).ok());
    QVERIFY(!checkActor(QString()).ok());
    QVERIFY(!checkActor(QStringLiteral("eve\nforged log line")).ok());
    QVERIFY(!checkActor(repeated("a", MaxActorLength + 1)).ok());
    QVERIFY(checkActor(repeated("a", MaxActorLength)).ok());
}

void TestInputRules::scopes_data()
{
    QTest::addColumn<QStringList>("scopes");
    QTest::addColumn<bool>("valid");
    QStringList fifty;
    QStringList fiftyOne;
    for (int i = 0; i < MaxScopes + 1; ++i) {
        const QString scope = QStringLiteral("scope%1:read").arg(i);
        if (i < MaxScopes)
            fifty << scope;
        fiftyOne << scope;
    }
    QTest::newRow("none") << QStringList() << true;
    QTest::newRow("everything") << QStringList{QStringLiteral("*")} << true;
    QTest::newRow("agents:run") << QStringList{QStringLiteral("agents:run")} << true;
    QTest::newRow("wildcard namespace") << QStringList{QStringLiteral("agents:*")} << true;
    QTest::newRow("several") << QStringList{QStringLiteral("read"), QStringLiteral("write"),
                                            QStringLiteral("usage.read")}
                             << true;
    QTest::newRow("punctuation") << QStringList{QStringLiteral("a_b-c:d.e:f")} << true;
    QTest::newRow("50 scopes") << fifty << true;
    QTest::newRow("64 characters") << QStringList{repeated("s", MaxScopeLength)} << true;
    QTest::newRow("51 scopes") << fiftyOne << false;
    QTest::newRow("65 characters") << QStringList{repeated("s", MaxScopeLength + 1)} << false;
    QTest::newRow("empty scope") << QStringList{QString()} << false;
    QTest::newRow("upper case") << QStringList{QStringLiteral("Agents:run")} << false;
    QTest::newRow("space") << QStringList{QStringLiteral("agents run")} << false;
    QTest::newRow("leading colon") << QStringList{QStringLiteral(":run")} << false;
    QTest::newRow("trailing colon") << QStringList{QStringLiteral("agents:")} << false;
    QTest::newRow("wildcard in front") << QStringList{QStringLiteral("*:run")} << false;
    QTest::newRow("wildcard in the middle") << QStringList{QStringLiteral("agents:*:run")} << false;
    QTest::newRow("newline") << QStringList{QStringLiteral("agents:run\n")} << false;
    QTest::newRow("nul") << QStringList{QString::fromUtf16(u"agents\0run", 10)} << false;
    QTest::newRow("unicode") << QStringList{QString::fromUtf8("agénts:run")} << false;
    QTest::newRow("one bad among good") << QStringList{QStringLiteral("read"), QStringLiteral("Write")} << false;
    QTest::newRow("json injection") << QStringList{QStringLiteral("read\",\"*")} << false;
}

void TestInputRules::scopes()
{
    QFETCH(QStringList, scopes);
    QFETCH(bool, valid);
    const Status status = checkScopes(scopes);
    QCOMPARE(status.ok(), valid);
    if (!valid)
        QCOMPARE(status.code(), ErrorCode::InvalidInput);
}

void TestInputRules::scopeErrorsDoNotEchoControlCharacters()
{
    const Status status = checkScopes({QStringLiteral("read\x1b[2J")});
    QVERIFY(!status.ok());
    QVERIFY(!hasControlCharacters(status.error().message));
    const Status slug = checkSlug(QStringLiteral("evil\r\nslug"));
    QVERIFY(!hasControlCharacters(slug.error().message));
    const Status email = checkEmail(QStringLiteral("a@b.c\r\nBcc: x"));
    QVERIFY(!hasControlCharacters(email.error().message));
}

void TestInputRules::slugFromName_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("slug");
    QTest::newRow("Acme Corp.") << QStringLiteral("Acme Corp.") << QStringLiteral("acme-corp");
    QTest::newRow("already a slug") << QStringLiteral("acme-corp") << QStringLiteral("acme-corp");
    QTest::newRow("umlauts and sharp s") << QString::fromUtf8("Ünïcode Straße") << QStringLiteral("unicode-strasse");
    QTest::newRow("accents") << QString::fromUtf8("Café Crème Brûlée") << QStringLiteral("cafe-creme-brulee");
    QTest::newRow("runs of punctuation") << QStringLiteral("  --Hello,   World!!  ") << QStringLiteral("hello-world");
    QTest::newRow("underscores") << QStringLiteral("my_team__name") << QStringLiteral("my-team-name");
    QTest::newRow("digits") << QStringLiteral("Team 42 (EU)") << QStringLiteral("team-42-eu");
    QTest::newRow("fullwidth") << QString::fromUtf8("ＡＣＭＥ Ｃｏ") << QStringLiteral("acme-co");
    QTest::newRow("ligature") << QString::fromUtf8("ﬁnance") << QStringLiteral("finance");
    QTest::newRow("nordic") << QString::fromUtf8("Ærø Øst") << QStringLiteral("aero-ost");
    QTest::newRow("only cjk") << QString::fromUtf8("株式会社") << QString();
    QTest::newRow("only punctuation") << QStringLiteral("!!! ???") << QString();
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("mixed scripts") << QString::fromUtf8("Shop 株式会社 Berlin") << QStringLiteral("shop-berlin");
    QTest::newRow("control characters") << QStringLiteral("Acme\nCorp\t") << QStringLiteral("acme-corp");
    QTest::newRow("long name is cut to 64") << repeated("a", 100) << repeated("a", 64);
}

void TestInputRules::slugFromName()
{
    QFETCH(QString, name);
    QFETCH(QString, slug);
    QCOMPARE(InputRules::slugFromName(name), slug);
}

void TestInputRules::slugFromNameAlwaysMakesAValidSlug()
{
    // Whatever the cut point, a derived slug is never longer than a slug may be and never
    // ends in a hyphen: it must pass checkSlug, or creating the organization would fail.
    QStringList names;
    for (int length = 55; length <= 70; ++length) {
        names << repeated("a", length) + QStringLiteral(" tail");
        names << repeated("a", length) + QStringLiteral(" b c d");
        names << repeated("ab ", length / 3 + 1);
    }
    names << QString::fromUtf8("Ünïcode Straße ").repeated(10) << repeated("x-", 40) << repeated("1 ", 50);
    for (const QString& name : std::as_const(names)) {
        const QString slug = InputRules::slugFromName(name);
        QVERIFY2(slug.size() <= MaxSlugLength,
                 qPrintable(QStringLiteral("%1 -> %2 (%3)").arg(name, slug).arg(slug.size())));
        const Status valid = checkSlug(slug);
        QVERIFY2(
            valid.ok(),
            qPrintable(QStringLiteral("%1 -> %2: %3").arg(name, slug, valid.ok() ? QString() : valid.error().message)));
    }
}

void TestInputRules::parseScopes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("scopes");
    QTest::newRow("spaced") << QStringLiteral("a, b ,c")
                            << QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")};
    QTest::newRow("single") << QStringLiteral("agents:run") << QStringList{QStringLiteral("agents:run")};
    QTest::newRow("empty") << QString() << QStringList();
    QTest::newRow("only commas") << QStringLiteral(",, ,") << QStringList();
    QTest::newRow("empty items dropped") << QStringLiteral("read,,write,")
                                         << QStringList{QStringLiteral("read"), QStringLiteral("write")};
    QTest::newRow("duplicates dropped") << QStringLiteral("read, write, read")
                                        << QStringList{QStringLiteral("read"), QStringLiteral("write")};
    QTest::newRow("order kept") << QStringLiteral("z,a,m")
                                << QStringList{QStringLiteral("z"), QStringLiteral("a"), QStringLiteral("m")};
    QTest::newRow("wildcard") << QStringLiteral(" * ") << QStringList{QStringLiteral("*")};
}

void TestInputRules::parseScopes()
{
    QFETCH(QString, text);
    QFETCH(QStringList, scopes);
    QCOMPARE(InputRules::parseScopes(text), scopes);
}

void TestInputRules::echoedTextIsSafeToPrint()
{
    const QString key = ApiKeyGenerator::generate(KeyEnvironment::Live).fullKey;
    // A key is masked before the text is cut: cut first, it would no longer look like one.
    for (const QString& text : {key, QStringLiteral("slug ") + key, key + QString(100, u'x')}) {
        const QString shown = echoed(text, 64);
        QVERIFY2(!shown.contains(key.mid(12, 30)), qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("pk_live_")), qPrintable(shown));
        QVERIFY(shown.size() <= 64);
    }
    QCOMPARE(echoed(QStringLiteral("short"), 64), QStringLiteral("short"));
    QCOMPARE(echoed(QString(64, u'a'), 64), QString(64, u'a'));
    QCOMPARE(echoed(QString(10000, u'a'), 64), QString(63, u'a') + QChar(0x2026)); // says it was cut
    // A key split by what does not show is still a key; a cut one still holds part of it.
    for (const QString& split : {key.left(20) + u'\n' + key.mid(20), key.left(30) + QChar(0x200b) + key.mid(30),
                                 key.left(12) + QChar(0x00ad) + key.mid(12), key.left(37), key.left(9) + u'\t'}) {
        const QString shown = echoed(split, 64);
        QVERIFY2(!shown.contains(key.mid(14, 20)), qPrintable(shown));
        QVERIFY2(shown.startsWith(QStringLiteral("pk_live_")), qPrintable(shown));
    }
    // Control characters do not reach the terminal; words that only start like a key stay.
    QCOMPARE(echoed(QStringLiteral("a\x1b[2Jb\n"), 64), QStringLiteral("a[2Jb"));
    QCOMPARE(echoed(QStringLiteral("pk_stuff and pk_"), 64), QStringLiteral("pk_stuff and pk_"));
    QCOMPARE(echoed(QStringLiteral("abc"), 0), QString(QChar(0x2026)));
    // The cut never leaves half of a character.
    const QString emoji = QStringLiteral("ab") + QString::fromUtf8("🚀🚀🚀");
    QCOMPARE(echoed(emoji, 4), QStringLiteral("ab") + QChar(0x2026));
}

void TestInputRules::controlCharacters_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("has");
    QTest::newRow("plain") << QStringLiteral("hello world") << false;
    QTest::newRow("unicode") << QString::fromUtf8("Grüße 日本 🚀") << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("newline") << QStringLiteral("a\nb") << true;
    QTest::newRow("tab") << QStringLiteral("a\tb") << true;
    QTest::newRow("nul") << QString::fromUtf16(u"a\0b", 3) << true;
    QTest::newRow("escape") << QStringLiteral("\x1b[0m") << true;
    QTest::newRow("delete") << QStringLiteral("\x7f") << true;
    QTest::newRow("c1") << QString::fromUtf16(u"\u0085") << true;
    QTest::newRow("zero-width joiner") << QString::fromUtf16(u"a\u200db") << true;
    QTest::newRow("bidi override") << QString::fromUtf16(u"\u202e") << true;
    QTest::newRow("paragraph separator") << QString::fromUtf16(u"\u2029") << true;
}

void TestInputRules::controlCharacters()
{
    QFETCH(QString, text);
    QFETCH(bool, has);
    QCOMPARE(hasControlCharacters(text), has);
    // Replaced one for one, so what is echoed or kept has none and keeps its shape.
    const QString replaced = withControlCharactersReplaced(text);
    QVERIFY(!hasControlCharacters(replaced));
    QCOMPARE(replaced.size(), text.size());
    QCOMPARE(replaced != text, has);
    QCOMPARE(replaced.count(QChar::ReplacementCharacter) > 0, has);
}

QTEST_GUILESS_MAIN(TestInputRules)
#include "TestInputRules.moc"
