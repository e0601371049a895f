#pragma once

#include <QDateTime>

#include <functional>

// Services read "now" through this so tests can move time (expiry, grace periods).
using Clock = std::function<QDateTime()>;

inline QDateTime systemNow()
{
    return QDateTime::currentDateTimeUtc();
}
