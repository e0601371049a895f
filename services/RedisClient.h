#pragma once

#include "Result.h"
#include "RuntimeConfig.h"

#include <QByteArray>
#include <QList>

struct redisContext;
struct redisReply;

// A blocking hiredis connection with timeouts, for one thread. The validator's Redis
// rate limiter and the `doctor` check use it.
class RedisClient
{
public:
    explicit RedisClient(RedisUrl url, int timeoutMs = 500);
    ~RedisClient();
    Q_DISABLE_COPY_MOVE(RedisClient)

    Status connect();
    bool isConnected() const { return m_context != nullptr; }
    void disconnect();

    // Sends one command; the reply as text for status, string and integer replies.
    Result<QByteArray> command(const QList<QByteArray>& arguments);
    Status ping();

private:
    RedisUrl m_url;
    int m_timeoutMs;
    redisContext* m_context = nullptr;
};
