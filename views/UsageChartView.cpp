#include "UsageChartView.h"

#include "UsageDayModel.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QDateTimeAxis>
#include <QEvent>
#include <QFontMetrics>
#include <QGridLayout>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QSet>
#include <QStackedBarSeries>
#include <QStackedWidget>
#include <QToolTip>
#include <QVBoxLayout>
#include <QVXYModelMapper>
#include <QValueAxis>

#include <algorithm>

namespace {

// Digits enough for the costs at hand: an agent run costs a fraction of a cent, which two
// decimals would show as $0.00. Nothing at all is $0.00.
int costDecimals(double usd)
{
    return usd == 0 || usd >= 1 ? 2 : usd >= 0.01 ? 4 : 6;
}

constexpr int kFirstStatusClass = 1;
constexpr int kLastStatusClass = 5;
constexpr int kMaxEndpointLabel = 40;
// Points are drawn as dots up to a month, so that one busy day between quiet ones is
// still visible; beyond that they would smear into the line.
constexpr int kMaxDaysWithPoints = 31;

const QColor kFailedColor(0xd3, 0x2f, 0x2f);

// Endpoint names come from API callers. Axis labels are rendered as rich text, so a name
// must be escaped, and its line breaks and other control characters must go.
QString endpointLabel(const QString& endpoint)
{
    QString label;
    label.reserve(endpoint.size());
    for (const QChar c : endpoint)
        label += c.isPrint() ? c : QChar(u' ');
    label = label.simplified();
    if (label.isEmpty())
        label = UsageChartView::tr("(no endpoint)");
    if (label.size() > kMaxEndpointLabel) {
        const int half = (kMaxEndpointLabel - 1) / 2;
        label = label.left(half) + QChar(0x2026) + label.right(kMaxEndpointLabel - 1 - half);
    }
    return label.toHtmlEscaped();
}

// QBarCategoryAxis silently drops a category it already has: two names that shorten to
// the same label (or an endpoint literally called "Other") must still get a bar each.
QString uniqueLabel(const QString& label, QSet<QString>& taken)
{
    QString candidate = label;
    for (int n = 2; taken.contains(candidate); ++n)
        candidate = QStringLiteral("%1 (%2)").arg(label).arg(n);
    taken.insert(candidate);
    return candidate;
}

QString statusLabel(int statusClass)
{
    return QString::number(statusClass) + QStringLiteral("xx");
}

void setDayRange(QDateTimeAxis* axis, QDate from, QDate to)
{
    qint64 min = UsageDayModel::chartMsecs(from);
    qint64 max = UsageDayModel::chartMsecs(to);
    const qint64 days = from.daysTo(to) + 1;
    if (min == max) {
        // One day: give it room on both sides instead of a zero-width axis.
        min -= 12 * 3600 * 1000LL;
        max += 12 * 3600 * 1000LL;
    }
    axis->setRange(QDateTime::fromMSecsSinceEpoch(min), QDateTime::fromMSecsSinceEpoch(max));
    axis->setTickCount(int(qBound(qint64(2), days, qint64(7))));
    axis->setFormat(days <= 92 ? QStringLiteral("dd MMM") : QStringLiteral("MMM yyyy"));
}

void setCountRange(QValueAxis* axis, double max)
{
    axis->setRange(0, qMax(1.0, max * 1.05));
    axis->applyNiceNumbers();
    // applyNiceNumbers may leave fractional ticks on tiny ranges; counts are whole.
    axis->setLabelFormat(axis->max() < 10 ? QStringLiteral("%.1f") : QStringLiteral("%.0f"));
}

} // namespace

