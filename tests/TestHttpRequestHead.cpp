// The validator's own reader of request heads: what it accepts, what it leaves to Qt HTTP
// Server, and the key-parameter rule both readers share (ValidatorRequest).
#include "HttpRequestHead.h"
#include "JsonFormat.h"
#include "ValidatorRequest.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

class TestHttpRequestHead : public QObject
{
    Q_OBJECT

private slots:
    void readsARequest();
    void fieldLookupIgnoresCase();
    void leavesUnusualHeadsToQt_data();
    void leavesUnusualHeadsToQt();
    void recognizesBodiesAndConnectionChanges_data();
    void recognizesBodiesAndConnectionChanges();
    void capsTheNumberOfFields();
    void findsKeyParameters_data();
    void findsKeyParameters();
    void quotesJsonStrings_data();
    void quotesJsonStrings();
};

void TestHttpRequestHead::readsARequest()
{
    const QByteArray raw = "GET /v1/verify?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization:  Bearer pk_live_a \t\r\n"
                           "X-Empty:\r\n\r\n";
    HttpRequestHead head;
    QVERIFY(head.parse(raw));
    QCOMPARE(head.method(), QByteArrayView("GET"));
    QCOMPARE(head.target(), QByteArrayView("/v1/verify?x=1"));
    QCOMPARE(head.path(), QByteArrayView("/v1/verify"));
    QVERIFY(head.hasQuery());
    QCOMPARE(head.fieldCount(), 3);
    QCOMPARE(head.value("Authorization"), QByteArrayView("Bearer pk_live_a")); // spaces around trimmed
    QCOMPARE(head.value("X-Empty"), QByteArrayView(""));
    QVERIFY(head.value("X-Missing").isNull());
    QVERIFY(head.isBodylessKeepAlive());

    QVERIFY(head.parse("HEAD / HTTP/1.1\r\n\r\n"));
    QCOMPARE(head.fieldCount(), 0);
    QVERIFY(!head.hasQuery());
}

void TestHttpRequestHead::fieldLookupIgnoresCase()
{
    HttpRequestHead head;
    QVERIFY(head.parse("GET / HTTP/1.1\r\nauthorization: a\r\nAUTHORIZATION: b\r\nx-required-scope: read\r\n\r\n"));
    QCOMPARE(head.value("Authorization"), QByteArrayView("a"));
    QCOMPARE(head.count("Authorization"), 2);
    QCOMPARE(head.value("X-Required-Scope"), QByteArrayView("read"));
    QCOMPARE(head.count("X-Required"), 0);
}

void TestHttpRequestHead::leavesUnusualHeadsToQt_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::newRow("HTTP/1.0") << QByteArray("GET / HTTP/1.0\r\n\r\n");
    QTest::newRow("HTTP/2 preface") << QByteArray("PRI * HTTP/2.0\r\n\r\n");
    QTest::newRow("absolute form") << QByteArray("GET http://x/v1/verify HTTP/1.1\r\n\r\n");
    QTest::newRow("no target") << QByteArray("GET  HTTP/1.1\r\n\r\n");
    QTest::newRow("space in target") << QByteArray("GET /a b HTTP/1.1\r\n\r\n");
    QTest::newRow("non-ASCII target") << QByteArray("GET /\xc3\xa9 HTTP/1.1\r\n\r\n");
    QTest::newRow("lower-case version") << QByteArray("GET / http/1.1\r\n\r\n");
    QTest::newRow("no blank line") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n");
    QTest::newRow("bare LF") << QByteArray("GET / HTTP/1.1\nHost: x\n\r\n\r\n");
    QTest::newRow("folded field") << QByteArray("GET / HTTP/1.1\r\nX-A: a\r\n b\r\n\r\n");
    QTest::newRow("space before colon") << QByteArray("GET / HTTP/1.1\r\nHost : x\r\n\r\n");
    QTest::newRow("no colon") << QByteArray("GET / HTTP/1.1\r\nHost\r\n\r\n");
    QTest::newRow("empty name") << QByteArray("GET / HTTP/1.1\r\n: x\r\n\r\n");
    QTest::newRow("control byte in value") << QByteArray("GET / HTTP/1.1\r\nX-A: a\x01b\r\n\r\n");
    QTest::newRow("lone CR in value") << QByteArray("GET / HTTP/1.1\r\nX-A: a\rb\r\n\r\n");
    QTest::newRow("NUL in value") << QByteArray("GET / HTTP/1.1\r\nX-A: a", 22) + QByteArray(1, '\0') + "\r\n\r\n";
    QTest::newRow("DEL in value") << QByteArray("GET / HTTP/1.1\r\nX-A: a\x7f\r\n\r\n");
    QTest::newRow("bad method") << QByteArray("G(T / HTTP/1.1\r\n\r\n");
    QTest::newRow("empty") << QByteArray("\r\n\r\n");
    QTest::newRow("nothing") << QByteArray();
}

