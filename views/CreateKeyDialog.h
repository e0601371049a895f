#pragma once

#include "ApiKeyService.h"
#include "FormDialog.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

// Collects what a new key needs. Knows the organization's cap so it can say before
// anything is sent that no key can be added ("10 of 10 keys in use").
class CreateKeyDialog : public FormDialog
{
    Q_OBJECT

public:
    CreateKeyDialog(const Organization& organization, int keysInUse, QWidget* parent = nullptr);

    QString validationError() const override;
    CreateKeyRequest request() const;

private:
    Organization m_organization;
    int m_keysInUse = 0;
    QLabel* m_capLabel = nullptr;
    QLineEdit* m_nameEdit = nullptr;
    QPlainTextEdit* m_descriptionEdit = nullptr;
    QComboBox* m_environmentCombo = nullptr;
    QLineEdit* m_scopesEdit = nullptr;
    QCheckBox* m_expiryCheck = nullptr;
    QSpinBox* m_expirySpin = nullptr;
    QCheckBox* m_rateLimitCheck = nullptr;
    QSpinBox* m_rateLimitSpin = nullptr;
};
