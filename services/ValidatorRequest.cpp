#include "ValidatorRequest.h"

#include "HttpRequestHead.h"

#include <QUrl>

namespace {

ValidatorRequest::Method methodOf(QByteArrayView name)
{
    using Method = ValidatorRequest::Method;
    if (name == "GET")
        return Method::Get;
    if (name == "HEAD")
        return Method::Head;
    if (name == "POST")
        return Method::Post;
    if (name == "PUT")
        return Method::Put;
    if (name == "DELETE")
        return Method::Delete;
    return Method::Unknown;
}

// The hot routes' paths, shared rather than built per request.
QString pathOf(QByteArrayView path)
{
    static const QString verify = QStringLiteral("/v1/verify");
    static const QString auth = QStringLiteral("/v1/auth");
    if (path == "/v1/verify")
        return verify;
    if (path == "/v1/auth")
        return auth;
    return QUrl::fromPercentEncoding(path.toByteArray());
}

bool isKeyParameterName(QByteArrayView encoded)
{
    // Spellings a client might use, compared after decoding, lower-casing, '-' as '_' and
    // without a trailing "[]" (api_key[]=...).
    QByteArray name = QByteArray::fromPercentEncoding(encoded.toByteArray()).trimmed().toLower();
    name.replace('-', '_');
    if (name.endsWith("[]"))
        name.chop(2);
    static const QByteArrayView names[]{"api_key", "apikey", "key", "token", "access_token", "x_api_key", "auth_token"};
    for (const QByteArrayView known : names) {
        if (name == known)
            return true;
    }
    return false;
}

} // namespace

ValidatorRequest::ValidatorRequest(const QHttpServerRequest& request)
    : m_qt(&request)
    , m_qtHeaders(request.headers())
    , m_method(request.method())
    , m_path(request.url().path())
    , m_remoteAddress(request.remoteAddress().toString())
{
}

ValidatorRequest::ValidatorRequest(const HttpRequestHead& head, QString remoteAddress)
    : m_head(&head)
    , m_method(methodOf(head.method()))
    , m_path(pathOf(head.path()))
    , m_remoteAddress(std::move(remoteAddress))
{
}

QByteArrayView ValidatorRequest::header(QByteArrayView name) const
{
    if (m_head)
        return m_head->value(name);
    for (const auto& [field, value] : m_qtHeaders) {
        if (QByteArrayView(field).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

int ValidatorRequest::headerCount(QByteArrayView name) const
{
    if (m_head)
        return m_head->count(name);
    int found = 0;
    for (const auto& field : m_qtHeaders) {
        if (QByteArrayView(field.first).compare(name, Qt::CaseInsensitive) == 0)
            ++found;
    }
    return found;
}

QByteArray ValidatorRequest::body() const
{
    return m_qt ? m_qt->body() : QByteArray();
}

bool ValidatorRequest::hasKeyInQuery() const
{
    if (m_head)
        return m_head->hasQuery() && queryHasKeyParameter(m_head->target().sliced(m_head->path().size() + 1));
    const QUrl url = m_qt->url();
    return url.hasQuery() && queryHasKeyParameter(url.query(QUrl::FullyEncoded).toUtf8());
}

bool ValidatorRequest::queryHasKeyParameter(QByteArrayView query)
{
    // Both '&' and ';' separate parameters (HTML 4 allowed ';', and some servers still split on it).
    qsizetype start = 0;
    while (start <= query.size()) {
        qsizetype end = start;
        while (end < query.size() && query[end] != '&' && query[end] != ';')
            ++end;
        const QByteArrayView item = query.sliced(start, end - start);
        const qsizetype equals = item.indexOf('=');
        if (isKeyParameterName(equals < 0 ? item : item.first(equals)))
            return true;
        start = end + 1;
    }
    return false;
}