void TestHttpRequestHead::leavesUnusualHeadsToQt()
{
    QFETCH(QByteArray, raw);
    HttpRequestHead head;
    QVERIFY(!head.parse(raw));
}

void TestHttpRequestHead::recognizesBodiesAndConnectionChanges_data()
{
    QTest::addColumn<QByteArray>("field");
    QTest::addColumn<bool>("simple");
    QTest::newRow("keep-alive") << QByteArray("Connection: Keep-Alive") << true;
    QTest::newRow("empty body") << QByteArray("Content-Length: 0") << true;
    QTest::newRow("UTF-8 in a value") << QByteArray("User-Agent: caf\xc3\xa9") << true;
    QTest::newRow("a body") << QByteArray("Content-Length: 2") << false;
    QTest::newRow("a padded length") << QByteArray("content-length: 00") << false;
    QTest::newRow("chunked") << QByteArray("Transfer-Encoding: chunked") << false;
    QTest::newRow("close") << QByteArray("Connection: close") << false;
    QTest::newRow("upgrade") << QByteArray("Upgrade: websocket") << false;
    QTest::newRow("expect") << QByteArray("Expect: 100-continue") << false;
}

void TestHttpRequestHead::recognizesBodiesAndConnectionChanges()
{
    QFETCH(QByteArray, field);
    QFETCH(bool, simple);
    // The head only views the bytes it parsed, so they have to outlive it.
    const QByteArray raw = "GET /v1/auth HTTP/1.1\r\nHost: x\r\n" + field + "\r\n\r\n";
    HttpRequestHead head;
    QVERIFY(head.parse(raw));
    QCOMPARE(head.isBodylessKeepAlive(), simple);
}

void TestHttpRequestHead::capsTheNumberOfFields()
{
    QByteArray raw = "GET / HTTP/1.1\r\n";
    for (int i = 0; i < HttpRequestHead::MaxFields; ++i)
        raw += "X-" + QByteArray::number(i) + ": v\r\n";
    raw += "\r\n";
    HttpRequestHead head;
    QVERIFY(head.parse(raw));
    QCOMPARE(head.fieldCount(), HttpRequestHead::MaxFields);
    raw.insert(raw.size() - 2, "X-One-Too-Many: v\r\n");
    QVERIFY(!head.parse(raw));
}

void TestHttpRequestHead::findsKeyParameters_data()
{
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<bool>("key");
    QTest::newRow("api_key") << QByteArray("api_key=pk") << true;
    QTest::newRow("second of three") << QByteArray("a=1&token=x&b=2") << true;
    QTest::newRow("after ';'") << QByteArray("a=1;key=x") << true;
    QTest::newRow("api-key") << QByteArray("api-key=x") << true;
    QTest::newRow("X-API-KEY") << QByteArray("X-API-KEY=x") << true;
    QTest::newRow("api_key[]") << QByteArray("api_key[]=x") << true;
    QTest::newRow("encoded name") << QByteArray("%61pi%5Fkey=x") << true;
    QTest::newRow("encoded brackets") << QByteArray("apikey%5B%5D=x") << true;
    QTest::newRow("no value") << QByteArray("access_token") << true;
    QTest::newRow("auth_token") << QByteArray("Auth_Token=x") << true;
    QTest::newRow("empty") << QByteArray("") << false;
    QTest::newRow("separators only") << QByteArray("&;&") << false;
    QTest::newRow("key as a value") << QByteArray("sort=key&q=api_key") << false;
    QTest::newRow("longer names") << QByteArray("monkey=1&keys=2&tokens=3&api_keys=4") << false;
}

void TestHttpRequestHead::findsKeyParameters()
{
    QFETCH(QByteArray, query);
    QFETCH(bool, key);
    QCOMPARE(ValidatorRequest::queryHasKeyParameter(query), key);
}

void TestHttpRequestHead::quotesJsonStrings_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("plain") << QStringLiteral("acme-corp");
    QTest::newRow("quotes and backslashes") << QStringLiteral("a\"b\\c");
    QTest::newRow("controls") << QString::fromUtf8("tab\there\nline\rcr\x01\x1f");
    QTest::newRow("non-ASCII") << QString::fromUtf8("Zürich 東京 \xf0\x9f\x94\x91");
    QTest::newRow("empty") << QString();
}

void TestHttpRequestHead::quotesJsonStrings()
{
    QFETCH(QString, text);
    QByteArray out = "{\"v\":";
    JsonFormat::appendQuoted(out, text);
    out += '}';
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(out, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(document.object().value(QStringLiteral("v")).toString(), text);
}

QTEST_GUILESS_MAIN(TestHttpRequestHead)
#include "TestHttpRequestHead.moc"
