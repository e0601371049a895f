// Security tests collected in one suite (issue 5, item 6), over real HTTP on loopback against a
// real validator, on SQLite and PostgreSQL (nothing of the database is mocked):
// - a key in the URL query is refused (400 api_key_in_url; forward auth: 401 + X-Auth-Error),
//   under every spelling of the parameter name, on every kind of route, and is neither echoed
//   nor logged nor counted;
// - no log line holds a key: every message of the whole suite is captured (debug included)
//   and scanned, and so are the JSON log lines of a real `keywardenctl serve` process;
//   TestLogScan scans the output of the whole CTest run afterwards;
// - secret comparisons take the same time for near and far misses (statistical, interleaved,
//   with a self-check that the method does catch an early-exit comparison);
// - rate limits and quotas cannot be bypassed: header case and whitespace games, parallel
//   bursts over several serving threads and validators, many keys of one organization;
// - the admin API refuses everything but the exact admin key, and is off without one.
//
// Two checks guard fixed defects of the SQL rate-limit backend: check and count are one
// atomic step across validators, and a count that cannot be written does not admit.
#include "ApiKeyFormat.h"
#include "ApiKeyGenerator.h"
#include "ApiKeyHasher.h"
#include "ApiKeyService.h"
#include "InMemoryRateLimiter.h"
#include "KeyCache.h"
#include "KeyLeakScanner.h"
#include "KeyMasking.h"
#include "LogCapture.h"
#include "OrganizationService.h"
#include "QuotaTracker.h"
#include "RequestAuthenticator.h"
#include "SqlQuery.h"
#include "SqlValue.h"
#include "TestDatabase.h"
#include "ValidatorHarness.h"
#include "ValidatorPool.h"
#include "ValidatorServer.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlRecord>
#include <QTest>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>
#include <functional>
#include <latch>
#include <memory>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include <zlib.h>

// Under AddressSanitizer, memcmp's interceptor checks both whole buffers before it compares
// (strict_memcmp=1, ASan's default), so a far miss costs nearly what a near miss does
// (x1.66 measured on 64 KiB), and timingMethodCatchesEarlyExitComparisons' memcmp arm
// only passed when the machine was quiet (a clean-clone CI failed it at x1.61, 69 % of
// rounds). With strict_memcmp=0 ASan checks the bytes memcmp does read, and memcmp exits
// early in time again (x39). ASAN_OPTIONS set outside still wins.
#if defined(__SANITIZE_ADDRESS__)
extern "C" __attribute__((visibility("default"), used)) const char* __asan_default_options()
{
    return "strict_memcmp=0";
}
#endif

#ifndef KEYWARDENCTL_PATH
#error "KEYWARDENCTL_PATH must be defined"
#endif

namespace {

// Every keywarden category down to debug: the validator's "refused" lines (with the masked
// key) are debug messages, and a leak there must not go unseen.
const QString kVerboseLogs = QStringLiteral("keywarden.*.debug=true");
// While timing or bursting: thousands of refusals would drown the test output (QtTest prints
// at most 2000 messages per run).
const QString kQuietLogs = QStringLiteral("keywarden.*.debug=false\nkeywarden.keys.info=false");

struct QuietLogs
{
    QuietLogs() { QLoggingCategory::setFilterRules(kQuietLogs); }
    ~QuietLogs() { QLoggingCategory::setFilterRules(kVerboseLogs); }
};

// The whole answer as text, for "is the key echoed anywhere" checks.
QString answerText(const HttpAnswer& answer)
{
    QByteArray text = QByteArray::number(answer.status) + '\n';
    for (const auto& [name, value] : answer.headers)
        text += name + ": " + value + '\n';
    return QString::fromLatin1(text + answer.body);
}

// A request like RawHttp::request, with a shorter timeout: some header games may be
// dropped without an answer, and the suite must not wait 10 s for each.
HttpAnswer send(quint16 port,
                const QByteArray& method,
                const QByteArray& target,
                const QList<QByteArray>& headerLines = {},
                const QByteArray& body = {},
                int timeoutMs = 5000)
{
    QByteArray raw = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (const QByteArray& line : headerLines)
        raw += line + "\r\n";
    if (!body.isEmpty() || method == "POST")
        raw += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    raw += "\r\n" + body;
    return RawHttp::send(port, raw, timeoutMs);
}

QList<QByteArray> substitute(const QList<QByteArray>& lines, const QByteArray& placeholder, const QString& value)
{
    QList<QByteArray> out;
    for (QByteArray line : lines)
        out << line.replace(placeholder, value.toLatin1());
    return out;
}

// ---- near misses of a key -------------------------------------------------------------

int prefixLength(const QString& key)
{
    return int(key.indexOf(u'_', 3)) + 1;
}

quint32 crc(const QByteArray& bytes)
{
    return quint32(::crc32(0L, reinterpret_cast<const Bytef*>(bytes.constData()), uInt(bytes.size())));
}

// The last random character changed and the checksum recomputed: well formed, so it reaches
// the key store; shares the prefix and the first 49 of 57 characters with the key.
QString nearMissLastRandomChar(const QString& key)
{
    QString body = key.left(prefixLength(key) + ApiKeyFormat::RandomLength);
    body.back() = body.back() == u'A' ? u'B' : u'A';
    return body + ApiKeyFormat::checksum(body.toLatin1());
}

// The very last character changed: same prefix, 56 of 57 characters, but the checksum fails.
QString nearMissLastChar(const QString& key)
{
    return key.chopped(1) + (key.back() == u'a' ? u'b' : u'a');
}

// Same prefix, same hint, same checksum (so the very same masked form, the very same
// key_prefix and key_hint as stored) and well formed; only 12 characters near the end of the
// random part differ. Found by solving CRC-32's linear system: for inputs of one length,
// crc(a ^ d) = crc(a) ^ crc(d) ^ crc(0…0). Each changed position holds one of 'p'..'w'
// (0x70..0x77), so its low three bits are free and the character stays base64url.
QString nearMissSameMask(const QString& key)
{
    const int prefix = prefixLength(key);
    const QByteArray body = key.left(prefix + ApiKeyFormat::RandomLength).toLatin1();
    const QByteArray zeros(body.size(), '\0');
    const quint32 zeroCrc = crc(zeros);
    constexpr int Positions = 12;
    constexpr int Columns = Positions * 3;
    for (int shift = 0; shift < 16; ++shift) {
        const int last = int(body.size()) - 1 - shift;
        const int first = last - Positions + 1;
        if (first < prefix + ApiKeyFormat::PrefixRandomChars)
            break;
        QByteArray candidate = body;
        for (int i = first; i <= last; ++i)
            candidate[i] = 'p';
        quint32 basis[32] = {};
        quint64 combination[32] = {};
        for (int c = 0; c < Columns; ++c) {
            QByteArray delta = zeros;
            delta[first + c / 3] = char(1 << (c % 3));
            quint32 value = crc(delta) ^ zeroCrc;
            quint64 mask = quint64(1) << c;
            for (int bit = 31; bit >= 0 && value; --bit) {
                if (!((value >> bit) & 1u))
                    continue;
                if (!basis[bit]) {
                    basis[bit] = value;
                    combination[bit] = mask;
                    break;
                }
                value ^= basis[bit];
                mask ^= combination[bit];
            }
        }
        quint32 target = crc(candidate) ^ crc(body);
        quint64 chosen = 0;
        bool solvable = true;
        for (int bit = 31; bit >= 0; --bit) {
            if (!((target >> bit) & 1u))
                continue;
            if (!basis[bit]) {
                solvable = false;
                break;
            }
            target ^= basis[bit];
            chosen ^= combination[bit];
        }
        if (!solvable)
            continue;
        for (int c = 0; c < Columns; ++c) {
            if ((chosen >> c) & 1u)
                candidate[first + c / 3] = char(candidate[first + c / 3] ^ (1 << (c % 3)));
        }
        if (candidate == body || crc(candidate) != crc(body))
            continue;
        const QString nearMiss = QString::fromLatin1(candidate) + key.mid(body.size());
        if (ApiKeyFormat::check(nearMiss) == KeyFormatError::None)
            return nearMiss;
    }
    return QString();
}

// ---- timing ----------------------------------------------------------------------------

// The verdict of compareTimings(): can an observer tell arm A from arm B by time?
struct TimingVerdict
{
    double medianA = 0;
    double medianB = 0;
    double trimmedA = 0; // mean of the middle 80 %
    double trimmedB = 0;
    double slowerShare = 0; // rounds in which the slower arm (by median) was the slower one
    bool distinguishable = false;
    QString text;
};

constexpr double kInProcessBound = 1.25; // in-process paths: a leak of 25 % or more is caught
constexpr double kHttpBound = 1.5; // through loopback HTTP (connection setup dominates)
constexpr double kConsistentShare = 0.75;

double trimmedMean(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const size_t cut = values.size() / 10;
    double sum = 0;
    for (size_t i = cut; i < values.size() - cut; ++i)
        sum += values[i];
    return sum / double(values.size() - 2 * cut);
}

double median(std::vector<double> values)
{
    std::nth_element(values.begin(), values.begin() + values.size() / 2, values.end());
    return values[values.size() / 2];
}

// Interleaves samples of two arms (each sample returns nanoseconds), in a random order within
// each round so neither arm always goes first, after a warm-up. Machine noise (the other
// core's builds, preemption, frequency changes) then hits both arms alike, and medians and
// trimmed means ignore its outliers. "Distinguishable" needs all three: both the medians and
// the trimmed means differ by `bound` or more, and the slower arm is slower in at least 75 % of
// the rounds. An early-exit comparison on long inputs differs by orders of magnitude and is
// slower in every round; equal work stays near 1.0 and 50 %.
TimingVerdict
compareTimings(const std::function<double()>& a, const std::function<double()>& b, int rounds, double bound)
{
    std::mt19937 order(0x5eed);
    std::vector<double> timesA;
    std::vector<double> timesB;
    timesA.reserve(size_t(rounds));
    timesB.reserve(size_t(rounds));
    int aSlower = 0;
    const int warmUp = qMax(10, rounds / 10);
    for (int round = -warmUp; round < rounds; ++round) {
        double x;
        double y;
        if (order() & 1u) {
            x = a();
            y = b();
        } else {
            y = b();
            x = a();
        }
        if (round < 0)
            continue;
        timesA.push_back(x);
        timesB.push_back(y);
        aSlower += x > y ? 1 : 0;
    }
    TimingVerdict verdict;
    verdict.medianA = median(timesA);
    verdict.medianB = median(timesB);
    verdict.trimmedA = trimmedMean(timesA);
    verdict.trimmedB = trimmedMean(timesB);
    const bool aIsSlower = verdict.medianA >= verdict.medianB;
    const double medianRatio
        = aIsSlower ? verdict.medianA / qMax(1.0, verdict.medianB) : verdict.medianB / qMax(1.0, verdict.medianA);
    const double trimmedRatio
        = aIsSlower ? verdict.trimmedA / qMax(1.0, verdict.trimmedB) : verdict.trimmedB / qMax(1.0, verdict.trimmedA);
    verdict.slowerShare = aIsSlower ? double(aSlower) / rounds : 1.0 - double(aSlower) / rounds;
    verdict.distinguishable = medianRatio >= bound && trimmedRatio >= bound && verdict.slowerShare >= kConsistentShare;
    verdict.text
        = QStringLiteral("medians %1 / %2 ns (x%3), trimmed means %4 / %5 ns (x%6), slower arm slower in "
                         "%7 % of %8 rounds; bound x%9 and %10 % -> %11")
              .arg(verdict.medianA, 0, 'f', 0)
              .arg(verdict.medianB, 0, 'f', 0)
              .arg(medianRatio, 0, 'f', 3)
              .arg(verdict.trimmedA, 0, 'f', 0)
              .arg(verdict.trimmedB, 0, 'f', 0)
              .arg(trimmedRatio, 0, 'f', 3)
              .arg(verdict.slowerShare * 100, 0, 'f', 1)
              .arg(rounds)
              .arg(bound)
              .arg(kConsistentShare * 100, 0, 'f', 0)
              .arg(verdict.distinguishable ? QStringLiteral("DISTINGUISHABLE") : QStringLiteral("indistinguishable"));
    return verdict;
}

// Keeps the compiler from merging or hoisting repeated calls with the same arguments.
inline void clobberMemory()
{
    asm volatile("" ::: "memory");
}

volatile int g_sink = 0;

template <typename Work>
double timeBatch(int batch, Work&& work)
{
    const auto started = std::chrono::steady_clock::now();
    for (int i = 0; i < batch; ++i) {
        g_sink = g_sink + (work() ? 1 : 0);
        clobberMemory();
    }
    return double(
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - started).count());
}

