#pragma once

#include "ApiKeyService.h"

#include <QReadWriteLock>
#include <QUuid>

#include <array>
#include <cstring>
#include <memory>
#include <unordered_map>

// SHA-256 digest of a key: the cache's key, so a lookup never allocates.
using KeyDigest = std::array<unsigned char, 32>;

struct KeyDigestHash
{
    size_t operator()(const KeyDigest& digest) const noexcept
    {
        size_t h;
        static_assert(sizeof h <= sizeof(KeyDigest));
        std::memcpy(&h, digest.data(), sizeof h); // already uniformly random
        return h;
    }
};

// Validated keys in memory with a bounded size and a TTL, and unknown keys remembered
// briefly, so a flood of random keys does not become a flood of database queries.
// Revocation, roll and organization changes invalidate entries at once. Thread-safe.
class KeyCache
{
public:
    enum class Lookup { Miss, Hit, KnownInvalid };

    struct Settings
    {
        int capacity = 100000;
        qint64 ttlMs = 30000;
        qint64 negativeTtlMs = 5000;
    };

    KeyCache();
    explicit KeyCache(Settings settings);

    // On KnownInvalid, `error` says why (unknown, revoked, expired).
    struct Refusal
    {
        ErrorCode error = ErrorCode::InvalidApiKey;
        QUuid keyId; // set for known keys (revoked, expired)
        QUuid organizationId;
        QString organizationSlug;
    };
    // `generation`, when given, receives generation() as of this lookup (under its lock).
    Lookup find(const KeyDigest& digest,
                qint64 nowMs,
                std::shared_ptr<const AuthContext>* context,
                Refusal* refusal = nullptr,
                quint64* generation = nullptr) const;
    // Bumped by every invalidation. Read it before looking a key up in the database (or
    // take it from find()) and pass it to insert() or insertInvalid(): an entry read before
    // a concurrent invalidation is not stored. Invalidations arrive from the change
    // watcher's thread while serving threads look keys up.
    quint64 generation() const;
    void
    insert(const KeyDigest& digest, std::shared_ptr<const AuthContext> context, qint64 nowMs, quint64 readAtGeneration);
    void insertInvalid(const KeyDigest& digest, qint64 nowMs, const Refusal& refusal, quint64 readAtGeneration);
    void invalidateKey(const QUuid& keyId);
    void invalidateOrganization(const QUuid& organizationId);
    void clear();
    qsizetype size() const;

private:
    struct Entry
    {
        std::shared_ptr<const AuthContext> context; // null: known invalid
        qint64 expiresAtMs = 0;
        Refusal refusal;
    };
    void makeRoom(qint64 nowMs);

    Settings m_settings;
    mutable QReadWriteLock m_lock;
    std::unordered_map<KeyDigest, Entry, KeyDigestHash> m_entries;
    quint64 m_generation = 0;
};
