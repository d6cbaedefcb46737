// SPDX-License-Identifier: MIT
#pragma once

#include "domain/result.h"

#include <QByteArray>

/// Small helpers the tests share. Header-only: tests link the core library and compile none of
/// its sources.
namespace OrderDesk::TestSupport {

/// The error text of a failed result, for QVERIFY2's message. QVERIFY2 evaluates its message
/// even when the check passes, so this must not touch error() of a success.
template<typename T> const char *failure(const Result<T> &result)
{
    thread_local QByteArray text;
    text = result ? QByteArray() : result.error().message.toUtf8();
    return text.constData();
}

} // namespace OrderDesk::TestSupport
