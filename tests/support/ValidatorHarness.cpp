#include "ValidatorHarness.h"

#include "ValidatorServer.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QJsonDocument>
#include <QScopeGuard>
#include <QSemaphore>
#include <QTcpSocket>
#include <QThread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

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

QObject* changeWatchContext(ValidatorHarness& harness)
{
    QObject* context = nullptr;
    harness.invoke([&context](ValidatorServer& server) { context = server.changeWatchContext(); });
    return context;
}

ChangeWatcherHold::ChangeWatcherHold(QObject* context)
    : m_held(std::make_shared<QSemaphore>())
    , m_released(std::make_shared<QSemaphore>())
{
    if (!context)
        return;
    QMetaObject::invokeMethod(context, [held = m_held, released = m_released] {
        held->release();
        released->acquire();
    });
    m_holding = m_held->tryAcquire(1, 5000);
}

ChangeWatcherHold::~ChangeWatcherHold()
{
    m_released->release();
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

QJsonObject json(const HttpAnswer& answer)
{
    return QJsonDocument::fromJson(answer.body).object();
}

namespace {
QString errorField(const HttpAnswer& answer, const QString& field)
{
    return json(answer).value(QStringLiteral("error")).toObject().value(field).toString();
}
} // namespace

QString errorCode(const HttpAnswer& answer)
{
    return errorField(answer, QStringLiteral("code"));
}

QString errorMessage(const HttpAnswer& answer)
{
    return errorField(answer, QStringLiteral("message"));
}

QByteArray bearer(const QString& key)
{
    return "Authorization: Bearer " + key.toLatin1();
}

namespace RawHttp {

namespace {

// Reads one answer from the front of `data`; returns how many bytes it took, 0 while incomplete.
qsizetype takeAnswer(QByteArrayView data, HttpAnswer& answer, bool headRequest)
{
    const qsizetype headerEnd = data.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return 0;
    HttpAnswer parsed;
    const QList<QByteArray> lines = data.first(headerEnd).toByteArray().split('\n');
    const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
    parsed.status = statusLine.size() > 1 ? statusLine[1].toInt() : 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            parsed.headers.emplace_back(line.left(colon).trimmed(), line.mid(colon + 1).trimmed());
    }
    const QByteArray length = parsed.header("Content-Length");
    // A HEAD answer carries the length of the body it leaves out.
    const qsizetype contentLength = length.isEmpty() || headRequest ? 0 : length.toLongLong();
    if (data.size() - (headerEnd + 4) < contentLength)
        return 0;
    parsed.body = data.sliced(headerEnd + 4, contentLength).toByteArray();
    answer = parsed;
    return headerEnd + 4 + contentLength;
}

// Parses answers out of `data` until there are `answers` of them, calling `readMore(msLeft)`
// for more bytes (it appends to `data`; false when the connection has nothing more to give).
// Parsed in place: removing each answer would copy the rest every time.
template <typename ReadMore>
QList<HttpAnswer> collectAnswers(QByteArray& data, int answers, bool headRequests, int timeoutMs, ReadMore readMore)
{
    QList<HttpAnswer> result;
    qsizetype parsedTo = 0;
    QElapsedTimer timer;
    timer.start();
    while (result.size() < answers && timer.elapsed() < timeoutMs) {
        HttpAnswer answer;
        if (const qsizetype taken = takeAnswer(QByteArrayView(data).sliced(parsedTo), answer, headRequests);
            taken > 0) {
            result.append(answer);
            parsedTo += taken;
            continue;
        }
        if (!readMore(int(qMax<qint64>(1, timeoutMs - timer.elapsed()))))
            break;
    }
    return result;
}

} // namespace

QList<HttpAnswer>
sendPieces(quint16 port, const QList<QByteArray>& pieces, int answers, int timeoutMs, bool headRequests)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(timeoutMs))
        return {};
    QByteArray data;
    for (qsizetype i = 0; i < pieces.size(); ++i) {
        if (i > 0) {
            // Long enough for the server to read the earlier piece on its own.
            socket.waitForReadyRead(100);
            data += socket.readAll();
        }
        socket.write(pieces.at(i));
        socket.flush();
        socket.waitForBytesWritten(timeoutMs);
    }
    return collectAnswers(data, answers, headRequests, timeoutMs, [&](int msLeft) {
        if (!socket.waitForReadyRead(msLeft) && socket.state() != QAbstractSocket::ConnectedState)
            return false;
        data += socket.readAll();
        return true;
    });
}

QList<HttpAnswer> sendInRounds(quint16 port,
                               const QList<QByteArray>& rounds,
                               qsizetype readFromRound,
                               int answers,
                               int drainPauseMs,
                               int timeoutMs)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return {};
    const auto closeLater = qScopeGuard([fd] { ::close(fd); });
    const int smallest = 1; // the kernel rounds it up to its minimum
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &smallest, sizeof smallest);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
        return {};
    QByteArray data;
    char chunk[65536];
    for (qsizetype round = 0; round < rounds.size(); ++round) {
        if (round >= readFromRound) {
            const ssize_t n = ::recv(fd, chunk, sizeof chunk, MSG_DONTWAIT);
            if (n > 0)
                data.append(chunk, n);
        }
        const QByteArray& requests = rounds.at(round);
        for (qsizetype sent = 0; sent < requests.size();) {
            const ssize_t n = ::send(fd, requests.constData() + sent, size_t(requests.size() - sent), MSG_NOSIGNAL);
            if (n <= 0)
                return {};
            sent += n;
        }
        QThread::msleep(10); // the server answers this round on its own
    }
    // Held back by the server now; read at the pace of a normal client. With the smallest
    // buffer, draining megabytes took a round trip per 2 KB: over a minute on a loaded
    // machine (an ASan build beside another suite).
    // A slow reader (drainPauseMs) takes up to 256 KiB a time: the server must keep sending
    // what it holds back for several of its pauses.
    constexpr int kSlowReadBytes = 256 * 1024;
    const int large = drainPauseMs > 0 ? kSlowReadBytes : 4 * 1024 * 1024;
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &large, sizeof large);
    return collectAnswers(data, answers, false, timeoutMs, [&](int msLeft) {
        pollfd readable{fd, POLLIN, 0};
        if (::poll(&readable, 1, msLeft) <= 0)
            return false;
        const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0)
            return false;
        data.append(chunk, n);
        if (drainPauseMs > 0) {
            for (qsizetype taken = n; taken < kSlowReadBytes;) {
                const ssize_t more = ::recv(fd, chunk, sizeof chunk, MSG_DONTWAIT);
                if (more <= 0)
                    break;
                data.append(chunk, more);
                taken += more;
            }
            QThread::msleep(drainPauseMs);
        }
        return true;
    });
}

HttpAnswer send(quint16 port, const QByteArray& request, int timeoutMs)
{
    const QList<HttpAnswer> answers = sendPieces(port, {request}, 1, timeoutMs, request.startsWith("HEAD "));
    return answers.isEmpty() ? HttpAnswer{} : answers.first();
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
