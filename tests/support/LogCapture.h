#pragma once

#include <QMutex>
#include <QStringList>

// Records every qDebug/qInfo/qWarning... while alive (and still forwards it), so a test
// can prove that no full key reached a log line.
class LogCapture
{
public:
    LogCapture();
    ~LogCapture();
    Q_DISABLE_COPY_MOVE(LogCapture)

    QStringList messages() const;
    bool contains(const QString& needle) const;

private:
    static void handler(QtMsgType type, const QMessageLogContext& context, const QString& message);
    QtMessageHandler m_previous = nullptr;
    mutable QMutex m_mutex;
    QStringList m_messages;
};
