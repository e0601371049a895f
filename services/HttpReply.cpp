#include "HttpReply.h"

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
    qsizetype size = 64 + contentType.size() + (headRequest ? 0 : length);
    for (const auto& [name, value] : headers)
        size += name.size() + value.size() + 4;
    out.reserve(out.size() + size);

    char number[24];
    const auto appendNumber = [&](qint64 value) {
        const int written = std::snprintf(number, sizeof number, "%lld", static_cast<long long>(value));
        out.append(number, written);
    };
    out.append("HTTP/1.1 ");
    appendNumber(status);
    out.append(' ').append(reasonPhrase(status)).append("\r\n");
    for (const auto& [name, value] : headers)
        out.append(name).append(": ").append(value).append("\r\n");
    if (!contentType.isEmpty())
        out.append("Content-Type: ").append(contentType).append("\r\n");
    out.append("Content-Length: ");
    appendNumber(length);
    out.append("\r\n\r\n");
    if (!headRequest && length > 0)
        out.append(body);
}