// A deliberately non-constant-time comparison: returns at the first differing byte.
[[gnu::noinline]] bool earlyExitEquals(const QByteArray& a, const QByteArray& b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a[i] != b[i])
            return false;
    }
    return true;
}

[[gnu::noinline]] bool memcmpEquals(const QByteArray& a, const QByteArray& b)
{
    return a.size() == b.size() && std::memcmp(a.constData(), b.constData(), size_t(a.size())) == 0;
}

// ---- parallel bursts -------------------------------------------------------------------

// A validator served by several threads (ValidatorPool, as `keywardenctl serve` runs it),
// itself on a thread of its own so the test can block on sockets.
class PoolHarness
{
public:
    PoolHarness(Database& database, const RuntimeConfig& config, int threads)
        : m_thread(database)
    {
        m_thread.run([this, &database, &config, threads] {
            m_pool = std::make_unique<ValidatorPool>(database, config, threads);
            m_port = m_pool->listen(QHostAddress::LocalHost, 0);
            m_threads = m_pool->threads();
        });
    }
    ~PoolHarness()
    {
        m_thread.stop([this] { m_pool.reset(); });
    }
    Q_DISABLE_COPY_MOVE(PoolHarness)

    quint16 port() const { return m_port; }
    int threads() const { return m_threads; }

private:
    DatabaseThread m_thread;
    std::unique_ptr<ValidatorPool> m_pool;
    quint16 m_port = 0;
    int m_threads = 0;
};

struct BurstCount
{
    int ok = 0;
    int rateLimited = 0;
    int overQuota = 0;
    QMap<QString, int> other; // "status code" -> count
    QList<int> okPerKey;
    QString text() const
    {
        QStringList others;
        for (auto it = other.cbegin(); it != other.cend(); ++it)
            others << QStringLiteral("%1 x%2").arg(it.key()).arg(it.value());
        QStringList perKey;
        for (const int n : okPerKey)
            perKey << QString::number(n);
        return QStringLiteral("%1 admitted (per key: %2), %3 rate limited, %4 over quota, other: %5")
            .arg(ok)
            .arg(perKey.join(u' '))
            .arg(rateLimited)
            .arg(overQuota)
            .arg(others.isEmpty() ? QStringLiteral("none") : others.join(QStringLiteral(", ")));
    }
};

struct Shot
{
    quint16 port = 0;
    QByteArray authorization;
    int key = 0; // index into BurstCount::okPerKey
};

// Fires `shots` from 12 client threads released at once (a latch), each thread taking every
// 12th shot, and counts the answers.
BurstCount burst(const QList<Shot>& shots, int keys)
{
    constexpr int Clients = 12;
    std::latch start(Clients);
    std::mutex mutex;
    BurstCount count;
    count.okPerKey = QList<int>(keys, 0);
    std::vector<std::thread> clients;
    for (int client = 0; client < Clients; ++client) {
        clients.emplace_back([&, client] {
            start.arrive_and_wait();
            for (qsizetype i = client; i < shots.size(); i += Clients) {
                const Shot& shot = shots[i];
                const HttpAnswer answer = send(shot.port, "GET", "/v1/verify", {shot.authorization}, {}, 10000);
                const QString code = errorCode(answer);
                std::lock_guard<std::mutex> lock(mutex);
                if (answer.status == 200) {
                    ++count.ok;
                    ++count.okPerKey[shot.key];
                } else if (answer.status == 429 && code == QLatin1String("rate_limit_exceeded")) {
                    ++count.rateLimited;
                } else if (answer.status == 429 && code == QLatin1String("quota_exceeded")) {
                    ++count.overQuota;
                } else {
                    ++count.other[QStringLiteral("%1 %2").arg(answer.status).arg(code)];
                }
            }
        });
    }
    for (std::thread& client : clients)
        client.join();
    return count;
}

// `perKey` requests for each key, one key after the other (so the 12 clients' requests in
// flight at any moment are mostly for one key, as close to its limit as a race can get), each
// key's requests alternating over `ports` (every key is counted by every validator).
QList<Shot> shotsFor(const QList<QByteArray>& authorizations, int perKey, const QList<quint16>& ports)
{
    QList<Shot> shots;
    for (int key = 0; key < authorizations.size(); ++key) {
        for (int i = 0; i < perKey; ++i)
            shots << Shot{ports[i % ports.size()], authorizations[key], key};
    }
    return shots;
}

enum class Expect { Accept, Refuse, Either };

// On SQLite a write transaction that has read first fails at once with "database is locked"
// (busy_timeout does not apply) when another connection committed in between, as the
// validators' usage recorders do every 200 ms: a production defect this suite found, mended
// since (Transaction begins IMMEDIATE). The fixture writes still retry, and count it in the
// last test's summary, so that a return of the defect shows without hiding what it tests.
int g_lockedRetries = 0;

template <typename Write>
auto retryLocked(Write&& write) -> decltype(write())
{
    for (int attempt = 1;; ++attempt) {
        auto result = write();
        if (result.ok() || attempt == 25 || !result.error().message.contains(QLatin1String("database is locked")))
            return result;
        ++g_lockedRetries;
        QThread::msleep(20);
    }
}

// The Authorization header's value as RequestAuthenticator takes it.
QByteArray bearerValue(const QString& key)
{
    return "Bearer " + key.toLatin1();
}

// The validator's key check as it runs in process, over this engine's key store.
struct InProcessAuthenticator
{
    explicit InProcessAuthenticator(Database& database)
        : quota(database)
        , authenticator(database, cache, limiter, quota, config)
    {
    }
    KeyCache cache;
    InMemoryRateLimiter limiter;
    QuotaTracker quota;
    const RuntimeConfig config;
    RequestAuthenticator authenticator;
};

} // namespace

Q_DECLARE_METATYPE(Expect)
Q_DECLARE_METATYPE(RateLimitBackend)

class TestSecurity : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void leakCheckSeesWhatItMust();

    // A key in the URL.
    void keyInUrlIsRefused_data();
    void keyInUrlIsRefused();

    // The admin API.
    void adminApiRefusesAllButTheAdminKey_data();
    void adminApiRefusesAllButTheAdminKey();
    void adminApiAcceptsTheAdminKeySpelledAsRfc9110Allows();
    void adminPathSpellingsDoNotBypassTheKey_data();
    void adminPathSpellingsDoNotBypassTheKey();
    void adminApiIsOffWithoutAdminKey_data();
    void adminApiIsOffWithoutAdminKey();
    void badAdminKeySettingIsRefusedWithoutEchoingIt();

    // Rate limits and quotas.
    void headerGamesNeverOpenASecondBudget_data();
    void headerGamesNeverOpenASecondBudget();
    void parallelBurstAdmitsExactlyTheLimit_data();
    void parallelBurstAdmitsExactlyTheLimit();
    void sqlLimiterAdmitsNoMoreThanItCanCount();
    void moreKeysDoNotRaiseTheQuota();
    void parallelBurstOfManyKeysStaysWithinTheQuota_data();
    void parallelBurstOfManyKeysStaysWithinTheQuota();

    // Constant time.
    void timingMethodCatchesEarlyExitComparisons();
    void constantTimeEqualsDoesNotExitEarly();
    void keyVerificationTimeIgnoresNearMisses_data();
    void keyVerificationTimeIgnoresNearMisses();
    void typosNeverFillTheKeyCache();
    void adminKeyCheckTimeIgnoresNearMisses_data();
    void adminKeyCheckTimeIgnoresNearMisses();

    // Tables, answers and metrics.
    void keysSentInOtherPlacesAreNeverStored();

    // Logs.
    void validatorProcessJsonLogsHoldNoKey();
    void noCapturedLogLineHoldsAKey(); // last: everything the suite logged

private:
    Organization newOrganization(Plan plan = Plan::Enterprise);
    CreatedKey newKey(std::optional<int> rateLimit = std::nullopt, const Organization* organization = nullptr);
    // Empty when `text` holds no key material: none of the suite's keys (whole, or 30 of its
    // characters) and nothing KeyLeakScanner finds. Else says what, masked.
    QString leakIn(const QString& text) const;
    QString leakInLogsSince(qsizetype mark) const;
    qsizetype logMark() const { return m_logs->messages().size(); }
    int organizationCount();

    std::unique_ptr<LogCapture> m_logs;
    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<ValidatorHarness> m_server; // memory limiter, admin API on
    QString m_adminKey;
    QStringList m_secrets; // every key this suite sent anywhere
    // 30 characters of each (from its 13th) -> its index in m_secrets; leakIn() adds the new.
    mutable QMultiHash<QStringView, qsizetype> m_fragments;
    mutable qsizetype m_indexed = 0;
    QStringList m_processLog; // the JSON lines of `keywardenctl serve`
    int m_organizations = 0;
};

void TestSecurity::initTestCase()
{
    m_logs = std::make_unique<LogCapture>();
    QLoggingCategory::setFilterRules(kVerboseLogs);
    m_db = std::make_unique<TestDatabase>();
    KW_REQUIRE_DB(*m_db);
    m_adminKey = ApiKeyGenerator::generate(KeyEnvironment::Admin).fullKey;
    m_secrets << m_adminKey;
    RuntimeConfig config;
    config.adminApiKey = m_adminKey;
    m_server = std::make_unique<ValidatorHarness>(m_db->database(), config);
    QVERIFY(m_server->port() != 0);
}

void TestSecurity::cleanupTestCase()
{
    m_server.reset();
    m_db.reset();
    QLoggingCategory::setFilterRules(QString());
    m_logs.reset();
}

Organization TestSecurity::newOrganization(Plan plan)
{
    OrganizationService organizations(m_db->database());
    const QString slug = QStringLiteral("sec-%1").arg(++m_organizations);
    auto created = retryLocked([&] {
        return organizations.create({QStringLiteral("Org ") + slug, slug + QStringLiteral("@example.com"), plan, slug},
                                    QStringLiteral("test"));
    });
    if (!created)
        qFatal("cannot create organization %s: %s", qPrintable(slug), qPrintable(created.error().message));
    return created.value();
}

CreatedKey TestSecurity::newKey(std::optional<int> rateLimit, const Organization* organization)
{
    const Organization org = organization ? *organization : newOrganization();
    ApiKeyService keys(m_db->database());
    CreateKeyRequest request;
    request.organizationId = org.id;
    request.name = QStringLiteral("k");
    request.scopes = {QStringLiteral("*")};
    request.customRateLimit = rateLimit;
    auto created = retryLocked([&] { return keys.createKey(request, QStringLiteral("test")); });
    if (!created)
        qFatal("cannot create key: %s", qPrintable(created.error().message));
    m_secrets << created->fullKey;
    return created.value();
}

