#include "windowlayoutmemory.h"

#include "mainwindow.h"

#include <QEvent>
#include <QSettings>
#include <QSplitter>

namespace provtree {

namespace {
constexpr auto kGeometryKey = "mainWindow/geometry";
constexpr auto kSplitterKey = "mainWindow/splitter";
} // namespace

WindowLayoutMemory::WindowLayoutMemory(MainWindow &window) : m_window(window)
{
    restore();
    connect(window.splitter(), &QSplitter::splitterMoved, this, [this] {
        QSettings().setValue(QLatin1String(kSplitterKey), m_window.splitter()->saveState());
    });
    window.installEventFilter(this);
}

WindowLayoutMemory::~WindowLayoutMemory()
{
    save();
}

void WindowLayoutMemory::restore()
{
    const QSettings settings;
    const QByteArray geometry = settings.value(QLatin1String(kGeometryKey)).toByteArray();
    if (geometry.isEmpty() || !m_window.restoreGeometry(geometry))
        m_window.resize(1280, 800);
    const QByteArray splitter = settings.value(QLatin1String(kSplitterKey)).toByteArray();
    if (!splitter.isEmpty())
        (void)m_window.splitter()->restoreState(splitter); // a state it cannot read is ignored
}

void WindowLayoutMemory::save() const
{
    QSettings settings;
    settings.setValue(QLatin1String(kGeometryKey), m_window.saveGeometry());
    settings.setValue(QLatin1String(kSplitterKey), m_window.splitter()->saveState());
}

bool WindowLayoutMemory::eventFilter(QObject *watched, QEvent *event)
{
    // Saved whether or not the close goes ahead (a question about unsaved changes may
    // cancel it): either way this is where the user left the window.
    if (watched == &m_window && event->type() == QEvent::Close)
        save();
    return QObject::eventFilter(watched, event);
}

} // namespace provtree
