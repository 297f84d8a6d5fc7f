#include "anyformrequest.h"

#include "candidaterequestparser.h"

#include <algorithm>

namespace provtree {

namespace {

bool looksLikeFlavor(QStringView text)
{
    text = text.trimmed();
    const qsizetype question = text.indexOf(u'?');
    if (question >= 0 && !text.first(question).contains(u'='))
        return false;
    if (text.contains(u'&'))
        return false;
    if (std::any_of(text.begin(), text.end(), [](QChar c) { return c.isSpace(); }))
        return true;
    const QStringView key = text.first(std::max<qsizetype>(text.indexOf(u'='), 0));
    return key.contains(u':') || (!key.isEmpty() && key.front() >= u'A' && key.front() <= u'Z');
}

} // namespace

AnyFormRequest readAnyFormRequest(QStringView text)
{
    Result<CandidateRequest> query = parseCandidateQuery(text);
    if (query.ok())
        return {query, false};
    Result<CandidateRequest> flavor = parseFlavorRequest(text);
    if (flavor.ok() || looksLikeFlavor(text))
        return {flavor, true};
    return {query, false};
}

} // namespace provtree
