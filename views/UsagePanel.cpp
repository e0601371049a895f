#include "UsagePanel.h"

#include "DatabaseExecutor.h"
#include "UsageChartView.h"
#include "UsageCsvWriter.h"
#include "UsageRepository.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTimer>
#include <QVBoxLayout>

namespace {

// Typing a date fires dateChanged on every keystroke; wait until the user pauses.
constexpr int kCustomDebounceMs = 400;

const QColor kErrorColor(0xc6, 0x28, 0x28);

} // namespace

UsagePanel::UsagePanel(DatabaseExecutor* executor, QWidget* parent)
    : QWidget(parent)
    , m_executor(executor)
{
    m_titleLabel = new QLabel;
    m_titleLabel->setObjectName(QStringLiteral("titleLabel"));
    m_titleLabel->setTextFormat(Qt::PlainText);
    QFont titleFont = m_titleLabel->font();
    titleFont.setBold(true);
    m_titleLabel->setFont(titleFont);

    m_rangeCombo = new QComboBox;
    m_rangeCombo->setObjectName(QStringLiteral("rangeComboBox"));
    m_rangeCombo->addItem(tr("Last 7 days"), Last7Days);
    m_rangeCombo->addItem(tr("Last 30 days"), Last30Days);
    m_rangeCombo->addItem(tr("Last 90 days"), Last90Days);
    m_rangeCombo->addItem(tr("Last 12 months"), Last12Months);
    //: A range of days the user picks with two date fields.
    m_rangeCombo->addItem(tr("Custom"), Custom);
    m_rangeCombo->setCurrentIndex(m_rangeCombo->findData(Last30Days));
    auto* rangeLabel = new QLabel(tr("&Range:"));
    rangeLabel->setBuddy(m_rangeCombo);

    const QDate today = m_clock().toUTC().date();
    const auto makeDateEdit = [this](const QString& objectName, QDate date, const QString& accessibleName) {
        auto* edit = new QDateEdit(date);
        edit->setObjectName(objectName);
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        edit->setAccessibleName(accessibleName);
        edit->setVisible(false);
        connect(edit, &QDateEdit::dateChanged, this, [this] { m_customDebounce->start(); });
        return edit;
    };
    m_customDebounce = new QTimer(this);
    m_customDebounce->setSingleShot(true);
    m_customDebounce->setInterval(kCustomDebounceMs);
    connect(m_customDebounce, &QTimer::timeout, this, &UsagePanel::onCustomDatesChanged);
    m_fromEdit = makeDateEdit(QStringLiteral("fromDateEdit"), today.addDays(-29), tr("First day"));
    m_toEdit = makeDateEdit(QStringLiteral("toDateEdit"), today, tr("Last day"));
    //: Between the two dates of a custom range ("2024-01-01 to 2024-01-31").
    m_toLabel = new QLabel(tr("to"));
    m_toLabel->setVisible(false);

    m_refreshButton = new QPushButton(tr("Re&fresh"));
    m_refreshButton->setObjectName(QStringLiteral("refreshButton"));
    connect(m_refreshButton, &QPushButton::clicked, this, &UsagePanel::refresh);

    m_busyBar = new QProgressBar;
    m_busyBar->setObjectName(QStringLiteral("busyProgressBar"));
    m_busyBar->setRange(0, 0); // busy mode: no percentage to show
    m_busyBar->setTextVisible(false);
    m_busyBar->setMaximumWidth(120);
    m_busyBar->setAccessibleName(tr("Loading usage"));
    // Keeps its place in the row while hidden, so the buttons do not jump on each load.
    QSizePolicy keepSpace = m_busyBar->sizePolicy();
    keepSpace.setRetainSizeWhenHidden(true);
    m_busyBar->setSizePolicy(keepSpace);
    m_busyBar->setVisible(false);

    m_exportButton = new QPushButton(tr("&Export CSV\u2026"));
    m_exportButton->setObjectName(QStringLiteral("exportButton"));
    m_exportButton->setEnabled(false);
    connect(m_exportButton, &QPushButton::clicked, this, &UsagePanel::onExportClicked);

    m_messageLabel = new QLabel;
    m_messageLabel->setObjectName(QStringLiteral("messageLabel"));
    m_messageLabel->setTextFormat(Qt::PlainText);
    m_messageLabel->setWordWrap(true);
    m_messageLabel->setVisible(false);

    m_chartView = new UsageChartView;
    m_chartView->setObjectName(QStringLiteral("usageChartView"));

    auto* controls = new QHBoxLayout;
    controls->addWidget(rangeLabel);
    controls->addWidget(m_rangeCombo);
    controls->addWidget(m_fromEdit);
    controls->addWidget(m_toLabel);
    controls->addWidget(m_toEdit);
    controls->addWidget(m_refreshButton);
    controls->addWidget(m_busyBar);
    controls->addStretch(1);
    controls->addWidget(m_exportButton);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_titleLabel);
    layout->addLayout(controls);
    layout->addWidget(m_messageLabel);
    layout->addWidget(m_chartView, 1);

    connect(m_rangeCombo, &QComboBox::currentIndexChanged, this, &UsagePanel::onRangeChanged);
    applySelection();
    updateTitle();
}