QString TestSecurity::leakIn(const QString& text) const
{
    // Thousands of log lines times a thousand keys: each text is looked up by its 30-character
    // windows instead of searched once per key (a whole key holds its window too).
    constexpr qsizetype kFragment = 30;
    for (; m_indexed < m_secrets.size(); ++m_indexed)
        m_fragments.insert(QStringView(m_secrets.at(m_indexed)).sliced(12, kFragment), m_indexed);
    qsizetype first = -1; // the first key in m_secrets with a window in `text`
    for (qsizetype i = 0; i + kFragment <= text.size(); ++i) {
        const auto [from, to] = m_fragments.equal_range(QStringView(text).sliced(i, kFragment));
        for (auto it = from; it != to; ++it)
            first = first < 0 ? it.value() : std::min(first, it.value());
    }
    if (first >= 0) {
        // Reported with KeyLeakScanner's own mask: were KeyMasking broken, this message
        // must not print the key into the CI log.
        const QString& secret = m_secrets.at(first);
        if (text.contains(secret))
            return QStringLiteral("the full key %1").arg(KeyLeakScanner::maskForReport(secret));
        return QStringLiteral("30 characters of the key %1").arg(KeyLeakScanner::maskForReport(secret));
    }
    const KeyLeakScanner::Result scan = KeyLeakScanner::scan(text);
    if (!scan.findings.isEmpty())
        return KeyLeakScanner::kindName(scan.findings.first().kind) + QLatin1Char(' ') + scan.findings.first().masked;
    return QString();
}

QString TestSecurity::leakInLogsSince(qsizetype mark) const
{
    const QStringList lines = m_logs->messages();
    for (qsizetype i = mark; i < lines.size(); ++i) {
        if (const QString leak = leakIn(lines[i]); !leak.isEmpty())
            return leak + QStringLiteral(" in the log line: ") + KeyLeakScanner::redact(lines[i]).left(200);
    }
    return QString();
}

int TestSecurity::organizationCount()
{
    OrganizationService organizations(m_db->database());
    auto list = organizations.list();
    return list ? int(list->size()) : -1;
}

void TestSecurity::leakCheckSeesWhatItMust()
{
    // The checks below can only fail if this one sees keys: prove it on the suite's own keys.
    const CreatedKey key = newKey();
    QVERIFY(!leakIn(QStringLiteral("x ") + key.fullKey + QStringLiteral(" y")).isEmpty());
    QVERIFY(!leakIn(key.fullKey.mid(12, 30)).isEmpty()); // a fragment without its prefix
    QVERIFY(!leakIn(nearMissLastChar(key.fullKey)).isEmpty());
    QVERIFY(!leakIn(ApiKeyGenerator::generate(KeyEnvironment::Test).fullKey).isEmpty()); // not one of ours
    QVERIFY(leakIn(KeyMasking::mask(key.fullKey)).isEmpty());
    QVERIFY(leakIn(key.key.keyPrefix + QStringLiteral("...") + key.key.keyHint).isEmpty());
    // (That the capture really holds the validator's lines is checked at the end, in
    // noCapturedLogLineHoldsAKey: a probe line with a key would itself leak into the output.)
}

// ---- a key in the URL --------------------------------------------------------------------

void TestSecurity::keyInUrlIsRefused_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target"); // {key}: an organization's valid key, {admin}: the admin key
    QTest::addColumn<QList<QByteArray>>("headers");

    const QList<QByteArray> none;
    const QList<QByteArray> withHeader{"Authorization: Bearer {key}"};
    QTest::newRow("verify ?api_key=") << QByteArray("GET") << QByteArray("/v1/verify?api_key={key}") << none;
    QTest::newRow("verify ?key=") << QByteArray("GET") << QByteArray("/v1/verify?key={key}") << none;
    QTest::newRow("verify ?token=") << QByteArray("GET") << QByteArray("/v1/verify?token={key}") << none;
    QTest::newRow("verify ?API_KEY=") << QByteArray("GET") << QByteArray("/v1/verify?API_KEY={key}") << none;
    QTest::newRow("verify ?Api_Key=") << QByteArray("GET") << QByteArray("/v1/verify?Api_Key={key}") << none;
    QTest::newRow("verify ?TOKEN=") << QByteArray("GET") << QByteArray("/v1/verify?TOKEN={key}") << none;
    QTest::newRow("verify ?Key=") << QByteArray("GET") << QByteArray("/v1/verify?Key={key}") << none;
    QTest::newRow("verify ?api%5Fkey= (encoded _)")
        << QByteArray("GET") << QByteArray("/v1/verify?api%5Fkey={key}") << none;
    QTest::newRow("verify ?%61pi_key= (encoded a)")
        << QByteArray("GET") << QByteArray("/v1/verify?%61pi_key={key}") << none;
    QTest::newRow("verify ?API%5fKEY= (encoded, upper)")
        << QByteArray("GET") << QByteArray("/v1/verify?API%5fKEY={key}") << none;
    QTest::newRow("verify ?%6B%65%79= (all encoded)")
        << QByteArray("GET") << QByteArray("/v1/verify?%6B%65%79={key}") << none;
    QTest::newRow("verify ?tok%65n=") << QByteArray("GET") << QByteArray("/v1/verify?tok%65n={key}") << none;
    QTest::newRow("verify, second parameter")
        << QByteArray("GET") << QByteArray("/v1/verify?page=2&api_key={key}&sort=asc") << none;
    QTest::newRow("verify, parameter twice") << QByteArray("GET") << QByteArray("/v1/verify?key=a&key={key}") << none;
    QTest::newRow("verify, ';' separates")
        << QByteArray("GET") << QByteArray("/v1/verify?page=2;api_key={key}") << none;
    QTest::newRow("verify ?api-key=") << QByteArray("GET") << QByteArray("/v1/verify?api-key={key}") << none;
    QTest::newRow("verify ?X-Api-Key=") << QByteArray("GET") << QByteArray("/v1/verify?X-Api-Key={key}") << none;
    QTest::newRow("verify ?api_key[]=") << QByteArray("GET") << QByteArray("/v1/verify?api_key[]={key}") << none;
    QTest::newRow("verify ?api_key%5B%5D=")
        << QByteArray("GET") << QByteArray("/v1/verify?api_key%5B%5D={key}") << none;
    QTest::newRow("verify ?access_token=") << QByteArray("GET") << QByteArray("/v1/verify?access_token={key}") << none;
    QTest::newRow("verify ?api_key (no value)") << QByteArray("GET") << QByteArray("/v1/verify?x=1&api_key") << none;
    QTest::newRow("verify, with a valid header too")
        << QByteArray("GET") << QByteArray("/v1/verify?api_key={key}") << withHeader;
    QTest::newRow("verify POST ?token=") << QByteArray("POST") << QByteArray("/v1/verify?token={key}") << withHeader;
    QTest::newRow("auth ?token=") << QByteArray("GET") << QByteArray("/v1/auth?token={key}") << none;
    QTest::newRow("auth ?api_key=, with a valid header")
        << QByteArray("GET") << QByteArray("/v1/auth?api_key={key}") << withHeader;
    QTest::newRow("auth ?Api%5FKey=") << QByteArray("GET") << QByteArray("/v1/auth?Api%5FKey={key}") << none;
    QTest::newRow("auth, X-Original-URI ?api_key=")
        << QByteArray("GET") << QByteArray("/v1/auth")
        << QList<QByteArray>{"Authorization: Bearer {key}", "X-Original-URI: /orders?api_key={key}"};
    QTest::newRow("auth, X-Original-URI ?API%5FKEY=")
        << QByteArray("GET") << QByteArray("/v1/auth")
        << QList<QByteArray>{"Authorization: Bearer {key}", "X-Original-URI: /orders?page=1&API%5FKEY={key}"};
    QTest::newRow("auth, X-Original-URI ;apikey=")
        << QByteArray("GET") << QByteArray("/v1/auth")
        << QList<QByteArray>{"Authorization: Bearer {key}", "X-Original-URI: /orders?a=b;apikey={key}"};
    QTest::newRow("auth, X-Forwarded-Uri ?Token=")
        << QByteArray("GET") << QByteArray("/v1/auth")
        << QList<QByteArray>{"Authorization: Bearer {key}", "X-Forwarded-Uri: /orders?Token={key}"};
    QTest::newRow("agent run ?api_key=") << QByteArray("POST") << QByteArray("/v1/agents/a/run?api_key={key}")
                                         << withHeader;
    QTest::newRow("conversations ?key=") << QByteArray("GET") << QByteArray("/v1/conversations?key={key}") << none;
    QTest::newRow("admin ?api_key=") << QByteArray("GET") << QByteArray("/admin/organizations?api_key={admin}") << none;
    QTest::newRow("admin ?token=, with the admin header")
        << QByteArray("GET") << QByteArray("/admin/organizations?token={admin}")
        << QList<QByteArray>{"Authorization: Bearer {admin}"};
    QTest::newRow("admin POST ?API_KEY=") << QByteArray("POST") << QByteArray("/admin/organizations?API_KEY={admin}")
                                          << QList<QByteArray>{"Authorization: Bearer {admin}"};
    QTest::newRow("health ?api_key=") << QByteArray("GET") << QByteArray("/health?api_key={key}") << none;
    QTest::newRow("metrics ?token=") << QByteArray("GET") << QByteArray("/metrics?token={key}") << none;
    QTest::newRow("unknown route ?key=") << QByteArray("GET") << QByteArray("/nope?key={key}") << none;
}

void TestSecurity::keyInUrlIsRefused()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(QList<QByteArray>, headers);
    const qsizetype mark = logMark();
    const CreatedKey key = newKey(5);
    const QByteArray keyText = key.fullKey.toLatin1();
    target.replace("{key}", keyText).replace("{admin}", m_adminKey.toLatin1());
    headers = substitute(substitute(headers, "{key}", key.fullKey), "{admin}", m_adminKey);
    const int organizationsBefore = organizationCount();

    const HttpAnswer answer
        = send(m_server->port(), method, target, headers,
               method == "POST" ? QByteArray(R"({"input":"x","name":"n","email":"a@b.io"})") : QByteArray());
    const qsizetype query = target.indexOf('?');
    const QByteArray path = query < 0 ? target : target.left(query);
    if (path == "/v1/auth") {
        // Forward auth answers only 2xx/401/403 (nginx makes anything else a 500): SPEC's
        // refusal shape, 401 + X-Auth-Error, no body; the shipped nginx config answers 400.
        QCOMPARE(answer.status, 401);
        QCOMPARE(answer.header("X-Auth-Error"), QByteArray("api_key_in_url"));
        QVERIFY(answer.body.isEmpty());
    } else {
        QCOMPARE(answer.status, 400);
        QCOMPARE(errorCode(answer), QStringLiteral("api_key_in_url"));
    }
    QCOMPARE(answer.headerCount("X-RateLimit-Limit"), 0); // refused before any key was looked at
    if (const QString leak = leakIn(answerText(answer)); !leak.isEmpty())
        QFAIL(qPrintable(QStringLiteral("the answer echoes ") + leak));

    // Nothing happened: the key's budget is untouched and no organization was created.
    const HttpAnswer after = send(m_server->port(), "GET", "/v1/verify", {bearer(key.fullKey)});
    QCOMPARE(after.status, 200);
    QCOMPARE(after.header("X-RateLimit-Remaining"), QByteArray("4"));
    QCOMPARE(organizationCount(), organizationsBefore);
    if (const QString leak = leakInLogsSince(mark); !leak.isEmpty())
        QFAIL(qPrintable(leak));
}

// ---- the admin API -----------------------------------------------------------------------

