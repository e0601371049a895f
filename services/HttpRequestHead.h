#pragma once

#include <QByteArrayView>

#include <array>

// The head of one HTTP/1.1 request (request line and header fields), read in place: every
// part is a view into the caller's bytes, and nothing is allocated. It is strict on
// purpose, for the validator's own reader of the hot routes (GuardedTcpServer): whatever
// it does not accept (obsolete line folding, bare LF, control bytes, HTTP/1.0, more than
// MaxFields fields) is left to Qt HTTP Server, which answers it as before.
class HttpRequestHead
{
public:
    static constexpr int MaxFields = 32;

    struct Field
    {
        QByteArrayView name;
        QByteArrayView value; // without surrounding spaces
    };

    // Reads `head`, which must end with the blank line ("\r\n\r\n") and hold nothing after it.
    // Returns false when the head is not one this reader accepts. Everything read back views
    // `head`'s bytes, which therefore must outlive every later call on this object.
    bool parse(QByteArrayView head);

    QByteArrayView method() const { return m_method; }
    QByteArrayView target() const { return m_target; } // as sent: path and query
    QByteArrayView path() const { return m_path; }
    bool hasQuery() const { return m_target.size() != m_path.size(); }

    // The first field named `name` (ASCII case-insensitive); empty when there is none.
    QByteArrayView value(QByteArrayView name) const;
    int count(QByteArrayView name) const;
    int fieldCount() const { return m_fieldCount; }
    const Field& field(int index) const { return m_fields[size_t(index)]; }

    // What makes a request more than a head: a body, a wish to close, or a protocol switch.
    // Such requests go to Qt HTTP Server.
    bool isBodylessKeepAlive() const;

private:
    QByteArrayView m_method;
    QByteArrayView m_target;
    QByteArrayView m_path;
    std::array<Field, MaxFields> m_fields{};
    int m_fieldCount = 0;
};
