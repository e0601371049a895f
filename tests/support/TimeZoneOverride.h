#pragma once

#include <QByteArray>
#include <QtGlobal>

#include <time.h>

// Sets the process's local time zone (TZ, a POSIX rule such as "EST5EDT,M3.2.0,M11.1.0"
// needs no tz database) for the life of the object, then restores what was there.
class TimeZoneOverride
{
public:
    explicit TimeZoneOverride(const char* tz)
        : m_old(qgetenv("TZ"))
        , m_wasSet(qEnvironmentVariableIsSet("TZ"))
    {
        qputenv("TZ", tz);
        tzset();
    }
    ~TimeZoneOverride()
    {
        if (m_wasSet)
            qputenv("TZ", m_old);
        else
            qunsetenv("TZ");
        tzset();
    }
    Q_DISABLE_COPY_MOVE(TimeZoneOverride)

private:
    QByteArray m_old;
    bool m_wasSet;
};