void TestSecurity::adminApiRefusesAllButTheAdminKey_data()
{
    QTest::addColumn<QList<QByteArray>>("headers"); // placeholders filled in by the test
    QTest::addColumn<int>("status");
    QTest::addColumn<QStringList>("codes"); // any of these

    const QStringList missing{QStringLiteral("missing_api_key")};
    const QStringList invalid{QStringLiteral("invalid_api_key")};
    QTest::newRow("no Authorization") << QList<QByteArray>{} << 401 << missing;
    QTest::newRow("empty Authorization") << QList<QByteArray>{"Authorization:"} << 401 << missing;
    QTest::newRow("Bearer and nothing") << QList<QByteArray>{"Authorization: Bearer "} << 401 << missing;
    QTest::newRow("Bearer and blanks") << QList<QByteArray>{"Authorization: Bearer \t  "} << 401 << missing;
    QTest::newRow("another admin key") << QList<QByteArray>{"Authorization: Bearer {other_admin}"} << 401 << invalid;
    QTest::newRow("near miss: same prefix, hint and checksum")
        << QList<QByteArray>{"Authorization: Bearer {same_mask}"} << 401 << invalid;
    QTest::newRow("near miss: last random character")
        << QList<QByteArray>{"Authorization: Bearer {last_random}"} << 401 << invalid;
    QTest::newRow("near miss: last character")
        << QList<QByteArray>{"Authorization: Bearer {last_char}"} << 401 << invalid;
    QTest::newRow("admin key minus its last character")
        << QList<QByteArray>{"Authorization: Bearer {truncated}"} << 401 << invalid;
    QTest::newRow("admin key plus a character")
        << QList<QByteArray>{"Authorization: Bearer {admin}x"} << 401 << invalid;
    QTest::newRow("admin key twice") << QList<QByteArray>{"Authorization: Bearer {admin}{admin}"} << 401 << invalid;
    QTest::newRow("admin key upper-cased") << QList<QByteArray>{"Authorization: Bearer {upper}"} << 401 << invalid;
    QTest::newRow("admin key's SHA-256") << QList<QByteArray>{"Authorization: Bearer {admin_hash}"} << 401 << invalid;
    QTest::newRow("an organization's valid key") << QList<QByteArray>{"Authorization: Bearer {user}"} << 401 << invalid;
    // Not a bearer token: missing, as on the validator's routes.
    QTest::newRow("no scheme") << QList<QByteArray>{"Authorization: {admin}"} << 401 << missing;
    QTest::newRow("Basic scheme") << QList<QByteArray>{"Authorization: Basic {admin}"} << 401 << missing;
    QTest::newRow("Token scheme") << QList<QByteArray>{"Authorization: Token {admin}"} << 401 << missing;
    QTest::newRow("X-API-Key header") << QList<QByteArray>{"X-API-Key: {admin}"} << 401 << missing;
    QTest::newRow("Proxy-Authorization") << QList<QByteArray>{"Proxy-Authorization: Bearer {admin}"} << 401 << missing;
    QTest::newRow("admin key then a wrong one")
        << QList<QByteArray>{"Authorization: Bearer {admin}", "Authorization: Bearer {other_admin}"} << 400
        << QStringList{QStringLiteral("bad_request")};
    QTest::newRow("a wrong one then the admin key")
        << QList<QByteArray>{"Authorization: Bearer {other_admin}", "authorization: Bearer {admin}"} << 400
        << QStringList{QStringLiteral("bad_request")};
}

void TestSecurity::adminApiRefusesAllButTheAdminKey()
{
    QFETCH(QList<QByteArray>, headers);
    QFETCH(int, status);
    QFETCH(QStringList, codes);
    const qsizetype mark = logMark();
    const QString otherAdmin = ApiKeyGenerator::generate(KeyEnvironment::Admin).fullKey;
    const QString sameMask = nearMissSameMask(m_adminKey);
    QVERIFY(!sameMask.isEmpty());
    QCOMPARE(KeyMasking::mask(sameMask), KeyMasking::mask(m_adminKey));
    const QString user = newKey().fullKey;
    const QStringList nearMisses{otherAdmin, sameMask, nearMissLastRandomChar(m_adminKey), nearMissLastChar(m_adminKey),
                                 m_adminKey.toUpper()};
    m_secrets << nearMisses;
    const std::pair<const char*, QString> values[] = {
        {"{other_admin}", otherAdmin},
        {"{same_mask}", sameMask},
        {"{last_random}", nearMissLastRandomChar(m_adminKey)},
        {"{last_char}", nearMissLastChar(m_adminKey)},
        {"{truncated}", m_adminKey.chopped(1)},
        {"{upper}", m_adminKey.toUpper()},
        {"{admin_hash}", ApiKeyHasher::hash(m_adminKey)},
        {"{user}", user},
        {"{admin}", m_adminKey},
    };
    for (const auto& [placeholder, value] : values)
        headers = substitute(headers, placeholder, value);

    // Each route and method: listing, reading, creating, revoking, usage.
    const Organization existing = newOrganization();
    const CreatedKey victim = newKey(std::nullopt, &existing);
    const QByteArray orgPath = "/admin/organizations/" + SqlValue::uuidText(existing.id).toLatin1();
    const int organizationsBefore = organizationCount();
    const struct
    {
        QByteArray method;
        QByteArray target;
        QByteArray body;
    } calls[] = {
        {"GET", "/admin/organizations", {}},
        {"POST", "/admin/organizations", R"({"name":"Intruder","email":"x@evil.example","plan":"enterprise"})"},
        {"GET", orgPath, {}},
        {"PUT", orgPath, R"({"monthly_request_limit":999999999,"is_active":true})"},
        {"GET", orgPath + "/keys", {}},
        {"POST", orgPath + "/keys", R"({"name":"backdoor","scopes":["*"]})"},
        {"DELETE", orgPath + "/keys/" + SqlValue::uuidText(victim.key.id).toLatin1(), R"({"reason":"x"})"},
        {"GET", orgPath + "/usage", {}},
    };
    for (const auto& call : calls) {
        QList<QByteArray> lines = headers;
        if (!call.body.isEmpty())
            lines << "Content-Type: application/json";
        const HttpAnswer answer = send(m_server->port(), call.method, call.target, lines, call.body);
        const QString where = QString::fromLatin1(call.method + ' ' + call.target.left(40));
        QVERIFY2(answer.status == status,
                 qPrintable(QStringLiteral("%1: status %2, expected %3").arg(where).arg(answer.status).arg(status)));
        QVERIFY2(codes.contains(errorCode(answer)), qPrintable(where + QStringLiteral(": code ") + errorCode(answer)));
        QVERIFY2(!answer.body.contains("\"slug\"") && !answer.body.contains("\"key\""), qPrintable(where));
        if (const QString leak = leakIn(answerText(answer)); !leak.isEmpty())
            QFAIL(qPrintable(where + QStringLiteral(": the answer echoes ") + leak));
    }
    // Nothing changed.
    QCOMPARE(organizationCount(), organizationsBefore);
    ApiKeyService keys(m_db->database());
    QVERIFY(!keys.getKey(victim.key.id)->revokedAt.isValid());
    QCOMPARE(keys.listKeys(existing.id)->size(), 1);
    OrganizationService organizations(m_db->database());
    QCOMPARE(organizations.getById(existing.id)->monthlyRequestLimit, existing.monthlyRequestLimit);
    if (const QString leak = leakInLogsSince(mark); !leak.isEmpty())
        QFAIL(qPrintable(leak));
}

void TestSecurity::adminApiAcceptsTheAdminKeySpelledAsRfc9110Allows()
{
    // The positive control of the refusals above: the exact key gets in, and the
    // case-insensitive scheme and optional whitespace of RFC 9110 change nothing.
    for (const char* line :
         {"Authorization: Bearer {admin}", "authorization: bearer {admin}", "AUTHORIZATION: BEARER {admin}",
          "Authorization:   Bearer {admin}   ", "Authorization: Bearer  {admin}"}) {
        const QByteArray header = QByteArray(line).replace("{admin}", m_adminKey.toLatin1());
        const HttpAnswer answer = send(m_server->port(), "GET", "/admin/organizations", {header});
        QVERIFY2(
            answer.status == 200,
            qPrintable(
                QStringLiteral("%1 for the header spelled as %2").arg(answer.status).arg(QString::fromLatin1(line))));
        QVERIFY(QJsonDocument::fromJson(answer.body).isArray());
    }
}

void TestSecurity::adminPathSpellingsDoNotBypassTheKey_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    for (const char* target :
         {"/admin", "/admin/", "/admin/organizations/", "/admin//organizations", "//admin/organizations",
          "/ADMIN/organizations", "/Admin/organizations", "/%61dmin/organizations", "/admin/%6Frganizations",
          "/admin%2Forganizations", "/admin/organizations%2F", "/admin/organizations;x=1", "/admin/organizations/.",
          "/admin/./organizations", "/v1/../admin/organizations", "/v1/%2E%2E/admin/organizations",
          "/admin/organizations%00", "/admin/organizations#x", "/admin/organizations?x=1"}) {
        QTest::newRow(qPrintable(QStringLiteral("GET %1").arg(QLatin1String(target))))
            << QByteArray("GET") << QByteArray(target);
        QTest::newRow(qPrintable(QStringLiteral("POST %1").arg(QLatin1String(target))))
            << QByteArray("POST") << QByteArray(target);
    }
}

void TestSecurity::adminPathSpellingsDoNotBypassTheKey()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    const int before = organizationCount();
    const HttpAnswer answer
        = send(m_server->port(), method, target, {"Content-Type: application/json"},
               method == "POST" ? QByteArray(R"({"name":"Intruder","email":"x@evil.example"})") : QByteArray());
    QVERIFY2(answer.status == 0 || answer.status >= 400, qPrintable(QString::number(answer.status)));
    QVERIFY(!answer.body.contains("\"slug\""));
    QCOMPARE(organizationCount(), before);
}

void TestSecurity::adminApiIsOffWithoutAdminKey_data()
{
    QTest::addColumn<bool>("set");
    QTest::addColumn<QString>("value");
    QTest::newRow("ADMIN_API_KEY unset") << false << QString();
    QTest::newRow("ADMIN_API_KEY empty") << true << QString();
    QTest::newRow("ADMIN_API_KEY blanks") << true << QStringLiteral("  \t ");
}

void TestSecurity::adminApiIsOffWithoutAdminKey()
{
    QFETCH(bool, set);
    QFETCH(QString, value);
    QProcessEnvironment environment;
    if (set)
        environment.insert(QStringLiteral("ADMIN_API_KEY"), value);
    auto config = RuntimeConfig::fromEnvironment(environment);
    QVERIFY(config.ok());
    QVERIFY(config->adminApiKey.isEmpty());
    ValidatorHarness validator(m_db->database(), config.value());
    const int before = organizationCount();
    const QString someAdminKey = ApiKeyGenerator::generate(KeyEnvironment::Admin).fullKey;
    m_secrets << someAdminKey;
    for (const QList<QByteArray>& headers :
         {QList<QByteArray>{}, QList<QByteArray>{"Authorization: Bearer "}, QList<QByteArray>{"Authorization:"},
          QList<QByteArray>{bearer(someAdminKey)}, QList<QByteArray>{bearer(m_adminKey)}}) {
        for (const QByteArray& method : {QByteArray("GET"), QByteArray("POST")}) {
            QList<QByteArray> lines = headers;
            lines << "Content-Type: application/json";
            const HttpAnswer answer = send(validator.port(), method, "/admin/organizations", lines,
                                           method == "POST" ? R"({"name":"Intruder","email":"x@evil.example"})" : "");
            // The code's choice (SPEC leaves it open): 404, saying how to turn it on.
            QCOMPARE(answer.status, 404);
            QVERIFY(errorMessage(answer).contains(QStringLiteral("ADMIN_API_KEY")));
        }
    }
    QCOMPARE(organizationCount(), before);
}

