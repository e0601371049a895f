#pragma once

#include "SelfCheck.h"

// Asks the system keychain (QtKeychain) for an entry that does not exist: "not found"
// proves a working Secret Service; anything else says why it is unusable.
namespace KeychainProbe {
SelfCheck::Result run();
}
