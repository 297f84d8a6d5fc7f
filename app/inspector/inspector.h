#pragma once

#include "providertree.h"

#include <QObject>
#include <QString>

#include <memory>

namespace provtree {

class MainWindow;

// The inspector application: owns the tree and its main window, and is the one place that
// reads snapshot files for the GUI (views never touch files). GUI thread only.
class Inspector : public QObject
{
    Q_OBJECT
public:
    // The snapshot built into the inspector, shown when no file is given.
    static QString samplePath() { return QStringLiteral(":/provtree/sample-snapshot.json"); }

    explicit Inspector(QObject *parent = nullptr);
    ~Inspector() override;

    // Replaces the tree by the snapshot at `path` (a file or a Qt resource path). On
    // failure the tree is left as it was, the window lists the problems (non-modal), and
    // the problems are returned.
    Status open(const QString &path);

    [[nodiscard]] MainWindow *window() const { return m_window.get(); }
    [[nodiscard]] const ProviderTree &tree() const { return m_tree; }

private:
    void chooseAndOpen();

    ProviderTree m_tree;                  // Owned; declared first so it outlives the window.
    std::unique_ptr<MainWindow> m_window; // Owned.
};

} // namespace provtree