void TestSecurity::badAdminKeySettingIsRefusedWithoutEchoingIt()
{
    // A wrong ADMIN_API_KEY stops the validator at start; the message goes to a log, so it
    // must say what is wrong without repeating the value.
    const CreatedKey user = newKey();
    const QString admin = ApiKeyGenerator::generate(KeyEnvironment::Admin).fullKey;
    m_secrets << admin;
    for (const QString& value : {user.fullKey, nearMissLastChar(admin), admin.chopped(1),
                                 QStringLiteral("hunter2-but-a-long-secret-value-0123456789"),
                                 ApiKeyGenerator::generate(KeyEnvironment::Test).fullKey}) {
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("ADMIN_API_KEY"), value);
        auto config = RuntimeConfig::fromEnvironment(environment);
        QVERIFY2(!config.ok(), qPrintable(KeyLeakScanner::maskForReport(value)));
        const QString message = config.error().message;
        QVERIFY(message.contains(QStringLiteral("ADMIN_API_KEY")));
        QVERIFY2(!message.contains(value.mid(4, 20)), qPrintable(KeyLeakScanner::redact(message)));
        QVERIFY2(leakIn(message).isEmpty(), qPrintable(KeyLeakScanner::redact(message)));
    }
}

// ---- rate limits and quotas ------------------------------------------------------------

void TestSecurity::headerGamesNeverOpenASecondBudget_data()
{
    QTest::addColumn<QList<QByteArray>>("headers"); // {key}: the key
    QTest::addColumn<Expect>("expect");
    const auto row = [](const char* name, QList<QByteArray> headers, Expect expect) {
        QTest::newRow(name) << headers << expect;
    };
    // RFC 9110: field names and the auth scheme are case-insensitive; whitespace around a
    // field value is not part of it.
    row("canonical", {"Authorization: Bearer {key}"}, Expect::Accept);
    row("lower-case name and scheme", {"authorization: bearer {key}"}, Expect::Accept);
    row("upper-case name and scheme", {"AUTHORIZATION: BEARER {key}"}, Expect::Accept);
    row("mixed-case scheme", {"Authorization: bEaReR {key}"}, Expect::Accept);
    row("blanks before the value", {"Authorization:    Bearer {key}"}, Expect::Accept);
    row("tab before the value", {"Authorization:\tBearer {key}"}, Expect::Accept);
    row("trailing spaces", {"Authorization: Bearer {key}   "}, Expect::Accept);
    row("trailing tab", {"Authorization: Bearer {key}\t"}, Expect::Accept);
    // Either way is fine, as long as it is the same key's budget.
    row("two spaces after Bearer", {"Authorization: Bearer  {key}"}, Expect::Either);
    row("tab after Bearer", {"Authorization: Bearer\t{key}"}, Expect::Either);
    row("vertical tab after the key", {QByteArray("Authorization: Bearer {key}\x0b")}, Expect::Either);
    row("NUL after the key", {QByteArray("Authorization: Bearer {key}") + QByteArray(1, '\0')}, Expect::Either);
    row("obs-fold before the key", {"Authorization: Bearer\r\n {key}"}, Expect::Either);
    row("obs-fold after the key", {"Authorization: Bearer {key}\r\n \t"}, Expect::Either);
    row("bare LF after the key", {"Authorization: Bearer {key}\nX-Padding: 1"}, Expect::Either);
    row("bare CR after the key", {"Authorization: Bearer {key}\rX-Padding: 1"}, Expect::Either);
    row("space before the colon", {"Authorization : Bearer {key}"}, Expect::Either);
    row("quoted key", {"Authorization: Bearer \"{key}\""}, Expect::Either);
    // Not the key, or not the way to send it.
    row("key and more", {"Authorization: Bearer {key} extra"}, Expect::Refuse);
    row("key plus a character", {"Authorization: Bearer {key}x"}, Expect::Refuse);
    row("key minus a character", {"Authorization: Bearer {key_chopped}"}, Expect::Refuse);
    row("key upper-cased", {"Authorization: Bearer {key_upper}"}, Expect::Refuse);
    row("no space after Bearer", {"Authorization: Bearer{key}"}, Expect::Refuse);
    row("no-break space after Bearer", {"Authorization: Bearer\xc2\xa0{key}"}, Expect::Refuse);
    row("two bearer tokens", {"Authorization: Bearer {key}, Bearer {key}"}, Expect::Refuse);
    row("two headers, other case", {"Authorization: Bearer {key}", "authorization: Bearer {key}"}, Expect::Refuse);
    row("Basic scheme", {"Authorization: Basic {key}"}, Expect::Refuse);
    row("Token scheme", {"Authorization: Token {key}"}, Expect::Refuse);
    row("X-API-Key header", {"X-API-Key: {key}"}, Expect::Refuse);
    row("Proxy-Authorization", {"Proxy-Authorization: Bearer {key}"}, Expect::Refuse);
    row("key in a cookie", {"Cookie: api_key={key}"}, Expect::Refuse);
}

void TestSecurity::headerGamesNeverOpenASecondBudget()
{
    QFETCH(QList<QByteArray>, headers);
    QFETCH(Expect, expect);
    constexpr int Limit = 3;
    const qsizetype mark = logMark();
    const CreatedKey key = newKey(Limit);
    const QString keyId = SqlValue::uuidText(key.key.id);
    headers = substitute(headers, "{key_chopped}", key.fullKey.chopped(1));
    headers = substitute(headers, "{key_upper}", key.fullKey.toUpper());
    headers = substitute(headers, "{key}", key.fullKey);
    const QList<QByteArray> plain{bearer(key.fullKey)};
    const quint16 port = m_server->port();
    const auto refused = [](const HttpAnswer& a) {
        return a.status == 0 || (a.status >= 400 && a.status < 500 && a.status != 429);
    };

    const HttpAnswer first = send(port, "GET", "/v1/verify", headers, {}, 3000);
    const bool accepted = first.status == 200;
    QVERIFY2(accepted || refused(first),
             qPrintable(QStringLiteral("status %1 %2").arg(first.status).arg(errorCode(first))));
    if (expect == Expect::Accept)
        QVERIFY2(accepted, qPrintable(QStringLiteral("refused: %1 %2").arg(first.status).arg(errorCode(first))));
    if (expect == Expect::Refuse)
        QVERIFY2(!accepted, "accepted");
    if (accepted) {
        // Authenticated as this very key, and counted in its window.
        QCOMPARE(json(first).value(QStringLiteral("key_id")).toString(), keyId);
        QCOMPARE(first.header("X-RateLimit-Remaining"), QByteArray::number(Limit - 1));
    }
    qInfo().noquote() << (accepted ? QStringLiteral("accepted as the same key")
                                   : QStringLiteral("refused, %1 %2").arg(first.status).arg(errorCode(first)));

    // The canonical header sees the same window: one request fewer when the variant got in.
    const HttpAnswer second = send(port, "GET", "/v1/verify", plain);
    QCOMPARE(second.status, 200);
    QCOMPARE(second.header("X-RateLimit-Remaining"), QByteArray::number(accepted ? Limit - 2 : Limit - 1));
    for (int used = accepted ? 2 : 1; used < Limit; ++used)
        QCOMPARE(send(port, "GET", "/v1/verify", plain).status, 200);
    QCOMPARE(send(port, "GET", "/v1/verify", plain).status, 429);

    // The budget is spent: the variant finds no fresh one.
    const HttpAnswer again = send(port, "GET", "/v1/verify", headers, {}, 3000);
    if (accepted) {
        QCOMPARE(again.status, 429);
        QCOMPARE(errorCode(again), QStringLiteral("rate_limit_exceeded"));
        QCOMPARE(again.header("X-RateLimit-Remaining"), QByteArray("0"));
    } else {
        QCOMPARE(again.status, first.status);
    }
    for (const HttpAnswer* answer : {&first, &second, &again}) {
        if (const QString leak = leakIn(answerText(*answer)); !leak.isEmpty())
            QFAIL(qPrintable(QStringLiteral("the answer echoes ") + leak));
    }
    if (const QString leak = leakInLogsSince(mark); !leak.isEmpty())
        QFAIL(qPrintable(leak));
}

void TestSecurity::parallelBurstAdmitsExactlyTheLimit_data()
{
    QTest::addColumn<RateLimitBackend>("backend");
    QTest::addColumn<int>("validators"); // separate validators (own state) sharing the database
    QTest::addColumn<int>("threads"); // serving threads of each
    QTest::addColumn<int>("rounds"); // at most; a round that admits too many ends the test
    QTest::newRow("memory limiter, 4 serving threads") << RateLimitBackend::Memory << 1 << 4 << 1;
    QTest::newRow("SQL limiter, 4 serving threads") << RateLimitBackend::Sql << 1 << 4 << 1;
    // A race between processes shows only now and then: up to 60 rounds of 8 keys.
    QTest::newRow("SQL limiter, two validators") << RateLimitBackend::Sql << 2 << 1 << 60;
    QTest::newRow("Redis limiter, two validators of 2 threads") << RateLimitBackend::Redis << 2 << 2 << 1;
}

void TestSecurity::parallelBurstAdmitsExactlyTheLimit()
{
    // Eight keys, each sent 15 requests from 12 concurrent clients with its requests spread
    // over every serving thread and validator: every key must get exactly its limit of 6.
    QFETCH(RateLimitBackend, backend);
    QFETCH(int, validators);
    QFETCH(int, threads);
    QFETCH(int, rounds);
    RuntimeConfig config;
    config.rateLimitBackend = backend;
    if (backend == RateLimitBackend::Redis) {
        config.redisUrl = qEnvironmentVariable("KEYWARDEN_TEST_REDIS_URL");
        if (config.redisUrl.isEmpty())
            QSKIP("KEYWARDEN_TEST_REDIS_URL is not set (scripts/test.sh starts Redis)");
        config.useRedisRateLimit = true;
    }
    constexpr int Keys = 8;
    constexpr int Limit = 6;
    constexpr int PerKey = 15;
    std::vector<std::unique_ptr<PoolHarness>> pools;
    QList<quint16> ports;
    for (int i = 0; i < validators; ++i) {
        pools.push_back(std::make_unique<PoolHarness>(m_db->database(), config, threads));
        QVERIFY(pools.back()->port() != 0);
        QCOMPARE(pools.back()->threads(), threads);
        ports << pools.back()->port();
    }
    BurstCount count;
    bool exact = true;
    int round = 0;
    while (exact && round < rounds) {
        ++round;
        const Organization org = newOrganization();
        QList<QByteArray> authorizations;
        for (int i = 0; i < Keys; ++i)
            authorizations << bearer(newKey(Limit, &org).fullKey);
        QuietLogs quiet;
        count = burst(shotsFor(authorizations, PerKey, ports), Keys);
        QVERIFY2(count.other.isEmpty(), qPrintable(count.text()));
        exact = std::all_of(count.okPerKey.cbegin(), count.okPerKey.cend(), [](int n) { return n == Limit; })
            && count.rateLimited == Keys * (PerKey - Limit);
    }
    qInfo().noquote() << QStringLiteral("round %1 of at most %2:").arg(round).arg(rounds) << count.text();
    QVERIFY2(exact, qPrintable(count.text()));
}

