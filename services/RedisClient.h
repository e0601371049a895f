#pragma once

#include "Result.h"
#include "RuntimeConfig.h"

#include <QByteArray>
#include <QList>

struct redisContext;
struct redisReply;

// A reply in Qt types: integers, strings, arrays of either, or nil.
struct RedisReply
{
    enum class Type { Nil, Integer, String, Array };
    Type type = Type::Nil;
    qint64 integer = 0;
    QByteArray string;
    QList<RedisReply> elements;
};

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
    // Any command, with the whole reply (arrays included). Error replies are errors.
    Result<RedisReply> call(const QList<QByteArray>& arguments);
    // EVALSHA with a fallback to EVAL when the server has no such script (its cache
    // was flushed, or it restarted).
    Result<RedisReply> evalScript(const QByteArray& script,
                                  const QByteArray& sha1,
                                  const QList<QByteArray>& keys,
                                  const QList<QByteArray>& arguments);
    // EVALSHA's arguments, as evalScript() sends them.
    static QList<QByteArray>
    evalShaCommand(const QByteArray& sha1, const QList<QByteArray>& keys, const QList<QByteArray>& arguments);
    static QByteArray sha1Hex(const QByteArray& script);

private:
    Error connectionLost(); // disconnects; the error says why
    RedisUrl m_url;
    int m_timeoutMs;
    redisContext* m_context = nullptr;
};
