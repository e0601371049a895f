#include "KeyEnvironment.h"

namespace KeyEnvironments {

QString toString(KeyEnvironment environment)
{
    switch (environment) {
    case KeyEnvironment::Live:
        return QStringLiteral("live");
    case KeyEnvironment::Test:
        return QStringLiteral("test");
    case KeyEnvironment::Admin:
        return QStringLiteral("admin");
    }
    return QString();
}

std::optional<KeyEnvironment> fromString(QStringView text)
{
    if (text == u"live")
        return KeyEnvironment::Live;
    if (text == u"test")
        return KeyEnvironment::Test;
    if (text == u"admin")
        return KeyEnvironment::Admin;
    return std::nullopt;
}

bool isOrganizationEnvironment(KeyEnvironment environment)
{
    return environment == KeyEnvironment::Live || environment == KeyEnvironment::Test;
}

} // namespace KeyEnvironments