void TestSecurity::sqlLimiterAdmitsNoMoreThanItCanCount()
{
    // The SQL limiter counts with a write. When that write fails (a read-only replica, a
    // full disk, a lock held too long) while its read still works, a request it cannot count
    // must not be admitted beyond the limit: refused (429) or unavailable (503), as when the
    // read fails. A trigger makes every write to rate_limit_tracking fail.
    constexpr int Limit = 3;
    const CreatedKey key = newKey(Limit);
    auto db = m_db->database().connection();
    QVERIFY(db.ok());
    const bool postgres = TestDatabase::engine() == DatabaseEngine::PostgreSQL;
    const QStringList create = postgres
        ? QStringList{QStringLiteral("CREATE FUNCTION kw_security_refuse() RETURNS trigger LANGUAGE plpgsql AS "
                                     "$$ BEGIN RAISE EXCEPTION 'simulated write failure'; END $$"),
                      QStringLiteral("CREATE TRIGGER kw_security_refuse BEFORE INSERT OR UPDATE ON rate_limit_tracking "
                                     "FOR EACH ROW EXECUTE FUNCTION kw_security_refuse()")}
        : QStringList{QStringLiteral("CREATE TRIGGER kw_security_refuse_insert BEFORE INSERT ON rate_limit_tracking "
                                     "BEGIN SELECT RAISE(ABORT, 'simulated write failure'); END"),
                      QStringLiteral("CREATE TRIGGER kw_security_refuse_update BEFORE UPDATE ON rate_limit_tracking "
                                     "BEGIN SELECT RAISE(ABORT, 'simulated write failure'); END")};
    const QStringList drop = postgres
        ? QStringList{QStringLiteral("DROP TRIGGER kw_security_refuse ON rate_limit_tracking"),
                      QStringLiteral("DROP FUNCTION kw_security_refuse()")}
        : QStringList{QStringLiteral("DROP TRIGGER kw_security_refuse_insert"),
                      QStringLiteral("DROP TRIGGER kw_security_refuse_update")};
    for (const QString& statement : create)
        QVERIFY(SqlQuery::exec(db.value(), statement).ok());
    int admitted = 0;
    QStringList answers;
    {
        RuntimeConfig config;
        config.rateLimitBackend = RateLimitBackend::Sql;
        ValidatorHarness validator(m_db->database(), config);
        for (int i = 0; i < Limit + 5; ++i) {
            const HttpAnswer answer = send(validator.port(), "GET", "/v1/verify", {bearer(key.fullKey)});
            admitted += answer.status == 200 ? 1 : 0;
            answers << QStringLiteral("%1 %2").arg(answer.status).arg(errorCode(answer)).trimmed();
        }
    }
    for (const QString& statement : drop)
        QVERIFY(SqlQuery::exec(db.value(), statement).ok());
    const QString text = QStringLiteral("%1 of %2 admitted with a limit of %3: %4")
                             .arg(admitted)
                             .arg(Limit + 5)
                             .arg(Limit)
                             .arg(answers.join(QStringLiteral(", ")));
    qInfo().noquote() << text;
    QVERIFY2(admitted <= Limit, qPrintable(text));
}

void TestSecurity::moreKeysDoNotRaiseTheQuota()
{
    // The monthly quota belongs to the organization: every key, however made, draws on it.
    constexpr int Quota = 6;
    const Organization org = newOrganization(Plan::Enterprise);
    OrganizationService organizations(m_db->database());
    OrganizationUpdate update;
    update.monthlyRequestLimit = Quota;
    QVERIFY(retryLocked([&] { return organizations.update(org.id, update, QStringLiteral("test")); }).ok());
    QList<CreatedKey> keys;
    for (int i = 0; i < 5; ++i)
        keys << newKey(1000, &org);
    const quint16 port = m_server->port();
    int ok = 0;
    int overQuota = 0;
    for (int round = 0; round < 3; ++round) {
        for (const CreatedKey& key : std::as_const(keys)) {
            const HttpAnswer answer = send(port, "GET", "/v1/verify", {bearer(key.fullKey)});
            if (answer.status == 200)
                ++ok;
            else if (answer.status == 429 && errorCode(answer) == QLatin1String("quota_exceeded"))
                ++overQuota;
            else
                QFAIL(qPrintable(QStringLiteral("status %1 %2").arg(answer.status).arg(errorCode(answer))));
        }
    }
    QCOMPARE(ok, Quota);
    QCOMPARE(overQuota, 15 - Quota);

    const auto overQuotaFor = [&](const QString& fullKey) {
        const HttpAnswer answer = send(port, "GET", "/v1/verify", {bearer(fullKey)});
        return answer.status == 429 && errorCode(answer) == QLatin1String("quota_exceeded");
    };
    // A key made after the quota is spent, a test-environment key, a rolled key and the
    // old key in its grace period: all over quota.
    QVERIFY(overQuotaFor(newKey(1000, &org).fullKey));
    ApiKeyService service(m_db->database());
    CreateKeyRequest testKey;
    testKey.organizationId = org.id;
    testKey.name = QStringLiteral("test env");
    testKey.environment = KeyEnvironment::Test;
    testKey.scopes = {QStringLiteral("*")};
    auto created = retryLocked([&] { return service.createKey(testKey, QStringLiteral("test")); });
    QVERIFY(created.ok());
    m_secrets << created->fullKey;
    QVERIFY(overQuotaFor(created->fullKey));
    auto rolled = retryLocked([&] { return service.rollKey(keys.first().key.id, 1, QStringLiteral("test")); });
    QVERIFY(rolled.ok());
    m_secrets << rolled->fullKey;
    QVERIFY(overQuotaFor(rolled->fullKey));
    QVERIFY(overQuotaFor(keys.first().fullKey));
    // Forward auth agrees (403 + X-Auth-Error, which nginx turns into 429).
    const HttpAnswer forward = send(port, "GET", "/v1/auth", {bearer(keys.last().fullKey)});
    QCOMPARE(forward.status, 403);
    QCOMPARE(forward.header("X-Auth-Error"), QByteArray("quota_exceeded"));
    // Control: another organization is not affected.
    QCOMPARE(send(port, "GET", "/v1/verify", {bearer(newKey().fullKey)}).status, 200);
}

void TestSecurity::parallelBurstOfManyKeysStaysWithinTheQuota_data()
{
    QTest::addColumn<int>("keyLimit");
    QTest::newRow("keys without a limit of their own") << 1000;
    QTest::newRow("keys limited to 3 a minute") << 3;
}

void TestSecurity::parallelBurstOfManyKeysStaysWithinTheQuota()
{
    // Six keys of one organization, 60 concurrent requests over four serving threads: the
    // organization's quota of 10 is never exceeded, whichever keys got there first; with no
    // per-key limit in the way it is met exactly. With a per-key limit of 3 (18 in all) the
    // quota still binds, and no key passes its own limit.
    QFETCH(int, keyLimit);
    constexpr int Quota = 10;
    constexpr int Keys = 6;
    constexpr int PerKey = 10;
    const Organization org = newOrganization(Plan::Enterprise);
    OrganizationService organizations(m_db->database());
    OrganizationUpdate update;
    update.monthlyRequestLimit = Quota;
    QVERIFY(retryLocked([&] { return organizations.update(org.id, update, QStringLiteral("test")); }).ok());
    QList<QByteArray> authorizations;
    for (int i = 0; i < Keys; ++i)
        authorizations << bearer(newKey(keyLimit, &org).fullKey);
    QuietLogs quiet;
    PoolHarness pool(m_db->database(), RuntimeConfig{}, 4);
    QVERIFY(pool.port() != 0);
    const BurstCount count = burst(shotsFor(authorizations, PerKey, {pool.port()}), Keys);
    qInfo().noquote() << count.text();
    QVERIFY2(count.other.isEmpty(), qPrintable(count.text()));
    QVERIFY2(count.ok <= Quota, qPrintable(count.text()));
    QVERIFY2(std::all_of(count.okPerKey.cbegin(), count.okPerKey.cend(), [&](int n) { return n <= keyLimit; }),
             qPrintable(count.text()));
    QCOMPARE(count.ok + count.rateLimited + count.overQuota, Keys * PerKey);
    if (keyLimit >= PerKey) {
        QVERIFY2(count.ok == Quota, qPrintable(count.text()));
        QCOMPARE(count.overQuota, Keys * PerKey - Quota);
    }
}

// ---- constant time -----------------------------------------------------------------------

void TestSecurity::timingMethodCatchesEarlyExitComparisons()
{
    // The self-check that makes the timing tests below able to fail: on long inputs the
    // method tells an early-exit comparison's near miss (differs in the last byte, so every
    // byte is compared) from its far miss (differs in the first) under the most generous
    // bound used here, and does not see a difference where there is none.
    QByteArray secret(64 * 1024, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32*>(secret.data()), secret.size() / 4);
    QByteArray nearMiss = secret;
    nearMiss[nearMiss.size() - 1] = char(nearMiss[nearMiss.size() - 1] ^ 1);
    QByteArray farMiss = secret;
    farMiss[0] = char(farMiss[0] ^ 1);
    constexpr int Batch = 8;
    constexpr int Rounds = 301;

    const TimingVerdict loop = compareTimings(
        [&] { return timeBatch(Batch, [&] { return earlyExitEquals(secret, nearMiss); }); },
        [&] { return timeBatch(Batch, [&] { return earlyExitEquals(secret, farMiss); }); }, Rounds, kHttpBound);
    qInfo().noquote() << "byte loop with early exit, 64 KiB:" << loop.text;
    QVERIFY2(loop.distinguishable, qPrintable(loop.text));
    QVERIFY(loop.medianA > loop.medianB);

    const TimingVerdict libc = compareTimings(
        [&] { return timeBatch(Batch, [&] { return memcmpEquals(secret, nearMiss); }); },
        [&] { return timeBatch(Batch, [&] { return memcmpEquals(secret, farMiss); }); }, Rounds, kHttpBound);
    qInfo().noquote() << "memcmp, 64 KiB:" << libc.text;
    QVERIFY2(libc.distinguishable, qPrintable(libc.text));

    // The null case: the same work in both arms.
    const TimingVerdict same = compareTimings(
        [&] { return timeBatch(Batch, [&] { return earlyExitEquals(secret, nearMiss); }); },
        [&] { return timeBatch(Batch, [&] { return earlyExitEquals(secret, nearMiss); }); }, Rounds, kInProcessBound);
    qInfo().noquote() << "the same work in both arms:" << same.text;
    QVERIFY2(!same.distinguishable, qPrintable(same.text));
}

void TestSecurity::constantTimeEqualsDoesNotExitEarly()
{
    // ApiKeyHasher::constantTimeEquals is what the admin key check (and verify()) compare
    // with: on long inputs an early exit would show as it does above.
    QByteArray secret(64 * 1024, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32*>(secret.data()), secret.size() / 4);
    QByteArray nearMiss = secret;
    nearMiss[nearMiss.size() - 1] = char(nearMiss[nearMiss.size() - 1] ^ 1);
    QByteArray farMiss = secret;
    farMiss[0] = char(farMiss[0] ^ 1);
    QVERIFY(ApiKeyHasher::constantTimeEquals(secret, QByteArray(secret)));
    QVERIFY(!ApiKeyHasher::constantTimeEquals(secret, nearMiss));
    QVERIFY(!ApiKeyHasher::constantTimeEquals(secret, farMiss));
    QVERIFY(!ApiKeyHasher::constantTimeEquals(secret, secret.chopped(1)));

    const TimingVerdict verdict = compareTimings(
        [&] { return timeBatch(8, [&] { return ApiKeyHasher::constantTimeEquals(secret, nearMiss); }); },
        [&] { return timeBatch(8, [&] { return ApiKeyHasher::constantTimeEquals(secret, farMiss); }); }, 301,
        kInProcessBound);
    qInfo().noquote() << "ApiKeyHasher::constantTimeEquals, 64 KiB:" << verdict.text;
    QVERIFY2(!verdict.distinguishable, qPrintable(verdict.text));
}

void TestSecurity::keyVerificationTimeIgnoresNearMisses_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<bool>("cached");
    QTest::newRow("same masked form, key store") << QStringLiteral("same_mask") << false;
    QTest::newRow("last random character, key store") << QStringLiteral("last_random") << false;
    QTest::newRow("same masked form, negative cache") << QStringLiteral("same_mask") << true;
    QTest::newRow("last random character, negative cache") << QStringLiteral("last_random") << true;
    QTest::newRow("last character (checksum fails)") << QStringLiteral("last_char") << true;
}