UsagePanel::~UsagePanel() = default;

void UsagePanel::setClock(Clock clock)
{
    m_clock = std::move(clock);
    applySelection();
}

void UsagePanel::setOrganization(const QUuid& id, const QString& name)
{
    m_organizationId = id;
    m_organizationName = name;
    m_keyId = QUuid();
    m_keyLabel.clear();
    updateTitle();
    if (id.isNull()) {
        // Nothing to show: forget the last organization's numbers, and any load in flight.
        ++m_generation;
        setLoading(false);
        m_hasStats = false;
        m_stats = UsageStats{};
        m_chartView->setStats(m_stats);
        m_exportButton->setEnabled(false);
        return;
    }
    refresh();
}

void UsagePanel::setKey(const QUuid& keyId, const QString& label)
{
    m_keyId = keyId;
    m_keyLabel = keyId.isNull() ? QString() : label;
    updateTitle();
    refresh();
}

void UsagePanel::setRange(Range range)
{
    const int index = m_rangeCombo->findData(range);
    if (index == m_rangeCombo->currentIndex())
        refresh();
    else
        m_rangeCombo->setCurrentIndex(index); // loads through onRangeChanged
}

UsagePanel::Range UsagePanel::range() const
{
    return Range(m_rangeCombo->currentData().toInt());
}

bool UsagePanel::setCustomRange(QDate from, QDate to)
{
    {
        const QSignalBlocker comboBlocker(m_rangeCombo);
        const QSignalBlocker fromBlocker(m_fromEdit);
        const QSignalBlocker toBlocker(m_toEdit);
        m_rangeCombo->setCurrentIndex(m_rangeCombo->findData(Custom));
        m_fromEdit->setDate(from);
        m_toEdit->setDate(to);
    }
    m_customDebounce->stop();
    for (QWidget* w :
         {static_cast<QWidget*>(m_fromEdit), static_cast<QWidget*>(m_toLabel), static_cast<QWidget*>(m_toEdit)})
        w->setVisible(true);
    // QDateEdit clamps to its own limits: what it shows is what is checked and loaded.
    if (m_fromEdit->date() != from || m_toEdit->date() != to) {
        showMessage(tr("The date %1 is outside the supported range.")
                        .arg((m_fromEdit->date() != from ? from : to).toString(Qt::ISODate)),
                    true);
        return false;
    }
    if (!applySelection())
        return false;
    load();
    return true;
}

void UsagePanel::onRangeChanged()
{
    const bool custom = range() == Custom;
    if (custom) {
        // Start the custom fields from what is shown now rather than stale dates.
        const QSignalBlocker fromBlocker(m_fromEdit);
        const QSignalBlocker toBlocker(m_toEdit);
        if (m_from.isValid() && m_to.isValid()) {
            m_fromEdit->setDate(m_from);
            m_toEdit->setDate(m_to);
        }
    }
    m_customDebounce->stop();
    for (QWidget* w :
         {static_cast<QWidget*>(m_fromEdit), static_cast<QWidget*>(m_toLabel), static_cast<QWidget*>(m_toEdit)})
        w->setVisible(custom);
    refresh();
}

void UsagePanel::onCustomDatesChanged()
{
    if (range() == Custom)
        refresh();
}

void UsagePanel::refresh()
{
    m_customDebounce->stop();
    if (applySelection())
        load();
}

bool UsagePanel::applySelection()
{
    const QDate today = m_clock().toUTC().date();
    QDate from;
    QDate to = today;
    switch (range()) {
    case Last7Days:
        from = today.addDays(-6);
        break;
    case Last30Days:
        from = today.addDays(-29);
        break;
    case Last90Days:
        from = today.addDays(-89);
        break;
    case Last12Months:
        from = today.addMonths(-12).addDays(1);
        break;
    case Custom:
        from = m_fromEdit->date();
        to = m_toEdit->date();
        if (from > to) {
            showMessage(tr("The first day (%1) is after the last day (%2). Pick a first day on or before the last.")
                            .arg(from.toString(Qt::ISODate), to.toString(Qt::ISODate)),
                        true);
            return false;
        }
        if (to >= from.addYears(MaxRangeYears)) {
            showMessage(tr("A range can span at most %1 years. Pick a shorter range.").arg(MaxRangeYears), true);
            return false;
        }
        break;
    }
    m_from = from;
    m_to = to;
    showMessage(QString(), false);
    return true;
}

