// SPDX-License-Identifier: MIT
#include "domain/limits.h"
#include "domain/validation.h"
#include "testsupport.h"

#include <QTest>

using namespace OrderDesk;
using OrderDesk::TestSupport::failure;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(OrderDesk::ErrorCode)

namespace {

/// A string holding one UTF-16 code unit, for lone surrogates and other odd units.
QString unit(char16_t u)
{
    return QString(QChar(u));
}

/// Text with the given characters in the middle of an otherwise ordinary name.
QString around(const QString &middle)
{
    return u"Ada"_s + middle + u"Lovelace"_s;
}

} // namespace

class tst_Validation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void id_data();
    void id();
    void name_data();
    void name();
    void email_data();
    void email();
    void reason_data();
    void reason();
    void cleanText_data();
    void cleanText();
    void quantity_data();
    void quantity();
    void unitPrice_data();
    void unitPrice();
};

void tst_Validation::id_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("valid");

    QTest::newRow("customer id") << u"C00001"_s << true;
    QTest::newRow("sku") << u"SKU-0001"_s << true;
    QTest::newRow("order id") << u"ORD-1JDXK8M3F-7Q2Z9"_s << true;
    QTest::newRow("dots and underscores") << u"a.b_c-d"_s << true;
    QTest::newRow("single digit") << u"7"_s << true;
    QTest::newRow("longest") << QString(Limits::MaxIdLength, u'x') << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("too long") << QString(Limits::MaxIdLength + 1, u'x') << false;
    QTest::newRow("starts with dash") << u"-C1"_s << false;
    QTest::newRow("starts with dot") << u".hidden"_s << false;
    QTest::newRow("starts with underscore") << u"_C1"_s << false;
    QTest::newRow("space inside") << u"C 1"_s << false;
    QTest::newRow("leading space") << u" C1"_s << false;
    QTest::newRow("trailing newline") << u"C1\n"_s << false;
    QTest::newRow("slash") << u"a/b"_s << false;
    QTest::newRow("path traversal") << u"..%2f"_s << false;
    QTest::newRow("quote") << u"C1'--"_s << false;
    QTest::newRow("colon") << u"SKU:1"_s << false;
    QTest::newRow("accented letter") << u"K\u00e4se"_s << false;
    QTest::newRow("fullwidth digit") << u"C\uff11"_s << false;
    QTest::newRow("cyrillic look-alike") << u"\u0421001"_s << false;
    QTest::newRow("nul") << u"C1"_s + QChar(u'\0') << false;
    QTest::newRow("zero-width space") << u"C\u200b1"_s << false;
}

void tst_Validation::id()
{
    // Ids are plain ASCII tokens: safe in file names, URLs, CSV and the CLI, never look-alikes.
    QFETCH(QString, value);
    QFETCH(bool, valid);
    const Result<QString> result = Validation::id(value, u"Customer id"_s);
    QCOMPARE(result.hasValue(), valid);
    if (valid) {
        QCOMPARE(*result, value);
    } else {
        QCOMPARE(result.error().code, ErrorCode::InvalidId);
        QVERIFY2(result.error().message.contains(u"Customer id"), failure(result));
    }
}

