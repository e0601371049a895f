#include "HttpFraming.h"

#include "HttpTokens.h"

namespace {

using HttpTokens::equalsIgnoringCase;
using HttpTokens::isTokenChar;
using HttpTokens::trimmed;

HttpFraming invalid(const char* problem)
{
    HttpFraming framing;
    framing.kind = HttpFraming::Kind::Invalid;
    framing.problem = problem;
    return framing;
}

// A Content-Length value: 1*DIGIT, else -1. Not a list ("5, 5", which RFC 9110 would let
// a recipient read as 5): Qt HTTP Server reads that as no length at all.
qint64 contentLength(QByteArrayView value)
{
    const QByteArrayView digits = trimmed(value);
    if (digits.isEmpty() || digits.size() > 15) // beyond any body size a server could take
        return -1;
    qint64 number = 0;
    for (const char c : digits) {
        if (c < '0' || c > '9')
            return -1;
        number = number * 10 + (c - '0');
    }
    return number;
}

// True when the comma-separated list `value` holds `option` (ASCII case-insensitive).
bool hasOption(QByteArrayView value, QByteArrayView option)
{
    while (true) {
        const qsizetype comma = value.indexOf(',');
        if (equalsIgnoringCase(trimmed(comma < 0 ? value : value.first(comma)), option))
            return true;
        if (comma < 0)
            return false;
        value = value.sliced(comma + 1);
    }
}

// The request line, RFC 9112 section 3: method SP request-target SP HTTP-version, each
// part present, single spaces, no control character. nullptr when it is well formed.
const char* requestLineProblem(QByteArrayView line)
{
    const qsizetype first = line.indexOf(' ');
    const qsizetype last = line.lastIndexOf(' ');
    if (first <= 0 || last <= first + 1 || line.sliced(first + 1, last - first - 1).contains(' '))
        return "a malformed request line";
    for (const char c : line.first(first)) {
        if (!isTokenChar(c))
            return "a malformed request method";
    }
    for (const char c : line.sliced(first + 1, last - first - 1)) {
        if (uchar(c) < 0x21 || uchar(c) == 0x7f)
            return "a control character in the request target";
    }
    const QByteArrayView version = line.sliced(last + 1);
    const auto digit = [](char c) {
        return c >= '0' && c <= '9';
    };
    if (version.size() != 8 || !version.startsWith("HTTP/") || !digit(version[5]) || version[6] != '.'
        || !digit(version[7]))
        return "a malformed HTTP version";
    return nullptr;
}

// Qt's header parser (QHttpHeaderParser) gives up beyond 100 fields, and Qt HTTP Server
// then reads the request as if it had no header at all: a body this reader expects would
// be read there as the next request. (Its limit on one field is above GuardedTcpServer's
// 16 KiB for the whole head: Qt 6.4.2 reads a 12 KiB field.)
constexpr int kMaxFields = 100;

} // namespace

HttpFraming HttpFraming::of(QByteArrayView head)
{
    qint64 length = -1;
    bool hasLength = false;
    bool hasTransferEncoding = false;
    int codings = 0;
    bool chunkedLast = false;
    bool chunkedEarlier = false;
    head = head.sliced(HttpTokens::headStart(head));
    // Lines end in CRLF, anywhere in the head (the request line included).
    if (HttpTokens::hasBareLineFeed(head, 0, head.size()))
        return invalid("a bare CR or LF in the request head");
    for (qsizetype i = 0; i < head.size(); ++i) {
        if (head[i] == '\r' && (i + 1 == head.size() || head[i + 1] != '\n'))
            return invalid("a bare CR or LF in the request head");
    }
    int fields = 0;
    qsizetype at = head.indexOf("\r\n");
    const QByteArrayView requestLine = at < 0 ? head : head.first(at);
    if (const char* problem = requestLineProblem(requestLine))
        return invalid(problem);
    // HTTP/1.2 reads as 1.1 (RFC 9112 section 2.5: the highest minor version supported);
    // another major version is not this protocol.
    if (!requestLine.sliced(requestLine.size() - 3).startsWith("1.")) {
        HttpFraming framing = invalid("only HTTP/1.1 and HTTP/1.0 are supported");
        framing.status = 505;
        framing.reason = "HTTP Version Not Supported";
        return framing;
    }
    bool closes = requestLine.endsWith(" HTTP/1.0");
    while (at >= 0) {
        at += 2;
        const qsizetype end = head.indexOf("\r\n", at);
        const QByteArrayView line = end < 0 ? head.sliced(at) : head.sliced(at, end - at);
        at = end;
        if (line.isEmpty())
            continue;
        if (++fields > kMaxFields)
            return invalid("more than 100 request header fields");
        if (line.front() == ' ' || line.front() == '\t')
            return invalid("obsolete line folding in the request headers");
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return invalid("a malformed request header line");
        const QByteArrayView name = line.first(colon);
        for (const char c : name) {
            if (!isTokenChar(c))
                return invalid("a malformed request header name");
        }
        const QByteArrayView value = line.sliced(colon + 1);
        if (equalsIgnoringCase(name, "content-length")) {
            const qint64 announced = contentLength(value);
            if (announced < 0)
                return invalid("invalid Content-Length");
            if (hasLength && announced != length)
                return invalid("conflicting Content-Length headers");
            hasLength = true;
            length = announced;
        } else if (equalsIgnoringCase(name, "connection")) {
            closes = closes || hasOption(value, "close");
        } else if (equalsIgnoringCase(name, "transfer-encoding")) {
            hasTransferEncoding = true;
            QByteArrayView rest = value;
            while (true) {
                const qsizetype comma = rest.indexOf(',');
                const QByteArrayView coding = trimmed(comma < 0 ? rest : rest.first(comma));
                if (!coding.isEmpty()) {
                    chunkedEarlier = chunkedEarlier || chunkedLast;
                    chunkedLast = equalsIgnoringCase(coding, "chunked");
                    ++codings;
                }
                if (comma < 0)
                    break;
                rest = rest.sliced(comma + 1);
            }
        }
    }
    if (hasTransferEncoding) {
        if (hasLength)
            return invalid("both Transfer-Encoding and Content-Length");
        if (!chunkedLast || chunkedEarlier || codings > 1)
            return invalid("a transfer coding other than chunked");
        HttpFraming framing;
        framing.kind = Kind::Chunked;
        framing.closes = closes;
        return framing;
    }
    HttpFraming framing;
    framing.closes = closes;
    if (hasLength && length > 0) {
        framing.kind = Kind::Length;
        framing.length = length;
    }
    return framing;
}
