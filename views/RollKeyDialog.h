#pragma once

#include "ApiKey.h"
#include "FormDialog.h"

class QSpinBox;

// Rolling makes a new key with the same name, scopes and limits; the old one keeps
// working for a grace period so callers can switch without an outage.
class RollKeyDialog : public FormDialog
{
    Q_OBJECT

public:
    RollKeyDialog(const ApiKey& key, QWidget* parent = nullptr);

    QString validationError() const override;
    int graceHours() const;
    const ApiKey& key() const { return m_key; }

private:
    ApiKey m_key;
    QSpinBox* m_graceSpin = nullptr;
};