UsageChartView::UsageChartView(QWidget* parent)
    : QWidget(parent)
    , m_dayModel(new UsageDayModel(this))
{
    // Requests and failures per day, straight from the day model through mappers.
    m_requestsChart = new QChart;
    m_requestsChart->setTitle(tr("Requests per day"));
    m_requestsSeries = new QLineSeries(m_requestsChart);
    m_requestsSeries->setName(tr("Requests"));
    m_failedSeries = new QLineSeries(m_requestsChart);
    m_failedSeries->setName(tr("Failed"));
    m_requestsChart->addSeries(m_requestsSeries);
    m_requestsChart->addSeries(m_failedSeries);
    m_requestsDayAxis = new QDateTimeAxis(m_requestsChart);
    m_requestsDayAxis->setTitleText(tr("Day (UTC)"));
    m_requestsValueAxis = new QValueAxis(m_requestsChart);
    m_requestsChart->addAxis(m_requestsDayAxis, Qt::AlignBottom);
    m_requestsChart->addAxis(m_requestsValueAxis, Qt::AlignLeft);
    for (QLineSeries* series : {m_requestsSeries, m_failedSeries}) {
        series->attachAxis(m_requestsDayAxis);
        series->attachAxis(m_requestsValueAxis);
    }
    const auto mapDays = [this](QLineSeries* series, int yColumn) {
        auto* mapper = new QVXYModelMapper(this);
        mapper->setXColumn(UsageDayModel::DayEpochMs);
        mapper->setYColumn(yColumn);
        mapper->setSeries(series);
        mapper->setModel(m_dayModel);
        return mapper;
    };
    m_requestsMapper = mapDays(m_requestsSeries, UsageDayModel::Requests);
    m_failedMapper = mapDays(m_failedSeries, UsageDayModel::Failed);

    m_costChart = new QChart;
    m_costChart->setTitle(tr("Cost per day (USD)"));
    m_costSeries = new QLineSeries(m_costChart);
    m_costSeries->setName(tr("Cost"));
    m_costChart->addSeries(m_costSeries);
    m_costDayAxis = new QDateTimeAxis(m_costChart);
    m_costDayAxis->setTitleText(tr("Day (UTC)"));
    m_costValueAxis = new QValueAxis(m_costChart);
    m_costValueAxis->setLabelFormat(QStringLiteral("$%.2f"));
    m_costChart->addAxis(m_costDayAxis, Qt::AlignBottom);
    m_costChart->addAxis(m_costValueAxis, Qt::AlignLeft);
    m_costSeries->attachAxis(m_costDayAxis);
    m_costSeries->attachAxis(m_costValueAxis);
    m_costChart->legend()->hide();
    m_costMapper = mapDays(m_costSeries, UsageDayModel::CostUsd);

    // Horizontal bars: endpoint names are long and read better beside a bar than under it.
    m_endpointChart = new QChart;
    m_endpointChart->setTitle(tr("Requests by endpoint"));
    m_endpointSeries = new QHorizontalBarSeries(m_endpointChart);
    m_endpointSet = new QBarSet(tr("Requests"));
    m_endpointSeries->append(m_endpointSet);
    m_endpointChart->addSeries(m_endpointSeries);
    m_endpointAxis = new QBarCategoryAxis(m_endpointChart);
    m_endpointValueAxis = new QValueAxis(m_endpointChart);
    m_endpointChart->addAxis(m_endpointAxis, Qt::AlignLeft);
    m_endpointChart->addAxis(m_endpointValueAxis, Qt::AlignBottom);
    m_endpointSeries->attachAxis(m_endpointAxis);
    m_endpointSeries->attachAxis(m_endpointValueAxis);
    m_endpointChart->legend()->hide();
    connect(m_endpointSeries, &QHorizontalBarSeries::hovered, this, [this](bool status, int index, QBarSet* set) {
        if (!status || index < 0 || index >= set->count()) {
            QToolTip::hideText();
            return;
        }
        // The full name (labels are shortened), as plain escaped text.
        const QString name = m_endpointSeries->property("fullNames").toStringList().value(index);
        QToolTip::showText(
            QCursor::pos(),
            QStringLiteral("<p>%1<br>%2</p>")
                .arg(name.toHtmlEscaped(), tr("Requests: %1").arg(QLocale().toString(qint64(set->at(index))))),
            this);
    });

    // One set per class, stacked, each non-zero only at its own category: one bar per
    // class in the class's own colour (a single set would paint every bar alike).
    m_statusChart = new QChart;
    m_statusChart->setTitle(tr("Requests by status"));
    m_statusSeries = new QStackedBarSeries(m_statusChart);
    for (int statusClass = kFirstStatusClass; statusClass <= kLastStatusClass; ++statusClass) {
        auto* set = new QBarSet(statusLabel(statusClass));
        m_statusSets << set;
        m_statusSeries->append(set);
    }
    m_statusChart->addSeries(m_statusSeries);
    m_statusAxis = new QBarCategoryAxis(m_statusChart);
    m_statusValueAxis = new QValueAxis(m_statusChart);
    m_statusChart->addAxis(m_statusAxis, Qt::AlignBottom);
    m_statusChart->addAxis(m_statusValueAxis, Qt::AlignLeft);
    m_statusSeries->attachAxis(m_statusAxis);
    m_statusSeries->attachAxis(m_statusValueAxis);
    m_statusChart->legend()->hide();

    auto* chartsPage = new QWidget;
    auto* grid = new QGridLayout(chartsPage);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(makeChartView(m_requestsChart, QStringLiteral("requestsChartView")), 0, 0);
    grid->addWidget(makeChartView(m_costChart, QStringLiteral("costChartView")), 0, 1);
    grid->addWidget(makeChartView(m_endpointChart, QStringLiteral("endpointChartView")), 1, 0);
    grid->addWidget(makeChartView(m_statusChart, QStringLiteral("statusChartView")), 1, 1);

    m_emptyLabel = new QLabel(tr("No requests in this range."));
    m_emptyLabel->setObjectName(QStringLiteral("emptyStateLabel"));
    m_emptyLabel->setAlignment(Qt::AlignCenter);
    m_emptyLabel->setEnabled(false); // the palette's muted text colour

    m_stack = new QStackedWidget;
    m_stack->addWidget(chartsPage);
    m_stack->addWidget(m_emptyLabel);

    m_totalsLabel = new QLabel;
    m_totalsLabel->setObjectName(QStringLiteral("totalsLabel"));
    m_totalsLabel->setTextFormat(Qt::PlainText);
    m_totalsLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_totalsLabel);
    layout->addWidget(m_stack, 1);

    applyTheme();
    setStats(UsageStats{});
}

