#pragma once

#include <QTcpServer>

// A QTcpServer that watches every connection before Qt HTTP Server sees its bytes, since
// Qt HTTP Server 6.4 sets no limits (../shared/PLATFORM.md): a cap on open connections
// (503 beyond it), a header size limit (431), a body size limit (413), a deadline for a
// request's headers (slow-loris) and an idle timeout between requests.
class GuardedTcpServer : public QTcpServer
{
    Q_OBJECT

public:
    struct Limits
    {
        int maxConnections = 1024;
        qsizetype maxHeaderBytes = qsizetype{16} * 1024;
        qsizetype maxBodyBytes = qsizetype{1024} * 1024;
        int headerTimeoutMs = 10000;
        int idleTimeoutMs = 30000;
        int bodyTimeoutMs = 30000;
    };

    explicit GuardedTcpServer(QObject* parent = nullptr);
    GuardedTcpServer(Limits limits, QObject* parent = nullptr);

    // Listens with SO_REUSEPORT so several servers (one per thread) can share the port;
    // the kernel spreads new connections between them. IPv4 and IPv6 addresses.
    bool listenSharingPort(const QHostAddress& address, quint16 port);

    int openConnections() const { return m_open; }
    quint64 refusedConnections() const { return m_refused; }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    Limits m_limits;
    int m_open = 0;
    quint64 m_refused = 0;
};
