#include "KeyCache.h"

KeyCache::KeyCache()
    : KeyCache(Settings{})
{
}

KeyCache::KeyCache(Settings settings)
    : m_settings(settings)
{
    m_entries.reserve(size_t(qMin(settings.capacity, 4096)));
}

KeyCache::Lookup KeyCache::find(const KeyDigest& digest,
                                qint64 nowMs,
                                std::shared_ptr<const AuthContext>* context,
                                Refusal* refusal,
                                quint64* generation) const
{
    QReadLocker locker(&m_lock);
    if (generation)
        *generation = m_generation;
    const auto it = m_entries.find(digest);
    if (it == m_entries.end() || it->second.expiresAtMs <= nowMs)
        return Lookup::Miss;
    if (!it->second.context) {
        if (refusal)
            *refusal = it->second.refusal;
        return Lookup::KnownInvalid;
    }
    *context = it->second.context;
    return Lookup::Hit;
}

void KeyCache::makeRoom(qint64 nowMs)
{
    if (qsizetype(m_entries.size()) < m_settings.capacity)
        return;
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (it->second.expiresAtMs <= nowMs)
            it = m_entries.erase(it);
        else
            ++it;
    }
    // Still full of live entries (a flood of distinct keys): start over rather than
    // grow without bound; valid keys come back on their next request.
    if (qsizetype(m_entries.size()) >= m_settings.capacity)
        m_entries.clear();
}

quint64 KeyCache::generation() const
{
    QReadLocker locker(&m_lock);
    return m_generation;
}

void KeyCache::insert(const KeyDigest& digest,
                      std::shared_ptr<const AuthContext> context,
                      qint64 nowMs,
                      quint64 readAtGeneration)
{
    QWriteLocker locker(&m_lock);
    // Something was invalidated while this entry was being read: it may be stale.
    if (readAtGeneration != m_generation)
        return;
    makeRoom(nowMs);
    m_entries[digest] = Entry{std::move(context), nowMs + m_settings.ttlMs, Refusal{}};
}

void KeyCache::insertInvalid(const KeyDigest& digest, qint64 nowMs, const Refusal& refusal, quint64 readAtGeneration)
{
    QWriteLocker locker(&m_lock);
    // A refusal read before a concurrent invalidation (an organization enabled again, a
    // key's expiry moved) may be stale, as a valid entry may be.
    if (readAtGeneration != m_generation)
        return;
    makeRoom(nowMs);
    m_entries[digest] = Entry{nullptr, nowMs + m_settings.negativeTtlMs, refusal};
}

void KeyCache::invalidateKey(const QUuid& keyId)
{
    QWriteLocker locker(&m_lock);
    ++m_generation;
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (it->second.context && it->second.context->key.id == keyId)
            it = m_entries.erase(it);
        else
            ++it;
    }
}

void KeyCache::invalidateOrganization(const QUuid& organizationId)
{
    QWriteLocker locker(&m_lock);
    ++m_generation;
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        const bool match = it->second.context ? it->second.context->organization.id == organizationId
                                              : it->second.refusal.organizationId == organizationId;
        if (match)
            it = m_entries.erase(it);
        else
            ++it;
    }
}

void KeyCache::clear()
{
    QWriteLocker locker(&m_lock);
    ++m_generation;
    m_entries.clear();
}

qsizetype KeyCache::size() const
{
    QReadLocker locker(&m_lock);
    return qsizetype(m_entries.size());
}
