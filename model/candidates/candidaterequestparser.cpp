#include "candidaterequestparser.h"

#include "candidaterequestreader.h"
#include "querystring.h"

namespace provtree {

namespace {

// The query part of what people paste: a bare query, "?query", or a URL or request line
// ("GET /placement/allocation_candidates?... HTTP/1.1") whose query ends at a space.
// Anything after '#' is a fragment, which HTTP clients do not send.
QStringView queryPart(QStringView text)
{
    text = text.trimmed();
    const qsizetype question = text.indexOf(u'?');
    if (question >= 0) {
        const QStringView before = text.first(question);
        if (!before.contains(u'=') && !before.contains(u'&')) {
            text = text.sliced(question + 1);
            for (qsizetype i = 0; i < text.size(); ++i) {
                if (text[i].isSpace()) {
                    text = text.first(i);
                    break;
                }
            }
        }
    }
    const qsizetype hash = text.indexOf(u'#');
    return hash >= 0 ? text.first(hash) : text;
}

} // namespace

Result<CandidateRequest> parseCandidateQuery(QStringView query)
{
    Result<QueryParameters> parameters = decodeQueryString(queryPart(query).toUtf8());
    if (!parameters.ok())
        return parameters.status();
    return candidaterequest::readParameters(parameters.value());
}

QString toCandidateQuery(const CandidateRequest &request)
{
    return encodeQueryString(candidaterequest::canonicalParameters(request));
}

} // namespace provtree
