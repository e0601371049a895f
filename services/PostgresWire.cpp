#include "PostgresWire.h"

#include "Logging.h"
#include "SqlQuery.h"

#include <QCoreApplication>
#include <QSqlDriver>

#include <libpq-fe.h>

#include <memory>
#include <vector>

namespace {

struct ResultDeleter
{
    void operator()(PGresult* result) const { PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

Error databaseError(const QString& text, bool lost)
{
    qCWarning(lcDatabase).noquote() << "statement failed:" << text;
    return makeError(lost ? ErrorCode::Unavailable : ErrorCode::DatabaseError,
                     QCoreApplication::translate("SqlQuery", "database error: %1").arg(text));
}

Result<PGconn*> handleOf(const QSqlDatabase& db)
{
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    PGconn* connection = nullptr;
    // Qt 6.4 names the type by its struct ("pg_conn*"); older Qt by its typedef.
    const char* type = handle.isValid() ? handle.typeName() : nullptr;
    if (type && (qstrcmp(type, "pg_conn*") == 0 || qstrcmp(type, "PGconn*") == 0))
        connection = *static_cast<PGconn* const*>(handle.constData());
    if (!connection || PQstatus(connection) != CONNECTION_OK)
        return databaseError(QCoreApplication::translate("SqlQuery", "no connection to the server"), true);
    return connection;
}

// The server's primary message; the connection's own message when there is no result
// (libpq could not send, or the connection broke). Lost: the connection is gone, or the
// server said so (SQLSTATE class 08), or libpq has no result at all.
Error failure(PGconn* connection, const PGresult* result)
{
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const char* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    QString text = QString::fromUtf8(primary ? primary : PQerrorMessage(connection)).trimmed();
    // A data exception quotes the value it refused ("invalid input syntax for type integer:
    // \"...\"", "value \"...\" is out of range"): the value may be anything a client sent,
    // so everything from the first quote to the last is left out.
    if (state && qstrncmp(state, "22", 2) == 0) {
        const qsizetype first = text.indexOf(QLatin1Char('"'));
        const qsizetype last = text.lastIndexOf(QLatin1Char('"'));
        if (first >= 0)
            text.replace(first, (last > first ? last : text.size() - 1) - first + 1, QStringLiteral("\"\u2026\""));
    }
    const bool lost
        = !result || PQstatus(connection) != CONNECTION_OK || (state && SqlQuery::isLostConnectionState(state));
    return databaseError(text, lost);
}

// Reads what is left of a command's results, so that the connection is idle for QPSQL
// again; returns the last one.
ResultPtr lastResult(PGconn* connection)
{
    ResultPtr last;
    while (PGresult* next = PQgetResult(connection))
        last.reset(next);
    return last;
}

} // namespace

namespace PostgresWire {

Result<QList<QList<QByteArray>>> query(const QSqlDatabase& db, const char* sql, const QList<QByteArray>& parameters)
{
    const auto connection = handleOf(db);
    if (!connection)
        return connection.error();
    std::vector<const char*> values;
    std::vector<int> lengths;
    values.reserve(size_t(parameters.size()));
    lengths.reserve(size_t(parameters.size()));
    for (const QByteArray& parameter : parameters) {
        values.push_back(parameter.isNull() ? nullptr : parameter.constData());
        lengths.push_back(int(parameter.size()));
    }
    const ResultPtr result(PQexecParams(connection.value(), sql, int(parameters.size()), nullptr, values.data(),
                                        lengths.data(), nullptr, 0));
    if (!result
        || (PQresultStatus(result.get()) != PGRES_TUPLES_OK && PQresultStatus(result.get()) != PGRES_COMMAND_OK))
        return failure(connection.value(), result.get());
    QList<QList<QByteArray>> rows;
    const int columns = PQnfields(result.get());
    rows.reserve(PQntuples(result.get()));
    for (int row = 0; row < PQntuples(result.get()); ++row) {
        QList<QByteArray> fields;
        fields.reserve(columns);
        for (int column = 0; column < columns; ++column) {
            fields << (PQgetisnull(result.get(), row, column)
                           ? QByteArray()
                           : QByteArray(PQgetvalue(result.get(), row, column), PQgetlength(result.get(), row, column)));
        }
        rows << fields;
    }
    return rows;
}

Result<qint64> copyIn(const QSqlDatabase& db, const char* copyStatement, QByteArrayView rows)
{
    const auto connection = handleOf(db);
    if (!connection)
        return connection.error();
    PGconn* c = connection.value();
    {
        const ResultPtr started(PQexec(c, copyStatement));
        if (started && PQresultStatus(started.get()) != PGRES_COPY_IN
            && PQresultStatus(started.get()) != PGRES_FATAL_ERROR) {
            // A mistaken COPY TO STDOUT streams its rows: they are read (and dropped) to the
            // end, or PQgetResult() would hand out COPY_OUT results for ever.
            if (PQresultStatus(started.get()) == PGRES_COPY_OUT) {
                char* row = nullptr;
                while (PQgetCopyData(c, &row, 0) > 0) {
                    PQfreemem(row);
                    row = nullptr;
                }
            }
            lastResult(c);
            return databaseError(QCoreApplication::translate("SqlQuery", "the statement is not a COPY FROM STDIN"),
                                 false);
        }
        if (!started || PQresultStatus(started.get()) != PGRES_COPY_IN)
            return failure(c, started.get());
    }
    // The connection blocks (QPSQL's default), so each call returns once libpq has the data.
    // Sent in pieces: libpq copies what it is given into its own buffer first.
    constexpr qsizetype kPiece = qsizetype{256} * 1024;
    bool sent = true;
    for (qsizetype at = 0; sent && at < rows.size(); at += kPiece)
        sent = PQputCopyData(c, rows.data() + at, int(qMin(kPiece, rows.size() - at))) == 1;
    if (PQputCopyEnd(c, sent ? nullptr : "the client could not send its rows") != 1)
        return failure(c, lastResult(c).get());
    const ResultPtr result = lastResult(c);
    if (!result || PQresultStatus(result.get()) != PGRES_COMMAND_OK)
        return failure(c, result.get());
    return qint64(QByteArray(PQcmdTuples(result.get())).toLongLong());
}

bool isOutsideTransaction(const QSqlDatabase& db)
{
    const auto connection = handleOf(db);
    return connection && PQtransactionStatus(connection.value()) == PQTRANS_IDLE;
}

} // namespace PostgresWire
