#include "ScreenshotTour.h"

#include "KeyRevealDialog.h"
#include "KeysPanel.h"
#include "MainWindow.h"
#include "OrganizationFilterProxyModel.h"
#include "OrganizationsPanel.h"
#include "UsagePanel.h"

#include <QApplication>
#include <QDir>
#include <QLineEdit>
#include <QTabWidget>
#include <QTableView>
#include <QTextStream>
#include <QTimer>

ScreenshotTour::ScreenshotTour(MainWindow* window, QString folder)
    : QObject(window)
    , m_window(window)
    , m_folder(std::move(folder))
{
    QDir().mkpath(m_folder);
    connect(m_window, &MainWindow::seededKeyShown, this, &ScreenshotTour::captureReveal);
    connect(m_window, &MainWindow::databaseOpened, this, [this] {
        connect(m_window->organizationsPanel(), &OrganizationsPanel::loaded, this, &ScreenshotTour::captureMain,
                Qt::SingleShotConnection);
    });
    connect(m_window, &MainWindow::databaseFailed, this, [this] { finish(1); });
    QTimer::singleShot(60000, this, [this] { finish(2); }); // never hang a script
}

void ScreenshotTour::captureReveal(QWidget* reveal)
{
    QTimer::singleShot(300, this, [this, reveal] {
        // A key never goes into a file, not even a throw-away demo key in a picture: the
        // field shows a look-alike with the same shape instead.
        if (auto* edit = reveal->findChild<QLineEdit*>(QStringLiteral("keyLineEdit"))) {
            const QString real = edit->text();
            edit->setText(real.left(8) + QString(real.size() - 8, u'x'));
            edit->selectAll();
        }
        save(reveal, QStringLiteral("reveal-dialog.png"));
        auto* dialog = qobject_cast<KeyRevealDialog*>(reveal);
        dialog->setCloseConfirmation([] { return true; });
        dialog->accept();
        m_revealCaptured = true;
    });
}

void ScreenshotTour::captureMain()
{
    OrganizationsPanel* organizations = m_window->organizationsPanel();
    // The demo's largest organization makes the fullest picture.
    int row = 0;
    for (int i = 0; i < organizations->model()->rowCount(); ++i) {
        if (organizations->model()->rowAt(i)->organization.slug == QLatin1String("globex"))
            row = i;
    }
    connect(
        m_window->keysPanel(), &KeysPanel::loaded, this,
        [this] {
            QTimer::singleShot(500, this, [this] {
                save(m_window, QStringLiteral("main-window.png"));
                captureUsage();
            });
        },
        Qt::SingleShotConnection);
    organizations->view()->setCurrentIndex(
        organizations->proxy()->mapFromSource(organizations->model()->index(row, 0)));
}

void ScreenshotTour::captureUsage()
{
    connect(
        m_window->usagePanel(), &UsagePanel::loaded, this,
        [this] {
            QTimer::singleShot(800, this, [this] {
                save(m_window, QStringLiteral("usage-charts.png"));
                finish(m_revealCaptured ? 0 : 3);
            });
        },
        Qt::SingleShotConnection);
    m_window->tabs()->setCurrentWidget(m_window->usagePanel());
}

void ScreenshotTour::save(QWidget* widget, const QString& name)
{
    const QString path = QDir(m_folder).filePath(name);
    if (widget->grab().save(path))
        QTextStream(stdout) << "saved " << path << '\n';
    else
        QTextStream(stderr) << "could not save " << path << '\n';
}

void ScreenshotTour::finish(int exitCode)
{
    QApplication::exit(exitCode);
}
