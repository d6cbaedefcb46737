// SPDX-License-Identifier: MIT
#include "commandhandlers.h"

#include "domain/order.h"
#include "domain/overloaded.h"
#include "events/eventcodec.h"
#include "write/writestore.h"

#include <QCoreApplication>

namespace OrderDesk {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("CommandHandlers", text);
}

/// The state a handler builds up: the result to report, or the first error.
class Execution
{
public:
    Execution(const Command &command, WriteStore &store, qint64 now)
        : m_meta(metaOf(command)), m_store(store), m_now(now)
    {
        m_result.commandId = m_meta.commandId;
        m_result.commandType = commandTypeName(command);
        m_result.targetId = targetIdOf(command);
    }

    WriteStore &store() { return m_store; }
    qint64 now() const { return m_now; }
    const CommandMeta &meta() const { return m_meta; }

    CommandResult fail(const Error &error)
    {
        return CommandResult::rejected(m_result.commandId, m_result.commandType, error);
    }

    /// Fails with ConcurrentModification when the command expected another version.
    std::optional<Error> checkVersion(qint64 current) const
    {
        if (m_meta.expectedVersion && *m_meta.expectedVersion != current)
            return Error{ErrorCode::ConcurrentModification,
                         tr("%1 was changed by someone else (it is at version %2, you saw "
                            "version %3); reload it and try again.")
                                 .arg(m_result.targetId)
                                 .arg(current)
                                 .arg(*m_meta.expectedVersion)};
        return std::nullopt;
    }

    /// Appends the event as version `streamVersion` of its stream and records the result.
    CommandResult append(const DomainEvent &event, qint64 streamVersion)
    {
        const EventCodec::Encoded encoded = EventCodec::encode(event);
        EventEnvelope envelope;
        envelope.streamId = streamIdOf(event);
        envelope.streamVersion = streamVersion;
        envelope.type = encoded.type;
        envelope.schemaVersion = encoded.schemaVersion;
        envelope.payload = encoded.payload;
        envelope.occurredAt = m_now;
        envelope.commandId = m_meta.commandId;
        envelope.actor = m_meta.actor;
        const Result<qint64> position = m_store.appendEvent(envelope);
        if (!position)
            return fail(position.error());
        m_result.version = streamVersion;
        m_result.position = *position;
        m_result.acceptedAt = m_now;
        if (auto ok = m_store.recordProcessedCommand(m_result); !ok)
            return fail(ok.error());
        return m_result;
    }

private:
    CommandMeta m_meta;
    WriteStore &m_store;
    qint64 m_now;
    CommandResult m_result;
};

Error unknownCustomer(const QString &id)
{
    return {ErrorCode::UnknownCustomer, tr("There is no customer with id %1.").arg(id)};
}

Error unknownProduct(const QString &id)
{
    return {ErrorCode::UnknownProduct, tr("There is no product with SKU %1.").arg(id)};
}

/// Turns requested lines into order lines with names and (unless given) prices from the catalog.
Result<OrderLines> resolveLines(WriteStore &store, const LineRequests &requests)
{
    OrderLines lines;
    lines.reserve(requests.size());
    for (const LineRequest &request : requests) {
        const Result<std::optional<Product>> product = store.product(request.productId);
        if (!product)
            return product.error();
        if (!product->has_value())
            return unknownProduct(request.productId);
        const Product &p = **product;
        lines.append(OrderLine{p.id, p.name, request.quantity,
                               request.unitPrice.value_or(p.unitPrice)});
    }
    return lines;
}

CommandResult handle(Execution &x, const RegisterCustomer &c)
{
    const Result<std::optional<Customer>> existing = x.store().customer(c.customerId);
    if (!existing)
        return x.fail(existing.error());
    if (existing->has_value())
        return x.fail({ErrorCode::CustomerExists,
                       tr("A customer with id %1 already exists.").arg(c.customerId)});
    const Customer customer{c.customerId, c.name.trimmed(), c.email.trimmed(), 1};
    if (auto ok = x.store().insertCustomer(customer); !ok)
        return x.fail(ok.error());
    return x.append(CustomerRegistered{customer.id, customer.name, customer.email}, 1);
}

CommandResult handle(Execution &x, const AddProduct &c)
{
    const Result<std::optional<Product>> existing = x.store().product(c.productId);
    if (!existing)
        return x.fail(existing.error());
    if (existing->has_value())
        return x.fail({ErrorCode::ProductExists,
                       tr("A product with SKU %1 already exists.").arg(c.productId)});
    const Product product{c.productId, c.name.trimmed(), c.unitPrice, 1};
    if (auto ok = x.store().saveProduct(product, true); !ok)
        return x.fail(ok.error());
    return x.append(ProductAdded{product.id, product.name, product.unitPrice}, 1);
}

