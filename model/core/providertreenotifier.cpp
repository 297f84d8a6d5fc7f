#include "providertreenotifier.h"

namespace provtree {

ProviderTreeNotifier::ProviderTreeNotifier(ProviderTree &tree, QObject *parent)
    : QObject(parent), m_tree(tree)
{
    qRegisterMetaType<provtree::ChangeSet>();
    m_observer = m_tree.addObserver([this](const ChangeSet &changes) { emit changed(changes); });
}

ProviderTreeNotifier::~ProviderTreeNotifier()
{
    m_tree.removeObserver(m_observer);
}

} // namespace provtree
