#pragma once

#include "problem.h"
#include "providerkind.h"

#include <QIcon>
#include <QIdentityProxyModel>
#include <QPointer>

namespace provtree {

class ProblemsModel;

// The icon of a provider kind, drawn with QPainter at 16, 24, 32 and 48 pixels, so it
// stays crisp at any item size. Cached; GUI thread only (needs a QGuiApplication).
[[nodiscard]] QIcon providerIcon(ProviderKind kind);
// Whose problems a provider's badge shows: its own, or only its descendants' (what a
// collapsed row hides).
enum class ProblemBadge { Own, Below };
// The kind's icon with a badge in its lower right corner: for its own problems a red disc
// (errors) or an amber triangle (warnings), for problems below it a smaller dot of that
// colour. Cached; GUI thread only.
[[nodiscard]] QIcon providerIcon(ProviderKind kind, Severity problem, ProblemBadge badge = ProblemBadge::Own);
// The badge alone, as the problems panel and the status bar show a severity.
[[nodiscard]] QIcon problemIcon(Severity severity);

// Adds each provider's kind icon (Qt::DecorationRole) to the first column of a model that
// provides ProviderTreeModel::KindRole, with a problem badge on providers that have
// problems (setProblemMarks()), and a smaller one on providers whose descendants have
// some; the name's tooltip then also says how many. Everything else passes through
// unchanged. GUI-thread object.
class ProviderIconProxyModel : public QIdentityProxyModel
{
    Q_OBJECT

public:
    explicit ProviderIconProxyModel(QObject *parent = nullptr);
    ~ProviderIconProxyModel() override;

    // Marks the providers `problems` has problems for, following it (a mark costs one
    // hash lookup when a row is painted). The source model must be a ProviderTreeModel
    // (for its uuid index). nullptr: no marks.
    void setProblemMarks(const ProblemsModel *problems);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    void marksChanged(const QStringList &uuids);
    void allMarksChanged();

    QPointer<const ProblemsModel> m_problems; // Not owned.
};

} // namespace provtree
