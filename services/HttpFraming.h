#pragma once

#include <QByteArrayView>

// How a request's body is delimited, read from its header block as RFC 9112 section 6.3
// says, refusing every header block that two parsers could read as different requests
// (request smuggling): two different Content-Length values, Transfer-Encoding beside a
// Content-Length, a transfer coding other than a final, single chunked, obsolete line
// folding, or a field name with whitespace before its colon. The request line must be
// `method SP target SP HTTP/1.x` (RFC 9112 section 3): Qt HTTP Server closed the connection
// without a word on anything else. GuardedTcpServer checks each
// request with it before Qt HTTP Server, whose parser would take the first value it sees.
// It also reads whether the connection ends after the request's answer (RFC 9112 section
// 9.6), which Qt HTTP Server 6.4 ignores.
struct HttpFraming
{
    enum class Kind { None, Length, Chunked, Invalid };
    Kind kind = Kind::None;
    qint64 length = 0; // Kind::Length
    const char* problem = nullptr; // Kind::Invalid: what the refusal says
    int status = 400; // Kind::Invalid: 400, or 505 for an HTTP version other than 1.x
    const char* reason = "Bad Request";
    // The client asked for the connection to be closed after the answer: a "close" option
    // in Connection, or HTTP/1.0 (whose keep-alive the validator does not offer).
    bool closes = false;

    // `head`: the request line and the header fields, without the blank line that ends them.
    static HttpFraming of(QByteArrayView head);
};
