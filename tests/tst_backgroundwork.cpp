// runWithProgress() (app/inspector/backgroundwork.h): work on a worker thread while the GUI
// thread's event loop runs behind a progress dialog; its result, or nothing after Cancel,
// with the cancelled work left to finish unobserved (the owner waits for `pending`).
#include "backgroundwork.h"

#include <QApplication>
#include <QPushButton>
#include <QSemaphore>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <QWidget>

#include <atomic>

using namespace provtree;

namespace {

// The progress dialog runWithProgress() shows over `window`, or nullptr.
QProgressDialog *progressOver(const QWidget &window)
{
    return window.findChild<QProgressDialog *>();
}

} // namespace

class TestBackgroundWork : public QObject
{
    Q_OBJECT

private slots:
    // The result comes from the worker; the GUI thread ran its event loop meanwhile (a
    // timer fired) and showed the dialog.
    void returnsTheWorksResult()
    {
        QWidget window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSemaphore release;
        bool dialogShown = false;
        QTimer::singleShot(0, &window, [&] {
            dialogShown = progressOver(window) && progressOver(window)->isVisible();
            release.release(); // the work may end once the loop has been seen running
        });
        const Qt::HANDLE gui = QThread::currentThreadId();
        QFuture<void> pending;
        const std::optional<int> result = runWithProgress(&window, QStringLiteral("Work"), QStringLiteral("Working…"),
                                                          [&release, gui] {
                                                              release.acquire();
                                                              return QThread::currentThreadId() != gui ? 42 : -1;
                                                          },
                                                          &pending);
        QCOMPARE(result, std::optional<int>(42));
        QVERIFY(dialogShown);
        QVERIFY(pending.isFinished());
        QVERIFY(!progressOver(window)); // gone with the call
    }

    // Cancel returns at once, before the work ends; the work still runs to its end, and
    // `pending` says when.
    void cancelReturnsNothingAndLeavesTheWorkPending()
    {
        QWidget window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSemaphore release;
        std::atomic<bool> finished = false;
        QTimer::singleShot(0, &window, [&] {
            QProgressDialog *progress = progressOver(window);
            QVERIFY(progress);
            auto *cancel = progress->findChild<QPushButton *>();
            QVERIFY(cancel);
            cancel->click();
        });
        QFuture<void> pending;
        const std::optional<int> result = runWithProgress(&window, QStringLiteral("Work"), QStringLiteral("Working…"),
                                                          [&release, &finished] {
                                                              release.acquire();
                                                              finished = true;
                                                              return 7;
                                                          },
                                                          &pending);
        QVERIFY(!result);
        QVERIFY(!finished);
        QVERIFY(!pending.isFinished());
        release.release();
        pending.waitForFinished();
        QVERIFY(finished);
    }
};

QTEST_MAIN(TestBackgroundWork)
#include "tst_backgroundwork.moc"
