#pragma once

#include "problem.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringView>

// URL query strings as Placement reads them (webob 1.8's Request.GET) and as provtree
// writes them. Thread-safe: pure functions.
namespace provtree {

// One key=value pair of a query, decoded.
struct QueryParameter
{
    QString key;
    QString value;
    bool operator==(const QueryParameter &) const = default;
};
using QueryParameters = QList<QueryParameter>; // in the query's order, repeats kept

// The pairs of a raw query string (what follows '?', without it) exactly as webob's
// parse_qsl_text (webob/compat.py) yields them: '+' is a space, pairs are separated by
// '&' and by ';', empty pairs are skipped, a pair without '=' has the value "", each side
// is percent-decoded ("%zz" stays as it is) and then decoded as strict UTF-8 (Python's
// codec: no overlong forms, no surrogates). Bytes that are not UTF-8 are refused with
// Placement's reason ("Invalid query string parameters: 'utf-8' codec can't decode byte
// 0xff in position 0: invalid start byte", util.validate_query_params).
[[nodiscard]] Result<QueryParameters> decodeQueryString(QByteArrayView query);

// The query string for `parameters`, each key and value percent-encoded as UTF-8: all
// but the unreserved characters of RFC 3986 (A-Z a-z 0-9 - . _ ~) and ':' ',' '!', which
// Placement's values use and which need no escaping in a query, so that the result stays
// readable ("resources=VCPU:4,MEMORY_MB:8192&required=!CUSTOM_A").
[[nodiscard]] QString encodeQueryString(const QueryParameters &parameters);

} // namespace provtree
