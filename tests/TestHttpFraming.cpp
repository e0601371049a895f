// How GuardedTcpServer reads where a request's body ends (RFC 9112 section 6.3), and the
// header blocks it refuses because two parsers could read them as different requests.
#include "HttpFraming.h"

#include <QTest>

class TestHttpFraming : public QObject
{
    Q_OBJECT

private slots:
    void readsTheBodyLength_data();
    void readsTheBodyLength();
    void refusesAmbiguousFraming_data();
    void refusesAmbiguousFraming();
    void readsTheRequestLineAsQtDoes();
    void refusesMalformedRequestLines_data();
    void refusesMalformedRequestLines();
    void readsWhetherTheConnectionCloses_data();
    void readsWhetherTheConnectionCloses();
};

namespace {
QByteArray head(const QByteArray& fields)
{
    return "POST /v1/agents/a/run HTTP/1.1\r\nHost: x" + (fields.isEmpty() ? QByteArray() : "\r\n" + fields);
}
} // namespace

void TestHttpFraming::readsTheBodyLength_data()
{
    QTest::addColumn<QByteArray>("fields");
    QTest::addColumn<int>("kind");
    QTest::addColumn<qint64>("length");
    using Kind = HttpFraming::Kind;
    QTest::newRow("no body") << QByteArray() << int(Kind::None) << qint64(0);
    QTest::newRow("length") << QByteArray("Content-Length: 34") << int(Kind::Length) << qint64(34);
    QTest::newRow("zero") << QByteArray("Content-Length: 0") << int(Kind::None) << qint64(0);
    QTest::newRow("name in any case, spaces around")
        << QByteArray("content-LENGTH:  \t12 \t") << int(Kind::Length) << qint64(12);
    QTest::newRow("the same length twice")
        << QByteArray("Content-Length: 5\r\nContent-Length: 5") << int(Kind::Length) << qint64(5);
    QTest::newRow("chunked") << QByteArray("Transfer-Encoding: chunked") << int(Kind::Chunked) << qint64(0);
    QTest::newRow("chunked in any case") << QByteArray("transfer-encoding:  Chunked ") << int(Kind::Chunked)
                                         << qint64(0);
    QTest::newRow("a length-like field name") << QByteArray("X-Content-Length: 99") << int(Kind::None) << qint64(0);
    QTest::newRow("100 fields") << QByteArray("X-F: 1\r\n").repeated(98) + "Content-Length: 1" << int(Kind::Length)
                                << qint64(1);
    QTest::newRow("a field of 12 KiB") << "X-F: " + QByteArray(12 * 1024, 'a') << int(Kind::None) << qint64(0);
    QTest::newRow("chunked in another field")
        << QByteArray("X-Note: chunked\r\nContent-Length: 3") << int(Kind::Length) << qint64(3);
}

void TestHttpFraming::readsTheBodyLength()
{
    QFETCH(QByteArray, fields);
    QFETCH(int, kind);
    QFETCH(qint64, length);
    const HttpFraming framing = HttpFraming::of(head(fields));
    QCOMPARE(int(framing.kind), kind);
    QCOMPARE(framing.length, length);
    QVERIFY(!framing.problem);
}

