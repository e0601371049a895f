#pragma once

#include "ErrorCode.h"

#include <QString>

#include <utility>
#include <variant>

// A failure with a code callers branch on and a message meant for a person.
// The message never contains a secret: callers mask keys before building it.
struct Error
{
    ErrorCode code = ErrorCode::Internal;
    QString message;
};

// Either a value or an Error. The core reports expected failures (bad input, a revoked
// key, an unreachable database) through this instead of exceptions, so the validator's
// hot path pays nothing for a flood of invalid keys.
template <typename T>
class [[nodiscard]] Result
{
public:
    Result(T value)
        : m_state(std::move(value))
    {
    }
    Result(Error error)
        : m_state(std::move(error))
    {
    }

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    const T& value() const& { return std::get<T>(m_state); }
    T& value() & { return std::get<T>(m_state); }
    T&& value() && { return std::get<T>(std::move(m_state)); }
    const T* operator->() const { return &std::get<T>(m_state); }
    T* operator->() { return &std::get<T>(m_state); }

    const Error& error() const { return std::get<Error>(m_state); }
    ErrorCode code() const { return ok() ? ErrorCode::Internal : error().code; }

private:
    std::variant<T, Error> m_state;
};

// For operations that return nothing but may fail.
struct Success
{
};
using Status = Result<Success>;

inline Status success()
{
    return Success{};
}

inline Error makeError(ErrorCode code, QString message)
{
    return Error{code, std::move(message)};
}
