#include "OrganizationDialog.h"

#include "DisplayText.h"
#include "ErrorMessages.h"
#include "InputRules.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QSpinBox>

#include <limits>

namespace {
QSpinBox* limitSpinBox(const QString& objectName, int minimum, int maximum, QWidget* parent)
{
    auto* spin = new QSpinBox(parent);
    spin->setObjectName(objectName);
    spin->setRange(minimum, maximum);
    spin->setGroupSeparatorShown(true);
    spin->setEnabled(false);
    return spin;
}
} // namespace

OrganizationDialog::OrganizationDialog(QWidget* parent)
    : FormDialog(tr("New Organization"), tr("Create Organization"), parent)
{
    build();
    planChanged();
    revalidate();
}

OrganizationDialog::OrganizationDialog(const Organization& organization, QWidget* parent)
    : FormDialog(tr("Edit Organization"), tr("Save Changes"), parent)
    , m_original(organization)
{
    build();
    m_nameEdit->setText(organization.name);
    m_emailEdit->setText(organization.email);
    m_slugEdit->setText(organization.slug);
    m_slugEdit->setReadOnly(true); // the slug is how scripts name it: it does not change
    m_slugEdit->setToolTip(tr("The slug identifies the organization in scripts and cannot be changed."));
    m_planCombo->setCurrentIndex(m_planCombo->findData(int(organization.plan)));
    const PlanLimits limits = Plans::limits(organization.plan);
    m_rateLimitCheck->setChecked(organization.rateLimitPerMinute != limits.rateLimitPerMinute);
    m_rateLimitSpin->setValue(organization.rateLimitPerMinute);
    m_monthlyLimitCheck->setChecked(organization.monthlyRequestLimit != limits.monthlyRequestLimit);
    m_monthlyLimitSpin->setValue(int(qMin<qint64>(organization.monthlyRequestLimit, m_monthlyLimitSpin->maximum())));
    m_maxKeysCheck->setChecked(organization.maxApiKeys != limits.maxApiKeys);
    m_maxKeysSpin->setValue(organization.maxApiKeys);
    // A stored value the field cannot show (set before today's floors, or by SQL) shows
    // clamped; it stays as stored unless the user changes the field.
    noteIfClamped(m_rateLimitSpin, organization.rateLimitPerMinute);
    noteIfClamped(m_monthlyLimitSpin, organization.monthlyRequestLimit);
    noteIfClamped(m_maxKeysSpin, organization.maxApiKeys);
    revalidate();
}

qint64 OrganizationDialog::shownFor(const QSpinBox* spin, qint64 stored)
{
    return qBound(qint64(spin->minimum()), stored, qint64(spin->maximum()));
}

void OrganizationDialog::noteIfClamped(QSpinBox* spin, qint64 stored)
{
    if (shownFor(spin, stored) != stored)
        spin->setToolTip(tr("The stored value, %L1, is outside what this field accepts. It is kept unless you "
                            "change the field.")
                             .arg(stored));
}

bool OrganizationDialog::sends(const QCheckBox* check, const QSpinBox* spin, qint64 stored)
{
    // The field's range holds what it shows: unequal to the shown form of `stored` means
    // unequal to `stored` too.
    return check->isChecked() && spin->value() != shownFor(spin, stored);
}

void OrganizationDialog::build()
{
    m_nameEdit = new QLineEdit(this);
    m_nameEdit->setObjectName(QStringLiteral("nameLineEdit"));
    m_nameEdit->setMaxLength(InputRules::MaxNameLength);
    form()->addRow(tr("&Name:"), m_nameEdit);

    m_emailEdit = new QLineEdit(this);
    m_emailEdit->setObjectName(QStringLiteral("emailLineEdit"));
    m_emailEdit->setMaxLength(InputRules::MaxEmailLength);
    m_emailEdit->setPlaceholderText(tr("billing@example.com"));
    form()->addRow(tr("&Email:"), m_emailEdit);

    m_slugEdit = new QLineEdit(this);
    m_slugEdit->setObjectName(QStringLiteral("slugLineEdit"));
    m_slugEdit->setMaxLength(InputRules::MaxSlugLength);
    form()->addRow(tr("&Slug:"), m_slugEdit);

    m_planCombo = new QComboBox(this);
    m_planCombo->setObjectName(QStringLiteral("planComboBox"));
    for (Plan plan : {Plan::Free, Plan::Pro, Plan::Enterprise})
        m_planCombo->addItem(DisplayText::plan(plan), int(plan));
    form()->addRow(tr("&Plan:"), m_planCombo);

    auto addOverride = [this](QCheckBox*& check, QSpinBox*& spin, const QString& label, const QString& name,
                              int minimum, int maximum, const QString& suffix) {
        check = new QCheckBox(label, this);
        check->setObjectName(name + QStringLiteral("CheckBox"));
        spin = limitSpinBox(name + QStringLiteral("SpinBox"), minimum, maximum, this);
        spin->setSuffix(suffix);
        auto* row = new QHBoxLayout;
        row->addWidget(check);
        row->addWidget(spin, 1);
        form()->addRow(row);
        connect(check, &QCheckBox::toggled, spin, &QWidget::setEnabled);
        connect(check, &QCheckBox::toggled, this, [this, spin](bool on) {
            if (!on)
                planChanged(); // back to the plan's value
            revalidate();
            Q_UNUSED(spin);
        });
        connect(spin, &QSpinBox::valueChanged, this, &FormDialog::revalidate);
    };
    addOverride(m_rateLimitCheck, m_rateLimitSpin, tr("Custom &rate limit:"), QStringLiteral("rateLimit"),
                InputRules::MinRateLimit, InputRules::MaxRateLimit, tr(" per minute"));
    addOverride(m_monthlyLimitCheck, m_monthlyLimitSpin, tr("Custom &monthly quota:"), QStringLiteral("monthlyLimit"),
                int(InputRules::MinMonthlyLimit), std::numeric_limits<int>::max(), tr(" requests"));
    addOverride(m_maxKeysCheck, m_maxKeysSpin, tr("Custom &key cap:"), QStringLiteral("maxKeys"),
                InputRules::MinKeysCap, InputRules::MaxKeysCap, tr(" keys"));
    m_maxKeysSpin->setSpecialValueText(tr("0 (no new keys)"));

    connect(m_nameEdit, &QLineEdit::textChanged, this, &OrganizationDialog::nameChanged);
    connect(m_emailEdit, &QLineEdit::textChanged, this, &FormDialog::revalidate);
    connect(m_slugEdit, &QLineEdit::textChanged, this, &FormDialog::revalidate);
    connect(m_planCombo, &QComboBox::currentIndexChanged, this, &OrganizationDialog::planChanged);
    setMinimumWidth(440);
}