void tst_Validation::name_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<ErrorCode>("error");
    QTest::addColumn<QString>("normalized");

    const QString longest(Limits::MaxNameLength, u'n');
    QTest::newRow("plain") << u"Ada Lovelace"_s << ErrorCode::None << u"Ada Lovelace"_s;
    QTest::newRow("trimmed") << u"  Ada  "_s << ErrorCode::None << u"Ada"_s;
    QTest::newRow("accents") << u"Jos\u00e9 Garc\u00eda M\u00fcller"_s << ErrorCode::None
                             << u"Jos\u00e9 Garc\u00eda M\u00fcller"_s;
    QTest::newRow("cjk") << u"\u4e2d\u6751\u5149"_s << ErrorCode::None << u"\u4e2d\u6751\u5149"_s;
    QTest::newRow("hebrew") << u"\u05d3\u05d5\u05d3"_s << ErrorCode::None
                            << u"\u05d3\u05d5\u05d3"_s;
    QTest::newRow("emoji (surrogate pair)")
        << u"Caf\u00e9 \U0001F600"_s << ErrorCode::None << u"Caf\u00e9 \U0001F600"_s;
    // Joiners belong to Persian and Indic spelling and to emoji sequences.
    QTest::newRow("zero-width non-joiner")
        << u"\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"_s << ErrorCode::None
        << u"\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"_s;
    QTest::newRow("emoji with joiner") << u"Dev \U0001F469\u200d\U0001F4BB"_s << ErrorCode::None
                                       << u"Dev \U0001F469\u200d\U0001F4BB"_s;
    QTest::newRow("longest") << longest << ErrorCode::None << longest;
    QTest::newRow("longest after trimming")
        << u"  "_s + longest + u"  "_s << ErrorCode::None << longest;
    QTest::newRow("empty") << QString() << ErrorCode::NameRequired << QString();
    QTest::newRow("blank") << u" \t "_s << ErrorCode::NameRequired << QString();
    QTest::newRow("too long") << QString(Limits::MaxNameLength + 1, u'n') << ErrorCode::NameTooLong
                              << QString();
    QTest::newRow("newline") << around(u"\n"_s) << ErrorCode::InvalidText << QString();
    QTest::newRow("tab") << around(u"\t"_s) << ErrorCode::InvalidText << QString();
    QTest::newRow("nul") << around(QString(QChar(u'\0'))) << ErrorCode::InvalidText << QString();
    QTest::newRow("escape") << around(u"\u001b[31m"_s) << ErrorCode::InvalidText << QString();
    QTest::newRow("delete") << around(u"\u007f"_s) << ErrorCode::InvalidText << QString();
    QTest::newRow("C1 control") << around(u"\u0085"_s) << ErrorCode::InvalidText << QString();
    QTest::newRow("line separator") << around(u"\u2028"_s) << ErrorCode::InvalidText << QString();
    QTest::newRow("paragraph separator")
        << around(u"\u2029"_s) << ErrorCode::InvalidText << QString();
    QTest::newRow("byte order mark") << around(u"\ufeff"_s) << ErrorCode::InvalidText << QString();
    QTest::newRow("zero-width space") << around(u"\u200b"_s) << ErrorCode::InvalidText << QString();
    QTest::newRow("right-to-left override")
        << around(u"\u202e"_s) << ErrorCode::InvalidText << QString();
    QTest::newRow("left-to-right embedding")
        << around(u"\u202a"_s) << ErrorCode::InvalidText << QString();
    QTest::newRow("first strong isolate")
        << around(u"\u2068"_s) << ErrorCode::InvalidText << QString();
    QTest::newRow("pop directional isolate")
        << around(u"\u2069"_s) << ErrorCode::InvalidText << QString();
    QTest::newRow("lone high surrogate")
        << around(unit(0xd83d)) << ErrorCode::InvalidText << QString();
    QTest::newRow("lone low surrogate")
        << around(unit(0xde00)) << ErrorCode::InvalidText << QString();
    QTest::newRow("surrogates reversed")
        << around(unit(0xde00) + unit(0xd83d)) << ErrorCode::InvalidText << QString();
    QTest::newRow("high surrogate at the end")
        << u"Ada"_s + unit(0xd83d) << ErrorCode::InvalidText << QString();
    QTest::newRow("noncharacter") << around(unit(0xffff)) << ErrorCode::InvalidText << QString();
}

void tst_Validation::name()
{
    // Names shown on one line: trimmed and bounded, with nothing that breaks or disguises the
    // line (controls, separators, invisible or direction-changing characters, broken UTF-16).
    QFETCH(QString, value);
    QFETCH(ErrorCode, error);
    QFETCH(QString, normalized);
    const Result<QString> result = Validation::name(value, u"Customer name"_s);
    if (error != ErrorCode::None) {
        QVERIFY(!result);
        QCOMPARE(result.error().code, error);
        QVERIFY2(result.error().message.contains(u"Customer name"), failure(result));
        return;
    }
    QVERIFY2(result, failure(result));
    QCOMPARE(*result, normalized);
}

