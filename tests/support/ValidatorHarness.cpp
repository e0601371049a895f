#include "ValidatorHarness.h"

#include "ValidatorServer.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QTcpSocket>

ValidatorHarness::ValidatorHarness(Database& database, RuntimeConfig config, const GuardedTcpServer::Limits& limits)
    : m_thread(database)
{
    m_thread.run([this, &database, &config, &limits] {
        m_server = new ValidatorServer(database, config);
        m_server->setLimits(limits);
        m_port = m_server->listenOn(QHostAddress::LocalHost, 0);
    });
}

ValidatorHarness::~ValidatorHarness()
{
    stop();
}

void ValidatorHarness::stop()
{
    m_thread.stop([this] {
        delete m_server;
        m_server = nullptr;
    });
}

void ValidatorHarness::invoke(const std::function<void(ValidatorServer&)>& work)
{
    m_thread.run([this, &work] { work(*m_server); });
}

QByteArray HttpAnswer::header(const QByteArray& name) const
{
    for (const auto& [key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return QByteArray();
}

int HttpAnswer::headerCount(const QByteArray& name) const
{
    int count = 0;
    for (const auto& header : headers)
        count += header.first.compare(name, Qt::CaseInsensitive) == 0 ? 1 : 0;
    return count;
}

namespace RawHttp {

HttpAnswer send(quint16 port, const QByteArray& request, int timeoutMs)
{
    HttpAnswer answer;
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(timeoutMs))
        return answer;
    socket.write(request);
    socket.flush();
    QByteArray data;
    QElapsedTimer timer;
    timer.start();
    qsizetype headerEnd = -1;
    qsizetype contentLength = -1;
    while (timer.elapsed() < timeoutMs) {
        if (headerEnd < 0) {
            headerEnd = data.indexOf("\r\n\r\n");
            if (headerEnd >= 0) {
                const QList<QByteArray> lines = data.left(headerEnd).split('\n');
                const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
                answer.status = statusLine.size() > 1 ? statusLine[1].toInt() : 0;
                for (qsizetype i = 1; i < lines.size(); ++i) {
                    const QByteArray line = lines[i].trimmed();
                    const qsizetype colon = line.indexOf(':');
                    if (colon > 0)
                        answer.headers.emplace_back(line.left(colon).trimmed(), line.mid(colon + 1).trimmed());
                }
                const QByteArray length = answer.header("Content-Length");
                contentLength = length.isEmpty() ? 0 : length.toLongLong();
            }
        }
        if (headerEnd >= 0 && data.size() - (headerEnd + 4) >= contentLength)
            break;
        if (!socket.waitForReadyRead(qMax<qint64>(1, timeoutMs - timer.elapsed()))) {
            if (socket.state() != QAbstractSocket::ConnectedState)
                break;
        }
        data += socket.readAll();
    }
    if (headerEnd >= 0)
        answer.body = data.mid(headerEnd + 4, contentLength);
    return answer;
}

HttpAnswer request(quint16 port,
                   const QByteArray& method,
                   const QByteArray& target,
                   const QList<QByteArray>& headerLines,
                   const QByteArray& body)
{
    QByteArray raw = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (const QByteArray& line : headerLines)
        raw += line + "\r\n";
    if (!body.isEmpty() || method == "POST")
        raw += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    raw += "\r\n" + body;
    return send(port, raw);
}

} // namespace RawHttp
