#include "GuardedTcpServer.h"

#include "HttpFraming.h"
#include "HttpRequestHead.h"
#include "HttpTokens.h"
#include "Logging.h"

#include <QTcpSocket>

#include <QTimer>
#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <utility>

namespace {

QByteArray errorResponse(int status, const char* reason, const char* code, const char* message)
{
    const QByteArray body = QByteArrayLiteral("{\"error\":{\"code\":\"") + code + QByteArrayLiteral("\",\"message\":\"")
        + message + QByteArrayLiteral("\"}}");
    return QByteArrayLiteral("HTTP/1.1 ") + QByteArray::number(status) + ' ' + reason
        + QByteArrayLiteral("\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: ")
        + QByteArray::number(body.size()) + QByteArrayLiteral("\r\n\r\n") + body;
}

// nginx's auth_request takes only 2xx, 401 and 403 from the auth service and turns
// anything else into a 500 for the client: a refusal on the forward-auth path is a 403
// that names its reason in X-Auth-Error, like the validator's own refusals there.
QByteArray forwardAuthRefusal(const char* code)
{
    return QByteArrayLiteral("HTTP/1.1 403 Forbidden\r\nX-Auth-Error: ") + code
        + QByteArrayLiteral("\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
}

// True when the request line at the front of `head` targets `path` (query aside).
bool targetsPath(QByteArrayView head, QByteArrayView path)
{
    if (path.isEmpty())
        return false;
    const qsizetype lineEnd = head.indexOf('\n');
    const QByteArrayView line = lineEnd < 0 ? head : head.first(lineEnd);
    const qsizetype space = line.indexOf(' ');
    if (space < 0)
        return false;
    const QByteArrayView rest = line.sliced(space + 1);
    if (!rest.startsWith(path))
        return false;
    const QByteArrayView after = rest.sliced(path.size());
    return after.isEmpty() || after.front() == ' ' || after.front() == '?' || after.front() == '\r';
}

// The answers to one read's pipelined requests are sent together, up to this much at a
// time, so that a client pipelining megabytes does not make one buffer hold their answers;
// and a connection keeps no more than a few answers' worth of that buffer between reads.
constexpr qsizetype kAnswersPerWrite = qsizetype{64} * 1024;
constexpr qsizetype kKeptResponseCapacity = qsizetype{16} * 1024;

qint64 nowMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

// Follows one connection's byte stream request by request. It runs before the HTTP
// server's own readyRead handler (connected first), so it can stop a request whose
// headers or body are too large before anything is buffered or parsed, and answer the
// requests the server's fast responder takes before Qt HTTP Server sees them.
class ConnectionWatcher : public QObject
{
public:
    ConnectionWatcher(QTcpSocket* socket,
                      GuardedTcpServer& server,
                      const GuardedTcpServer::Limits& limits,
                      QByteArray& scratch)
        : QObject(socket)
        , m_socket(socket)
        , m_server(server)
        , m_limits(limits)
        , m_scratch(scratch)
    {
        m_timer.setSingleShot(true);
        connect(&m_timer, &QTimer::timeout, this, [this] { deadlineReached(); });
        connect(socket, &QTcpSocket::readyRead, this, [this] { inspect(); });
        // Answers held back for a client that reads slowly: each write it takes is progress,
        // so the idle deadline counts from the last one (nginx's send_timeout), not from the
        // last request; so does the close after a refusal (timedOut()). A client that takes
        // nothing for that long is still closed.
        connect(socket, &QTcpSocket::bytesWritten, this, [this] {
            if (m_closing)
                m_lastWrittenMs = nowMs();
            else if (m_state == State::Idle || m_state == State::Closing)
                arm(m_limits.idleTimeoutMs);
        });
        if (m_server.fastResponder())
            m_peer = socket->peerAddress().toString();
        arm(m_limits.idleTimeoutMs);
    }

private:
    // Closing: the request asking to close the connection was read whole; Qt HTTP Server
    // answers it, and nothing after it is read. RefusalWaits: a request is refused, but
    // requests before it are still Qt HTTP Server's to answer; Refused: the refusal is sent.
    // Dropped: the connection closes in the next event-loop turn (drop()).
    enum class State { Idle, Headers, Body, Closing, RefusalWaits, Refused, Dropped };

    // Moves the deadline; the timer is restarted only when it would fire too late, so a
    // busy keep-alive connection does not reschedule a timer for every request.
    void arm(int ms)
    {
        m_deadline = nowMs() + ms;
        if (!m_timer.isActive() || m_timerDue > m_deadline) {
            m_timer.start(ms);
            m_timerDue = m_deadline;
        }
    }

    void deadlineReached()
    {
        const qint64 left = m_deadline - nowMs();
        if (!m_closing && left > 0) {
            m_timer.start(int(left));
            m_timerDue = m_deadline;
            return;
        }
        timedOut();
    }

    void refuse(int status, const char* reason, const char* code, const char* message)
    {
        refuse(m_forwardAuth ? forwardAuthRefusal(code) : errorResponse(status, reason, code, message));
    }

    void refuseBodyTooLarge()
    {
        refuse(413, "Content Too Large", "payload_too_large", "the body is larger than 1 MiB");
    }

    void refuse(const QByteArray& response)
    {
        if (m_unanswered > 0) {
            // Qt HTTP Server reads one request at a time: those before this one are in the
            // buffer still, and are answered first (sendWaitingRefusal()).
            m_state = State::RefusalWaits;
            m_refusal = response;
            // Meanwhile the refused request's bytes stay in the buffer: a client that keeps
            // sending them fills the kernel's buffers, not this process.
            m_socket->setReadBufferSize(qMax<qint64>(1, m_socket->bytesAvailable()));
            return;
        }
        m_socket->setReadBufferSize(0); // unlimited again: what comes now is dropped as it comes
        m_state = State::Refused;
        m_lastWrittenMs = nowMs();
        // Swallow what is buffered so the HTTP server never parses it, and answer. Then keep
        // reading (and dropping) for a moment before closing: closing while the client is
        // still sending would reset the connection and lose the answer on its side.
        m_socket->readAll();
        m_socket->write(response);
        m_socket->flush();
        m_timer.start(1000);
        m_closing = true;
    }

    // Sends the refusal that waited for the answers before it, once they are given.
    void sendWaitingRefusal()
    {
        if (m_state == State::RefusalWaits && m_unanswered == 0)
            refuse(std::exchange(m_refusal, QByteArray()));
    }

    void timedOut()
    {
        if (m_closing) {
            // Answers before the refusal still on their way to a client that keeps taking
            // them: wait while it does.
            const qint64 quietMs = nowMs() - m_lastWrittenMs;
            if (m_socket->bytesToWrite() > 0 && quietMs < m_limits.idleTimeoutMs) {
                m_timer.start(int(qMin<qint64>(1000, m_limits.idleTimeoutMs - quietMs)));
                return;
            }
            m_socket->disconnectFromHost();
            QTimer::singleShot(2000, m_socket, [socket = m_socket] { socket->abort(); });
            return;
        }
        if (m_state == State::Headers || m_state == State::Body) {
            qCInfo(lcValidator) << "closing a connection that sent too slowly";
            ++m_server.counters().closedTooSlow;
        }
        m_socket->abort();
    }

    void inspect()
    {
        if (m_state == State::Dropped) {
            if (m_socket->isOpen())
                m_socket->readAll();
            return;
        }
        // Qt HTTP Server takes one request per read and signals again for the rest, which
        // this watcher has read already: only the bytes after those are new. In the middle
        // of a request Qt holds a read transaction, having read all there was.
        if (m_socket->isTransactionStarted())
            m_seenInBuffer = 0;
        m_seenInBuffer = qMin<qsizetype>(m_seenInBuffer, m_socket->bytesAvailable());
        // In both states below Qt HTTP Server still answers requests that came first, and
        // their answers count against the bound too: thousands can come before either.
        if (m_state == State::Closing && m_seenInBuffer > 0) {
            holdsTooMuch(); // the close request (or one before it) is still Qt HTTP Server's to answer
            return;
        }
        if (m_state == State::RefusalWaits) {
            // Before Qt HTTP Server's handler (connected after this watcher) could read
            // the refused request: gone from the buffer once the answers before it are given.
            if (!holdsTooMuch())
                sendWaitingRefusal();
            return;
        }
        if (m_state == State::Refused || m_state == State::Closing) {
            m_discarded += m_socket->readAll().size();
            if (m_discarded > 16 * m_limits.maxBodyBytes)
                drop(Ending::Close); // the refusal was sent: let it arrive
            return;
        }
        // The fast path answers from the front of the buffer: not while requests that
        // Qt HTTP Server is to answer first are there.
        if (m_seenInBuffer == 0 && m_state == State::Idle && m_server.fastResponder() && !holdLoneRequest())
            answerWholeRequests();
        if (m_state == State::Dropped || holdsTooMuch())
            return;
        const qsizetype available = m_socket->bytesAvailable();
        if (available > m_seenInBuffer)
            consume(QByteArrayView(m_socket->peek(available)).sliced(m_seenInBuffer));
        else if (m_state == State::Idle)
            arm(m_limits.idleTimeoutMs);
    }

public:
    // Qt HTTP Server answers the requests it reads one by one, in order (every one that
    // consume() read whole): the answer to the close request closes the connection, and
    // none is given after it.
    GuardedTcpServer::Answer nextAnswer()
    {
        // Qt HTTP Server has taken this request off the socket: what it left there, this
        // watcher has read already.
        m_seenInBuffer = m_socket->bytesAvailable();
        if (m_closeAfter == 0)
            return GuardedTcpServer::Answer::Drop;
        m_unanswered = qMax(0, m_unanswered - 1);
        if (m_state == State::RefusalWaits && m_unanswered == 0) {
            // After this answer is written (Qt HTTP Server's handler writes it on return).
            QMetaObject::invokeMethod(
                this, [this] { sendWaitingRefusal(); }, Qt::QueuedConnection);
        }
        if (m_closeAfter > 0 && --m_closeAfter == 0) {
            // RFC 9112 section 9.6: nothing after the close request is processed. What the
            // client sent after it is dropped here, so Qt HTTP Server parses none of it.
            m_discarded += m_socket->readAll().size();
            m_seenInBuffer = 0;
            return GuardedTcpServer::Answer::Close;
        }
        return GuardedTcpServer::Answer::KeepOpen;
    }

    // The request held by holdLoneRequest(), answered now (GuardedTcpServer::answerHeld).
    QByteArrayView heldRequest() const { return m_held; }
    bool isHolding() const { return m_holding; }
    void answerHeld(const HttpRequestHead& head)
    {
        if (!m_holding)
            return;
        m_holding = false;
        m_response.resize(0);
        m_server.fastResponder()(head, m_peer, m_response);
        send(m_response);
    }

private:
    // With batching on: when exactly one whole request the batch accepts is buffered (the
    // usual keep-alive client), takes it off the socket and holds it to the end of this
    // event-loop turn. Anything else (a pipelined second request, a partial one) is left
    // to answerWholeRequests() at once, so answers keep their order.
    bool holdLoneRequest()
    {
        const GuardedTcpServer::FastBatch& batch = m_server.fastBatch();
        if (!batch.accepts)
            return false;
        if (m_holding) {
            // More bytes before the held request was answered (not seen in practice: a
            // socket is read once a turn): answer it now, so the answers keep their order.
            HttpRequestHead head;
            if (head.parse(m_held))
                answerHeld(head);
            m_holding = false;
            return false;
        }
        HttpRequestHead head;
        qsizetype buffered = 0;
        const qsizetype size = peekSimpleRequest(head, buffered);
        if (size == 0 || size != buffered || buffered != m_socket->bytesAvailable() || !batch.accepts(head))
            return false;
        m_held.resize(size); // reuses the capacity of the last one
        std::memcpy(m_held.data(), m_scratch.constData(), size_t(size));
        takeOff(size); // Qt HTTP Server, whose handler runs next, finds nothing
        m_holding = true;
        m_server.hold(this);
        return true;
    }

    // The size of the whole, bodyless keep-alive request at the front of the buffer, read
    // into `head` (which views m_scratch); 0 when there is none. `buffered`: the bytes seen.
    qsizetype peekSimpleRequest(HttpRequestHead& head, qsizetype& buffered)
    {
        buffered = qMax<qint64>(0, m_socket->peek(m_scratch.data(), m_scratch.size()));
        const QByteArrayView bytes(m_scratch.constData(), buffered);
        const qsizetype end = bytes.indexOf("\r\n\r\n");
        if (end < 0 || !head.parse(bytes.first(end + 4)) || !head.isBodylessKeepAlive())
            return 0;
        return end + 4;
    }

    // Takes a request the fast path answers off the socket, before Qt HTTP Server reads it.
    void takeOff(qsizetype size)
    {
        // At a request boundary Qt HTTP Server holds nothing of this connection but, at
        // most, an empty read transaction it opened after its last request: closing it lets
        // the bytes leave the buffer.
        if (m_socket->isTransactionStarted())
            m_socket->commitTransaction();
        m_socket->skip(size);
    }

    // Offers each whole request at the front of the buffer to the fast responder, and
    // stops at the first one it declines (or that is incomplete): from there on, Qt HTTP
    // Server reads the connection, so the answers stay in the requests' order.
    void answerWholeRequests()
    {
        const GuardedTcpServer::FastResponder& responder = m_server.fastResponder();
        HttpRequestHead head;
        m_response.resize(0); // every answer of this read, sent in one write
        while (m_socket->bytesAvailable() > 0 && m_state != State::Dropped) {
            qsizetype buffered = 0;
            const qsizetype size = peekSimpleRequest(head, buffered);
            if (size == 0)
                break;
            const qsizetype answeredSoFar = m_response.size();
            if (!responder(head, m_peer, m_response)) {
                m_response.truncate(answeredSoFar);
                break;
            }
            takeOff(size);
            if (m_response.size() >= kAnswersPerWrite) {
                send(m_response);
                m_response.resize(0);
            }
        }
        if (!m_response.isEmpty())
            send(m_response);
        // A pipelining client made it large once: the connection does not keep that.
        if (m_response.capacity() > kKeptResponseCapacity)
            m_response = QByteArray();
    }

    // Sends whole answers now. When Qt holds nothing of this connection's output, they go
    // to the descriptor directly: QTcpSocket::write() would copy them into its buffer, turn
    // on a write notifier and turn it off again after flush(). Measured with wrk, 1 serving
    // thread, 64 connections, usage off, old and new binaries alternating: 15.3 -> 14.7 us
    // of CPU per request, 65k -> 68k req/s. What the kernel does not take at once (a client
    // that does not read), and anything behind output of Qt's, goes through QTcpSocket as
    // before, so the order holds and errors surface where Qt reports them.
    void send(const QByteArray& answers)
    {
        if (m_state == State::Dropped)
            return;
        qsizetype sent = 0;
        if (m_socket->bytesToWrite() == 0 && m_socket->state() == QAbstractSocket::ConnectedState) {
            ssize_t n = 0;
            do {
                n = ::send(int(m_socket->socketDescriptor()), answers.constData(), size_t(answers.size()),
                           MSG_NOSIGNAL | MSG_DONTWAIT);
            } while (n < 0 && errno == EINTR);
            sent = n > 0 ? qsizetype(n) : 0;
        }
        if (sent < answers.size()) {
            m_socket->write(answers.constData() + sent, answers.size() - sent);
            m_socket->flush();
            holdsTooMuch();
        }
    }

    // Closes the connection of a client that takes none of its answers, or that sends
    // requests much faster than they are answered (Qt HTTP Server answers one per event-loop
    // turn, and the socket reads all there is): Limits::maxHeldBytes. Output is checked on
    // every read and on every write of the fast path's answers, so it grows no further than
    // one read's answers beyond the bound. Closing rather than pausing: QAbstractSocket can
    // stop reading only through its read buffer's size, and every way of using that here let
    // a request's own deadline close a connection the server had stopped reading (8842f83).
    bool holdsTooMuch()
    {
        const qint64 output = m_socket->bytesToWrite();
        const qint64 input = m_socket->bytesAvailable();
        const qint64 request = m_limits.maxHeaderBytes + 4 + m_limits.maxBodyBytes;
        const bool tooMuchOutput = output > m_limits.maxHeldBytes;
        if (!tooMuchOutput && input <= qMax<qint64>(m_limits.maxHeldBytes, 2 * request))
            return false;
        if (tooMuchOutput)
            qCInfo(lcValidator).nospace()
                << "closing a connection whose client takes none of its answers (" << output / 1024 << " KiB waiting)";
        else
            qCInfo(lcValidator).nospace() << "closing a connection whose client sends requests faster than they are "
                                             "answered ("
                                          << input / 1024 << " KiB unread)";
        ++m_server.counters().closedHoldingTooMuch;
        drop(Ending::Reset);
        return true;
    }

    // Closes the connection in the next event-loop turn, after Qt HTTP Server's handler for
    // this read, which would find the socket closed under it (and warn); it finds nothing to
    // read now. Reset: the answers still in the kernel's buffer are dropped too, and the
    // client learns at once. A plain close would leave them there to be sent first: to a
    // client that reads nothing, and whose own sends wait for this side's closed window,
    // the connection then looked alive for minutes (seen under ASan).
    enum class Ending { Close, Reset };
    void drop(Ending ending)
    {
        m_state = State::Dropped;
        m_holding = false; // a request held for this turn's batch is not answered
        m_socket->readAll();
        if (ending == Ending::Reset) {
            const linger reset{1, 0};
            ::setsockopt(int(m_socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
        }
        QMetaObject::invokeMethod(
            m_socket, [socket = m_socket] { socket->abort(); }, Qt::QueuedConnection);
    }

    // Reads a line of a chunked body into m_line. True once it is whole (ends in LF).
    bool readChunkLine(QByteArrayView& data)
    {
        const qsizetype lf = data.indexOf('\n');
        const qsizetype take = lf < 0 ? data.size() : lf + 1;
        m_line.append(data.first(take));
        data = data.sliced(take);
        return lf >= 0;
    }

    // Follows a chunked body chunk by chunk (RFC 9112 section 7.1): sizes, data, the CRLF
    // after each, and the trailer, so that the request after it is found where Qt finds
    // it. False when the connection was refused or the data ran out mid-body.
    bool consumeChunked(QByteArrayView& data)
    {
        constexpr qsizetype kMaxLine = 1024;
        while (!data.isEmpty()) {
            if (m_chunkPart == ChunkPart::Data) {
                const qsizetype take = qMin<qsizetype>(data.size(), m_chunkLeft);
                m_chunkLeft -= take;
                data = data.sliced(take);
                if (m_chunkLeft == 0)
                    m_chunkPart = ChunkPart::DataEnd;
                continue;
            }
            const bool whole = readChunkLine(data);
            if (m_line.size() + m_trailerBytes
                > (m_chunkPart == ChunkPart::Trailer ? m_limits.maxHeaderBytes : kMaxLine)) {
                refuse(400, "Bad Request", "bad_request", "a malformed chunked body");
                return false;
            }
            if (!whole)
                return false; // wait for the rest of the line
            if (!m_line.endsWith("\r\n") || m_line.indexOf('\r') != m_line.size() - 2) {
                refuse(400, "Bad Request", "bad_request", "a malformed chunked body");
                return false;
            }
            const QByteArrayView line = QByteArrayView(m_line).chopped(2);
            switch (m_chunkPart) {
            case ChunkPart::Size: {
                // 1*HEXDIG, then optional extensions after ';' (ignored).
                const qsizetype semicolon = line.indexOf(';');
                const QByteArrayView digits = semicolon < 0 ? line : line.first(semicolon);
                qint64 size = 0;
                bool ok = !digits.isEmpty() && digits.size() <= 15;
                for (const char c : digits) {
                    const int digit = c >= '0' && c <= '9' ? c - '0'
                        : c >= 'a' && c <= 'f'             ? c - 'a' + 10
                        : c >= 'A' && c <= 'F'             ? c - 'A' + 10
                                                           : -1;
                    ok = ok && digit >= 0;
                    size = size * 16 + qMax(0, digit);
                }
                if (!ok) {
                    refuse(400, "Bad Request", "bad_request", "a malformed chunked body");
                    return false;
                }
                m_bodySeen += size;
                if (m_bodySeen > m_limits.maxBodyBytes) {
                    refuseBodyTooLarge();
                    return false;
                }
                m_chunkLeft = size;
                m_chunkPart = size == 0 ? ChunkPart::Trailer : ChunkPart::Data;
                break;
            }
            case ChunkPart::DataEnd:
                if (!line.isEmpty()) {
                    refuse(400, "Bad Request", "bad_request", "a malformed chunked body");
                    return false;
                }
                m_chunkPart = ChunkPart::Size;
                break;
            case ChunkPart::Trailer:
                if (line.isEmpty()) { // the end of the body: what follows is the next request
                    m_line.clear();
                    m_chunkPart = ChunkPart::Size;
                    requestRead();
                    return true;
                }
                m_trailerBytes += m_line.size(); // trailer fields count against the header limit
                break;
            case ChunkPart::Data:
                break;
            }
            m_line.clear();
        }
        return false;
    }

    // A whole request was read, which Qt HTTP Server answers next. After one that asked to
    // close the connection nothing more is read: the answer's handler closes it (and the
    // idle deadline, should it not).
    void requestRead()
    {
        ++m_unanswered;
        m_state = m_closeRequested ? State::Closing : State::Idle;
        if (m_closeRequested)
            m_closeAfter = m_unanswered;
        arm(m_limits.idleTimeoutMs);
    }

    // `data` is a view: a read may hold thousands of pipelined requests, and each one
    // copying the rest (as QByteArray::mid() did) made reading them quadratic.
    void consume(QByteArrayView data)
    {
        while (!data.isEmpty() && (m_state == State::Idle || m_state == State::Headers || m_state == State::Body)) {
            if (m_state == State::Idle) {
                // Empty lines between requests are no request: Qt HTTP Server skips them and
                // answers nothing, so counting one would close after the wrong answer.
                data = data.sliced(HttpTokens::headStart(data));
                if (data.isEmpty())
                    break;
                m_state = State::Headers;
                m_headers.clear();
                arm(m_limits.headerTimeoutMs);
            }
            if (m_state == State::Headers) {
                const qsizetype before = m_headers.size();
                // No more than can still be this head: up to the limit and its final CRLFCRLF.
                m_headers.append(
                    data.first(qMin(data.size(), qMax<qsizetype>(0, m_limits.maxHeaderBytes + 4 - before))));
                const qsizetype end = m_headers.indexOf("\r\n\r\n", qMax<qsizetype>(0, before - 3));
                // Too large whether the headers are complete or still arriving.
                m_forwardAuth = targetsPath(m_headers, m_limits.forwardAuthPath);
                if ((end < 0 ? m_headers.size() : end + 4) > m_limits.maxHeaderBytes) {
                    refuse(431, "Request Header Fields Too Large", "headers_too_large",
                           "the request headers are larger than 16 KiB");
                    return;
                }
                // Checked as the head arrives: one ending in a bare LF never shows "\r\n\r\n".
                if (HttpTokens::hasBareLineFeed(m_headers, before, end < 0 ? m_headers.size() : end + 4)) {
                    refuse(400, "Bad Request", "bad_request", "a bare CR or LF in the request head");
                    return;
                }
                if (end < 0)
                    return; // wait for the rest
                const HttpFraming framing = HttpFraming::of(QByteArrayView(m_headers).first(end));
                if (framing.kind == HttpFraming::Kind::Invalid) {
                    refuse(framing.status, framing.reason, "bad_request", framing.problem);
                    return;
                }
                m_chunked = framing.kind == HttpFraming::Kind::Chunked;
                m_closeRequested = framing.closes;
                m_bodyLeft = framing.length;
                if (m_bodyLeft > m_limits.maxBodyBytes) {
                    refuseBodyTooLarge();
                    return;
                }
                const qsizetype consumed = end + 4 - before;
                data = data.sliced(consumed);
                m_headers.clear();
                m_bodySeen = 0;
                m_chunkPart = ChunkPart::Size;
                m_chunkLeft = 0;
                m_line.clear();
                m_trailerBytes = 0;
                if (m_bodyLeft > 0 || m_chunked) {
                    m_state = State::Body;
                    arm(m_limits.bodyTimeoutMs);
                } else {
                    requestRead();
                }
                continue;
            }
            if (m_state == State::Body) {
                if (m_chunked) {
                    if (!consumeChunked(data))
                        return;
                    continue;
                }
                const qsizetype take = qMin<qsizetype>(data.size(), m_bodyLeft);
                m_bodyLeft -= take;
                data = data.sliced(take);
                if (m_bodyLeft == 0)
                    requestRead();
            }
        }
        // RFC 9112 section 9.6: a client sends nothing after a request that closes the
        // connection, and a server processes nothing after it. What follows it is not read
        // here; it is dropped once Qt HTTP Server took the close request (nextAnswer()).
    }

    QTcpSocket* m_socket;
    GuardedTcpServer& m_server;
    GuardedTcpServer::Limits m_limits;
    QByteArray& m_scratch; // the server's, shared by its connections (one thread)
    QByteArray m_response;
    QByteArray m_held; // see holdLoneRequest()
    bool m_holding = false;
    QString m_peer;
    QTimer m_timer;
    qint64 m_deadline = 0;
    qint64 m_timerDue = 0;
    qint64 m_lastWrittenMs = 0; // after a refusal: when the client last took output
    State m_state = State::Idle;
    QByteArray m_headers;
    QByteArray m_refusal; // the answer of State::RefusalWaits
    enum class ChunkPart { Size, Data, DataEnd, Trailer };
    ChunkPart m_chunkPart = ChunkPart::Size;
    qint64 m_chunkLeft = 0;
    QByteArray m_line; // the chunked body's current line (a size, a CRLF, a trailer field)
    qsizetype m_trailerBytes = 0;
    qsizetype m_bodyLeft = 0;
    qsizetype m_bodySeen = 0;
    bool m_chunked = false;
    bool m_forwardAuth = false; // the request being read targets Limits::forwardAuthPath
    bool m_closing = false;
    bool m_closeRequested = false; // by the request being read
    int m_unanswered = 0; // requests read whole that Qt HTTP Server has not answered yet
    qsizetype m_seenInBuffer = 0; // bytes at the buffer's front read already, still Qt's to take
    int m_closeAfter = -1; // answers to give before closing; -1: no close was asked for
    qint64 m_discarded = 0;
};

} // namespace

namespace {
// A TCP socket bound to address:port (not listening yet), or -1 with errno set.
int boundSocket(const QHostAddress& address, quint16 port, bool reusePort)
{
    const bool v6 = address.protocol() == QAbstractSocket::IPv6Protocol;
    const int fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return -1;
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (reusePort)
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    int bound = -1;
    if (v6) {
        sockaddr_in6 addr{};
        addr.sin6_family = AF_INET6;
        addr.sin6_port = htons(port);
        const Q_IPV6ADDR ip = address.toIPv6Address();
        std::memcpy(&addr.sin6_addr, &ip, sizeof addr.sin6_addr);
        bound = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    } else {
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(address.toIPv4Address());
        bound = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    }
    if (bound != 0) {
        const int error = errno;
        ::close(fd);
        errno = error;
        return -1;
    }
    return fd;
}
} // namespace

bool GuardedTcpServer::listenSharingPort(const QHostAddress& address, quint16 port, PortSharing sharing)
{
    // SO_REUSEPORT lets any process of the same user bind the port too, and the kernel
    // would then split connections between two validators that know nothing of each
    // other. So the first server makes sure nobody listens there yet: a bind without
    // SO_REUSEPORT fails while any socket listens on the port, with it or without.
    if (sharing == PortSharing::First && port != 0) {
        const int probe = boundSocket(address, port, false);
        if (probe < 0) {
            m_listenError = QString::fromLocal8Bit(std::strerror(errno));
            return false;
        }
        ::close(probe);
    }
    const int fd = boundSocket(address, port, true);
    if (fd < 0) {
        m_listenError = QString::fromLocal8Bit(std::strerror(errno));
        return false;
    }
    if (::listen(fd, 1024) != 0 || !setSocketDescriptor(fd)) {
        m_listenError = QString::fromLocal8Bit(std::strerror(errno));
        ::close(fd);
        return false;
    }
    return true;
}

void GuardedTcpServer::hold(QObject* watcher)
{
    m_held.append(QPointer<QObject>(watcher));
    if (!m_answerPosted) {
        // Posted events run at the start of the next loop turn, after every socket that
        // was ready in this one had its say, and before the next wait for sockets.
        m_answerPosted = true;
        QMetaObject::invokeMethod(this, &GuardedTcpServer::answerHeld, Qt::QueuedConnection);
    }
}

void GuardedTcpServer::answerHeld()
{
    m_answerPosted = false;
    const qsizetype count = m_held.size();
    if (m_heldHeads.size() < count)
        m_heldHeads.resize(count);
    m_heldPointers.clear();
    for (qsizetype i = 0; i < count; ++i) {
        auto* watcher = static_cast<ConnectionWatcher*>(m_held.at(i).data());
        // A connection closed meanwhile is skipped; a held request parsed once already.
        if (watcher && watcher->isHolding() && m_heldHeads[i].parse(watcher->heldRequest()))
            m_heldPointers.append(&m_heldHeads[i]);
        else
            m_held[i].clear();
    }
    if (m_batch.prepare)
        m_batch.prepare(m_heldPointers);
    for (qsizetype i = 0; i < count; ++i) {
        if (auto* watcher = static_cast<ConnectionWatcher*>(m_held.at(i).data()))
            watcher->answerHeld(m_heldHeads.at(i));
    }
    m_held.clear();
    if (m_batch.finish)
        m_batch.finish();
}

GuardedTcpServer::GuardedTcpServer(QObject* parent)
    : GuardedTcpServer(Limits{}, parent)
{
}

GuardedTcpServer::GuardedTcpServer(const Limits& limits, QObject* parent)
    : QTcpServer(parent)
    , m_limits(limits)
{
}

GuardedTcpServer::~GuardedTcpServer()
{
    close();
}

GuardedTcpServer::Answer GuardedTcpServer::nextAnswer(QTcpSocket* socket)
{
    for (QObject* child : socket->children()) {
        if (auto* watcher = dynamic_cast<ConnectionWatcher*>(child))
            return watcher->nextAnswer();
    }
    return Answer::KeepOpen;
}

void GuardedTcpServer::incomingConnection(qintptr descriptor)
{
    auto* socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    if (m_open >= m_limits.maxConnections) {
        ++m_counters->refused;
        socket->write(errorResponse(503, "Service Unavailable", "unavailable", "too many open connections"));
        socket->disconnectFromHost();
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        QTimer::singleShot(1000, socket, &QObject::deleteLater);
        return;
    }
    ++m_open;
    ++m_counters->open;
    connect(socket, &QObject::destroyed, this, [this, counters = m_counters] {
        --m_open;
        --counters->open;
    });
    if (m_fastResponder && m_scratch.size() != m_limits.maxHeaderBytes + 4)
        m_scratch.resize(m_limits.maxHeaderBytes + 4);
    new ConnectionWatcher(socket, *this, m_limits, m_scratch); // connected to readyRead before the HTTP server is
    addPendingConnection(socket); // QTcpServer emits newConnection() after we return
}
