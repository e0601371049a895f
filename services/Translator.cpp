#include "Translator.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace Translator {

bool installLanguage(const QString& language)
{
    static QTranslator* qtTranslator = nullptr;
    static QTranslator* ownTranslator = nullptr;
    for (QTranslator** slot : {&qtTranslator, &ownTranslator}) {
        if (*slot) {
            QCoreApplication::removeTranslator(*slot);
            delete *slot;
            *slot = nullptr;
        }
    }
    if (language.isEmpty() || language.startsWith(QLatin1String("en")))
        return true; // English is the source language
    qtTranslator = new QTranslator(QCoreApplication::instance());
    if (qtTranslator->load(QStringLiteral("qtbase_") + language, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qtTranslator);
    ownTranslator = new QTranslator(QCoreApplication::instance());
    if (ownTranslator->load(QStringLiteral(":/i18n/keywarden_") + language)) {
        QCoreApplication::installTranslator(ownTranslator);
        return true;
    }
    return false;
}

void install()
{
    QString language = qEnvironmentVariable("KEYWARDEN_LANGUAGE");
    if (language.isEmpty())
        language = QLocale::system().name().section(u'_', 0, 0);
    installLanguage(language);
}

} // namespace Translator
