#include "DemoDataSeeder.h"

#include "ApiKeyService.h"
#include "OrganizationService.h"
#include "UsageRepository.h"

#include <QRandomGenerator>

namespace {
struct DemoOrganization
{
    const char* name;
    const char* slug;
    Plan plan;
    int keys;
    int requestsPerDay; // on a weekday, for the whole organization
};

constexpr DemoOrganization kOrganizations[] = {
    {"Acme Corp", "acme-corp", Plan::Pro, 4, 900},
    {"Globex", "globex", Plan::Enterprise, 6, 2400},
    {"Initech", "initech", Plan::Free, 2, 120},
};

const char* const kEndpoints[] = {"/v1/verify", "/v1/agents/support/run", "/v1/agents/search/run", "/v1/conversations"};
const char* const kKeyNames[]
    = {"Production backend", "Staging", "CI pipeline", "Mobile app", "Data export", "Partner integration"};
} // namespace

DemoDataSeeder::DemoDataSeeder(Database& database, Clock clock)
    : m_database(database)
    , m_clock(std::move(clock))
{
}

Result<int> DemoDataSeeder::seed(const QString& actor)
{
    OrganizationService organizations(m_database, m_clock);
    ApiKeyService keys(m_database, m_clock);
    UsageRepository usage(m_database);
    // A fixed seed: every demo looks the same, which keeps screenshots comparable.
    QRandomGenerator random(20261126);
    const QDateTime now = m_clock();
    int created = 0;
    for (const DemoOrganization& demo : kOrganizations) {
        const QString slug = QString::fromLatin1(demo.slug);
        auto existing = organizations.getBySlug(slug);
        if (existing)
            continue;
        if (existing.code() != ErrorCode::NotFound)
            return existing.error();
        CreateOrganizationRequest request;
        request.name = QString::fromLatin1(demo.name);
        request.slug = slug;
        request.email = QStringLiteral("admin@") + slug + QStringLiteral(".example");
        request.plan = demo.plan;
        auto organization = organizations.create(request, actor);
        if (!organization)
            return organization.error();
        ++created;

        QList<ApiKey> demoKeys;
        for (int i = 0; i < demo.keys; ++i) {
            CreateKeyRequest keyRequest;
            keyRequest.organizationId = organization->id;
            keyRequest.name = QString::fromLatin1(kKeyNames[i % std::size(kKeyNames)]);
            keyRequest.environment = i == 1 ? KeyEnvironment::Test : KeyEnvironment::Live;
            keyRequest.scopes = i == 0
                ? QStringList{QStringLiteral("*")}
                : QStringList{QStringLiteral("agents:run"), QStringLiteral("conversations:read")};
            if (i == 2)
                keyRequest.expiresInDays = 5; // shows "expiring soon"
            auto key = keys.createKey(keyRequest, actor);
            if (!key)
                return key.error();
            demoKeys << key->key;
        }
        if (demo.keys > 3) {
            if (auto revoked
                = keys.revokeKey(demoKeys.last().id, QStringLiteral("Demo: leaked in a support ticket"), actor);
                !revoked)
                return revoked.error();
        }

        QList<UsageRecord> records;
        for (int day = UsageDays - 1; day >= 0; --day) {
            const QDateTime date = now.addDays(-day);
            const bool weekend = date.date().dayOfWeek() >= 6;
            // Growth over the weeks, quieter weekends, a little noise.
            const double growth = 0.6 + 0.4 * double(UsageDays - day) / UsageDays;
            const int requests
                = int(demo.requestsPerDay * growth * (weekend ? 0.35 : 1.0) * (0.85 + 0.3 * random.generateDouble()))
                / 20; // one stored row stands for a burst of 20, keeping the demo quick to write
            for (int r = 0; r < requests; ++r) {
                UsageRecord record;
                const ApiKey& key = demoKeys.at(int(random.bounded(qMin<qsizetype>(3, demoKeys.size()))));
                record.apiKeyId = key.id;
                record.organizationId = organization->id;
                record.timestamp
                    = QDateTime(date.date(), QTime(int(random.bounded(24)), int(random.bounded(60))), Qt::UTC);
                if (record.timestamp > now)
                    record.timestamp = now.addSecs(-60);
                record.endpoint = QString::fromLatin1(kEndpoints[random.bounded(int(std::size(kEndpoints)))]);
                record.method
                    = record.endpoint.endsWith(QLatin1String("/run")) ? QStringLiteral("POST") : QStringLiteral("GET");
                const quint32 roll = random.bounded(100);
                record.statusCode = roll < 90 ? 200 : roll < 95 ? 429 : roll < 98 ? 401 : 500;
                record.responseTimeMs = 2 + random.bounded(40);
                if (record.method == QLatin1String("POST") && record.statusCode == 200) {
                    record.tokensUsed = 200 + int(random.bounded(1800));
                    record.costUsd = record.tokensUsed * 0.00002;
                }
                records << record;
            }
        }
        if (Status s = usage.recordBatch(records); !s)
            return s.error();
    }
    return created;
}
