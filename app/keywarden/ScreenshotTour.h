#pragma once

#include <QObject>
#include <QString>

class MainWindow;

// `keywarden --demo --screenshot-tour DIR`: drives the real window through the views the
// README shows (the reveal dialog on first start, organizations and keys, usage charts),
// saves each as a PNG and quits. Run it offscreen on a fresh data folder
// (docs/screenshots/take.sh does).
class ScreenshotTour : public QObject
{
    Q_OBJECT

public:
    ScreenshotTour(MainWindow* window, QString folder);

private:
    void captureReveal(QWidget* reveal);
    void captureMain();
    void captureUsage();
    void save(QWidget* widget, const QString& name);
    void finish(int exitCode);

    MainWindow* m_window;
    QString m_folder;
    bool m_revealCaptured = false;
};
