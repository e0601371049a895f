#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QStringView>

#include <array>
#include <charconv>

// Rows in PostgreSQL's COPY text format: fields separated by tabs, one line per row, \N for
// NULL, and backslash, tab, newline and carriage return escaped, so that a field holding
// "\N", "\." or a line break arrives as it was. Texts are written as UTF-8 (QPSQL sets the
// connection's client_encoding to UTF8). PostgreSQL's text cannot hold NUL, which the
// caller replaces first.
class CopyTextRows
{
public:
    void reserve(qsizetype bytes) { m_data.reserve(bytes); }

    void appendText(QStringView text);
    void appendNull();
    // Text that needs no escaping (a UUID, a formatted time, digits).
    void appendPlain(QByteArrayView text)
    {
        separate();
        m_data.append(text.data(), text.size());
    }
    template <typename Number>
    void appendNumber(Number value)
    {
        std::array<char, 32> buffer{};
        const auto end = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value).ptr;
        appendPlain(QByteArrayView(buffer.data(), end - buffer.data()));
    }
    void endRow();

    const QByteArray& data() const { return m_data; }
    qsizetype rows() const { return m_rows; }

private:
    void separate();
    void appendEscaped(char c);

    QByteArray m_data;
    qsizetype m_rows = 0;
    bool m_rowStarted = false;
};
