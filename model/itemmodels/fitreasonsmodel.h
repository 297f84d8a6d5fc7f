#pragma once

#include "fitoutcome.h"

#include <QAbstractListModel>

#include <memory>

namespace provtree {

// The counts of a "Will it fit?" outcome, one row each: every tree ("All 3,398 trees"),
// the fitting ones ("1,189 trees fit"), then each group of rejected trees in
// groupRejections()'s order ("2,093 trees: missing HW_CPU_X86_AVX2"; numbers in the
// user's locale). GroupKeyRole says
// which trees a row stands for (empty: all; kFitGroupKey; a group's fitGroupKey()) and
// CountRole how many. Empty without an outcome.
//
// setOutcome() resets the model. GUI-thread object.
class FitReasonsModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role {
        GroupKeyRole = Qt::UserRole + 1, // QString
        CountRole,                       // qsizetype as qlonglong
    };

    explicit FitReasonsModel(QObject *parent = nullptr);
    ~FitReasonsModel() override;

    void setOutcome(std::shared_ptr<const FitOutcome> outcome);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    struct Line
    {
        QString text;
        QString key;
        qsizetype count = 0;
    };

    QList<Line> m_lines;
};

} // namespace provtree
