// SPDX-License-Identifier: MIT
#include "eventsummary.h"

#include "domain/overloaded.h"

#include <QCoreApplication>

namespace OrderDesk {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("EventSummary", text);
}

QString linesText(const OrderLines &lines)
{
    QStringList parts;
    for (const OrderLine &line : lines) {
        parts.append(tr("%1 \u00d7 %2 @ %3")
                         .arg(line.quantity)
                         .arg(line.productId, line.unitPrice.toPlainString()));
    }
    return parts.join(QLatin1String(", "));
}

} // namespace

QString eventSummary(const DomainEvent &event)
{
    return std::visit(Overloaded {
                          [](const CustomerRegistered &e) {
                              return tr("customer %1: %2 <%3>").arg(e.customerId, e.name, e.email);
                          },
                          [](const ProductAdded &e) {
                              return tr("product %1: %2 at %3")
                                  .arg(e.productId, e.name, e.unitPrice.toPlainString());
                          },
                          [](const ProductPriceChanged &e) {
                              return tr("product %1: price %2 \u2192 %3")
                                  .arg(e.productId, e.oldPrice.toPlainString(),
                                       e.newPrice.toPlainString());
                          },
                          [](const OrderCreated &e) {
                              return tr("for customer %1 (%2): %3; total %4 %5")
                                  .arg(e.customerId, e.customerName, linesText(e.lines),
                                       e.total.toPlainString(), e.currency);
                          },
                          [](const OrderLinesChanged &e) {
                              return tr("lines now %1; total %2")
                                  .arg(linesText(e.lines), e.total.toPlainString());
                          },
                          [](const OrderConfirmed &) { return tr("confirmed"); },
                          [](const OrderShipped &) { return tr("shipped"); },
                          [](const OrderDelivered &) { return tr("delivered"); },
                          [](const OrderCancelled &e) { return tr("cancelled: %1").arg(e.reason); },
                      },
                      event);
}

} // namespace OrderDesk