void TestHttpFraming::refusesAmbiguousFraming_data()
{
    QTest::addColumn<QByteArray>("fields");
    QTest::addColumn<QByteArray>("problem");
    QTest::newRow("two different lengths")
        << QByteArray("Content-Length: 0\r\nContent-Length: 34") << QByteArray("conflicting Content-Length headers");
    QTest::newRow("a list of different lengths")
        << QByteArray("Content-Length: 0, 34") << QByteArray("invalid Content-Length");
    QTest::newRow("negative") << QByteArray("Content-Length: -5") << QByteArray("invalid Content-Length");
    QTest::newRow("plus sign") << QByteArray("Content-Length: +5") << QByteArray("invalid Content-Length");
    QTest::newRow("hex") << QByteArray("Content-Length: 0x10") << QByteArray("invalid Content-Length");
    QTest::newRow("empty") << QByteArray("Content-Length: ") << QByteArray("invalid Content-Length");
    QTest::newRow("too many digits") << QByteArray("Content-Length: 99999999999999999999")
                                     << QByteArray("invalid Content-Length");
    QTest::newRow("chunked and a length") << QByteArray("Transfer-Encoding: chunked\r\nContent-Length: 34")
                                          << QByteArray("both Transfer-Encoding and Content-Length");
    QTest::newRow("a length and chunked") << QByteArray("Content-Length: 34\r\nTransfer-Encoding: chunked")
                                          << QByteArray("both Transfer-Encoding and Content-Length");
    QTest::newRow("gzip") << QByteArray("Transfer-Encoding: gzip")
                          << QByteArray("a transfer coding other than chunked");
    QTest::newRow("gzip, chunked") << QByteArray("Transfer-Encoding: gzip, chunked")
                                   << QByteArray("a transfer coding other than chunked");
    QTest::newRow("chunked, then gzip in a second field")
        << QByteArray("Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip")
        << QByteArray("a transfer coding other than chunked");
    QTest::newRow("chunked twice") << QByteArray("Transfer-Encoding: chunked, chunked")
                                   << QByteArray("a transfer coding other than chunked");
    QTest::newRow("empty transfer coding")
        << QByteArray("Transfer-Encoding: ") << QByteArray("a transfer coding other than chunked");
    QTest::newRow("space before the colon")
        << QByteArray("Content-Length : 34") << QByteArray("a malformed request header name");
    QTest::newRow("tab before the colon")
        << QByteArray("Transfer-Encoding\t: chunked") << QByteArray("a malformed request header name");
    QTest::newRow("obsolete folding") << QByteArray("X-A: 1\r\n Content-Length: 34")
                                      << QByteArray("obsolete line folding in the request headers");
    QTest::newRow("no colon") << QByteArray("Content-Length 34") << QByteArray("a malformed request header line");
    QTest::newRow("empty name") << QByteArray(": 34") << QByteArray("a malformed request header line");
    QTest::newRow("bare LF inside a line")
        << QByteArray("X-A: 1\nContent-Length: 34") << QByteArray("a bare CR or LF in the request head");
    QTest::newRow("lone CR inside a line")
        << QByteArray("X-A: 1\rContent-Length: 34") << QByteArray("a bare CR or LF in the request head");
    // Qt reads a list as no length at all, so the body would be its next request.
    QTest::newRow("a list of the same length")
        << QByteArray("Content-Length: 5, 5") << QByteArray("invalid Content-Length");
    // Beyond these Qt drops every header, Content-Length included.
    QTest::newRow("101 fields") << QByteArray("X-F: 1\r\n").repeated(99) + "Content-Length: 34"
                                << QByteArray("more than 100 request header fields");
}

void TestHttpFraming::refusesAmbiguousFraming()
{
    QFETCH(QByteArray, fields);
    QFETCH(QByteArray, problem);
    const HttpFraming framing = HttpFraming::of(head(fields));
    QCOMPARE(int(framing.kind), int(HttpFraming::Kind::Invalid));
    QVERIFY(framing.problem);
    QCOMPARE(QByteArray(framing.problem), problem);
}

void TestHttpFraming::readsTheRequestLineAsQtDoes()
{
    // Qt ends the request line at a bare LF and would see this Content-Length.
    HttpFraming framing = HttpFraming::of("POST /v1/agents/a/run HTTP/1.1\nContent-Length: 500000000\r\nHost: x");
    QCOMPARE(int(framing.kind), int(HttpFraming::Kind::Invalid));
    QCOMPARE(QByteArray(framing.problem), QByteArray("a bare CR or LF in the request head"));
    // Empty lines before a request are ignored, as RFC 9112 asks and Qt does.
    framing = HttpFraming::of("\r\n\r\nPOST /v1/agents/a/run HTTP/1.1\r\nContent-Length: 7");
    QCOMPARE(int(framing.kind), int(HttpFraming::Kind::Length));
    QCOMPARE(framing.length, 7);
}

