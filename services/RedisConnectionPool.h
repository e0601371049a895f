#pragma once

#include "RedisClient.h"

#include <QMutex>

#include <array>
#include <memory>

// Blocking Redis connections for the validator's serving threads. A thread always uses the
// same slot (threads are numbered as they first arrive), so with up to `SlotCount` serving
// threads none of them waits for another's round trip; beyond that two threads share a slot
// and its mutex keeps them apart. Slots connect on first use and reconnect after an error.
class RedisConnectionPool
{
public:
    static constexpr int SlotCount = 16;

    RedisConnectionPool(const RedisUrl& url, int timeoutMs);
    Q_DISABLE_COPY_MOVE(RedisConnectionPool)

    // Runs `work(client)` on this thread's connection, holding the slot for the duration.
    template <typename Work>
    auto with(Work&& work)
    {
        Slot& slot = slotForThisThread();
        QMutexLocker locker(&slot.mutex);
        return work(*slot.client);
    }

private:
    struct Slot
    {
        QMutex mutex;
        std::unique_ptr<RedisClient> client;
    };
    Slot& slotForThisThread();

    std::array<Slot, SlotCount> m_slots;
};
