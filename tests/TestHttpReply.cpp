#include "HttpReply.h"
#include "UuidText.h"

#include <QTest>

class TestHttpReply : public QObject
{
    Q_OBJECT

private slots:
    void writesTheWholeResponse();
    void headerValuesFromPieces();
    void listHeaderIsUtf8();
    void headerValueFindsExactNames();
    void copiesHeadersExceptOne();
    void clearStartsAFreshReplyKeepingCapacity();
    void headRequestCarriesTheLengthOnly();
    void numbersAtTheirLimits();
    void uuidTextMatchesQt();
};

void TestHttpReply::writesTheWholeResponse()
{
    HttpReply reply;
    reply.status = 429;
    reply.header("Retry-After", 12);
    reply.body = QByteArrayLiteral("{\"a\":1}");
    QByteArray out = QByteArrayLiteral("previous answer|");
    reply.appendTo(out, false);
    QCOMPARE(out,
             QByteArrayLiteral("previous answer|HTTP/1.1 429 Too Many Requests\r\nRetry-After: 12\r\n"
                               "Content-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"a\":1}"));
}

void TestHttpReply::headerValuesFromPieces()
{
    HttpReply reply;
    reply.header("RateLimit", {"\"minute\";r=", 59, ";t=", qint64(7)});
    reply.header("X-Text", QByteArrayLiteral("plain"));
    reply.header("X-Negative", qint64(-42));
    QCOMPARE(reply.headerValue("RateLimit"), QByteArrayView("\"minute\";r=59;t=7"));
    QCOMPARE(reply.headerValue("X-Text"), QByteArrayView("plain"));
    QCOMPARE(reply.headerValue("X-Negative"), QByteArrayView("-42"));
}

void TestHttpReply::listHeaderIsUtf8()
{
    HttpReply reply;
    reply.header("X-Scopes", QStringList{QStringLiteral("keys:read"), QStringLiteral("café"), QStringLiteral("*")},
                 ',');
    reply.header("X-Empty", QStringList{}, ',');
    QCOMPARE(reply.headerValue("X-Scopes"), QByteArrayView("keys:read,caf\xc3\xa9,*"));
    QVERIFY(!reply.headerValue("X-Empty").isNull());
    QCOMPARE(reply.headerValue("X-Empty").size(), 0);
}

void TestHttpReply::headerValueFindsExactNames()
{
    HttpReply reply;
    reply.header("X-Auth-Error-Detail", "not this one");
    reply.header("X-Auth-Error", "invalid_api_key");
    reply.header("X-Auth-Error", "second");
    QCOMPARE(reply.headerValue("X-Auth-Error"), QByteArrayView("invalid_api_key"));
    QVERIFY(reply.headerValue("X-Auth").isNull());
    QVERIFY(reply.headerValue("x-auth-error").isNull()); // the validator names its own headers exactly
    QVERIFY(HttpReply().headerValue("X-Auth-Error").isNull());
}

void TestHttpReply::copiesHeadersExceptOne()
{
    HttpReply from;
    from.header("Allow", "GET, POST");
    from.header("X-RateLimit-Limit", 60);
    from.header("Allowed-Thing", "kept: its name only starts like the dropped one");
    from.header("Allow", "HEAD");
    HttpReply to;
    to.header("X-First", "1");
    to.copyHeadersFrom(from, "Allow");
    QByteArray out;
    to.empty(403);
    to.appendTo(out, false);
    QCOMPARE(out,
             QByteArrayLiteral("HTTP/1.1 403 Forbidden\r\nX-First: 1\r\nX-RateLimit-Limit: 60\r\n"
                               "Allowed-Thing: kept: its name only starts like the dropped one\r\n"
                               "Content-Length: 0\r\n\r\n"));
}

void TestHttpReply::clearStartsAFreshReplyKeepingCapacity()
{
    HttpReply reply;
    reply.error(ErrorCode::InvalidApiKey, QStringLiteral("no such key"));
    reply.header("WWW-Authenticate", "Bearer");
    reply.empty(401);
    reply.clear();
    QCOMPARE(reply.status, 200);
    QVERIFY(reply.body.isEmpty());
    QCOMPARE(reply.contentType, QByteArrayLiteral("application/json"));
    QVERIFY(reply.headerValue("WWW-Authenticate").isNull());
    QByteArray out;
    reply.appendTo(out, false);
    QCOMPARE(out, QByteArrayLiteral("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 0\r\n\r\n"));

    reply.body.append(QByteArray(300, 'x'));
    const auto capacity = reply.body.capacity();
    reply.clear();
    QCOMPARE(reply.body.capacity(), capacity);
}

void TestHttpReply::headRequestCarriesTheLengthOnly()
{
    HttpReply reply;
    reply.body = QByteArrayLiteral("12345");
    QByteArray out;
    reply.appendTo(out, true);
    QVERIFY(out.endsWith("Content-Length: 5\r\n\r\n"));
}

void TestHttpReply::numbersAtTheirLimits()
{
    for (const qint64 value :
         {qint64(0), qint64(-1), std::numeric_limits<qint64>::max(), std::numeric_limits<qint64>::min()}) {
        QByteArray out = "n=";
        HttpReply::appendNumber(out, value);
        QCOMPARE(out, "n=" + QByteArray::number(value));
    }
}

void TestHttpReply::uuidTextMatchesQt()
{
    QCOMPARE(UuidText(QUuid()).view(), QByteArrayView("00000000-0000-0000-0000-000000000000"));
    const QUuid fixed(QStringLiteral("{0a1B2c3D-4e5F-6789-abcd-EF0123456789}"));
    QCOMPARE(UuidText(fixed).view(), QByteArrayView("0a1b2c3d-4e5f-6789-abcd-ef0123456789"));
    for (int i = 0; i < 1000; ++i) {
        const QUuid id = QUuid::createUuid();
        QCOMPARE(UuidText(id).view(), QByteArrayView(id.toByteArray(QUuid::WithoutBraces)));
    }
}

QTEST_GUILESS_MAIN(TestHttpReply)
#include "TestHttpReply.moc"
