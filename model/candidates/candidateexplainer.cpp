#include "candidateexplainer.h"

#include "candidateindex.h"
#include "rejectiontext.h"
#include "treeanalysis.h"

#include <QHash>

namespace provtree {

using namespace candidates;

struct CandidateExplainer::Data
{
    explicit Data(QList<ProviderData> providers) : search(providers)
    {
        const CandidateIndex &index = search.index();
        const auto n = size_t(index.providerCount());
        QHash<QString, qsizetype> byUuid;
        byUuid.reserve(providers.size());
        for (qsizetype i = 0; i < providers.size(); ++i)
            byUuid.insert(providers[i].uuid, i);
        names.resize(n);
        sharingFor.resize(n);
        for (size_t p = 0; p < n; ++p) {
            names[p] = providers[byUuid.value(index.uuid(int(p)))].name;
            if (!index.node(int(p)).sharing)
                continue;
            // anchors_for_sharing_providers, inverted: the trees this provider reaches.
            for (const int anchor : index.anchorsOf(int(p))) {
                if (anchor != index.root(int(p)))
                    sharingFor[size_t(anchor)].push_back(int(p));
            }
        }
    }

    CandidateSearch search;
    std::vector<QString> names;                // by index
    std::vector<std::vector<int>> sharingFor; // by root: other trees' sharing providers reaching it
};

CandidateExplainer::CandidateExplainer(QList<ProviderData> providers)
    : m_data(std::make_shared<const Data>(std::move(providers)))
{
}

const CandidateSearch &CandidateExplainer::search() const
{
    return m_data->search;
}

CandidateExplanation CandidateExplainer::explain(const CandidateRequest &request) const
{
    CandidateExplanation explanation;
    if (request.groups.isEmpty())
        return explanation;
    const CandidateIndex &index = m_data->search.index();
    TreeAnalyst analyst(index, m_data->sharingFor, request);
    const RejectionText text(index, m_data->names, request);
    for (int p = 0; p < index.providerCount(); ++p) {
        if (index.root(p) != p)
            continue;
        std::optional<TreeRejection> rejection = analyst.analyse(p);
        if (!rejection) {
            explanation.fittingRoots.append(index.uuid(p));
            continue;
        }
        text.describe(*rejection);
        explanation.rejections.append(std::move(*rejection));
    }
    explanation.groups = groupRejections(explanation.rejections);
    return explanation;
}

} // namespace provtree