void TestHttpFraming::refusesMalformedRequestLines_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QByteArray>("problem");
    QTest::addColumn<int>("status");
    const QByteArray line = "a malformed request line";
    QTest::newRow("one word") << QByteArray("HELLO") << line << 400;
    QTest::newRow("no version") << QByteArray("GET /health") << line << 400;
    QTest::newRow("empty") << QByteArray() << line << 400;
    QTest::newRow("empty target") << QByteArray("GET  HTTP/1.1") << line << 400;
    QTest::newRow("no method") << QByteArray(" /health HTTP/1.1") << line << 400;
    QTest::newRow("a space in the target") << QByteArray("GET /a b HTTP/1.1") << line << 400;
    QTest::newRow("trailing space") << QByteArray("GET /health HTTP/1.1 ") << line << 400;
    QTest::newRow("method with a slash") << QByteArray("G/ET / HTTP/1.1") << QByteArray("a malformed request method")
                                         << 400;
    QTest::newRow("tab in the target") << QByteArray("GET /a\tb HTTP/1.1")
                                       << QByteArray("a control character in the request target") << 400;
    QTest::newRow("DEL in the target") << QByteArray("GET /a\x7f HTTP/1.1")
                                       << QByteArray("a control character in the request target") << 400;
    QTest::newRow("lower-case name") << QByteArray("GET / http/1.1") << QByteArray("a malformed HTTP version") << 400;
    QTest::newRow("two-digit minor") << QByteArray("GET / HTTP/1.10") << QByteArray("a malformed HTTP version") << 400;
    QTest::newRow("HTTP/2.0") << QByteArray("GET / HTTP/2.0") << QByteArray("only HTTP/1.1 and HTTP/1.0 are supported")
                              << 505;
    QTest::newRow("HTTP/0.9") << QByteArray("GET / HTTP/0.9") << QByteArray("only HTTP/1.1 and HTTP/1.0 are supported")
                              << 505;
}

void TestHttpFraming::refusesMalformedRequestLines()
{
    QFETCH(QByteArray, line);
    QFETCH(QByteArray, problem);
    QFETCH(int, status);
    const HttpFraming framing = HttpFraming::of(line + "\r\nHost: x");
    QCOMPARE(int(framing.kind), int(HttpFraming::Kind::Invalid));
    QCOMPARE(QByteArray(framing.problem), problem);
    QCOMPARE(framing.status, status);
    // What clients send is taken: any token as method, any target form, HTTP/1.x.
    for (const QByteArray& good : {QByteArray("GET /v1/verify?x=1 HTTP/1.1"), QByteArray("OPTIONS * HTTP/1.1"),
                                   QByteArray("GET http://example.com/health HTTP/1.1"),
                                   QByteArray("M-SEARCH /%C3%A9\xc3\xa9 HTTP/1.0"), QByteArray("GET / HTTP/1.2")})
        QVERIFY2(HttpFraming::of(good + "\r\nHost: x").kind != HttpFraming::Kind::Invalid, good.constData());
}

void TestHttpFraming::readsWhetherTheConnectionCloses_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<bool>("closes");
    const QByteArray get = "GET /v1/verify HTTP/1.1\r\nHost: x";
    QTest::newRow("HTTP/1.1") << get << false;
    QTest::newRow("keep-alive") << get + "\r\nConnection: keep-alive" << false;
    QTest::newRow("close") << get + "\r\nConnection: close" << true;
    QTest::newRow("close in any case, spaces around") << get + "\r\nconnection:  \tCLOSE " << true;
    QTest::newRow("close in a list") << get + "\r\nConnection: keep-alive, Close" << true;
    QTest::newRow("close in a second field") << get + "\r\nConnection: te\r\nConnection: close" << true;
    QTest::newRow("an option that only starts with close") << get + "\r\nConnection: closed, x-close" << false;
    QTest::newRow("close in another field") << get + "\r\nX-Connection: close" << false;
    QTest::newRow("HTTP/1.0") << QByteArray("GET /v1/verify HTTP/1.0\r\nHost: x") << true;
    QTest::newRow("HTTP/1.0 asking to keep alive")
        << QByteArray("GET /v1/verify HTTP/1.0\r\nConnection: keep-alive") << true;
    QTest::newRow("HTTP/1.0 without fields") << QByteArray("GET /health HTTP/1.0") << true;
    QTest::newRow("chunked, close") << QByteArray(
        "POST /v1/verify HTTP/1.1\r\nTransfer-Encoding: chunked\r\nConnection: close")
                                    << true;
    QTest::newRow("length, close") << QByteArray("POST /v1/verify HTTP/1.1\r\nContent-Length: 2\r\nConnection: close")
                                   << true;
}

void TestHttpFraming::readsWhetherTheConnectionCloses()
{
    QFETCH(QByteArray, head);
    QFETCH(bool, closes);
    const HttpFraming framing = HttpFraming::of(head);
    QVERIFY(framing.kind != HttpFraming::Kind::Invalid);
    QCOMPARE(framing.closes, closes);
}

QTEST_GUILESS_MAIN(TestHttpFraming)
#include "TestHttpFraming.moc"
