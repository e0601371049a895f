#pragma once

#include "ErrorCode.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <initializer_list>

// What a validator route answers: status, headers and body, written once by the server.
// The headers are kept as the lines they are sent as, so that answering costs no
// allocation per header; a reply reused with clear() keeps its buffers (the hot path's).
class HttpReply
{
public:
    int status = 200;
    QByteArray body;
    QByteArray contentType = QByteArrayLiteral("application/json");

    // One piece of a header value: text, or a number written in decimal.
    class Piece
    {
    public:
        Piece(QByteArrayView text)
            : m_text(text)
        {
        }
        Piece(const QByteArray& text)
            : m_text(text)
        {
        }
        Piece(const char* text)
            : m_text(text)
        {
        }
        Piece(qint64 number)
            : m_number(number)
            , m_isNumber(true)
        {
        }
        Piece(int number)
            : Piece(qint64(number))
        {
        }
        void appendTo(QByteArray& out) const;

    private:
        QByteArrayView m_text;
        qint64 m_number = 0;
        bool m_isNumber = false;
    };

    // Values are the validator's own (codes, ids, numbers, scopes InputRules admitted), never
    // a client's bytes: nothing here strips CR or LF.
    void header(QByteArrayView name, std::initializer_list<Piece> value);
    void header(QByteArrayView name, Piece value) { header(name, {value}); }
    // A header listing texts (UTF-8) separated by `separator`.
    void header(QByteArrayView name, const QStringList& values, char separator);
    // The first value of header `name` (exact case), or a null view.
    QByteArrayView headerValue(QByteArrayView name) const;
    // Copies every header line of `other` except those named `exceptName`.
    void copyHeadersFrom(const HttpReply& other, QByteArrayView exceptName);
    // Back to a new 200 reply, keeping the buffers' capacity.
    void clear();

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
    // Appends `value` in decimal, without a temporary.
    static void appendNumber(QByteArray& out, qint64 value);

private:
    QByteArray m_headerLines; // "Name: value\r\n" each
};
