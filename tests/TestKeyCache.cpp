// The validator's key cache on its own: lifetimes, bounds, invalidation, and the
// generation check that keeps an entry read before a concurrent invalidation out.
#include "KeyCache.h"

#include <QTest>

namespace {
constexpr qint64 kNow = 1'800'000'000'000;

KeyDigest digestOf(unsigned char seed)
{
    KeyDigest digest{};
    for (std::size_t i = 0; i < digest.size(); ++i)
        digest[i] = static_cast<unsigned char>(seed * 31 + i);
    return digest;
}

std::shared_ptr<const AuthContext> contextFor(const QUuid& keyId, const QUuid& organizationId)
{
    auto context = std::make_shared<AuthContext>();
    context->key.id = keyId;
    context->organization.id = organizationId;
    return context;
}
} // namespace

class TestKeyCache : public QObject
{
    Q_OBJECT

private slots:
    void entriesLiveForTheirTtl();
    void refusalsAreRememberedBriefly();
    void invalidationDropsWhatItNames();
    void entriesReadBeforeAnInvalidationAreNotStored();
    void staysWithinItsCapacity();
};

void TestKeyCache::entriesLiveForTheirTtl()
{
    KeyCache cache(KeyCache::Settings{10, 30000, 5000});
    const auto context = contextFor(QUuid::createUuid(), QUuid::createUuid());
    std::shared_ptr<const AuthContext> found;
    QCOMPARE(cache.find(digestOf(1), kNow, &found), KeyCache::Lookup::Miss);
    cache.insert(digestOf(1), context, kNow, cache.generation());
    QCOMPARE(cache.find(digestOf(1), kNow + 29999, &found), KeyCache::Lookup::Hit);
    QCOMPARE(found, context);
    QCOMPARE(cache.find(digestOf(1), kNow + 30000, &found), KeyCache::Lookup::Miss);
    QCOMPARE(cache.find(digestOf(2), kNow, &found), KeyCache::Lookup::Miss);
}

void TestKeyCache::refusalsAreRememberedBriefly()
{
    KeyCache cache(KeyCache::Settings{10, 30000, 5000});
    const KeyCache::Refusal revoked{ErrorCode::RevokedApiKey, QUuid::createUuid(), QUuid::createUuid(),
                                    QStringLiteral("acme")};
    cache.insertInvalid(digestOf(1), kNow, revoked, cache.generation());
    std::shared_ptr<const AuthContext> found;
    KeyCache::Refusal refusal;
    QCOMPARE(cache.find(digestOf(1), kNow + 4999, &found, &refusal), KeyCache::Lookup::KnownInvalid);
    QVERIFY(!found);
    QCOMPARE(refusal.error, ErrorCode::RevokedApiKey);
    QCOMPARE(refusal.keyId, revoked.keyId);
    QCOMPARE(refusal.organizationSlug, QStringLiteral("acme"));
    QCOMPARE(cache.find(digestOf(1), kNow + 5000, &found, &refusal), KeyCache::Lookup::Miss);
}

void TestKeyCache::invalidationDropsWhatItNames()
{
    KeyCache cache;
    const QUuid acme = QUuid::createUuid();
    const QUuid other = QUuid::createUuid();
    const QUuid first = QUuid::createUuid();
    cache.insert(digestOf(1), contextFor(first, acme), kNow, cache.generation());
    cache.insert(digestOf(2), contextFor(QUuid::createUuid(), acme), kNow, cache.generation());
    cache.insert(digestOf(3), contextFor(QUuid::createUuid(), other), kNow, cache.generation());
    cache.insertInvalid(digestOf(4), kNow, {ErrorCode::RevokedApiKey, QUuid::createUuid(), acme, {}},
                        cache.generation());
    cache.insertInvalid(digestOf(5), kNow, {}, cache.generation()); // an unknown key: no organization
    std::shared_ptr<const AuthContext> found;

    cache.invalidateKey(first);
    QCOMPARE(cache.find(digestOf(1), kNow, &found), KeyCache::Lookup::Miss);
    QCOMPARE(cache.find(digestOf(2), kNow, &found), KeyCache::Lookup::Hit);

    // An organization's change drops its valid keys and its remembered refusals (it may
    // have been enabled again), and nothing of another organization's.
    cache.invalidateOrganization(acme);
    QCOMPARE(cache.find(digestOf(2), kNow, &found), KeyCache::Lookup::Miss);
    QCOMPARE(cache.find(digestOf(4), kNow, &found), KeyCache::Lookup::Miss);
    QCOMPARE(cache.find(digestOf(3), kNow, &found), KeyCache::Lookup::Hit);
    QCOMPARE(cache.find(digestOf(5), kNow, &found), KeyCache::Lookup::KnownInvalid);

    cache.clear();
    QCOMPARE(cache.size(), 0);
}