void UsagePanel::load()
{
    if (m_organizationId.isNull() || !m_executor)
        return;
    const quint64 generation = ++m_generation;
    setLoading(true);
    m_executor->run(
        this,
        [organizationId = m_organizationId, keyId = m_keyId, from = m_from, to = m_to](Database& db) {
            return UsageRepository(db).summary(organizationId, from, to, keyId);
        },
        [this, generation](Result<UsageStats> result) { onLoaded(generation, result); });
}

void UsagePanel::onLoaded(quint64 generation, const Result<UsageStats>& result)
{
    if (generation != m_generation)
        return;
    setLoading(false);
    if (!result) {
        const QString text = tr("Could not load usage: %1").arg(result.error().message);
        showMessage(text, true);
        emit loadFailed(text);
        return;
    }
    m_stats = result.value();
    m_hasStats = true;
    m_chartView->setStats(m_stats);
    m_exportButton->setEnabled(true);
    emit loaded();
}

void UsagePanel::setLoading(bool loading)
{
    m_loading = loading;
    m_busyBar->setVisible(loading);
    // The loaded numbers belong to the previous selection until the new ones arrive.
    m_exportButton->setEnabled(!loading && m_hasStats);
}

void UsagePanel::showMessage(const QString& text, bool isError)
{
    QPalette palette = this->palette();
    if (isError)
        palette.setColor(QPalette::WindowText, kErrorColor);
    m_messageLabel->setPalette(palette);
    m_messageLabel->setText(text);
    m_messageLabel->setVisible(!text.isEmpty());
}

QString UsagePanel::message() const
{
    return m_messageLabel->text();
}

void UsagePanel::updateTitle()
{
    if (m_organizationId.isNull())
        m_titleLabel->setText(tr("Usage"));
    else if (m_keyId.isNull())
        m_titleLabel->setText(tr("Usage of %1").arg(m_organizationName));
    else
        m_titleLabel->setText(tr("Usage of key %1 (%2)").arg(m_keyLabel, m_organizationName));
}

QString UsagePanel::suggestedFileName() const
{
    QString name = (m_keyLabel.isEmpty() ? m_organizationName : m_organizationName + u'-' + m_keyLabel).toLower();
    name.replace(QRegularExpression(QStringLiteral("[^a-z0-9]+")), QStringLiteral("-"));
    name = name.left(60);
    while (name.startsWith(u'-'))
        name.remove(0, 1);
    while (name.endsWith(u'-'))
        name.chop(1);
    if (name.isEmpty())
        name = QStringLiteral("organization");
    return QStringLiteral("usage-%1-%2-%3.csv")
        .arg(name, m_stats.from.toString(Qt::ISODate), m_stats.to.toString(Qt::ISODate));
}

void UsagePanel::onExportClicked()
{
    QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (folder.isEmpty())
        folder = QDir::homePath();
    const QString path
        = QFileDialog::getSaveFileName(this, tr("Export Usage as CSV"), QDir(folder).filePath(suggestedFileName()),
                                       tr("CSV files (*.csv);;All files (*)"));
    if (path.isEmpty())
        return;
    if (Status written = exportCsv(path); !written)
        QMessageBox::warning(this, tr("Export Failed"), written.error().message);
}

Status UsagePanel::exportCsv(const QString& path)
{
    const auto fail = [this](ErrorCode code, const QString& text) {
        showMessage(text, true);
        return makeError(code, text);
    };
    if (!m_hasStats || m_loading)
        return fail(ErrorCode::InvalidInput, tr("There is nothing to export yet: wait until the usage has loaded."));
    const QString shownPath = QDir::toNativeSeparators(path);
    // QSaveFile: a failed export leaves an existing file as it was, never half written.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(ErrorCode::Internal, tr("Could not write the file \"%1\": %2.").arg(shownPath, file.errorString()));
    if (Status written = UsageCsvWriter::write(m_stats, file); !written) {
        file.cancelWriting();
        return fail(ErrorCode::Internal,
                    tr("Could not write the file \"%1\": %2.").arg(shownPath, written.error().message));
    }
    if (!file.commit())
        return fail(ErrorCode::Internal, tr("Could not write the file \"%1\": %2.").arg(shownPath, file.errorString()));
    showMessage(tr("Exported the usage to \"%1\".").arg(shownPath), false);
    return success();
}
