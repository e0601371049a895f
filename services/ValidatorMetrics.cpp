#include "ValidatorMetrics.h"

#include <QStringList>

#include <algorithm>

namespace {

QByteArray escapeLabel(const QString& value)
{
    QByteArray out;
    const QByteArray utf8 = value.toUtf8();
    out.reserve(utf8.size());
    for (const char c : utf8) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

QByteArray number(double value)
{
    return QByteArray::number(value, 'g', 15);
}

template <typename Map>
QList<typename Map::key_type> sortedKeys(const Map& map)
{
    auto keys = map.keys();
    std::sort(keys.begin(), keys.end());
    return keys;
}

} // namespace

void ValidatorMetrics::countRequest(const QString& organization, const QString& outcome, double seconds)
{
    QMutexLocker locker(&m_mutex);
    ++m_requests[{organization, outcome}];
    if (seconds < 0)
        return;
    for (size_t i = 0; i < Buckets.size(); ++i) {
        if (seconds <= Buckets[i])
            ++m_bucketCounts[i];
    }
    ++m_latencyCount;
    m_latencySum += seconds;
}

void ValidatorMetrics::countRateLimited(const QString& organization)
{
    QMutexLocker locker(&m_mutex);
    ++m_rateLimited[organization];
}

void ValidatorMetrics::countInvalidKey(const QString& reason)
{
    QMutexLocker locker(&m_mutex);
    ++m_invalid[reason];
}

void ValidatorMetrics::countUsage(const QString& endpoint)
{
    QMutexLocker locker(&m_mutex);
    if (!m_usage.contains(endpoint) && m_usage.size() >= MaxEndpointSeries)
        ++m_usage[QStringLiteral("other")];
    else
        ++m_usage[endpoint];
}

void ValidatorMetrics::addCost(const QString& organization, double usd)
{
    QMutexLocker locker(&m_mutex);
    m_cost[organization] += usd;
}

void ValidatorMetrics::setGauge(const QString& name, const QString& help, double value)
{
    QMutexLocker locker(&m_mutex);
    m_samples[name] = {help, value, false};
}

void ValidatorMetrics::setCounter(const QString& name, const QString& help, double value)
{
    QMutexLocker locker(&m_mutex);
    m_samples[name] = {help, value, true};
}

QByteArray ValidatorMetrics::render() const
{
    QMutexLocker locker(&m_mutex);
    QByteArray out;
    out += "# HELP keywarden_requests_total Authenticated and refused requests by organization and outcome.\n"
           "# TYPE keywarden_requests_total counter\n";
    auto requestKeys = m_requests.keys();
    std::sort(requestKeys.begin(), requestKeys.end());
    for (const auto& key : requestKeys)
        out += "keywarden_requests_total{organization=\"" + escapeLabel(key.first) + "\",outcome=\""
            + escapeLabel(key.second) + "\"} " + QByteArray::number(m_requests.value(key)) + '\n';

    out += "# HELP keywarden_rate_limited_total Requests refused by the rate limit or the monthly quota.\n"
           "# TYPE keywarden_rate_limited_total counter\n";
    for (const QString& org : sortedKeys(m_rateLimited))
        out += "keywarden_rate_limited_total{organization=\"" + escapeLabel(org) + "\"} "
            + QByteArray::number(m_rateLimited.value(org)) + '\n';

    out += "# HELP keywarden_invalid_key_attempts_total Requests with a missing, malformed, unknown, revoked or "
           "expired key.\n"
           "# TYPE keywarden_invalid_key_attempts_total counter\n";
    for (const QString& reason : sortedKeys(m_invalid))
        out += "keywarden_invalid_key_attempts_total{reason=\"" + escapeLabel(reason) + "\"} "
            + QByteArray::number(m_invalid.value(reason)) + '\n';

    out += "# HELP keywarden_usage_requests_total Recorded usage by endpoint.\n"
           "# TYPE keywarden_usage_requests_total counter\n";
    for (const QString& endpoint : sortedKeys(m_usage))
        out += "keywarden_usage_requests_total{endpoint=\"" + escapeLabel(endpoint) + "\"} "
            + QByteArray::number(m_usage.value(endpoint)) + '\n';

    out += "# HELP keywarden_cost_usd_total Cost of agent runs by organization, in US dollars.\n"
           "# TYPE keywarden_cost_usd_total counter\n";
    for (const QString& org : sortedKeys(m_cost))
        out += "keywarden_cost_usd_total{organization=\"" + escapeLabel(org) + "\"} " + number(m_cost.value(org))
            + '\n';

    out += "# HELP keywarden_request_duration_seconds Time to answer an authenticated route.\n"
           "# TYPE keywarden_request_duration_seconds histogram\n";
    for (size_t i = 0; i < Buckets.size(); ++i)
        out += "keywarden_request_duration_seconds_bucket{le=\"" + number(Buckets[i]) + "\"} "
            + QByteArray::number(m_bucketCounts[i]) + '\n';
    out += "keywarden_request_duration_seconds_bucket{le=\"+Inf\"} " + QByteArray::number(m_latencyCount) + '\n';
    out += "keywarden_request_duration_seconds_sum " + number(m_latencySum) + '\n';
    out += "keywarden_request_duration_seconds_count " + QByteArray::number(m_latencyCount) + '\n';

    for (const QString& name : sortedKeys(m_samples)) {
        const QByteArray metric = name.toLatin1();
        const Sample& sample = m_samples[name];
        out += "# HELP " + metric + ' ' + sample.help.toUtf8() + "\n# TYPE " + metric
            + (sample.counter ? " counter\n" : " gauge\n") + metric + ' ' + number(sample.value) + '\n';
    }
    return out;
}