void tst_Validation::email_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("normalized");

    const QString domain = u"@example.com"_s;
    const QString longest = QString(Limits::MaxEmailLength - domain.size(), u'a') + domain;
    QTest::newRow("plain") << u"ada@example.com"_s << true << u"ada@example.com"_s;
    QTest::newRow("trimmed") << u"  ada@example.com \n"_s << true << u"ada@example.com"_s;
    QTest::newRow("plus and dots")
        << u"ada.l+orders@mail.example.co.uk"_s << true << u"ada.l+orders@mail.example.co.uk"_s;
    QTest::newRow("international")
        << u"j\u00f6rg@m\u00fcller.de"_s << true << u"j\u00f6rg@m\u00fcller.de"_s;
    QTest::newRow("longest") << longest << true << longest;
    QTest::newRow("empty") << QString() << false << QString();
    QTest::newRow("blank") << u"   "_s << false << QString();
    QTest::newRow("no at") << u"ada.example.com"_s << false << QString();
    QTest::newRow("nothing before at") << u"@example.com"_s << false << QString();
    QTest::newRow("nothing after at") << u"ada@"_s << false << QString();
    QTest::newRow("two ats") << u"ada@lovelace@example.com"_s << false << QString();
    QTest::newRow("space inside") << u"ada lovelace@example.com"_s << false << QString();
    QTest::newRow("newline inside") << u"ada@exa\nmple.com"_s << false << QString();
    QTest::newRow("header injection")
        << u"ada@example.com\r\nBcc: all@example.com"_s << false << QString();
    QTest::newRow("too long") << u"a"_s + longest << false << QString();
    QTest::newRow("lone surrogate") << u"ada"_s + unit(0xdc00) + domain << false << QString();
    QTest::newRow("right-to-left override")
        << u"ada\u202emoc.elpmaxe@evil.com"_s << false << QString();
}

void tst_Validation::email()
{
    // E-mail addresses are checked for shape only (one '@', text on both sides), trimmed and
    // bounded; anything that could split a header line or hide characters is refused.
    QFETCH(QString, value);
    QFETCH(bool, valid);
    QFETCH(QString, normalized);
    const Result<QString> result = Validation::email(value);
    QCOMPARE(result.hasValue(), valid);
    if (valid) {
        QCOMPARE(*result, normalized);
    } else {
        QCOMPARE(result.error().code, ErrorCode::InvalidEmail);
        QVERIFY(!result.error().message.isEmpty());
    }
}

void tst_Validation::reason_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<ErrorCode>("error");
    QTest::addColumn<QString>("normalized");

    const QString longest(Limits::MaxReasonLength, u'r');
    QTest::newRow("plain") << u"customer asked"_s << ErrorCode::None << u"customer asked"_s;
    QTest::newRow("trimmed") << u"\n  damaged  \n"_s << ErrorCode::None << u"damaged"_s;
    QTest::newRow("several lines")
        << u"damaged\nsee photo\n\tbox 3"_s << ErrorCode::None << u"damaged\nsee photo\n\tbox 3"_s;
    QTest::newRow("longest") << longest << ErrorCode::None << longest;
    QTest::newRow("empty") << QString() << ErrorCode::ReasonRequired << QString();
    QTest::newRow("only line breaks") << u"\n\n"_s << ErrorCode::ReasonRequired << QString();
    QTest::newRow("too long") << QString(Limits::MaxReasonLength + 1, u'r')
                              << ErrorCode::ReasonTooLong << QString();
    QTest::newRow("nul") << u"late"_s + QChar(u'\0') + u"payment"_s << ErrorCode::InvalidText
                         << QString();
    QTest::newRow("bell") << u"late\u0007"_s << ErrorCode::InvalidText << QString();
    QTest::newRow("vertical tab") << u"late\u000bpayment"_s << ErrorCode::InvalidText << QString();
    QTest::newRow("right-to-left override")
        << u"late \u202epayment"_s << ErrorCode::InvalidText << QString();
    QTest::newRow("lone surrogate")
        << u"late "_s + unit(0xd800) << ErrorCode::InvalidText << QString();
}

void tst_Validation::reason()
{
    // Cancel reasons may span lines but are otherwise held to the same clean-text rules.
    QFETCH(QString, value);
    QFETCH(ErrorCode, error);
    QFETCH(QString, normalized);
    const Result<QString> result = Validation::reason(value);
    if (error != ErrorCode::None) {
        QVERIFY(!result);
        QCOMPARE(result.error().code, error);
        return;
    }
    QVERIFY2(result, failure(result));
    QCOMPARE(*result, normalized);
}

