#include "LogCapture.h"

namespace {
LogCapture* s_active = nullptr;
QtMessageHandler s_previous = nullptr;
} // namespace

LogCapture::LogCapture()
{
    s_active = this;
    m_previous = qInstallMessageHandler(&LogCapture::handler);
    s_previous = m_previous;
}

LogCapture::~LogCapture()
{
    qInstallMessageHandler(m_previous);
    s_active = nullptr;
}

void LogCapture::handler(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    if (s_active) {
        QMutexLocker locker(&s_active->m_mutex);
        s_active->m_messages << QStringLiteral("%1: %2").arg(
            QString::fromLatin1(context.category ? context.category : ""), message);
    }
    if (s_previous)
        s_previous(type, context, message);
}

QStringList LogCapture::messages() const
{
    QMutexLocker locker(&m_mutex);
    return m_messages;
}

bool LogCapture::contains(const QString& needle) const
{
    QMutexLocker locker(&m_mutex);
    for (const QString& message : m_messages) {
        if (message.contains(needle))
            return true;
    }
    return false;
}
