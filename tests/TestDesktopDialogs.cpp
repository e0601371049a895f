#include "CreateKeyDialog.h"
#include "OrganizationDialog.h"
#include "RevokeKeyDialog.h"
#include "RollKeyDialog.h"

#include "InputRules.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

#include <limits>

// The validation of every editing dialog, driven through its real widgets.
class TestDesktopDialogs : public QObject
{
    Q_OBJECT

private slots:
    void organizationDialogValidatesAsYouType();
    void organizationDialogDerivesTheSlugAndOverrides();
    void organizationDialogEditSendsOnlyChanges();
    void organizationDialogKeepsStoredLimitsItCannotShow();
    void createKeyDialogRefusesPastTheCap();
    void createKeyDialogValidatesInput();
    void revokeDialogNeedsReasonAndConfirmation();
    void rollDialogOffersAGracePeriod();
    void submitKeepsInputOnServiceError();
};

namespace {
template <typename T>
T* child(QWidget* parent, const char* name)
{
    T* widget = parent->findChild<T*>(QString::fromLatin1(name));
    if (!widget)
        qFatal("no child %s", name);
    return widget;
}

Organization organization(int maxKeys = 10)
{
    Organization org;
    org.id = QUuid::createUuid();
    org.name = QStringLiteral("Acme");
    org.slug = QStringLiteral("acme");
    org.email = QStringLiteral("ops@acme.test");
    org.plan = Plan::Pro;
    const PlanLimits limits = Plans::limits(Plan::Pro);
    org.rateLimitPerMinute = limits.rateLimitPerMinute;
    org.monthlyRequestLimit = limits.monthlyRequestLimit;
    org.maxApiKeys = maxKeys;
    return org;
}

ApiKey apiKey(bool revoked = false)
{
    ApiKey key;
    key.id = QUuid::createUuid();
    key.keyPrefix = QStringLiteral("pk_live_AbCd");
    key.keyHint = QStringLiteral("wxyz");
    key.name = QStringLiteral("backend");
    if (revoked)
        key.revokedAt = QDateTime::currentDateTimeUtc();
    return key;
}
} // namespace

void TestDesktopDialogs::organizationDialogValidatesAsYouType()
{
    OrganizationDialog dialog;
    auto* name = child<QLineEdit>(&dialog, "nameLineEdit");
    auto* email = child<QLineEdit>(&dialog, "emailLineEdit");
    auto* slug = child<QLineEdit>(&dialog, "slugLineEdit");
    QVERIFY(!dialog.submitButton()->isEnabled());
    QVERIFY(dialog.messageText().contains(QStringLiteral("name")));
    QTest::keyClicks(name, QStringLiteral("Acme Corp."));
    QVERIFY(!dialog.submitButton()->isEnabled()); // still no email
    QTest::keyClicks(email, QStringLiteral("not-an-email"));
    QVERIFY(dialog.messageText().contains(QStringLiteral("not a valid email")));
    QVERIFY(!dialog.submitButton()->isEnabled());
    email->setText(QStringLiteral("ops@acme.test"));
    QVERIFY(dialog.submitButton()->isEnabled());
    QCOMPARE(dialog.messageText(), QString());

    slug->setText(QStringLiteral("Bad Slug!"));
    QVERIFY(!dialog.submitButton()->isEnabled());
    QVERIFY(dialog.messageText().contains(QStringLiteral("slug")));
    slug->clear();
    // Hostile input: control characters, then an oversized paste (the field caps it).
    name->setText(QStringLiteral("Acme\nCorp"));
    QVERIFY(!dialog.submitButton()->isEnabled());
    QVERIFY(dialog.messageText().contains(QStringLiteral("control characters")));
    name->setText(QString(100000, u'a'));
    QVERIFY(name->text().size() <= InputRules::MaxNameLength);
    // A name with nothing to make a slug from needs one typed.
    name->setText(QStringLiteral("!!!"));
    QVERIFY(!dialog.submitButton()->isEnabled());
    QVERIFY(dialog.messageText().contains(QStringLiteral("slug")));
}

