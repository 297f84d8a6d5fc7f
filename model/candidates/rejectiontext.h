#pragma once

#include "candidateexplanation.h"
#include "candidateindex.h"
#include "candidaterequest.h"

#include <QString>

#include <vector>

namespace provtree::candidates {

// Writes a rejection's text (one line naming the provider, the class or trait and the
// numbers) and its label (what trees with the same obstacle share). Every name and every
// string from the request is neutralised (neutralise.h), so a hostile name cannot forge
// the line. Pure; callable from any thread.
class RejectionText
{
public:
    // `names`: provider names in index order.
    RejectionText(const CandidateIndex &index, const std::vector<QString> &names, const CandidateRequest &request);

    void describe(TreeRejection &rejection) const;

private:
    [[nodiscard]] QString name(const QString &uuid) const;
    [[nodiscard]] QString who(const TreeRejection &rejection) const;
    [[nodiscard]] QString groupTag(const TreeRejection &rejection) const;
    [[nodiscard]] const RequestGroup *group(const TreeRejection &rejection) const;

    const CandidateIndex &m_index;
    const std::vector<QString> &m_names;
    const CandidateRequest &m_request;
};

// Names as messages show them: short ones as they are unless a character needs escaping,
// long ones quoted and cut (neutralise.h).
[[nodiscard]] QString shownName(const QString &name);

} // namespace provtree::candidates
