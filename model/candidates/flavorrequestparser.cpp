// parseFlavorRequest(): the flavor form of a request (candidaterequestparser.h has its
// grammar). The items become query parameters, which then go through every check of the
// query form (candidaterequestreader.h), so both forms agree.
#include "candidaterequestparser.h"

#include "candidaterequestreader.h"
#include "neutralise.h"

#include <QHash>
#include <QStringBuilder>

#include <optional>

namespace provtree {

namespace {

using candidaterequest::ResourceAmounts;
using pythonsyntax::PythonInt;

bool isQuote(QChar c)
{
    return c == u'\'' || c == u'"';
}

// Splits `text` at `separator` (or at whitespace when `separator` is null) outside quotes;
// empty parts are dropped when splitting at whitespace. nullopt: a quote is not closed.
std::optional<QList<QStringView>> splitOutsideQuotes(QStringView text, QChar separator = QChar())
{
    QList<QStringView> parts;
    qsizetype start = 0;
    QChar openQuote;
    const auto atSeparator = [&](QChar c) { return separator.isNull() ? c.isSpace() : c == separator; };
    for (qsizetype i = 0; i <= text.size(); ++i) {
        if (i < text.size() && !openQuote.isNull()) {
            if (text[i] == openQuote)
                openQuote = QChar();
            continue;
        }
        if (i < text.size() && isQuote(text[i])) {
            openQuote = text[i];
            continue;
        }
        if (i == text.size() || atSeparator(text[i])) {
            const QStringView part = text.sliced(start, i - start);
            if (!separator.isNull() || !part.isEmpty())
                parts.append(part);
            start = i + 1;
        }
    }
    if (!openQuote.isNull())
        return std::nullopt;
    return parts;
}

// The text of a (possibly partly) quoted value, without its quotes.
QString unquoted(QStringView raw)
{
    QString out;
    QChar openQuote;
    for (const QChar c : raw) {
        if (openQuote.isNull() && isQuote(c))
            openQuote = c;
        else if (!openQuote.isNull() && c == openQuote)
            openQuote = QChar();
        else
            out += c;
    }
    return out;
}

// "resources1:VCPU" or "trait_NET:CUSTOM_X" with `prefix` "resources" or "trait": the suffix
// ("" or [a-zA-Z0-9_-]{1,64}) and the name after the colon.
bool splitExtraSpecKey(QStringView key, QLatin1StringView prefix, QString *suffix, QString *name)
{
    if (!key.startsWith(prefix))
        return false;
    const QStringView rest = key.sliced(prefix.size());
    const qsizetype colon = rest.indexOf(u':');
    if (colon < 0)
        return false;
    const QStringView groupSuffix = rest.first(colon);
    QString prefixOut;
    QString suffixOut;
    // A suffix is valid exactly when "resources" + suffix is a group key.
    if (!groupSuffix.isEmpty()
        && !candidaterequest::splitGroupKey(QString(QLatin1String("resources") + groupSuffix), false, &prefixOut,
                                            &suffixOut)) {
        return false;
    }
    *suffix = groupSuffix.toString();
    *name = rest.sliced(colon + 1).toString();
    return true;
}

QString groupName(const QString &suffix)
{
    return suffix.isEmpty() ? QStringLiteral("the unsuffixed group") : QStringLiteral("group ") + neutralised(suffix);
}

// The items of one flavor text turned into query parameters.
class FlavorReader
{
public:
    [[nodiscard]] Result<QueryParameters> read(QStringView text);
    [[nodiscard]] const Problems &warnings() const { return m_warnings; }

private:
    [[nodiscard]] std::optional<Problem> readItem(QStringView raw);
    [[nodiscard]] std::optional<Problem> readClassList(QStringView raw);
    [[nodiscard]] std::optional<Problem> addResource(const QString &suffix, const QString &resourceClass,
                                                     QStringView amountText, const QString &key);
    [[nodiscard]] std::optional<Problem> addTrait(const QString &suffix, const QString &trait, const QString &value,
                                                  const QString &key);

