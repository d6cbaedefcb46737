// SPDX-License-Identifier: MIT
#include "commandparser.h"

#include <QCoreApplication>
#include <QHash>

#include <optional>

namespace OrderDesk {

using namespace Qt::StringLiterals;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("CommandParser", text);
}

Error invalid(const QString &message)
{
    return {ErrorCode::InvalidCommand, message};
}

/// The arguments of one command: one positional id at most, and --name value options, each
/// allowed once except --line.
struct Arguments
{
    QString name;
    QStringList positional;
    QHash<QString, QStringList> options;

    QString option(const QString &key) const { return options.value(key).value(0); }
    bool has(const QString &key) const { return options.contains(key); }
};

Result<Arguments> split(const QStringList &arguments, const QStringList &allowed)
{
    Arguments parsed;
    parsed.name = arguments.value(0);
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (!argument.startsWith(u"--")) {
            parsed.positional.append(argument);
            continue;
        }
        QString key = argument.mid(2);
        const qsizetype eq = key.indexOf(u'=');
        QString value = eq >= 0 ? key.mid(eq + 1) : QString();
        if (eq >= 0)
            key.truncate(eq);
        // An unknown option is reported as such, also when it comes last without a value.
        if (!allowed.contains(key))
            return invalid(tr("%1 does not take the option --%2.").arg(parsed.name, key.left(40)));
        if (eq < 0) {
            if (i + 1 >= arguments.size())
                return invalid(tr("Option --%1 needs a value.").arg(key));
            value = arguments.at(++i);
        }
        if (key != u"line" && parsed.options.contains(key))
            return invalid(tr("Option --%1 is given more than once.").arg(key));
        parsed.options[key].append(value);
    }
    return parsed;
}

Result<qint64> parseInteger(const QString &text, const QString &what)
{
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok)
        return invalid(tr("%1 must be a whole number, not \u201c%2\u201d.").arg(what, text.left(40)));
    return value;
}

Result<Money> parseMoney(const QString &text, const QString &what)
{
    const std::optional<Money> money = Money::fromPlainString(text);
    if (!money)
        return invalid(tr("%1 must be an amount like 12.34, not \u201c%2\u201d.")
                               .arg(what, text.left(40)));
    return *money;
}

Result<CommandMeta> parseMeta(const Arguments &args)
{
    CommandMeta meta;
    meta.commandId = args.option(u"command-id"_s);
    meta.actor = args.option(u"actor"_s);
    if (args.has(u"expected-version"_s)) {
        const Result<qint64> version =
                parseInteger(args.option(u"expected-version"_s), tr("--expected-version"));
        if (!version)
            return version.error();
        meta.expectedVersion = *version;
    }
    return meta;
}

Result<QString> onePositional(const Arguments &args, const QString &what)
{
    if (args.positional.size() != 1)
        return invalid(tr("%1 needs exactly one %2.").arg(args.name, what));
    return args.positional.constFirst();
}

Result<LineRequests> parseLines(const Arguments &args)
{
    LineRequests lines;
    for (const QString &text : args.options.value(u"line"_s)) {
        const Result<LineRequest> line = parseLineRequest(text);
        if (!line)
            return line.error();
        lines.append(*line);
    }
    return lines;
}

const QStringList metaOptions = {u"command-id"_s, u"actor"_s, u"expected-version"_s};

QStringList withMeta(QStringList options)
{
    return options + metaOptions;
}

} // namespace

QStringList parsableCommandNames()
{
    return {u"register-customer"_s, u"add-product"_s, u"change-price"_s, u"create-order"_s,
            u"change-lines"_s,      u"confirm"_s,     u"ship"_s,         u"deliver"_s,
            u"cancel"_s};
}

Result<LineRequest> parseLineRequest(const QString &text)
{
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon <= 0)
        return invalid(tr("A line is SKU:QUANTITY or SKU:QUANTITY@PRICE, not \u201c%1\u201d.")
                               .arg(text.left(80)));
    LineRequest line;
    line.productId = text.left(colon);
    QString rest = text.mid(colon + 1);
    if (const qsizetype at = rest.indexOf(u'@'); at >= 0) {
        const Result<Money> price = parseMoney(rest.mid(at + 1), tr("The line's price"));
        if (!price)
            return price.error();
        line.unitPrice = *price;
        rest.truncate(at);
    }
    const Result<qint64> quantity = parseInteger(rest, tr("The line's quantity"));
    if (!quantity)
        return quantity.error();
    line.quantity = *quantity;
    return line;
}

Result<Command> parseCommand(const QStringList &arguments)
{
    if (arguments.isEmpty())
        return invalid(tr("No command given."));
    const QString name = arguments.constFirst();

    QStringList allowed;
    if (name == u"register-customer")
        allowed = withMeta({u"name"_s, u"email"_s});
    else if (name == u"add-product")
        allowed = withMeta({u"name"_s, u"price"_s});
    else if (name == u"change-price")
        allowed = withMeta({u"price"_s});
    else if (name == u"create-order")
        allowed = withMeta({u"customer"_s, u"line"_s, u"currency"_s, u"order-id"_s});
    else if (name == u"change-lines")
        allowed = withMeta({u"line"_s});
    else if (name == u"cancel")
        allowed = withMeta({u"reason"_s});
    else if (name == u"confirm" || name == u"ship" || name == u"deliver")
        allowed = metaOptions;
    else
        return invalid(tr("Unknown command \u201c%1\u201d.").arg(name.left(40)));

    const Result<Arguments> parsed = split(arguments, allowed);
    if (!parsed)
        return parsed.error();
    const Arguments &args = *parsed;
    const Result<CommandMeta> meta = parseMeta(args);
    if (!meta)
        return meta.error();

    if (name == u"create-order") {
        if (!args.positional.isEmpty())
            return invalid(tr("create-order takes no positional arguments (use --customer and "
                              "--line)."));
        const Result<LineRequests> lines = parseLines(args);
        if (!lines)
            return lines.error();
        return Command(CreateOrder{*meta, args.option(u"order-id"_s), args.option(u"customer"_s),
                                   *lines, args.option(u"currency"_s)});
    }

    const QString what = name == u"register-customer" ? tr("customer id")
            : (name == u"add-product" || name == u"change-price") ? tr("product SKU")
                                                                   : tr("order id");
    const Result<QString> target = onePositional(args, what);
    if (!target)
        return target.error();

    if (name == u"register-customer")
        return Command(RegisterCustomer{*meta, *target, args.option(u"name"_s),
                                        args.option(u"email"_s)});
    if (name == u"add-product" || name == u"change-price") {
        if (!args.has(u"price"_s))
            return invalid(tr("%1 needs --price.").arg(name));
        const Result<Money> price = parseMoney(args.option(u"price"_s), tr("--price"));
        if (!price)
            return price.error();
        if (name == u"add-product")
            return Command(AddProduct{*meta, *target, args.option(u"name"_s), *price});
        return Command(ChangeProductPrice{*meta, *target, *price});
    }
    if (name == u"change-lines") {
        const Result<LineRequests> lines = parseLines(args);
        if (!lines)
            return lines.error();
        return Command(ChangeOrderLines{*meta, *target, *lines});
    }
    if (name == u"confirm")
        return Command(ConfirmOrder{*meta, *target});
    if (name == u"ship")
        return Command(ShipOrder{*meta, *target});
    if (name == u"deliver")
        return Command(DeliverOrder{*meta, *target});
    return Command(CancelOrder{*meta, *target, args.option(u"reason"_s)});
}

} // namespace OrderDesk
