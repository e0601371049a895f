#include "CreateKeyCommand.h"
#include "OrganizationDialog.h"
#include "RevokeKeyDialog.h"
#include "Translator.h"

#include <QFile>
#include <QPushButton>
#include <QTest>
#include <QXmlStreamReader>

// German ships with the app: it loads, the dialogs speak it, and nothing is left untranslated.
class TestTranslations : public QObject
{
    Q_OBJECT

private slots:
    void cleanup();
    void germanLoadsFromTheResources();
    void dialogsSpeakGerman();
    void everyMessageIsTranslatedWithItsPlaceholders();
    void englishNeedsNoFile();
};

void TestTranslations::cleanup()
{
    Translator::installLanguage(QStringLiteral("en"));
}

void TestTranslations::germanLoadsFromTheResources()
{
    QVERIFY(QFile::exists(QStringLiteral(":/i18n/keywarden_de.qm")));
    QVERIFY(Translator::installLanguage(QStringLiteral("de")));
    const QString translated = QCoreApplication::translate("RevokeKeyDialog", "Revoke Key");
    QVERIFY(!translated.isEmpty());
    QVERIFY(translated != QLatin1String("Revoke Key"));
    // Core phrases are translated too, so a German user reads German errors.
    QVERIFY(QCoreApplication::translate("DisplayText", "Expiring soon") != QLatin1String("Expiring soon"));
    QVERIFY(!Translator::installLanguage(QStringLiteral("xx"))); // unknown: English stays
}

void TestTranslations::dialogsSpeakGerman()
{
    QVERIFY(Translator::installLanguage(QStringLiteral("de")));
    OrganizationDialog dialog;
    QVERIFY(dialog.submitButton()->text() != QLatin1String("Create Organization"));
    QVERIFY(dialog.windowTitle() != QLatin1String("New Organization"));
    QVERIFY(!dialog.messageText().isEmpty());
    QVERIFY(!dialog.messageText().startsWith(QLatin1String("Enter the")));
    ApiKey key;
    key.keyPrefix = QStringLiteral("pk_live_AbCd");
    key.keyHint = QStringLiteral("wxyz");
    RevokeKeyDialog revoke(key, QStringLiteral("Acme"));
    QVERIFY(revoke.submitButton()->text() != QLatin1String("Revoke Key"));
    // Plurals come out right in German.
    const QString one = QCoreApplication::translate("AuditLogPanel", "%n event(s).", nullptr, 1);
    QString many = QCoreApplication::translate("AuditLogPanel", "%n event(s).", nullptr, 5);
    QVERIFY(one.contains(u'1') && many.contains(u'5'));
    QVERIFY(one != many.replace(u'5', u'1')); // singular and plural differ beyond the number
}

void TestTranslations::everyMessageIsTranslatedWithItsPlaceholders()
{
    QFile file(QStringLiteral(KEYWARDEN_TS_FILE));
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
    QXmlStreamReader xml(&file);
    QString context;
    QString source;
    int messages = 0;
    QStringList problems;
    static const QRegularExpression placeholder(QStringLiteral("%L?(\\d+|n)"));
    auto placeholders = [](const QString& text) {
        QStringList found;
        for (auto it = placeholder.globalMatch(text); it.hasNext();)
            found << it.next().captured(0);
        found.sort();
        found.removeDuplicates();
        return found;
    };
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == QLatin1String("name"))
            context = xml.readElementText();
        else if (xml.name() == QLatin1String("source"))
            source = xml.readElementText();
        else if (xml.name() == QLatin1String("translation")) {
            ++messages;
            const bool unfinished = xml.attributes().value(QLatin1String("type")) == QLatin1String("unfinished");
            const QString translation = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            if (unfinished || translation.trimmed().isEmpty())
                problems << QStringLiteral("untranslated: %1 / %2").arg(context, source);
            else if (placeholders(source) != placeholders(translation))
                problems << QStringLiteral("placeholders differ: %1 / %2").arg(context, source);
        }
    }
    QVERIFY(!xml.hasError());
    QVERIFY(messages > 100);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.mid(0, 20).join(u'\n')));
}

void TestTranslations::englishNeedsNoFile()
{
    QVERIFY(Translator::installLanguage(QStringLiteral("en")));
    QCOMPARE(QCoreApplication::translate("RevokeKeyDialog", "Revoke Key"), QStringLiteral("Revoke Key"));
}

QTEST_MAIN(TestTranslations)
#include "TestTranslations.moc"
