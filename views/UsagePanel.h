#pragma once

#include "Clock.h"
#include "Result.h"
#include "UsageStats.h"

#include <QDate>
#include <QUuid>
#include <QWidget>

class DatabaseExecutor;
class QComboBox;
class QDateEdit;
class QLabel;
class QProgressBar;
class QPushButton;
class QTimer;
class UsageChartView;

// Usage of one organization (or one of its keys) over a range of days: picks the range,
// loads the summary from the daily rollup through the DatabaseExecutor (never on the GUI
// thread), hands it to UsageChartView and exports it as CSV.
//
// Days are UTC days, as the rollup counts them: "Last 7 days" is today (UTC) and the six
// days before it.
class UsagePanel : public QWidget
{
    Q_OBJECT

public:
    enum Range { Last7Days, Last30Days, Last90Days, Last12Months, Custom };
    Q_ENUM(Range)

    // A custom range may span at most this many years (the charts stay readable, the
    // query stays small).
    static constexpr int MaxRangeYears = 3;

    explicit UsagePanel(DatabaseExecutor* executor, QWidget* parent = nullptr);
    ~UsagePanel() override;

    // Shows the whole organization (forgetting any key) and loads its usage.
    void setOrganization(const QUuid& id, const QString& name);
    // Narrows to one key of the organization; a null id means the whole organization.
    void setKey(const QUuid& keyId, const QString& label);
    QUuid organizationId() const { return m_organizationId; }
    QUuid keyId() const { return m_keyId; }

    // Picks a preset range and loads it. Custom keeps the dates in the two date fields.
    void setRange(Range range);
    Range range() const;
    // Selects Custom with these dates and loads them; false (with an inline message and
    // no query) when from is after to or the range is longer than MaxRangeYears.
    bool setCustomRange(QDate from, QDate to);
    // The days the current (or last valid) selection covers, inclusive.
    QDate from() const { return m_from; }
    QDate to() const { return m_to; }

    // Loads again with the current selection (what the Refresh button does).
    void refresh();
    bool isLoading() const { return m_loading; }
    bool hasStats() const { return m_hasStats; }
    const UsageStats& stats() const { return m_stats; }
    // The inline message under the controls (a refused range, a failed load or export).
    QString message() const;

    // Writes the loaded summary to `path` (what "Export CSV…" does after its dialog).
    Status exportCsv(const QString& path);

    UsageChartView* chartView() const { return m_chartView; }
    // Tests move "today" with this; the default is the system clock in UTC.
    void setClock(Clock clock);

signals:
    void loaded();
    void loadFailed(const QString& message);

private:
    void onRangeChanged();
    void onCustomDatesChanged();
    bool applySelection();
    void load();
    void onLoaded(quint64 generation, const Result<UsageStats>& result);
    void onExportClicked();
    void setLoading(bool loading);
    void showMessage(const QString& text, bool isError);
    void updateTitle();
    QString suggestedFileName() const;

    DatabaseExecutor* m_executor;
    Clock m_clock = systemNow;

    QUuid m_organizationId;
    QString m_organizationName;
    QUuid m_keyId;
    QString m_keyLabel;
    QDate m_from;
    QDate m_to;

    // Each load gets a number; an answer for an older one (the user moved on while it
    // ran) is dropped instead of overwriting the newer selection's charts.
    quint64 m_generation = 0;
    bool m_loading = false;
    bool m_hasStats = false;
    UsageStats m_stats;

    QLabel* m_titleLabel = nullptr;
    QComboBox* m_rangeCombo = nullptr;
    QDateEdit* m_fromEdit = nullptr;
    QDateEdit* m_toEdit = nullptr;
    QLabel* m_toLabel = nullptr;
    QPushButton* m_refreshButton = nullptr;
    QPushButton* m_exportButton = nullptr;
    QProgressBar* m_busyBar = nullptr;
    QLabel* m_messageLabel = nullptr;
    QTimer* m_customDebounce = nullptr;
    UsageChartView* m_chartView = nullptr;
};
