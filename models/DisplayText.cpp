#include "DisplayText.h"

#include <QCoreApplication>
#include <QLocale>

namespace DisplayText {

namespace {
QString tr(const char* text, const char* comment = nullptr)
{
    return QCoreApplication::translate("DisplayText", text, comment);
}
} // namespace

QString plan(Plan plan)
{
    switch (plan) {
    case Plan::Free:
        return tr("Free");
    case Plan::Pro:
        return tr("Pro");
    case Plan::Enterprise:
        return tr("Enterprise");
    }
    return {};
}

QString environment(KeyEnvironment environment)
{
    switch (environment) {
    case KeyEnvironment::Live:
        return tr("Live");
    case KeyEnvironment::Test:
        return tr("Test");
    case KeyEnvironment::Admin:
        return tr("Admin");
    }
    return {};
}

QString keyStatus(ApiKey::Status status)
{
    switch (status) {
    case ApiKey::Status::Active:
        return tr("Active");
    case ApiKey::Status::ExpiringSoon:
        return tr("Expiring soon");
    case ApiKey::Status::Expired:
        return tr("Expired");
    case ApiKey::Status::Revoked:
        return tr("Revoked");
    case ApiKey::Status::Inactive:
        return tr("Inactive");
    }
    return {};
}

QColor keyStatusColor(ApiKey::Status status)
{
    switch (status) {
    case ApiKey::Status::Active:
        return QColor(0x2e, 0x8b, 0x57);
    case ApiKey::Status::ExpiringSoon:
        return QColor(0xc7, 0x7c, 0x02);
    case ApiKey::Status::Expired:
        return QColor(0x80, 0x80, 0x80);
    case ApiKey::Status::Revoked:
        return QColor(0xc0, 0x39, 0x2b);
    case ApiKey::Status::Inactive:
        return QColor(0x80, 0x80, 0x80);
    }
    return {};
}

QString dateTime(const QDateTime& time, const QString& never)
{
    if (!time.isValid())
        return never;
    return QLocale().toString(time.toLocalTime(), QLocale::ShortFormat);
}

} // namespace DisplayText
