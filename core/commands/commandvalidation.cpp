// SPDX-License-Identifier: MIT
#include "commandvalidation.h"

#include "domain/limits.h"
#include "domain/overloaded.h"
#include "domain/validation.h"

#include <QCoreApplication>
#include <QSet>

namespace OrderDesk {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("CommandValidation", text);
}

Result<void> firstError(std::initializer_list<Result<void>> checks)
{
    for (const Result<void> &check : checks) {
        if (!check)
            return check;
    }
    return {};
}

template<typename T>
Result<void> valueOnly(const Result<T> &result)
{
    if (!result)
        return result.error();
    return {};
}

Result<void> validateLines(const LineRequests &lines)
{
    if (lines.isEmpty())
        return Error{ErrorCode::NoLines, tr("An order needs at least one line.")};
    if (lines.size() > Limits::MaxLines)
        return Error{ErrorCode::TooManyLines, tr("An order may have at most %1 lines (got %2).")
                                                      .arg(Limits::MaxLines)
                                                      .arg(lines.size())};
    QSet<QString> seen;
    for (const LineRequest &line : lines) {
        if (auto ok = valueOnly(Validation::id(line.productId, tr("Product SKU"))); !ok)
            return ok;
        if (auto ok = Validation::quantity(line.quantity); !ok)
            return ok;
        if (line.unitPrice) {
            if (auto ok = Validation::unitPrice(*line.unitPrice); !ok)
                return ok;
        }
        if (seen.contains(line.productId))
            return Error{ErrorCode::DuplicateLine,
                         tr("Product %1 appears on more than one line; change the quantity "
                            "instead.")
                                 .arg(line.productId)};
        seen.insert(line.productId);
    }
    return {};
}

Result<void> validateCurrency(const QString &currency)
{
    const bool isCode = currency.size() == 3
            && std::all_of(currency.cbegin(), currency.cend(),
                           [](QChar c) { return c >= u'A' && c <= u'Z'; });
    if (!currency.isEmpty() && !isCode)
        return Error{ErrorCode::InvalidCommand,
                     tr("\u201c%1\u201d is not a currency code (three capital letters, e.g. EUR).")
                             .arg(currency.left(16))};
    return {};
}

Result<void> validateMeta(const CommandMeta &meta)
{
    if (meta.commandId.size() > 128 || !Validation::isCleanText(meta.commandId, false))
        return Error{ErrorCode::InvalidCommand,
                     tr("A command id must be at most 128 printable characters.")};
    if (meta.expectedVersion && *meta.expectedVersion < 0)
        return Error{ErrorCode::InvalidCommand, tr("An expected version cannot be negative.")};
    if (meta.actor.size() > Limits::MaxNameLength || !Validation::isCleanText(meta.actor, false))
        return Error{ErrorCode::InvalidCommand,
                     tr("The actor name must be at most %1 printable characters.")
                             .arg(Limits::MaxNameLength)};
    return {};
}

} // namespace

Result<void> validateCommand(const Command &command)
{
    if (auto ok = validateMeta(metaOf(command)); !ok)
        return ok;
    const QString orderIdLabel = tr("Order id");
    return std::visit(
            Overloaded{
                    [](const RegisterCustomer &c) {
                        return firstError({valueOnly(Validation::id(c.customerId, tr("Customer id"))),
                                           valueOnly(Validation::name(c.name, tr("Customer name"))),
                                           valueOnly(Validation::email(c.email))});
                    },
                    [](const AddProduct &c) {
                        return firstError({valueOnly(Validation::id(c.productId, tr("Product SKU"))),
                                           valueOnly(Validation::name(c.name, tr("Product name"))),
                                           Validation::unitPrice(c.unitPrice)});
                    },
                    [](const ChangeProductPrice &c) {
                        return firstError({valueOnly(Validation::id(c.productId, tr("Product SKU"))),
                                           Validation::unitPrice(c.newPrice)});
                    },
                    [&](const CreateOrder &c) {
                        return firstError({
                                c.orderId.isEmpty()
                                        ? Result<void>()
                                        : valueOnly(Validation::id(c.orderId, orderIdLabel)),
                                valueOnly(Validation::id(c.customerId, tr("Customer id"))),
                                validateCurrency(c.currency),
                                validateLines(c.lines),
                        });
                    },
                    [&](const ChangeOrderLines &c) {
                        return firstError({valueOnly(Validation::id(c.orderId, orderIdLabel)),
                                           validateLines(c.lines)});
                    },
                    [&](const CancelOrder &c) {
                        return firstError({valueOnly(Validation::id(c.orderId, orderIdLabel)),
                                           valueOnly(Validation::reason(c.reason))});
                    },
                    [&](const auto &orderCommand) {
                        return valueOnly(Validation::id(orderCommand.orderId, orderIdLabel));
                    },
            },
            command);
}

} // namespace OrderDesk