void TestSecurity::keyVerificationTimeIgnoresNearMisses()
{
    // The validator's real path in process (RequestAuthenticator: format, SHA-256, key
    // cache, key store on this engine), timed for a near miss of a stored key against a far
    // miss. "Key store": the cache is emptied before each sample, so every sample looks the
    // key up in the database; "negative cache": both are remembered as unknown.
    QFETCH(QString, kind);
    QFETCH(bool, cached);
    const CreatedKey real = newKey(1000000);
    QString nearMiss;
    QString farMiss = ApiKeyGenerator::generate(KeyEnvironment::Live).fullKey;
    if (kind == QLatin1String("same_mask")) {
        nearMiss = nearMissSameMask(real.fullKey);
        QVERIFY(!nearMiss.isEmpty());
        QCOMPARE(ApiKeyFormat::prefixOf(nearMiss), real.key.keyPrefix);
        QCOMPARE(ApiKeyFormat::hintOf(nearMiss), real.key.keyHint);
    } else if (kind == QLatin1String("last_random")) {
        nearMiss = nearMissLastRandomChar(real.fullKey);
    } else {
        nearMiss = nearMissLastChar(real.fullKey);
        farMiss = nearMissLastChar(farMiss);
    }
    QCOMPARE(ApiKeyFormat::check(nearMiss) == KeyFormatError::None, kind != QLatin1String("last_char"));
    QCOMPARE(ApiKeyFormat::check(farMiss) == KeyFormatError::None, kind != QLatin1String("last_char"));
    m_secrets << nearMiss << farMiss;

    InProcessAuthenticator in(m_db->database());
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch(); // fixed: cache entries stay fresh
    QVERIFY(in.authenticator.authenticate(bearerValue(real.fullKey), {}, nowMs).ok);
    const QByteArray nearHeader = bearerValue(nearMiss);
    const QByteArray farHeader = bearerValue(farMiss);
    int wrongOutcomes = 0;
    const auto sample = [&](const QByteArray& header) {
        const int batch = cached ? 16 : 1;
        if (!cached)
            in.cache.clear();
        const auto started = std::chrono::steady_clock::now();
        for (int i = 0; i < batch; ++i) {
            const AuthOutcome outcome = in.authenticator.authenticate(header, {}, nowMs);
            wrongOutcomes += outcome.ok || outcome.error != ErrorCode::InvalidApiKey ? 1 : 0;
        }
        return double(
            std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - started).count());
    };
    TimingVerdict verdict;
    {
        QuietLogs quiet;
        verdict = compareTimings([&] { return sample(nearHeader); }, [&] { return sample(farHeader); },
                                 cached ? 1001 : 501, kInProcessBound);
    }
    qInfo().noquote() << "near / far miss:" << verdict.text;
    QCOMPARE(wrongOutcomes, 0);
    QVERIFY2(!verdict.distinguishable, qPrintable(verdict.text));
}

// The authenticator checks a key's checksum only when its cache does not know the key: a
// key that fails it is refused before the database and never remembered, so a flood of
// typos or invented keys cannot push real keys out of the cache.
void TestSecurity::typosNeverFillTheKeyCache()
{
    const CreatedKey real = newKey(1000000);
    InProcessAuthenticator in(m_db->database());
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    QVERIFY(in.authenticator.authenticate(bearerValue(real.fullKey), {}, nowMs).ok);
    QCOMPARE(in.cache.size(), 1);

    QStringList typos{nearMissLastChar(real.fullKey)};
    for (int i = 0; i < 200; ++i)
        typos << nearMissLastChar(ApiKeyGenerator::generate(KeyEnvironment::Live).fullKey);
    for (const QString& typo : std::as_const(typos)) {
        QCOMPARE(ApiKeyFormat::check(typo), KeyFormatError::BadChecksum);
        const AuthOutcome outcome = in.authenticator.authenticate(bearerValue(typo), {}, nowMs);
        QVERIFY(!outcome.ok);
        QCOMPARE(outcome.error, ErrorCode::InvalidApiKey);
    }
    QCOMPARE(in.cache.size(), 1);

    // A well-formed unknown key is remembered as unknown; the real key still passes.
    const QString unknown = ApiKeyGenerator::generate(KeyEnvironment::Live).fullKey;
    m_secrets << typos << unknown;
    QCOMPARE(in.authenticator.authenticate(bearerValue(unknown), {}, nowMs).error, ErrorCode::InvalidApiKey);
    QCOMPARE(in.cache.size(), 2);
    QVERIFY(in.authenticator.authenticate(bearerValue(real.fullKey), {}, nowMs).ok);
}

void TestSecurity::adminKeyCheckTimeIgnoresNearMisses_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("same masked form") << QStringLiteral("same_mask");
    QTest::newRow("last random character") << QStringLiteral("last_random");
    QTest::newRow("last character") << QStringLiteral("last_char");
}

void TestSecurity::adminKeyCheckTimeIgnoresNearMisses()
{
    // The admin key check is reachable only through HTTP (QHttpServerRequest cannot be made
    // in a test): timed over loopback, each sample one connection, with the HTTP bound. The
    // comparison itself is ApiKeyHasher::constantTimeEquals over SHA-256 digests, tested on
    // long inputs above.
    QFETCH(QString, kind);
    QString nearMiss;
    QString farMiss = ApiKeyGenerator::generate(KeyEnvironment::Admin).fullKey;
    if (kind == QLatin1String("same_mask")) {
        nearMiss = nearMissSameMask(m_adminKey);
        QVERIFY(!nearMiss.isEmpty());
        QCOMPARE(KeyMasking::mask(nearMiss), KeyMasking::mask(m_adminKey));
    } else if (kind == QLatin1String("last_random")) {
        nearMiss = nearMissLastRandomChar(m_adminKey);
    } else {
        nearMiss = nearMissLastChar(m_adminKey);
        farMiss = nearMissLastChar(farMiss);
    }
    m_secrets << nearMiss << farMiss;
    const quint16 port = m_server->port();
    int wrongOutcomes = 0;
    const auto sample = [&](const QString& key) {
        const auto started = std::chrono::steady_clock::now();
        const HttpAnswer answer = send(port, "GET", "/admin/organizations", {bearer(key)});
        const double ns = double(
            std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - started).count());
        wrongOutcomes += answer.status == 401 ? 0 : 1;
        return ns;
    };
    QCOMPARE(send(port, "GET", "/admin/organizations", {bearer(m_adminKey)}).status, 200);
    TimingVerdict verdict;
    {
        QuietLogs quiet;
        verdict = compareTimings([&] { return sample(nearMiss); }, [&] { return sample(farMiss); }, 301, kHttpBound);
    }
    qInfo().noquote() << "near / far miss:" << verdict.text;
    QCOMPARE(wrongOutcomes, 0);
    QVERIFY2(!verdict.distinguishable, qPrintable(verdict.text));
}

// ---- logs --------------------------------------------------------------------------------

// ---- tables, answers and metrics ---------------------------------------------------------

void TestSecurity::keysSentInOtherPlacesAreNeverStored()
{
    // A caller authenticates with one key and carries another (a leaked one, or its own) in
    // the places a client chooses freely: none of them may keep it whole.
    const CreatedKey carried = newKey();
    CreateKeyRequest request; // only the agents' scope, so that another scope is refused
    request.organizationId = carried.key.organizationId;
    request.name = QStringLiteral("caller");
    request.scopes = {QStringLiteral("agents:run")};
    ApiKeyService keys(m_db->database());
    const auto created = retryLocked([&] { return keys.createKey(request, QStringLiteral("test")); });
    QVERIFY(created);
    const CreatedKey caller = created.value();
    m_secrets << caller.fullKey;
    const QByteArray other = carried.fullKey.toLatin1();
    QByteArray escaped = other;
    escaped.replace("_", "%5F");
    const QByteArray agentBody = R"({"input":"my key is )" + other + R"( please"})";
    const QString unknownKey = ApiKeyGenerator::generate(KeyEnvironment::Live).fullKey;
    m_secrets << unknownKey;
    const qsizetype mark = logMark();
    QStringList answers;
    QString metrics;
    {
        ValidatorHarness validator(m_db->database());
        const auto call = [&](const QByteArray& method, const QByteArray& target, QList<QByteArray> headers,
                              const QByteArray& body = {}) {
            headers.prepend(bearer(caller.fullKey));
            const HttpAnswer answer = send(validator.port(), method, target, headers, body);
            answers << answerText(answer);
            return answer.status;
        };
        QCOMPARE(call("GET", "/v1/auth", {"X-Original-URI: /orders/" + other + "?x=1"}), 204);
        QCOMPARE(call("GET", "/v1/auth", {"X-Original-URI: /orders/" + escaped}), 204);
        QCOMPARE(call("GET", "/v1/auth", {"X-Original-URI: /files/a%20b%2Fc%41%00"}), 204); // no key: kept
        QCOMPARE(call("GET", "/v1/verify", {"User-Agent: agent " + other}), 200);
        QCOMPARE(call("GET", "/v1/verify", {"User-Agent: agent " + other}), 200); // the decoded one, cached
        QCOMPARE(call("GET", "/v1/verify", {"User-Agent: plain/1.0"}), 200);
        QCOMPARE(call("GET", "/v1/verify", {"X-Required-Scope: " + other}), 403);
        QCOMPARE(call("POST", "/v1/agents/" + other + "/run", {"Content-Type: application/json"}, R"({"input":"x"})"),
                 404);
        QCOMPARE(call("GET", "/v1/agents/" + other + "/run", {}), 405);
        QCOMPARE(call("POST", "/v1/agents/a%00b/run", {"Content-Type: application/json"}, R"({"input":"x"})"), 404);
        // Refused before the route: the debug log names the path.
        answers << answerText(send(validator.port(), "POST", "/v1/agents/" + other + "/run",
                                   {bearer(unknownKey), "Content-Type: application/json"}, R"({"input":"x"})"));
        QCOMPARE(call("POST", "/v1/agents/leaky/run", {"Content-Type: application/json"}, agentBody), 200);
        QCOMPARE(call("GET", "/v1/conversations", {}), 200);
        metrics = QString::fromUtf8(send(validator.port(), "GET", "/metrics").body);
    } // stopped: every usage record is written
    // The admin API echoes neither an unknown field's name nor a bad scope whole, and a
    // revoking actor's name is stored masked.
    const QList<QByteArray> asAdmin{bearer(m_adminKey), "Content-Type: application/json"};
    const QByteArray orgPath = "/admin/organizations/" + SqlValue::uuidText(carried.key.organizationId).toLatin1();
    const HttpAnswer unknownField = send(m_server->port(), "PUT", orgPath, asAdmin, R"({")" + other + R"(":1})");
    QCOMPARE(unknownField.status, 400);
    const HttpAnswer badScope
        = send(m_server->port(), "POST", orgPath + "/keys", asAdmin, R"({"name":"n","scopes":[")" + other + R"("]})");
    QCOMPARE(badScope.status, 400);
    answers << answerText(unknownField) << answerText(badScope);
    const CreatedKey revoked = newKey(std::nullopt, nullptr);
    QVERIFY(retryLocked([&] {
                return keys.revokeKey(revoked.key.id, QStringLiteral("leaked"),
                                      QStringLiteral("by ") + carried.fullKey);
            }).ok());
    if (const QString leak = leakInLogsSince(mark); !leak.isEmpty())
        QFAIL(qPrintable(leak));
    QVERIFY(metrics.contains(QStringLiteral("/orders/"))); // the forwarded path is counted, masked
    QVERIFY(answers.join(u'\n').contains(QStringLiteral("MY KEY IS"))); // the run is listed
    for (const QString& answer : std::as_const(answers)) {
        if (const QString leak = leakIn(answer); !leak.isEmpty())
            QFAIL(qPrintable(QStringLiteral("an answer echoes ") + leak));
    }
    if (const QString leak = leakIn(metrics); !leak.isEmpty())
        QFAIL(qPrintable(QStringLiteral("/metrics shows ") + leak));

    auto db = m_db->database().connection();
    QVERIFY(db);
    int rows = 0;
    for (const char* table :
         {"api_key_usage", "api_key_usage_daily", "organization_usage_daily", "agent_runs", "audit_events"}) {
        auto q = SqlQuery::exec(db.value(), QStringLiteral("SELECT * FROM %1").arg(QLatin1String(table)));
        QVERIFY2(q.ok(), table);
        while (q->next()) {
            ++rows;
            for (int column = 0; column < q->record().count(); ++column) {
                if (const QString leak = leakIn(q->value(column).toString()); !leak.isEmpty())
                    QFAIL(qPrintable(QStringLiteral("%1.%2 holds %3")
                                         .arg(QLatin1String(table), q->record().fieldName(column), leak)));
            }
        }
    }
    QVERIFY(rows > 0);
    // Spelled with percent-escapes, the key is still found (and stored decoded, masked).
    auto forwarded = SqlQuery::exec(
        db.value(), QStringLiteral("SELECT endpoint FROM api_key_usage WHERE endpoint LIKE '/orders/%' ORDER BY id"));
    QVERIFY(forwarded.ok());
    QStringList endpoints;
    while (forwarded->next())
        endpoints << forwarded->value(0).toString();
    const QString masked = QStringLiteral("/orders/") + KeyMasking::mask(carried.fullKey);
    QCOMPARE(endpoints, (QStringList{masked, masked}));
    // Everything else stays as sent, but for escapes of characters that need none and
    // control characters (PostgreSQL's text holds no NUL: the batch with it would fail).
    const auto column = [&](const QString& sql) {
        QStringList values;
        auto q = SqlQuery::exec(db.value(), sql);
        while (q && q->next())
            values << q->value(0).toString();
        return values;
    };
    QCOMPARE(column(QStringLiteral("SELECT endpoint FROM api_key_usage WHERE endpoint LIKE '/files/%'")),
             QStringList{QStringLiteral("/files/a%20b%2FcA%00")});
    QCOMPARE(column(QStringLiteral("SELECT endpoint FROM api_key_usage WHERE endpoint LIKE '/v1/agents/a%b/run'")),
             QStringList{QStringLiteral("/v1/agents/a\uFFFDb/run")});
    QCOMPARE(column(QStringLiteral("SELECT user_agent FROM api_key_usage WHERE user_agent IS NOT NULL "
                                   "AND endpoint = '/v1/verify' ORDER BY id")),
             (QStringList{QStringLiteral("agent ") + KeyMasking::mask(carried.fullKey),
                          QStringLiteral("agent ") + KeyMasking::mask(carried.fullKey), QStringLiteral("plain/1.0")}));
}