UsageChartView::~UsageChartView() = default;

QChartView* UsageChartView::makeChartView(QChart* chart, const QString& objectName)
{
    chart->setAnimationOptions(QChart::NoAnimation); // a reload must not replay a sweep
    chart->setMargins(QMargins(4, 4, 4, 4));
    auto* view = new QChartView(chart);
    view->setObjectName(objectName);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(320, 220);
    m_chartViews << view;
    return view;
}

QChart* UsageChartView::requestsChart() const
{
    return m_requestsChart;
}

void UsageChartView::changeEvent(QEvent* event)
{
    if (m_statusChart && (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange))
        applyTheme();
    QWidget::changeEvent(event);
}

void UsageChartView::applyTheme()
{
    // Follow the desktop: a dark window colour gets the dark chart theme. A theme resets
    // every series colour, so ours are set again afterwards.
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    const QChart::ChartTheme theme = dark ? QChart::ChartThemeDark : QChart::ChartThemeLight;
    for (QChart* chart : {m_requestsChart, m_costChart, m_endpointChart, m_statusChart}) {
        if (chart->theme() != theme)
            chart->setTheme(theme);
        chart->setBackgroundRoundness(0);
    }
    m_failedSeries->setColor(kFailedColor);
    for (int i = 0; i < m_statusSets.size(); ++i) {
        const QColor color = statusColor(kFirstStatusClass + i);
        m_statusSets[i]->setColor(color);
        m_statusSets[i]->setBorderColor(color.darker(120));
    }
    const auto pen = [](QLineSeries* series) {
        QPen p = series->pen();
        p.setWidthF(2);
        series->setPen(p);
    };
    pen(m_requestsSeries);
    pen(m_failedSeries);
    pen(m_costSeries);
}

QColor UsageChartView::statusColor(int statusClass)
{
    switch (statusClass) {
    case 2:
        return QColor(0x2e, 0x7d, 0x32); // green: served
    case 3:
        return QColor(0x15, 0x65, 0xc0); // blue: redirected, neither good nor bad
    case 4:
        return QColor(0xef, 0x8c, 0x00); // orange: the caller's fault
    case 5:
        return QColor(0xc6, 0x28, 0x28); // red: ours
    default:
        return QColor(0x75, 0x75, 0x75);
    }
}

void UsageChartView::setStats(const UsageStats& stats)
{
    m_stats = stats;
    // The mappers rebuild the line series from the model's reset.
    m_dayModel->setStats(stats);
    updateDayAxes();
    updateEndpoints();
    updateStatuses();
    updateTotals();
    const bool empty = stats.totals.requests <= 0;
    m_stack->setCurrentWidget(empty ? static_cast<QWidget*>(m_emptyLabel) : m_stack->widget(0));
    m_totalsLabel->setVisible(!empty);
}

void UsageChartView::updateDayAxes()
{
    const QDate from = m_dayModel->from().isValid() ? m_dayModel->from() : QDate::currentDate();
    const QDate to = m_dayModel->to().isValid() ? m_dayModel->to() : from;
    setDayRange(m_requestsDayAxis, from, to);
    setDayRange(m_costDayAxis, from, to);
    setCountRange(m_requestsValueAxis, double(m_dayModel->maxRequests()));
    const double maxCost = m_dayModel->maxCostUsd();
    m_costValueAxis->setRange(0, maxCost > 0 ? maxCost * 1.05 : 0.01);
    m_costValueAxis->applyNiceNumbers();
    m_costValueAxis->setLabelFormat(QStringLiteral("$%.%1f").arg(costDecimals(m_costValueAxis->max())));
    const bool points = m_dayModel->rowCount() <= kMaxDaysWithPoints;
    for (QLineSeries* series : {m_requestsSeries, m_failedSeries, m_costSeries})
        series->setPointsVisible(points);
}