void OrganizationDialog::nameChanged()
{
    if (!isEditing())
        m_slugEdit->setPlaceholderText(InputRules::slugFromName(m_nameEdit->text()));
    revalidate();
}

void OrganizationDialog::planChanged()
{
    const PlanLimits limits = Plans::limits(selectedPlan());
    if (!m_rateLimitCheck->isChecked())
        m_rateLimitSpin->setValue(limits.rateLimitPerMinute);
    if (!m_monthlyLimitCheck->isChecked())
        m_monthlyLimitSpin->setValue(int(qMin<qint64>(limits.monthlyRequestLimit, m_monthlyLimitSpin->maximum())));
    if (!m_maxKeysCheck->isChecked())
        m_maxKeysSpin->setValue(limits.maxApiKeys);
    revalidate();
}

Plan OrganizationDialog::selectedPlan() const
{
    return Plan(m_planCombo->currentData().toInt());
}

QString OrganizationDialog::effectiveSlug() const
{
    const QString typed = m_slugEdit->text().trimmed();
    return typed.isEmpty() ? InputRules::slugFromName(m_nameEdit->text()) : typed;
}

QString OrganizationDialog::validationError() const
{
    if (m_nameEdit->text().trimmed().isEmpty())
        return tr("Enter the organization's name.");
    if (Status s = InputRules::checkName(m_nameEdit->text().trimmed(), tr("name")); !s)
        return ErrorMessages::sentence(s.error().message);
    if (m_emailEdit->text().trimmed().isEmpty())
        return tr("Enter a contact email address.");
    if (Status s = InputRules::checkEmail(m_emailEdit->text().trimmed()); !s)
        return ErrorMessages::sentence(s.error().message);
    if (!isEditing()) {
        if (effectiveSlug().isEmpty())
            return tr("Enter a slug: the name has no letters or digits to make one from.");
        if (Status s = InputRules::checkSlug(effectiveSlug()); !s)
            return ErrorMessages::sentence(s.error().message);
    }
    return {};
}

CreateOrganizationRequest OrganizationDialog::createRequest() const
{
    CreateOrganizationRequest request;
    request.name = m_nameEdit->text().trimmed();
    request.email = m_emailEdit->text().trimmed();
    request.plan = selectedPlan();
    request.slug = m_slugEdit->text().trimmed();
    return request;
}

OrganizationUpdate OrganizationDialog::limitOverrides() const
{
    OrganizationUpdate overrides;
    if (m_rateLimitCheck->isChecked())
        overrides.rateLimitPerMinute = m_rateLimitSpin->value();
    if (m_monthlyLimitCheck->isChecked())
        overrides.monthlyRequestLimit = m_monthlyLimitSpin->value();
    if (m_maxKeysCheck->isChecked())
        overrides.maxApiKeys = m_maxKeysSpin->value();
    return overrides;
}

OrganizationUpdate OrganizationDialog::update() const
{
    OrganizationUpdate update;
    if (!m_original)
        return update;
    const Organization& o = *m_original;
    const QString name = m_nameEdit->text().trimmed();
    const QString email = m_emailEdit->text().trimmed();
    if (name != o.name)
        update.name = name;
    if (email != o.email)
        update.email = email;
    if (selectedPlan() != o.plan)
        update.plan = selectedPlan();
    // Limits: send what is shown whenever it differs from what is stored, so a plan
    // change without overrides brings the plan's limits (the service does that too).
    if (sends(m_rateLimitCheck, m_rateLimitSpin, o.rateLimitPerMinute))
        update.rateLimitPerMinute = m_rateLimitSpin->value();
    if (sends(m_monthlyLimitCheck, m_monthlyLimitSpin, o.monthlyRequestLimit))
        update.monthlyRequestLimit = m_monthlyLimitSpin->value();
    if (sends(m_maxKeysCheck, m_maxKeysSpin, o.maxApiKeys))
        update.maxApiKeys = m_maxKeysSpin->value();
    if (!update.plan) {
        // Unticking an override on the same plan returns to the plan's value.
        const PlanLimits limits = Plans::limits(o.plan);
        if (!m_rateLimitCheck->isChecked() && o.rateLimitPerMinute != limits.rateLimitPerMinute)
            update.rateLimitPerMinute = limits.rateLimitPerMinute;
        if (!m_monthlyLimitCheck->isChecked() && o.monthlyRequestLimit != limits.monthlyRequestLimit)
            update.monthlyRequestLimit = limits.monthlyRequestLimit;
        if (!m_maxKeysCheck->isChecked() && o.maxApiKeys != limits.maxApiKeys)
            update.maxApiKeys = limits.maxApiKeys;
    }
    return update;
}
