#include "MainWindow.h"
#include "QtKeychainCredentialStore.h"
#include "ScreenshotTour.h"
#include "Translator.h"
#include "config.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QSettings>

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral(KEYWARDEN_APP_NAME));
    // No organization name: the data folder (~/.local/share/KeyWarden) must be the one
    // keywardenctl uses, so both open the same embedded database.
    QApplication::setApplicationVersion(QStringLiteral(KEYWARDEN_VERSION));
    QApplication::setDesktopFileName(QStringLiteral(KEYWARDEN_APP_ID));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/keywarden.svg")));
    Translator::install();

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "KeyWarden: API keys for your own APIs."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption databaseOption(
        QStringLiteral("database"),
        QApplication::translate("main",
                                "Database URL (default: $DATABASE_URL, else the last one, else the embedded "
                                "SQLite file)."),
        QStringLiteral("url"));
    parser.addOption(databaseOption);
    QCommandLineOption demoOption(QStringLiteral("demo"),
                                  QApplication::translate("main",
                                                          "Fill the embedded database with demo organizations, "
                                                          "keys and usage on start (once)."));
    parser.addOption(demoOption);
    QCommandLineOption tourOption(QStringLiteral("screenshot-tour"),
                                  QApplication::translate("main", "Save README screenshots into a folder and quit."),
                                  QStringLiteral("folder"));
    tourOption.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(tourOption);
    parser.process(app);

    QSettings settings(QStringLiteral(KEYWARDEN_ORG_NAME), QStringLiteral(KEYWARDEN_APP_NAME));
    QtKeychainCredentialStore credentials;
    MainWindow window(&settings, &credentials);
    window.setSeedDemoData(parser.isSet(demoOption));
    window.resize(1280, 800);
    window.show();
    if (parser.isSet(tourOption))
        new ScreenshotTour(&window, parser.value(tourOption));
    window.openStartupDatabase(parser.value(databaseOption));
    return app.exec();
}
