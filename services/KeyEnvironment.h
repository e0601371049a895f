#pragma once

#include <QString>
#include <QStringView>

#include <optional>

// The environment segment of a key: `pk_live_…`, `pk_test_…`, `pk_admin_…`.
enum class KeyEnvironment { Live, Test, Admin };

namespace KeyEnvironments {
QString toString(KeyEnvironment environment);
std::optional<KeyEnvironment> fromString(QStringView text);
// Environments an organization's key may have (admin keys belong to the operator only).
bool isOrganizationEnvironment(KeyEnvironment environment);
} // namespace KeyEnvironments