// A serving thread looks a key up in the database while the change watcher's thread
// invalidates: what it read may be stale, valid or refused, and must not be stored.
void TestKeyCache::entriesReadBeforeAnInvalidationAreNotStored()
{
    KeyCache cache;
    const QUuid acme = QUuid::createUuid();
    std::shared_ptr<const AuthContext> found;
    quint64 generation = 0;
    QCOMPARE(cache.find(digestOf(1), kNow, &found, nullptr, &generation), KeyCache::Lookup::Miss);
    QCOMPARE(generation, cache.generation());
    cache.invalidateOrganization(acme); // meanwhile, on another thread
    cache.insert(digestOf(1), contextFor(QUuid::createUuid(), acme), kNow, generation);
    cache.insertInvalid(digestOf(2), kNow, {ErrorCode::OrganizationInactive, QUuid::createUuid(), acme, {}},
                        generation);
    QCOMPARE(cache.find(digestOf(1), kNow, &found), KeyCache::Lookup::Miss);
    QCOMPARE(cache.find(digestOf(2), kNow, &found), KeyCache::Lookup::Miss);
    QCOMPARE(cache.size(), 0);

    // Read again after the invalidation: stored.
    QCOMPARE(cache.find(digestOf(1), kNow, &found, nullptr, &generation), KeyCache::Lookup::Miss);
    cache.insert(digestOf(1), contextFor(QUuid::createUuid(), acme), kNow, generation);
    cache.insertInvalid(digestOf(2), kNow, {ErrorCode::OrganizationInactive, QUuid::createUuid(), acme, {}},
                        generation);
    QCOMPARE(cache.find(digestOf(1), kNow, &found), KeyCache::Lookup::Hit);
    QCOMPARE(cache.find(digestOf(2), kNow, &found), KeyCache::Lookup::KnownInvalid);
}

// A flood of distinct keys (valid or not) must not grow the cache without bound.
void TestKeyCache::staysWithinItsCapacity()
{
    KeyCache cache(KeyCache::Settings{8, 30000, 5000});
    for (int i = 0; i < 100; ++i) {
        if (i % 2 == 0)
            cache.insert(digestOf(static_cast<unsigned char>(i)), contextFor(QUuid::createUuid(), QUuid::createUuid()),
                         kNow, cache.generation());
        else
            cache.insertInvalid(digestOf(static_cast<unsigned char>(i)), kNow, {}, cache.generation());
        QVERIFY2(cache.size() <= 8, QByteArray::number(cache.size()).constData());
    }
    // Expired entries make room before live ones are dropped.
    KeyCache aging(KeyCache::Settings{2, 1000, 1000});
    aging.insert(digestOf(1), contextFor(QUuid::createUuid(), QUuid::createUuid()), kNow, aging.generation());
    aging.insert(digestOf(2), contextFor(QUuid::createUuid(), QUuid::createUuid()), kNow + 900, aging.generation());
    aging.insert(digestOf(3), contextFor(QUuid::createUuid(), QUuid::createUuid()), kNow + 1000, aging.generation());
    std::shared_ptr<const AuthContext> found;
    QCOMPARE(aging.find(digestOf(2), kNow + 1000, &found), KeyCache::Lookup::Hit);
    QCOMPARE(aging.find(digestOf(3), kNow + 1000, &found), KeyCache::Lookup::Hit);
}

QTEST_GUILESS_MAIN(TestKeyCache)
#include "TestKeyCache.moc"
