// SPDX-License-Identifier: MIT
#include "commands.h"

#include "domain/overloaded.h"

namespace OrderDesk {

using namespace Qt::StringLiterals;

QString commandTypeName(const Command &command)
{
    return std::visit(Overloaded{
                              [](const RegisterCustomer &) { return u"RegisterCustomer"_s; },
                              [](const AddProduct &) { return u"AddProduct"_s; },
                              [](const ChangeProductPrice &) { return u"ChangeProductPrice"_s; },
                              [](const CreateOrder &) { return u"CreateOrder"_s; },
                              [](const ChangeOrderLines &) { return u"ChangeOrderLines"_s; },
                              [](const ConfirmOrder &) { return u"ConfirmOrder"_s; },
                              [](const ShipOrder &) { return u"ShipOrder"_s; },
                              [](const DeliverOrder &) { return u"DeliverOrder"_s; },
                              [](const CancelOrder &) { return u"CancelOrder"_s; },
                      },
                      command);
}

const CommandMeta &metaOf(const Command &command)
{
    return std::visit([](const auto &c) -> const CommandMeta & { return c.meta; }, command);
}

CommandMeta &metaOf(Command &command)
{
    return std::visit([](auto &c) -> CommandMeta & { return c.meta; }, command);
}

QString targetIdOf(const Command &command)
{
    return std::visit(Overloaded{
                              [](const RegisterCustomer &c) { return c.customerId; },
                              [](const AddProduct &c) { return c.productId; },
                              [](const ChangeProductPrice &c) { return c.productId; },
                              [](const auto &orderCommand) { return orderCommand.orderId; },
                      },
                      command);
}

} // namespace OrderDesk