    QueryParameters m_parameters;            // resources[S] in place of its first contribution
    QHash<QString, qsizetype> m_resourcesAt; // suffix -> index of its resources parameter
    QHash<QString, QStringList> m_classes;   // suffix -> classes named so far (zeros too)
    Problems m_warnings;
};

Result<QueryParameters> FlavorReader::read(QStringView text)
{
    const auto items = splitOutsideQuotes(text);
    if (!items) {
        return makeError(ProblemKind::Syntax, QStringLiteral("A quote is not closed in ") % neutralised(text));
    }
    for (QStringView item : *items) {
        if (item.endsWith(u',') && item.size() > 1)
            item.chop(1);
        if (auto problem = readItem(item))
            return *problem;
    }
    // Groups whose every amount was 0 ask for nothing.
    QueryParameters parameters;
    for (const QueryParameter &parameter : std::as_const(m_parameters)) {
        if (!parameter.value.isEmpty() || !parameter.key.startsWith(QLatin1String("resources")))
            parameters.append(parameter);
    }
    return parameters;
}

std::optional<Problem> FlavorReader::readItem(QStringView raw)
{
    const qsizetype equals = raw.indexOf(u'=');
    const QStringView key = equals < 0 ? raw : raw.first(equals);
    if (equals < 0 || key.isEmpty() || std::any_of(key.begin(), key.end(), isQuote)) {
        return makeError(ProblemKind::Syntax, QStringLiteral("Expected NAME=VALUE, got ") % neutralised(raw));
    }
    const QString keyText = key.toString();
    const QString value = unquoted(raw.sliced(equals + 1));
    QString prefix;
    QString suffix;
    QString name;
    if (candidaterequest::isRequestWideKey(key) || candidaterequest::splitGroupKey(key, false, &prefix, &suffix)) {
        if (prefix != QLatin1String("resources")) {
            m_parameters.append(QueryParameter{keyText, value});
            return std::nullopt;
        }
        Result<ResourceAmounts> amounts = candidaterequest::readResources(value, keyText);
        if (!amounts.ok())
            return amounts.status().firstError();
        for (const auto &[resourceClass, amount] : std::as_const(amounts.value())) {
            if (auto problem = addResource(suffix, resourceClass, amount.text(), keyText))
                return problem;
        }
        return std::nullopt;
    }
    if (splitExtraSpecKey(key, QLatin1StringView("resources"), &suffix, &name))
        return addResource(suffix, name, value, keyText);
    if (splitExtraSpecKey(key, QLatin1StringView("trait"), &suffix, &name))
        return addTrait(suffix, name, value, keyText);
    if (key.contains(u':')) {
        m_warnings.append(makeWarning(ProblemKind::Syntax,
                                      neutralised(key) % QStringLiteral(" is ignored: only resources[S]:CLASS and "
                                                                        "trait[S]:TRAIT extra specs are Placement "
                                                                        "requests (nova derives some resources and "
                                                                        "traits from other specs itself)"),
                                      {}, keyText));
        return std::nullopt;
    }
    if (key.front() >= u'A' && key.front() <= u'Z')
        return readClassList(raw);
    return makeError(ProblemKind::Syntax,
                     QStringLiteral("Unknown item ") % neutralised(raw)
                         % QStringLiteral(": expected CLASS=AMOUNT, resources[S]:CLASS=AMOUNT, "
                                          "trait[S]:TRAIT=required|forbidden, or a query parameter (resources[S], "
                                          "required[S], member_of[S], in_tree[S], group_policy, limit, "
                                          "root_required, same_subtree)"),
                     {}, keyText);
}

// VCPU=4,MEMORY_MB=8192: resources of the unsuffixed group.
std::optional<Problem> FlavorReader::readClassList(QStringView raw)
{
    const auto pairs = splitOutsideQuotes(raw, u',');
    for (const QStringView pair : *pairs) { // quotes were checked with the whole text
        const qsizetype equals = pair.indexOf(u'=');
        if (equals <= 0) {
            return makeError(ProblemKind::Syntax, QStringLiteral("Expected CLASS=AMOUNT, got ") % neutralised(pair)
                                                      % QStringLiteral(" in ") % neutralised(raw));
        }
        const QString resourceClass = unquoted(pair.first(equals));
        if (auto problem = addResource(QString(), resourceClass, unquoted(pair.sliced(equals + 1)), resourceClass))
            return problem;
    }
    return std::nullopt;
}

// One amount: Placement's int() and its refusals, but 0 leaves the class out (nova strips
// zero amounts from a flavor's request: resources:VCPU=0 on bare-metal flavors); a class
// twice for one group is an error.
std::optional<Problem> FlavorReader::addResource(const QString &suffix, const QString &resourceClass,
                                                 QStringView amountText, const QString &key)
{
    QStringList &classes = m_classes[suffix];
    if (classes.contains(resourceClass)) {
        return makeError(ProblemKind::Syntax, neutralised(resourceClass) % QStringLiteral(" is given twice for ")
                                                  % groupName(suffix)
                                                  % QStringLiteral(" (a flavor names each extra spec once)"),
                         {}, key);
    }
    classes.append(resourceClass);
    const PythonInt amount = pythonsyntax::parseInt(amountText);
    if (amount.valid && amount.digits == QLatin1String("0"))
        return std::nullopt;
    if (auto problem = candidaterequest::amountProblem(resourceClass, amountText, amount, key))
        return problem;
    const QString resourcesKey = QStringLiteral("resources") + suffix;
    auto at = m_resourcesAt.constFind(suffix);
    if (at == m_resourcesAt.cend()) {
        at = m_resourcesAt.insert(suffix, m_parameters.size());
        m_parameters.append(QueryParameter{resourcesKey, QString()});
    }
    QString &value = m_parameters[*at].value;
    if (!value.isEmpty())
        value += u',';
    value += resourceClass % QLatin1Char(':') % amount.text();
    return std::nullopt;
}

// trait[S]:NAME=required|forbidden, as nova reads it: one trait per spec.
std::optional<Problem> FlavorReader::addTrait(const QString &suffix, const QString &trait, const QString &value,
                                              const QString &key)
{
    if (trait.isEmpty() || trait.contains(u',') || trait.startsWith(u'!') || trait.startsWith(QLatin1String("in:"))) {
        return makeError(ProblemKind::InvalidTrait, neutralised(key)
                                                        % QStringLiteral(" does not name one trait (trait[S]:TRAIT="
                                                                         "required|forbidden)"),
                         {}, key);
    }
    if (value == QLatin1String("required")) {
        m_parameters.append(QueryParameter{QStringLiteral("required") + suffix, trait});
    } else if (value == QLatin1String("forbidden")) {
        m_parameters.append(QueryParameter{QStringLiteral("required") + suffix, QLatin1Char('!') + trait});
    } else {
        return makeError(ProblemKind::Syntax, neutralised(key) % QStringLiteral(" must be required or forbidden, not ")
                                                  % neutralised(value),
                         {}, key);
    }
    return std::nullopt;
}

} // namespace

Result<CandidateRequest> parseFlavorRequest(QStringView text)
{
    FlavorReader reader;
    Result<QueryParameters> parameters = reader.read(text);
    if (!parameters.ok())
        return parameters.status();
    Result<CandidateRequest> request = candidaterequest::readParameters(parameters.value());
    if (!request.ok())
        return request;
    return Result<CandidateRequest>(request.value(), reader.warnings() + request.problems());
}

} // namespace provtree
