#pragma once

#include "candidaterequest.h"
#include "problem.h"

#include <QString>
#include <QStringView>

namespace provtree {

// A request typed by a person, in either form (candidaterequestparser.h): read as a URL
// query first (what logs and the API reference show), and as a flavor when it does not read
// as one. When both refuse it, the refusal given is that of the form the text looks written
// in: items separated by white space, or a first item the query form does not have
// (VCPU=4, resources:VCPU=4, trait:X=required), read as a flavor; a URL or a query with
// '&' as a query. Pure; callable from any thread.
struct AnyFormRequest
{
    Result<CandidateRequest> result;
    bool flavor = false; // the form `result` comes from (or whose refusal it is)

    [[nodiscard]] QString formName() const { return flavor ? QStringLiteral("flavor") : QStringLiteral("query"); }
};

[[nodiscard]] AnyFormRequest readAnyFormRequest(QStringView text);

} // namespace provtree
