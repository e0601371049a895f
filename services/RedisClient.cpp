#include "RedisClient.h"

#include "Logging.h"

#include <QCoreApplication>
#include <QCryptographicHash>

#include <hiredis/hiredis.h>

#include <vector>

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("RedisClient", text);
}
} // namespace

RedisClient::RedisClient(RedisUrl url, int timeoutMs)
    : m_url(std::move(url))
    , m_timeoutMs(timeoutMs)
{
}

RedisClient::~RedisClient()
{
    disconnect();
}

void RedisClient::disconnect()
{
    if (m_context) {
        redisFree(m_context);
        m_context = nullptr;
    }
}

Status RedisClient::connect()
{
    disconnect();
    const timeval timeout{m_timeoutMs / 1000, suseconds_t{m_timeoutMs % 1000} * 1000};
    redisContext* context = redisConnectWithTimeout(m_url.host.toUtf8().constData(), m_url.port, timeout);
    if (!context || context->err) {
        const QString reason = context ? QString::fromUtf8(context->errstr) : tr("out of memory");
        if (context)
            redisFree(context);
        return makeError(ErrorCode::Unavailable, tr("cannot connect to Redis at %1: %2").arg(m_url.redacted(), reason));
    }
    redisSetTimeout(context, timeout);
    m_context = context;
    if (!m_url.password.isEmpty()) {
        auto auth = command({QByteArrayLiteral("AUTH"), m_url.password.toUtf8()});
        if (!auth) {
            disconnect();
            return auth.error();
        }
    }
    if (m_url.database != 0) {
        auto select = command({QByteArrayLiteral("SELECT"), QByteArray::number(m_url.database)});
        if (!select) {
            disconnect();
            return select.error();
        }
    }
    return success();
}

Result<QByteArray> RedisClient::command(const QList<QByteArray>& arguments)
{
    auto reply = call(arguments);
    if (!reply)
        return reply.error();
    switch (reply->type) {
    case RedisReply::Type::Integer:
        return QByteArray::number(reply->integer);
    case RedisReply::Type::String:
        return reply->string;
    default:
        return QByteArray();
    }
}

namespace {
RedisReply convert(const redisReply* reply)
{
    RedisReply out;
    switch (reply->type) {
    case REDIS_REPLY_INTEGER:
        out.type = RedisReply::Type::Integer;
        out.integer = reply->integer;
        break;
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
        out.type = RedisReply::Type::String;
        out.string = QByteArray(reply->str, qsizetype(reply->len));
        break;
    case REDIS_REPLY_ARRAY:
        out.type = RedisReply::Type::Array;
        for (size_t i = 0; i < reply->elements; ++i)
            out.elements << convert(reply->element[i]);
        break;
    default:
        break;
    }
    return out;
}
} // namespace

namespace {
// hiredis's view of one command: pointers into `arguments`, which must outlive it.
struct CommandArgv
{
    explicit CommandArgv(const QList<QByteArray>& arguments)
    {
        argv.reserve(size_t(arguments.size()));
        lengths.reserve(size_t(arguments.size()));
        for (const QByteArray& argument : arguments) {
            argv.push_back(argument.constData());
            lengths.push_back(size_t(argument.size()));
        }
    }
    int count() const { return int(argv.size()); }
    std::vector<const char*> argv;
    std::vector<size_t> lengths;
};

// An error reply becomes an error; `reply` is freed.
Result<RedisReply> takeReply(redisReply* reply)
{
    Result<RedisReply> result = RedisReply{};
    if (reply->type == REDIS_REPLY_ERROR)
        result = makeError(ErrorCode::Unavailable, QString::fromUtf8(reply->str, int(reply->len)));
    else
        result = convert(reply);
    freeReplyObject(reply);
    return result;
}
} // namespace

Error RedisClient::connectionLost()
{
    const QString reason = QString::fromUtf8(m_context->errstr);
    disconnect();
    return makeError(ErrorCode::Unavailable, tr("Redis did not answer: %1").arg(reason));
}

Result<RedisReply> RedisClient::call(const QList<QByteArray>& arguments)
{
    if (!m_context) {
        if (Status s = connect(); !s)
            return s.error();
    }
    CommandArgv command(arguments);
    auto* reply = static_cast<redisReply*>(
        redisCommandArgv(m_context, command.count(), command.argv.data(), command.lengths.data()));
    if (!reply)
        return connectionLost();
    return takeReply(reply);
}

QList<QByteArray>
RedisClient::evalShaCommand(const QByteArray& sha1, const QList<QByteArray>& keys, const QList<QByteArray>& arguments)
{
    QList<QByteArray> argv{QByteArrayLiteral("EVALSHA"), sha1, QByteArray::number(keys.size())};
    argv += keys;
    argv += arguments;
    return argv;
}

QByteArray RedisClient::sha1Hex(const QByteArray& script)
{
    return QCryptographicHash::hash(script, QCryptographicHash::Sha1).toHex();
}

Result<RedisReply> RedisClient::evalScript(const QByteArray& script,
                                           const QByteArray& sha1,
                                           const QList<QByteArray>& keys,
                                           const QList<QByteArray>& arguments)
{
    QList<QByteArray> argv = evalShaCommand(sha1, keys, arguments);
    auto reply = call(argv);
    if (!reply && reply.error().message.startsWith(QLatin1String("NOSCRIPT"))) {
        argv[0] = QByteArrayLiteral("EVAL");
        argv[1] = script;
        return call(argv);
    }
    return reply;
}

Status RedisClient::ping()
{
    auto reply = command({QByteArrayLiteral("PING")});
    if (!reply)
        return reply.error();
    if (reply.value() != "PONG")
        return makeError(ErrorCode::Unavailable, tr("Redis answered PING with something else"));
    return success();
}
