#pragma once

#include <QString>
#include <QStringView>

namespace provtree {

// Finds one text in many, ignoring case: the answer of QStringView::contains(text,
// Qt::CaseInsensitive), several times faster for the usual search of ASCII words in ASCII
// names, uuids, traits and classes. Qt folds both texts character by character through
// its Unicode tables on every call; here the text is folded once, and an ASCII haystack
// is compared with ASCII folding, which is the same as Unicode's for ASCII. A haystack
// with a character beyond ASCII (which may fold to an ASCII one, as the Kelvin sign to
// 'k'), or a text beyond ASCII, is left to Qt.
//
// A 7-letter search of 100,000 providers' fields took 90 ms on two cores through Qt.
// Immutable after construction; safe to share between threads.
class CaseInsensitiveFinder
{
public:
    explicit CaseInsensitiveFinder(const QString &text);

    [[nodiscard]] bool isIn(QStringView haystack) const;

private:
    QString m_text;   // as given, for Qt
    QString m_folded; // ASCII letters lower-cased; used only when m_ascii
    bool m_ascii = true;
};

} // namespace provtree