void TestSecurity::validatorProcessJsonLogsHoldNoKey()
{
    // The validator as it runs in production: `keywardenctl serve`, JSON log lines on stderr,
    // every keywarden category at debug, hit with keys in every place a key can go.
    const CreatedKey valid = newKey();
    const CreatedKey revoked = newKey();
    ApiKeyService keys(m_db->database());
    QVERIFY(retryLocked([&] {
                return keys.revokeKey(revoked.key.id, QStringLiteral("leaked"), QStringLiteral("test"));
            }).ok());
    const QString admin = ApiKeyGenerator::generate(KeyEnvironment::Admin).fullKey;
    const QString wrongAdmin = ApiKeyGenerator::generate(KeyEnvironment::Admin).fullKey;
    const QString sameMask = nearMissSameMask(valid.fullKey);
    QVERIFY(!sameMask.isEmpty());
    const QString unknown = ApiKeyGenerator::generate(KeyEnvironment::Test).fullKey;
    m_secrets << admin << wrongAdmin << sameMask << unknown << nearMissLastChar(valid.fullKey)
              << nearMissLastRandomChar(valid.fullKey);

    QProcess serve;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char* name : {"DATABASE_URL", "REDIS_URL", "KEYWARDEN_LOG_FORMAT", "RATE_LIMIT_BACKEND"})
        environment.remove(QLatin1String(name));
    environment.insert(QStringLiteral("ADMIN_API_KEY"), admin);
    environment.insert(QStringLiteral("QT_LOGGING_RULES"), kVerboseLogs);
    serve.setProcessEnvironment(environment);
    serve.start(QStringLiteral(KEYWARDENCTL_PATH),
                {QStringLiteral("--database"), m_db->url(), QStringLiteral("serve"), QStringLiteral("--port"),
                 QStringLiteral("0"), QStringLiteral("--threads"), QStringLiteral("2")});
    QVERIFY(serve.waitForStarted(10000));
    QByteArray log;
    static const QRegularExpression listening(QStringLiteral("listening on http://127\\.0\\.0\\.1:(\\d+)"));
    quint16 port = 0;
    for (int i = 0; i < 300 && port == 0 && serve.state() == QProcess::Running; ++i) {
        serve.waitForReadyRead(100);
        log += serve.readAllStandardError();
        if (const auto match = listening.match(QString::fromUtf8(log)); match.hasMatch())
            port = quint16(match.captured(1).toUInt());
    }
    QVERIFY2(port != 0, qPrintable(KeyLeakScanner::redact(QString::fromUtf8(log))));

    const auto call = [&](const QByteArray& method, const QByteArray& target, const QList<QByteArray>& headers,
                          const QByteArray& body = {}) {
        const HttpAnswer answer = send(port, method, target, headers, body, 3000);
        serve.waitForReadyRead(1); // keep the pipe drained
        log += serve.readAllStandardError();
        return answer;
    };
    const QByteArray k = valid.fullKey.toLatin1();
    QCOMPARE(call("GET", "/v1/verify", {bearer(valid.fullKey)}).status, 200);
    QCOMPARE(call("POST", "/v1/verify", {bearer(valid.fullKey), "Content-Type: application/json"}, "{}").status, 200);
    QCOMPARE(call("GET", "/v1/auth", {bearer(valid.fullKey), "X-Original-URI: /orders"}).status, 204);
    QCOMPARE(call("GET", "/v1/verify", {bearer(sameMask)}).status, 401);
    QCOMPARE(call("GET", "/v1/verify", {bearer(nearMissLastChar(valid.fullKey))}).status, 401);
    QCOMPARE(call("GET", "/v1/verify", {bearer(nearMissLastRandomChar(valid.fullKey))}).status, 401);
    QCOMPARE(call("GET", "/v1/verify", {bearer(unknown)}).status, 401);
    QCOMPARE(call("GET", "/v1/verify", {bearer(revoked.fullKey)}).status, 401);
    QCOMPARE(call("GET", "/v1/auth", {bearer(revoked.fullKey)}).status, 401);
    QCOMPARE(call("GET", "/v1/verify", {"Authorization: Bearer " + k + QByteArray(3000, 'x')}).status, 401);
    QCOMPARE(call("GET", "/v1/verify", {"Authorization: Bearer " + k + " " + k}).status, 401);
    QCOMPARE(call("GET", "/v1/verify", {"Authorization: Basic " + k}).status, 401);
    QCOMPARE(call("GET", "/v1/verify", {bearer(valid.fullKey), "authorization: Bearer " + k}).status, 400);
    QCOMPARE(call("GET", "/v1/verify?api_key=" + k, {}).status, 400);
    QCOMPARE(call("GET", "/v1/auth?token=" + k, {}).status, 401);
    QCOMPARE(call("GET", "/v1/auth", {bearer(valid.fullKey), "X-Original-URI: /x?api_key=" + k}).status, 401);
    QCOMPARE(call("GET", "/health?key=" + k, {}).status, 400);
    QCOMPARE(call("GET", "/v1/verify/" + k, {bearer(valid.fullKey)}).status, 404);
    QCOMPARE(call("GET", "/" + k, {}).status, 404);
    QCOMPARE(call("POST", "/v1/agents/a/run", {bearer(valid.fullKey)}, "{\"input\":\"" + k + "\"}").status, 200);
    QCOMPARE(call("GET", "/admin/organizations", {bearer(wrongAdmin)}).status, 401);
    QCOMPARE(call("GET", "/admin/organizations", {bearer(nearMissLastChar(admin))}).status, 401);
    QCOMPARE(call("GET", "/admin/organizations", {bearer(valid.fullKey)}).status, 401);
    QCOMPARE(call("GET", "/admin/organizations?api_key=" + admin.toLatin1(), {}).status, 400);
    // The admin API hands out a new key once; the server must not log it.
    const HttpAnswer madeKey
        = call("POST", "/admin/organizations/" + SqlValue::uuidText(valid.key.organizationId).toLatin1() + "/keys",
               {bearer(admin), "Content-Type: application/json"}, R"({"name":"via admin","scopes":["*"]})");
    QCOMPARE(madeKey.status, 201);
    const QString adminMade = json(madeKey).value(QStringLiteral("key")).toString();
    QVERIFY(ApiKeyFormat::check(adminMade) == KeyFormatError::None);
    m_secrets << adminMade;
    QCOMPARE(call("GET", "/v1/verify", {bearer(adminMade)}).status, 200);

    serve.terminate();
    QVERIFY(serve.waitForFinished(15000));
    log += serve.readAllStandardError();
    const QByteArray out = serve.readAllStandardOutput();
    QCOMPARE(serve.exitStatus(), QProcess::NormalExit);
    QCOMPARE(serve.exitCode(), 0);

    const QStringList lines = QString::fromUtf8(log).split(u'\n', Qt::SkipEmptyParts);
    m_processLog = lines;
    int refusals = 0;
    for (const QString& line : lines) {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(line.toUtf8(), &error);
        QVERIFY2(error.error == QJsonParseError::NoError && document.isObject(),
                 qPrintable(QStringLiteral("not a JSON log line: ") + KeyLeakScanner::redact(line).left(200)));
        if (const QString leak = leakIn(line); !leak.isEmpty())
            QFAIL(qPrintable(leak + QStringLiteral(" in: ") + KeyLeakScanner::redact(line).left(300)));
        if (document.object().value(QStringLiteral("event")).toString() == QLatin1String("refused"))
            ++refusals;
    }
    QVERIFY(leakIn(QString::fromUtf8(out)).isEmpty());
    // The debug lines were really there (else the scan proved nothing): refusals with the
    // masked key of the revoked one.
    QVERIFY2(refusals >= 8, qPrintable(QString::number(refusals)));
    QVERIFY(std::any_of(lines.cbegin(), lines.cend(), [&](const QString& line) {
        return line.contains(KeyLeakScanner::maskForReport(revoked.fullKey));
    }));
}

void TestSecurity::noCapturedLogLineHoldsAKey()
{
    // Everything the suite's process logged (the in-process validators at debug level among
    // it), scanned for the suite's keys and for anything key-shaped.
    const QStringList lines = m_logs->messages();
    int masked = 0;
    for (const QString& line : lines) {
        if (const QString leak = leakIn(line); !leak.isEmpty())
            QFAIL(qPrintable(leak + QStringLiteral(" in: ") + KeyLeakScanner::redact(line).left(300)));
        masked += line.contains(QChar(0x2026)) && line.contains(QLatin1String("pk_")) ? 1 : 0;
    }
    qInfo() << lines.size() << "captured log lines," << masked << "with a masked key;" << m_processLog.size()
            << "JSON lines of keywardenctl serve;" << m_secrets.size() << "keys looked for;" << g_lockedRetries
            << "fixture writes retried after SQLite's \"database is locked\"";
    // The capture saw the validator's refusals with masked keys: the scan had something to find.
    QVERIFY2(masked >= 20, qPrintable(QString::number(masked)));
}

QTEST_GUILESS_MAIN(TestSecurity)
#include "TestSecurity.moc"
