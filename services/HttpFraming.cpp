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

// A Content-Length value: 1*DIGIT, or a list of the same number ("5, 5", which RFC 9110
// lets a recipient take as 5). -1 when it is anything else.
qint64 contentLength(QByteArrayView value)
{
    qint64 length = -1;
    while (true) {
        const qsizetype comma = value.indexOf(',');
        const QByteArrayView item = trimmed(comma < 0 ? value : value.first(comma));
        if (item.isEmpty() || item.size() > 15) // beyond any body size a server could take
            return -1;
        qint64 number = 0;
        for (const char c : item) {
            if (c < '0' || c > '9')
                return -1;
            number = number * 10 + (c - '0');
        }
        if (length >= 0 && number != length)
            return -1;
        length = number;
        if (comma < 0)
            return length;
        value = value.sliced(comma + 1);
    }
}

} // namespace

HttpFraming HttpFraming::of(QByteArrayView head)
{
    qint64 length = -1;
    bool hasLength = false;
    bool hasTransferEncoding = false;
    int codings = 0;
    bool chunkedLast = false;
    bool chunkedEarlier = false;
    qsizetype at = head.indexOf("\r\n");
    while (at >= 0) {
        at += 2;
        const qsizetype end = head.indexOf("\r\n", at);
        const QByteArrayView line = end < 0 ? head.sliced(at) : head.sliced(at, end - at);
        at = end;
        if (line.isEmpty())
            continue;
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
        if (value.contains('\r') || value.contains('\n'))
            return invalid("a malformed request header line");
        if (equalsIgnoringCase(name, "content-length")) {
            const qint64 announced = contentLength(value);
            if (announced < 0)
                return invalid("invalid Content-Length");
            if (hasLength && announced != length)
                return invalid("conflicting Content-Length headers");
            hasLength = true;
            length = announced;
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
        return framing;
    }
    HttpFraming framing;
    if (hasLength && length > 0) {
        framing.kind = Kind::Length;
        framing.length = length;
    }
    return framing;
}
