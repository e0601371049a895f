#include "HttpReply.h"

#include <QStringEncoder>

#include <charconv>

void HttpReply::appendNumber(QByteArray& out, qint64 value)
{
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    out.append(digits, end - digits);
}

void HttpReply::Piece::appendTo(QByteArray& out) const
{
    if (m_isNumber)
        appendNumber(out, m_number);
    else
        out.append(m_text);
}

void HttpReply::header(QByteArrayView name, std::initializer_list<Piece> value)
{
    m_headerLines.append(name).append(": ");
    for (const Piece& piece : value)
        piece.appendTo(m_headerLines);
    m_headerLines.append("\r\n");
}

void HttpReply::header(QByteArrayView name, const QStringList& values, char separator)
{
    m_headerLines.append(name).append(": ");
    QStringEncoder utf8(QStringEncoder::Utf8);
    for (qsizetype i = 0; i < values.size(); ++i) {
        if (i > 0)
            m_headerLines.append(separator);
        const qsizetype at = m_headerLines.size();
        m_headerLines.resize(at + utf8.requiredSpace(values.at(i).size()));
        char* end = utf8.appendToBuffer(m_headerLines.data() + at, values.at(i));
        m_headerLines.resize(end - m_headerLines.constData());
    }
    m_headerLines.append("\r\n");
}

QByteArrayView HttpReply::headerValue(QByteArrayView name) const
{
    const QByteArrayView lines(m_headerLines);
    for (qsizetype at = 0; at < lines.size();) {
        const qsizetype end = lines.indexOf("\r\n", at);
        const QByteArrayView line = lines.sliced(at, end - at);
        if (line.startsWith(name) && line.sliced(name.size()).startsWith(": "))
            return line.sliced(name.size() + 2);
        at = end + 2;
    }
    return {};
}

void HttpReply::copyHeadersFrom(const HttpReply& other, QByteArrayView exceptName)
{
    const QByteArrayView lines(other.m_headerLines);
    for (qsizetype at = 0; at < lines.size();) {
        const qsizetype end = lines.indexOf("\r\n", at) + 2;
        const QByteArrayView line = lines.sliced(at, end - at);
        if (!(line.startsWith(exceptName) && line.sliced(exceptName.size()).startsWith(": ")))
            m_headerLines.append(line);
        at = end;
    }
}

void HttpReply::clear()
{
    status = 200;
    body.resize(0);
    contentType = QByteArrayLiteral("application/json");
    m_headerLines.resize(0);
}

QString HttpReply::errorCode() const
{
    if (status < 400 || body.isEmpty())
        return {};
    return QJsonDocument::fromJson(body)
        .object()
        .value(QStringLiteral("error"))
        .toObject()
        .value(QStringLiteral("code"))
        .toString();
}

QByteArrayView HttpReply::reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 308:
        return "Permanent Redirect";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 409:
        return "Conflict";
    case 413:
        return "Content Too Large";
    case 422:
        return "Unprocessable Content";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Unknown";
    }
}

void HttpReply::appendTo(QByteArray& out, bool headRequest) const
{
    const qsizetype length = status == 204 ? 0 : body.size();
    out.reserve(out.size() + 64 + contentType.size() + m_headerLines.size() + (headRequest ? 0 : length));
    out.append("HTTP/1.1 ");
    appendNumber(out, status);
    out.append(' ').append(reasonPhrase(status)).append("\r\n");
    out.append(m_headerLines);
    if (!contentType.isEmpty())
        out.append("Content-Type: ").append(contentType).append("\r\n");
    out.append("Content-Length: ");
    appendNumber(out, length);
    out.append("\r\n\r\n");
    if (!headRequest && length > 0)
        out.append(body);
}
