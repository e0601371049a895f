#pragma once

#include <QByteArrayView>
#include <QUuid>

#include <array>

// A UUID's 36 lower-case characters (what QUuid::toByteArray(WithoutBraces) gives), written
// into the object itself: the validator's hot path names two ids in every answer and
// should not allocate for them.
class UuidText
{
public:
    explicit UuidText(const QUuid& id)
    {
        static constexpr char hex[] = "0123456789abcdef";
        char* out = m_text.data();
        const auto put = [&out](quint64 value, int digits) {
            for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
                *out++ = hex[(value >> shift) & 0xf];
        };
        put(id.data1, 8);
        *out++ = '-';
        put(id.data2, 4);
        *out++ = '-';
        put(id.data3, 4);
        *out++ = '-';
        put(quint64(id.data4[0]) << 8 | id.data4[1], 4);
        *out++ = '-';
        for (int i = 2; i < 8; ++i)
            put(id.data4[i], 2);
    }

    QByteArrayView view() const { return QByteArrayView(m_text.data(), qsizetype(m_text.size())); }

private:
    std::array<char, 36> m_text{};
};
