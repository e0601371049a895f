#pragma once

#include "ApiKey.h"
#include "FormDialog.h"

class QCheckBox;
class QPlainTextEdit;

// Asks why a key is revoked (required: the audit log keeps it) and for an explicit
// acknowledgement that callers using the key stop working at once.
class RevokeKeyDialog : public FormDialog
{
    Q_OBJECT

public:
    RevokeKeyDialog(const ApiKey& key, const QString& organizationName, QWidget* parent = nullptr);

    QString validationError() const override;
    QString reason() const;
    const ApiKey& key() const { return m_key; }

private:
    ApiKey m_key;
    QPlainTextEdit* m_reasonEdit = nullptr;
    QCheckBox* m_confirmCheck = nullptr;
};
