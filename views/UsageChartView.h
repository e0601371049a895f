#pragma once

#include "UsageStats.h"

#include <QWidget>

class QBarCategoryAxis;
class QBarSet;
class QChart;
class QChartView;
class QDateTimeAxis;
class QHorizontalBarSeries;
class QLabel;
class QLineSeries;
class QStackedBarSeries;
class QStackedWidget;
class QValueAxis;
class QVXYModelMapper;
class UsageDayModel;

// The usage charts of one summary: requests (and failures) per day, cost per day,
// requests by endpoint (the ten busiest and "Other") and by status class, with a line of
// totals above them, or a short text when the range had no requests at all.
//
// This is the only class of the app that uses Qt Charts (deprecated from Qt 6.10):
// nothing outside it includes a QtCharts header or sees a chart type except through the
// accessors below, which exist for tests.
class UsageChartView : public QWidget
{
    Q_OBJECT

public:
    static constexpr int TopEndpoints = 10;

    explicit UsageChartView(QWidget* parent = nullptr);
    ~UsageChartView() override;

    void setStats(const UsageStats& stats);
    const UsageStats& stats() const { return m_stats; }

    // True when the range had no requests and the charts are replaced by a message.
    bool isShowingEmptyState() const;
    QString emptyStateText() const;
    QString totalsText() const;

    // For tests: what is drawn.
    UsageDayModel* dayModel() const { return m_dayModel; }
    QLineSeries* requestsSeries() const { return m_requestsSeries; }
    QLineSeries* failedSeries() const { return m_failedSeries; }
    QLineSeries* costSeries() const { return m_costSeries; }
    // One bar per endpoint, the ten busiest and "Other", in axis order: index 0 is the
    // bottom bar ("Other" when there is one), the busiest endpoint is last (on top).
    // Labels are shortened, stripped of control characters and HTML-escaped.
    QBarSet* endpointSet() const { return m_endpointSet; }
    QStringList endpointCategories() const;
    // The set of one status class (1 for 1xx ... 5 for 5xx), null for any other number.
    // Each set is non-zero only at its own class's category ("2xx" .. "5xx" always, "1xx"
    // only when there were any), so that each bar has its class's colour.
    QBarSet* statusSet(int statusClass) const;
    QStringList statusCategories() const;
    QChart* requestsChart() const;
    QDateTimeAxis* requestsDayAxis() const { return m_requestsDayAxis; }
    QValueAxis* costValueAxis() const { return m_costValueAxis; }

    // Colours of the status classes (green, blue, orange, red; grey for 1xx).
    static QColor statusColor(int statusClass);

protected:
    void changeEvent(QEvent* event) override;

private:
    QChartView* makeChartView(QChart* chart, const QString& objectName);
    void applyTheme();
    void updateDayAxes();
    void updateEndpoints();
    void updateStatuses();
    void updateTotals();

    UsageStats m_stats;
    UsageDayModel* m_dayModel = nullptr;

    QStackedWidget* m_stack = nullptr;
    QLabel* m_emptyLabel = nullptr;
    QLabel* m_totalsLabel = nullptr;
    QList<QChartView*> m_chartViews;

    QChart* m_requestsChart = nullptr;
    QLineSeries* m_requestsSeries = nullptr;
    QLineSeries* m_failedSeries = nullptr;
    QVXYModelMapper* m_requestsMapper = nullptr;
    QVXYModelMapper* m_failedMapper = nullptr;
    QDateTimeAxis* m_requestsDayAxis = nullptr;
    QValueAxis* m_requestsValueAxis = nullptr;

    QChart* m_costChart = nullptr;
    QLineSeries* m_costSeries = nullptr;
    QVXYModelMapper* m_costMapper = nullptr;
    QDateTimeAxis* m_costDayAxis = nullptr;
    QValueAxis* m_costValueAxis = nullptr;

    QChart* m_endpointChart = nullptr;
    QHorizontalBarSeries* m_endpointSeries = nullptr;
    QBarSet* m_endpointSet = nullptr;
    QBarCategoryAxis* m_endpointAxis = nullptr;
    QValueAxis* m_endpointValueAxis = nullptr;

    QChart* m_statusChart = nullptr;
    QStackedBarSeries* m_statusSeries = nullptr;
    QList<QBarSet*> m_statusSets; // index = class - 1 (1xx .. 5xx)
    QBarCategoryAxis* m_statusAxis = nullptr;
    QValueAxis* m_statusValueAxis = nullptr;
};
