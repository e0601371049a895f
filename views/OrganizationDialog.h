#pragma once

#include "FormDialog.h"
#include "OrganizationService.h"

#include <optional>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QSpinBox;

// Creates an organization or edits one. Validates as you type with the same rules as
// the CLI (InputRules); a plan change shows that plan's limits unless overridden.
class OrganizationDialog : public FormDialog
{
    Q_OBJECT

public:
    // Create mode.
    explicit OrganizationDialog(QWidget* parent = nullptr);
    // Edit mode for `organization`.
    explicit OrganizationDialog(const Organization& organization, QWidget* parent = nullptr);

    bool isEditing() const { return m_original.has_value(); }
    QString validationError() const override;

    CreateOrganizationRequest createRequest() const;
    // Create mode: the limit overrides to apply right after creating (may be empty).
    OrganizationUpdate limitOverrides() const;
    // Edit mode: only what changed.
    OrganizationUpdate update() const;

private:
    void build();
    void planChanged();
    void nameChanged();
    Plan selectedPlan() const;
    QString effectiveSlug() const;
    // The value `spin` shows for `stored`: the stored value, clamped to the field's range.
    static qint64 shownFor(const QSpinBox* spin, qint64 stored);
    // A tooltip naming `stored` when the field cannot show it.
    void noteIfClamped(QSpinBox* spin, qint64 stored);
    // Whether an edit sends the field's value: ticked, and showing something other than the
    // stored value (or its clamped form, when the field cannot show it).
    static bool sends(const QCheckBox* check, const QSpinBox* spin, qint64 stored);

    std::optional<Organization> m_original;
    QLineEdit* m_nameEdit = nullptr;
    QLineEdit* m_emailEdit = nullptr;
    QLineEdit* m_slugEdit = nullptr;
    QComboBox* m_planCombo = nullptr;
    QCheckBox* m_rateLimitCheck = nullptr;
    QSpinBox* m_rateLimitSpin = nullptr;
    QCheckBox* m_monthlyLimitCheck = nullptr;
    QSpinBox* m_monthlyLimitSpin = nullptr;
    QCheckBox* m_maxKeysCheck = nullptr;
    QSpinBox* m_maxKeysSpin = nullptr;
};
