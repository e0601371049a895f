#pragma once

#include <QByteArray>
#include <QHttpServerRequest>
#include <QList>
#include <QString>

#include <utility>

class HttpRequestHead;

// What the validator's routes read of a request, whichever reader produced it: Qt HTTP
// Server (every route), or the connection's own reader of the hot forward-auth routes
// (HttpRequestHead, through GuardedTcpServer). Routes see one type, so both readers get
// the same answers.
class ValidatorRequest
{
public:
    using Method = QHttpServerRequest::Method;

    explicit ValidatorRequest(const QHttpServerRequest& request);
    // `head` must outlive this object; `remoteAddress` is the peer's address as text.
    ValidatorRequest(const HttpRequestHead& head, QString remoteAddress);

    Method method() const { return m_method; }
    const QString& path() const { return m_path; } // decoded, without the query
    // The first header field named `name` (case-insensitive); empty when there is none.
    QByteArrayView header(QByteArrayView name) const;
    int headerCount(QByteArrayView name) const;
    QByteArray body() const;
    const QString& remoteAddress() const { return m_remoteAddress; }
    // True when the query names a key parameter (api_key, token, ...): such a request is refused.
    bool hasKeyInQuery() const;

    // Only requests Qt HTTP Server read have one (the admin API reads it); null otherwise.
    const QHttpServerRequest* qtRequest() const { return m_qt; }

    // True when `query` (the part after '?', still percent-encoded) names a key parameter.
    static bool queryHasKeyParameter(QByteArrayView query);

private:
    const QHttpServerRequest* m_qt = nullptr;
    const HttpRequestHead* m_head = nullptr;
    QList<std::pair<QByteArray, QByteArray>> m_qtHeaders;
    Method m_method = Method::Unknown;
    QString m_path;
    QString m_remoteAddress;
};
