#pragma once

#include "ErrorCode.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <utility>

// What a validator route answers: status, headers and body, written once by the server.
struct HttpReply
{
    int status = 200;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QByteArray contentType = QByteArrayLiteral("application/json");

    void header(QByteArray name, QByteArray value) { headers.emplace_back(std::move(name), std::move(value)); }
    void json(int code, const QJsonObject& object)
    {
        status = code;
        body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    }
    void json(int code, const QJsonArray& array)
    {
        status = code;
        body = QJsonDocument(array).toJson(QJsonDocument::Compact);
    }
    // SPEC's error body: {"error":{"code":"...","message":"..."}}
    void error(ErrorCode code, const QString& message)
    {
        error(ErrorCodes::httpStatus(code), ErrorCodes::wireCode(code), message);
    }
    void error(int httpStatus, const QString& code, const QString& message)
    {
        json(httpStatus,
             QJsonObject{{QStringLiteral("error"),
                          QJsonObject{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}}}});
    }
    void empty(int code)
    {
        status = code;
        body.clear();
        contentType.clear();
    }

    // SPEC's error code of an error body ("invalid_api_key"); empty for any other body.
    QString errorCode() const;
    // Appends the whole HTTP/1.1 response: status line, headers, Content-Type,
    // Content-Length, and the body unless `headRequest` (HEAD answers carry the length only).
    void appendTo(QByteArray& out, bool headRequest) const;
    // "OK", "Too Many Requests", ... (RFC 9110); "Unknown" for codes the validator never sends.
    static QByteArrayView reasonPhrase(int status);
};
