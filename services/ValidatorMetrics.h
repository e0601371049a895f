#pragma once

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QString>

#include <array>

// The validator's Prometheus series, rendered as text exposition format 0.0.4 that
// `promtool check metrics` accepts. Label values that come from outside (endpoints) are
// bounded, so a client cannot grow the series without limit.
class ValidatorMetrics
{
public:
    static constexpr int MaxEndpointSeries = 200;

    // A negative `seconds` counts the request without a latency observation.
    void countRequest(const QString& organization, const QString& outcome, double seconds);
    void countRateLimited(const QString& organization);
    void countInvalidKey(const QString& reason);
    void countUsage(const QString& endpoint);
    void addCost(const QString& organization, double usd);
    void setGauge(const QString& name, const QString& help, double value);
    // A counter kept elsewhere (monotonic for the process's life), exported as it is.
    void setCounter(const QString& name, const QString& help, double value);

    QByteArray render() const;

    static constexpr std::array<double, 12> Buckets{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                                    0.01,   0.025,   0.05,   0.1,   0.25,   1.0};

private:
    mutable QMutex m_mutex;
    QHash<QPair<QString, QString>, quint64> m_requests; // (organization, outcome)
    QHash<QString, quint64> m_rateLimited;
    QHash<QString, quint64> m_invalid;
    QHash<QString, quint64> m_usage;
    QHash<QString, double> m_cost;
    struct Sample
    {
        QString help;
        double value = 0;
        bool counter = false;
    };
    QHash<QString, Sample> m_samples; // gauges and counters kept elsewhere, by name
    std::array<quint64, Buckets.size()> m_bucketCounts{};
    quint64 m_latencyCount = 0;
    double m_latencySum = 0;
};