void tst_Validation::cleanText_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("oneLine");
    QTest::addColumn<bool>("multiLine");

    QTest::newRow("empty") << QString() << true << true;
    QTest::newRow("ascii") << u"Hello, world!"_s << true << true;
    QTest::newRow("newline") << u"a\nb"_s << false << true;
    QTest::newRow("tab") << u"a\tb"_s << false << true;
    QTest::newRow("form feed") << u"a\fb"_s << false << false;
    QTest::newRow("no-break space") << u"a\u00a0b"_s << true << true;
    QTest::newRow("soft hyphen") << u"Donau\u00addampf"_s << true << true;
    QTest::newRow("left-to-right mark") << u"\u05d0\u200e1"_s << true << true;
    QTest::newRow("zero-width joiner") << u"\U0001F469\u200d\U0001F4BB"_s << true << true;
    QTest::newRow("private use") << u"\ue000"_s << true << true;
    QTest::newRow("astral letter") << u"\U0001D400"_s << true << true;
    QTest::newRow("zero-width space") << u"a\u200bb"_s << false << false;
    QTest::newRow("word joiner") << u"a\u2060b"_s << false << false;
    QTest::newRow("left-to-right override") << u"a\u202db"_s << false << false;
    QTest::newRow("right-to-left embedding") << u"a\u202bb"_s << false << false;
    QTest::newRow("pop directional formatting") << u"a\u202cb"_s << false << false;
    QTest::newRow("left-to-right isolate") << u"a\u2066b"_s << false << false;
    QTest::newRow("right-to-left isolate") << u"a\u2067b"_s << false << false;
    QTest::newRow("line separator") << u"a\u2028b"_s << false << false;
    QTest::newRow("C1 next line") << u"a\u0085b"_s << false << false;
    QTest::newRow("unassigned") << u"a\u0378b"_s << false << false;
    QTest::newRow("lone high surrogate") << unit(0xdbff) << false << false;
    QTest::newRow("lone low surrogate") << unit(0xdc00) << false << false;
}

void tst_Validation::cleanText()
{
    // The shared text check: valid UTF-16, no controls, no invisible or bidi formatting that
    // could disguise text; line breaks and tabs only where the caller allows them.
    QFETCH(QString, value);
    QFETCH(bool, oneLine);
    QFETCH(bool, multiLine);
    QCOMPARE(Validation::isCleanText(value, false), oneLine);
    QCOMPARE(Validation::isCleanText(value, true), multiLine);
}

void tst_Validation::quantity_data()
{
    QTest::addColumn<qint64>("value");
    QTest::addColumn<bool>("valid");
    QTest::newRow("one") << qint64(1) << true;
    QTest::newRow("largest") << qint64(Limits::MaxQuantity) << true;
    QTest::newRow("zero") << qint64(0) << false;
    QTest::newRow("negative") << qint64(-3) << false;
    QTest::newRow("too many") << qint64(Limits::MaxQuantity + 1) << false;
    QTest::newRow("huge") << std::numeric_limits<qint64>::max() << false;
    QTest::newRow("most negative") << std::numeric_limits<qint64>::min() << false;
}

void tst_Validation::quantity()
{
    // Quantities are whole numbers from 1 to 100000; the message names the allowed range.
    QFETCH(qint64, value);
    QFETCH(bool, valid);
    const Result<void> result = Validation::quantity(value);
    QCOMPARE(result.hasValue(), valid);
    if (!valid) {
        QCOMPARE(result.error().code, ErrorCode::InvalidQuantity);
        QVERIFY2(result.error().message.contains(u"100000"), failure(result));
    }
}

void tst_Validation::unitPrice_data()
{
    QTest::addColumn<qint64>("cents");
    QTest::addColumn<bool>("valid");
    QTest::newRow("free") << qint64(0) << true;
    QTest::newRow("one cent") << qint64(1) << true;
    QTest::newRow("largest") << Limits::MaxUnitPriceCents << true;
    QTest::newRow("above the limit") << Limits::MaxUnitPriceCents + 1 << false;
    QTest::newRow("negative") << qint64(-1) << false;
    QTest::newRow("most negative") << std::numeric_limits<qint64>::min() << false;
}

void tst_Validation::unitPrice()
{
    // Unit prices are from 0.00 up to the catalog limit; negative prices are never accepted.
    QFETCH(qint64, cents);
    QFETCH(bool, valid);
    const Result<void> result = Validation::unitPrice(Money::fromCents(cents));
    QCOMPARE(result.hasValue(), valid);
    if (!valid)
        QCOMPARE(result.error().code, ErrorCode::InvalidPrice);
}

QTEST_GUILESS_MAIN(tst_Validation)
#include "tst_validation.moc"
