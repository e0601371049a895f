#include "JsonLogFormat.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>

#include <cstdio>

namespace JsonLogFormat {

namespace {
QMutex s_writeMutex;

const char* levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return "debug";
    case QtInfoMsg:
        return "info";
    case QtWarningMsg:
        return "warning";
    case QtCriticalMsg:
        return "error";
    case QtFatalMsg:
        return "fatal";
    }
    return "info";
}

void handler(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    QJsonObject line{{QStringLiteral("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
                     {QStringLiteral("level"), QLatin1String(levelName(type))},
                     {QStringLiteral("category"), QLatin1String(context.category ? context.category : "default")}};
    if (message.startsWith(u'{')) {
        const QJsonObject fields = QJsonDocument::fromJson(message.toUtf8()).object();
        for (auto it = fields.begin(); it != fields.end(); ++it)
            line.insert(it.key(), it.value());
        if (fields.isEmpty())
            line.insert(QStringLiteral("message"), message);
    } else {
        line.insert(QStringLiteral("message"), message);
    }
    const QByteArray text = QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n';
    QMutexLocker locker(&s_writeMutex);
    std::fwrite(text.constData(), 1, size_t(text.size()), stderr);
    std::fflush(stderr);
}
} // namespace

void install()
{
    qInstallMessageHandler(&handler);
}

} // namespace JsonLogFormat
