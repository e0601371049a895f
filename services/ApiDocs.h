#pragma once

#include <QByteArray>

// The validator's OpenAPI 3 document (/openapi.json) and a self-contained page that
// renders it (/docs), with no script or style fetched from elsewhere.
namespace ApiDocs {
QByteArray openApiJson();
QByteArray docsHtml();
} // namespace ApiDocs
