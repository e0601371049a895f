#pragma once

#include "AuditEvent.h"
#include "Database.h"
#include "HttpReply.h"

#include <QByteArray>
#include <QString>

#include <array>

class KeyCache;
class QHttpServerRequest;

// The admin API behind ADMIN_API_KEY: organizations, their keys and usage. Compares the
// admin key in constant time (SHA-256 digests, so not even its length leaks); without an
// admin key configured the whole API answers "disabled" instead of standing open.
class AdminRoutes
{
public:
    // `cache`, when given, is the serving validator's: a revocation or an organization
    // change made here takes effect on its next request, not after the change watcher's
    // next poll (which other validators wait for).
    AdminRoutes(Database& database, const QString& adminApiKey, KeyCache* cache = nullptr);

    // GET /admin/organizations pages with ?limit= (1 to MaxListLimit, default 100) and ?offset=.
    static constexpr int MaxListLimit = 1000;
    static constexpr int MaxListOffset = 1000000000;

    bool isEnabled() const { return m_enabled; }
    // Handles any path under /admin/.
    void handle(const QHttpServerRequest& request, HttpReply& reply);

private:
    bool authorize(const QHttpServerRequest& request, HttpReply& reply) const;
    void organizations(const QHttpServerRequest& request, HttpReply& reply);
    void organization(const QHttpServerRequest& request, const QUuid& id, HttpReply& reply);
    void keys(const QHttpServerRequest& request, const QUuid& organizationId, HttpReply& reply);
    void
    revokeKey(const QHttpServerRequest& request, const QUuid& organizationId, const QUuid& keyId, HttpReply& reply);
    void usage(const QHttpServerRequest& request, const QUuid& organizationId, HttpReply& reply);
    // "admin-api@<address>", with the address also in the audit event's ip_address.
    static AuditActor actor(const QHttpServerRequest& request);

    Database& m_database;
    KeyCache* m_cache;
    bool m_enabled = false;
    std::array<unsigned char, 32> m_adminDigest{};
};
