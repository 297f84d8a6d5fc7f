#pragma once

#include <QObject>

namespace provtree {

class MainWindow;

// Remembers where the user put the main window (its geometry) and the splitter between
// the tree and the details across runs, in QSettings (organisation and application names
// as main() sets them; tests point QSettings at a throwaway place first).
//
// Restores at construction (without saved state: 1280x800 and the window's own split);
// saves the splitter whenever the user moves it, and both when the window closes and when
// this object goes. Not for pictures (--screenshot shows the default layout).
//
// GUI thread only. The window must outlive this object (not its child: it saves from its
// destructor, and a window deletes its children after its widgets).
class WindowLayoutMemory : public QObject
{
    Q_OBJECT

public:
    explicit WindowLayoutMemory(MainWindow &window);
    ~WindowLayoutMemory() override;

    void save() const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void restore();

    MainWindow &m_window; // Not owned.
};

} // namespace provtree