CommandResult handle(Execution &x, const ChangeProductPrice &c)
{
    const Result<std::optional<Product>> existing = x.store().product(c.productId);
    if (!existing)
        return x.fail(existing.error());
    if (!existing->has_value())
        return x.fail(unknownProduct(c.productId));
    Product product = **existing;
    if (auto conflict = x.checkVersion(product.version))
        return x.fail(*conflict);
    if (product.unitPrice == c.newPrice)
        return x.fail({ErrorCode::PriceUnchanged,
                       tr("Product %1 already costs %2.")
                               .arg(product.id, product.unitPrice.toPlainString())});
    const ProductPriceChanged event{product.id, product.unitPrice, c.newPrice};
    product.unitPrice = c.newPrice;
    ++product.version;
    if (auto ok = x.store().saveProduct(product, false); !ok)
        return x.fail(ok.error());
    return x.append(event, product.version);
}

CommandResult handle(Execution &x, const CreateOrder &c)
{
    const Result<std::optional<Customer>> customer = x.store().customer(c.customerId);
    if (!customer)
        return x.fail(customer.error());
    if (!customer->has_value())
        return x.fail(unknownCustomer(c.customerId));
    const Result<std::optional<Order>> existing = x.store().order(c.orderId);
    if (!existing)
        return x.fail(existing.error());
    if (existing->has_value())
        return x.fail({ErrorCode::OrderExists, tr("Order %1 already exists.").arg(c.orderId)});
    const Result<OrderLines> lines = resolveLines(x.store(), c.lines);
    if (!lines)
        return x.fail(lines.error());

    const QString currency = c.currency.isEmpty() ? QString::fromUtf16(DefaultCurrency) : c.currency;
    const Result<OrderCreated> created = Order::create(c.orderId, **customer, *lines, currency);
    if (!created)
        return x.fail(created.error());
    Order order;
    order.apply(*created, x.now());
    if (auto ok = x.store().saveOrder(order, true, true); !ok)
        return x.fail(ok.error());
    return x.append(*created, order.version());
}

/// Loads the order a command targets and checks the version the command expects.
Result<Order> loadOrder(Execution &x, const QString &orderId)
{
    const Result<std::optional<Order>> order = x.store().order(orderId);
    if (!order)
        return order.error();
    if (!order->has_value())
        return Error{ErrorCode::OrderNotFound, tr("There is no order %1.").arg(orderId)};
    if (auto conflict = x.checkVersion((*order)->version()))
        return *conflict;
    return **order;
}

/// Runs a decision on an order and stores its event: the shape every order command shares.
template<typename Decide>
CommandResult changeOrder(Execution &x, const QString &orderId, bool linesChange, Decide decide)
{
    Result<Order> order = loadOrder(x, orderId);
    if (!order)
        return x.fail(order.error());
    const auto decided = decide(*order);
    if (!decided)
        return x.fail(decided.error());
    order->apply(*decided, x.now());
    if (auto ok = x.store().saveOrder(*order, false, linesChange); !ok)
        return x.fail(ok.error());
    return x.append(*decided, order->version());
}

CommandResult handle(Execution &x, const ChangeOrderLines &c)
{
    const Result<OrderLines> lines = resolveLines(x.store(), c.lines);
    if (!lines)
        return x.fail(lines.error());
    return changeOrder(x, c.orderId, true, [&](const Order &o) { return o.changeLines(*lines); });
}

CommandResult handle(Execution &x, const ConfirmOrder &c)
{
    return changeOrder(x, c.orderId, false, [](const Order &o) { return o.confirm(); });
}

CommandResult handle(Execution &x, const ShipOrder &c)
{
    return changeOrder(x, c.orderId, false, [](const Order &o) { return o.ship(); });
}

CommandResult handle(Execution &x, const DeliverOrder &c)
{
    return changeOrder(x, c.orderId, false, [](const Order &o) { return o.deliver(); });
}

CommandResult handle(Execution &x, const CancelOrder &c)
{
    return changeOrder(x, c.orderId, false, [&](const Order &o) { return o.cancel(c.reason); });
}

} // namespace

CommandResult executeCommand(const Command &command, WriteStore &store, qint64 now)
{
    Execution execution(command, store, now);
    return std::visit([&](const auto &c) { return handle(execution, c); }, command);
}

} // namespace OrderDesk
