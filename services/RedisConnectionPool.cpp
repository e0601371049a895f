#include "RedisConnectionPool.h"

#include <QAtomicInteger>

namespace {
QAtomicInteger<int> g_threadsSeen;
thread_local const int t_threadNumber = g_threadsSeen.fetchAndAddRelaxed(1);
} // namespace

RedisConnectionPool::RedisConnectionPool(const RedisUrl& url, int timeoutMs)
{
    for (Slot& slot : m_slots)
        slot.client = std::make_unique<RedisClient>(url, timeoutMs);
}

RedisConnectionPool::Slot& RedisConnectionPool::slotForThisThread()
{
    return m_slots[std::size_t(t_threadNumber) % m_slots.size()];
}