void TestDesktopDialogs::organizationDialogDerivesTheSlugAndOverrides()
{
    OrganizationDialog dialog;
    child<QLineEdit>(&dialog, "nameLineEdit")->setText(QStringLiteral("Acme Corp."));
    child<QLineEdit>(&dialog, "emailLineEdit")->setText(QStringLiteral("ops@acme.test"));
    QCOMPARE(child<QLineEdit>(&dialog, "slugLineEdit")->placeholderText(), QStringLiteral("acme-corp"));
    auto* plan = child<QComboBox>(&dialog, "planComboBox");
    plan->setCurrentIndex(plan->findData(int(Plan::Enterprise)));
    // The plan's limits are shown until overridden.
    QCOMPARE(child<QSpinBox>(&dialog, "rateLimitSpinBox")->value(), Plans::limits(Plan::Enterprise).rateLimitPerMinute);
    QVERIFY(!child<QSpinBox>(&dialog, "rateLimitSpinBox")->isEnabled());
    QVERIFY(dialog.limitOverrides().isEmpty());
    child<QCheckBox>(&dialog, "maxKeysCheckBox")->setChecked(true);
    child<QSpinBox>(&dialog, "maxKeysSpinBox")->setValue(3);
    const CreateOrganizationRequest request = dialog.createRequest();
    QCOMPARE(request.name, QStringLiteral("Acme Corp."));
    QCOMPARE(request.plan, Plan::Enterprise);
    QCOMPARE(request.slug, QString()); // derived by the service, as the CLI does
    QCOMPARE(dialog.limitOverrides().maxApiKeys, std::optional<int>(3));
    QVERIFY(!dialog.limitOverrides().rateLimitPerMinute);

    // The same floors as the CLI and the admin API: a rate or quota of at least 1, a key
    // cap of 0 meaning no new keys.
    QCOMPARE(child<QSpinBox>(&dialog, "rateLimitSpinBox")->minimum(), 1);
    QCOMPARE(child<QSpinBox>(&dialog, "monthlyLimitSpinBox")->minimum(), 1);
    auto* maxKeys = child<QSpinBox>(&dialog, "maxKeysSpinBox");
    maxKeys->setValue(0);
    QCOMPARE(maxKeys->value(), 0);
    QVERIFY(maxKeys->text().contains(QStringLiteral("no new keys")));
    QCOMPARE(dialog.limitOverrides().maxApiKeys, std::optional<int>(0));
}

void TestDesktopDialogs::organizationDialogEditSendsOnlyChanges()
{
    const Organization org = organization();
    OrganizationDialog dialog(org);
    QVERIFY(dialog.isEditing());
    QVERIFY(child<QLineEdit>(&dialog, "slugLineEdit")->isReadOnly());
    QVERIFY(dialog.update().isEmpty());
    child<QLineEdit>(&dialog, "emailLineEdit")->setText(QStringLiteral("billing@acme.test"));
    OrganizationUpdate update = dialog.update();
    QCOMPARE(update.email, std::optional<QString>(QStringLiteral("billing@acme.test")));
    QVERIFY(!update.name && !update.plan && !update.maxApiKeys);
    auto* plan = child<QComboBox>(&dialog, "planComboBox");
    plan->setCurrentIndex(plan->findData(int(Plan::Free)));
    update = dialog.update();
    QCOMPARE(update.plan, std::optional<Plan>(Plan::Free));
    QVERIFY(!update.maxApiKeys); // the service brings the new plan's limits
}

void TestDesktopDialogs::organizationDialogKeepsStoredLimitsItCannotShow()
{
    // Rows from before the floors (or written by SQL) may hold a quota of 0, a rate of 0 or
    // a quota beyond a spin box's range: shown clamped, never written back unasked.
    Organization org = organization();
    org.rateLimitPerMinute = 0;
    org.monthlyRequestLimit = 0;
    OrganizationDialog blocked(org);
    auto* rate = child<QSpinBox>(&blocked, "rateLimitSpinBox");
    auto* monthly = child<QSpinBox>(&blocked, "monthlyLimitSpinBox");
    QVERIFY(child<QCheckBox>(&blocked, "monthlyLimitCheckBox")->isChecked());
    QCOMPARE(monthly->value(), 1);
    QVERIFY(monthly->toolTip().contains(QStringLiteral("kept unless you change")));
    child<QLineEdit>(&blocked, "emailLineEdit")->setText(QStringLiteral("billing@acme.test"));
    OrganizationUpdate update = blocked.update();
    QVERIFY(update.email);
    QVERIFY(!update.monthlyRequestLimit);
    QVERIFY(!update.rateLimitPerMinute);
    // Changed by the user, it is sent.
    monthly->setValue(500);
    rate->setValue(7);
    update = blocked.update();
    QCOMPARE(update.monthlyRequestLimit, std::optional<qint64>(500));
    QCOMPARE(update.rateLimitPerMinute, std::optional<int>(7));

    org = organization();
    org.monthlyRequestLimit = 5'000'000'000;
    OrganizationDialog huge(org);
    QCOMPARE(child<QSpinBox>(&huge, "monthlyLimitSpinBox")->value(), std::numeric_limits<int>::max());
    QVERIFY(huge.update().isEmpty());

    // A value it can show has no such note.
    OrganizationDialog plain(organization());
    QVERIFY(child<QSpinBox>(&plain, "monthlyLimitSpinBox")->toolTip().isEmpty());
}