void UsageChartView::updateEndpoints()
{
    // The busiest ten by name, the rest summed as "Other". The axis lists categories
    // bottom up, so the busiest endpoint goes last to be drawn at the top.
    const QList<UsageStats::EndpointRow>& rows = m_stats.byEndpoint;
    QList<QPair<QString, qint64>> bars; // label source, requests; busiest first
    qint64 other = 0;
    for (int i = 0; i < rows.size(); ++i) {
        if (i < TopEndpoints)
            bars.append({rows.at(i).endpoint, rows.at(i).requests});
        else
            other += rows.at(i).requests;
    }
    QSet<QString> taken;
    QStringList labels;
    QStringList fullNames;
    QList<qreal> values;
    for (const auto& bar : std::as_const(bars)) {
        labels << uniqueLabel(endpointLabel(bar.first), taken);
        fullNames << bar.first;
        values << qreal(bar.second);
    }
    if (rows.size() > TopEndpoints) {
        labels << uniqueLabel(tr("Other"), taken);
        fullNames << tr("Other endpoints: %1").arg(rows.size() - TopEndpoints);
        values << qreal(other);
    }
    std::reverse(labels.begin(), labels.end());
    std::reverse(fullNames.begin(), fullNames.end());
    std::reverse(values.begin(), values.end());

    m_endpointSet->remove(0, m_endpointSet->count());
    m_endpointSet->append(values);
    m_endpointAxis->clear();
    m_endpointAxis->append(labels);
    m_endpointSeries->setProperty("fullNames", fullNames);
    const qreal max = values.isEmpty() ? 0 : *std::max_element(values.cbegin(), values.cend());
    setCountRange(m_endpointValueAxis, max);
}

void UsageChartView::updateStatuses()
{
    QMap<int, qint64> byClass;
    for (const UsageStats::StatusRow& row : std::as_const(m_stats.byStatus))
        byClass[qBound(kFirstStatusClass, row.statusClass, kLastStatusClass)] += row.requests;
    // 2xx to 5xx always, so that "no errors" is visible as empty bars; 1xx only when seen.
    QList<int> classes{2, 3, 4, 5};
    if (byClass.value(1) > 0)
        classes.prepend(1);
    QStringList categories;
    for (int statusClass : classes)
        categories << statusLabel(statusClass);
    for (int i = 0; i < m_statusSets.size(); ++i) {
        const int setClass = kFirstStatusClass + i;
        QBarSet* set = m_statusSets.at(i);
        set->remove(0, set->count());
        for (int statusClass : classes)
            set->append(statusClass == setClass ? qreal(byClass.value(setClass)) : 0.0);
    }
    m_statusAxis->clear();
    m_statusAxis->append(categories);
    qint64 max = 0;
    for (qint64 requests : std::as_const(byClass))
        max = qMax(max, requests);
    setCountRange(m_statusValueAxis, double(max));
}

void UsageChartView::updateTotals()
{
    const UsageStats::Totals& t = m_stats.totals;
    const QLocale locale;
    // "Label: value" rather than "%n requests": no plural forms to get wrong.
    QStringList parts;
    parts << tr("Requests: %1").arg(locale.toString(t.requests));
    const double failedShare = t.requests > 0 ? 100.0 * double(t.failed) / double(t.requests) : 0;
    parts << tr("Failed: %1 (%2%)").arg(locale.toString(t.failed), locale.toString(failedShare, 'f', 1));
    parts << tr("Tokens: %1").arg(locale.toString(t.tokens));
    parts << tr("Cost: %1").arg(locale.toCurrencyString(t.costUsd, QStringLiteral("$"), costDecimals(t.costUsd)));
    parts << tr("Average response: %1 ms").arg(locale.toString(t.averageResponseMs, 'f', 1));
    //: Separator between the totals above the usage charts.
    m_totalsLabel->setText(parts.join(tr(" \u00b7 ")));
}

bool UsageChartView::isShowingEmptyState() const
{
    return m_stack->currentWidget() == m_emptyLabel;
}

QString UsageChartView::emptyStateText() const
{
    return m_emptyLabel->text();
}

QString UsageChartView::totalsText() const
{
    return m_totalsLabel->text();
}

QStringList UsageChartView::endpointCategories() const
{
    return m_endpointAxis->categories();
}

QBarSet* UsageChartView::statusSet(int statusClass) const
{
    if (statusClass < kFirstStatusClass || statusClass > kLastStatusClass)
        return nullptr;
    return m_statusSets.at(statusClass - kFirstStatusClass);
}

QStringList UsageChartView::statusCategories() const
{
    return m_statusAxis->categories();
}
