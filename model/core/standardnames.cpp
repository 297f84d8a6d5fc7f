#include "validation.h"

#include <QFile>
#include <QStringList>

#include <vector>

// The standard resource class and trait lists (resources/standard-*.txt, compiled in),
// loaded once and searched without allocating.

// The lists are compiled into the static model library; Q_INIT_RESOURCE must be used
// outside any namespace (it declares the generated initialiser at the enclosing scope).
static void initStandardNamesResource()
{
    Q_INIT_RESOURCE(standard_names);
}

namespace provtree::validation {

namespace {

// ---- the standard lists ------------------------------------------------------------

// FNV-1a over UTF-16 units: names are short ASCII, and this is several times cheaper
// than qHash's seeded string hash (measured: qHash was a third of checkProvider's time).
quint32 nameHash(QStringView name)
{
    quint32 h = 2166136261u;
    for (const QChar ch : name)
        h = (h ^ ch.unicode()) * 16777619u;
    return h;
}

// A list loaded once: sorted for display, plus an open-addressing set of views into the
// sorted strings (which never change after loading) for O(1), allocation-free lookup.
class NameTable
{
public:
    explicit NameTable(const QString &resourcePath);

    const QStringList &sorted() const { return m_sorted; }
    bool contains(QStringView name) const
    {
        if (name.isEmpty() || m_slots.empty())
            return false;
        for (size_t i = nameHash(name) & m_mask;; i = (i + 1) & m_mask) {
            const QStringView slot = m_slots[i];
            if (slot.isNull())
                return false;
            if (slot == name)
                return true;
        }
    }

private:
    QStringList m_sorted;
    std::vector<QStringView> m_slots; // a null view marks a free slot
    size_t m_mask = 0;
};

NameTable::NameTable(const QString &resourcePath)
{
    initStandardNamesResource();
    QFile file(resourcePath);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        qWarning("provtree: cannot open the compiled-in list %s", qPrintable(resourcePath));
        return;
    }
    const QString text = QString::fromUtf8(file.readAll());
    for (QStringView line : QStringView(text).split(u'\n')) {
        line = line.trimmed();
        if (!line.isEmpty() && !line.startsWith(u'#'))
            m_sorted.append(line.toString());
    }
    m_sorted.sort();
    m_sorted.removeDuplicates();
    size_t capacity = 16;
    while (capacity < size_t(m_sorted.size()) * 4) // load factor <= 1/4: short probes
        capacity *= 2;
    m_slots.assign(capacity, QStringView());
    m_mask = capacity - 1;
    for (const QString &name : std::as_const(m_sorted)) {
        size_t i = nameHash(name) & m_mask;
        while (!m_slots[i].isNull())
            i = (i + 1) & m_mask;
        m_slots[i] = QStringView(name);
    }
}

const NameTable &resourceClassTable()
{
    static const NameTable table(QStringLiteral(":/provtree/standard-resource-classes.txt"));
    return table;
}

const NameTable &traitTable()
{
    static const NameTable table(QStringLiteral(":/provtree/standard-traits.txt"));
    return table;
}

} // namespace

// ---- the standard lists ------------------------------------------------------------

bool isStandardResourceClass(QStringView name)
{
    return resourceClassTable().contains(name);
}

bool isStandardTrait(QStringView name)
{
    return traitTable().contains(name);
}

const QStringList &standardResourceClasses()
{
    return resourceClassTable().sorted();
}

const QStringList &standardTraits()
{
    return traitTable().sorted();
}

} // namespace provtree::validation