void TestDesktopDialogs::createKeyDialogRefusesPastTheCap()
{
    CreateKeyDialog full(organization(2), 2);
    child<QLineEdit>(&full, "nameLineEdit")->setText(QStringLiteral("backend"));
    QVERIFY(!full.submitButton()->isEnabled());
    QVERIFY(full.messageText().contains(QStringLiteral("all 2 keys")));

    Organization inactive = organization();
    inactive.isActive = false;
    CreateKeyDialog dialogForInactive(inactive, 0);
    child<QLineEdit>(&dialogForInactive, "nameLineEdit")->setText(QStringLiteral("backend"));
    QVERIFY(!dialogForInactive.submitButton()->isEnabled());
    QVERIFY(dialogForInactive.messageText().contains(QStringLiteral("inactive")));
}

void TestDesktopDialogs::createKeyDialogValidatesInput()
{
    const Organization org = organization();
    CreateKeyDialog dialog(org, 1);
    QVERIFY(child<QLabel>(&dialog, "capLabel")->text().contains(QStringLiteral("1 of 10")));
    QVERIFY(!dialog.submitButton()->isEnabled()); // no name yet
    auto* name = child<QLineEdit>(&dialog, "nameLineEdit");
    auto* scopes = child<QLineEdit>(&dialog, "scopesLineEdit");
    QTest::keyClicks(name, QStringLiteral("backend"));
    QVERIFY(dialog.submitButton()->isEnabled());
    scopes->setText(QStringLiteral(" , ,"));
    QVERIFY(!dialog.submitButton()->isEnabled());
    QVERIFY(dialog.messageText().contains(QStringLiteral("scope")));
    scopes->setText(QStringLiteral("has space"));
    QVERIFY(!dialog.submitButton()->isEnabled());
    scopes->setText(QStringLiteral("agents:run, conversations:read"));
    QVERIFY(dialog.submitButton()->isEnabled());
    child<QPlainTextEdit>(&dialog, "descriptionPlainTextEdit")->setPlainText(QString(5000, u'd'));
    QVERIFY(!dialog.submitButton()->isEnabled());
    QVERIFY(dialog.messageText().contains(QStringLiteral("too long")));
    child<QPlainTextEdit>(&dialog, "descriptionPlainTextEdit")->setPlainText(QStringLiteral("Production"));
    auto* environment = child<QComboBox>(&dialog, "environmentComboBox");
    environment->setCurrentIndex(environment->findData(int(KeyEnvironment::Test)));
    child<QCheckBox>(&dialog, "expiryCheckBox")->setChecked(true);
    child<QSpinBox>(&dialog, "expirySpinBox")->setValue(30);
    const CreateKeyRequest request = dialog.request();
    QCOMPARE(request.organizationId, org.id);
    QCOMPARE(request.name, QStringLiteral("backend"));
    QCOMPARE(request.environment, KeyEnvironment::Test);
    QCOMPARE(request.scopes, (QStringList{QStringLiteral("agents:run"), QStringLiteral("conversations:read")}));
    QCOMPARE(request.expiresInDays, std::optional<int>(30));
    QVERIFY(!request.customRateLimit);
    QCOMPARE(child<QSpinBox>(&dialog, "expirySpinBox")->maximum(), InputRules::MaxExpiryDays);
}

