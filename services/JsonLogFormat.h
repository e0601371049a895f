#pragma once

// Log output as one JSON object per line ({"time","level","category","message", ...}),
// for the headless validator, so log shippers need no parsing rules. A message that is
// itself a JSON object has its fields merged in (organization_id, key_id, status...).
// Keys appear in messages only masked (KeyMasking), never whole.
namespace JsonLogFormat {
void install();
}