void TestDesktopDialogs::revokeDialogNeedsReasonAndConfirmation()
{
    RevokeKeyDialog dialog(apiKey(), QStringLiteral("Acme"));
    QCOMPARE(dialog.submitButton()->text(), QStringLiteral("Revoke Key"));
    QVERIFY(child<QLabel>(&dialog, "keyLabel")->text().contains(QStringLiteral("pk_live_AbCd")));
    QVERIFY(!dialog.submitButton()->isEnabled());
    auto* reason = child<QPlainTextEdit>(&dialog, "reasonPlainTextEdit");
    reason->setPlainText(QStringLiteral("   "));
    QVERIFY(!dialog.submitButton()->isEnabled());
    reason->setPlainText(QStringLiteral("Leaked in a public repository"));
    QVERIFY(!dialog.submitButton()->isEnabled()); // not yet confirmed
    child<QCheckBox>(&dialog, "confirmCheckBox")->setChecked(true);
    QVERIFY(dialog.submitButton()->isEnabled());
    reason->setPlainText(QString(InputRules::MaxReasonLength + 1, u'r'));
    QVERIFY(!dialog.submitButton()->isEnabled());
    reason->setPlainText(QStringLiteral("  leaked  "));
    QCOMPARE(dialog.reason(), QStringLiteral("leaked"));

    RevokeKeyDialog already(apiKey(true), QStringLiteral("Acme"));
    child<QPlainTextEdit>(&already, "reasonPlainTextEdit")->setPlainText(QStringLiteral("x"));
    child<QCheckBox>(&already, "confirmCheckBox")->setChecked(true);
    QVERIFY(!already.submitButton()->isEnabled());
}

void TestDesktopDialogs::rollDialogOffersAGracePeriod()
{
    RollKeyDialog dialog(apiKey());
    QVERIFY(dialog.submitButton()->isEnabled());
    QCOMPARE(dialog.graceHours(), 24);
    auto* grace = child<QSpinBox>(&dialog, "graceSpinBox");
    QCOMPARE(grace->maximum(), InputRules::MaxGraceHours);
    grace->setValue(0);
    QCOMPARE(dialog.graceHours(), 0);
    RollKeyDialog revoked(apiKey(true));
    QVERIFY(!revoked.submitButton()->isEnabled());
}

void TestDesktopDialogs::submitKeepsInputOnServiceError()
{
    OrganizationDialog dialog;
    child<QLineEdit>(&dialog, "nameLineEdit")->setText(QStringLiteral("Acme"));
    child<QLineEdit>(&dialog, "emailLineEdit")->setText(QStringLiteral("ops@acme.test"));
    QSignalSpy submitted(&dialog, &FormDialog::submitRequested);
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    dialog.show();
    QTest::mouseClick(dialog.submitButton(), Qt::LeftButton);
    QCOMPARE(submitted.count(), 1);
    QCOMPARE(accepted.count(), 0); // the command decides when it closes
    QVERIFY(dialog.isBusy());
    QVERIFY(!child<QLineEdit>(&dialog, "nameLineEdit")->isEnabled());
    QTest::mouseClick(dialog.submitButton(), Qt::LeftButton);
    QCOMPARE(submitted.count(), 1); // no double submission while busy
    dialog.showError(QStringLiteral("Could not create the organization: The slug \"acme\" is taken."));
    QVERIFY(!dialog.isBusy());
    QVERIFY(dialog.messageText().contains(QStringLiteral("taken")));
    QCOMPARE(child<QLineEdit>(&dialog, "nameLineEdit")->text(), QStringLiteral("Acme"));
    QVERIFY(child<QLineEdit>(&dialog, "nameLineEdit")->isEnabled());
    QVERIFY(dialog.submitButton()->isEnabled());
    // Enter submits (keyboard use), Escape cancels.
    QTest::keyClick(child<QLineEdit>(&dialog, "nameLineEdit"), Qt::Key_Return);
    QCOMPARE(submitted.count(), 2);
    dialog.showError(QStringLiteral("again"));
    QSignalSpy rejected(&dialog, &QDialog::rejected);
    QTest::keyClick(&dialog, Qt::Key_Escape);
    QCOMPARE(rejected.count(), 1);
}

QTEST_MAIN(TestDesktopDialogs)
#include "TestDesktopDialogs.moc"
