#pragma once

#include "workerpool.h"

#include <QEventLoop>
#include <QFuture>
#include <QFutureWatcher>
#include <QProgressDialog>
#include <QString>
#include <QtConcurrent/QtConcurrentRun>

#include <memory>
#include <optional>
#include <utility>

namespace provtree {

// Runs `work` on a worker thread (QtConcurrent) while the GUI thread goes on running its
// event loop (a nested one) behind a window-modal progress dialog over `window`, shown at
// once, with a Cancel button: the window keeps painting and the user can give up.
//
// Returns the work's result, or nullopt when the user cancelled. A cancelled work cannot
// be stopped (a file read, a diff): it runs to its end unobserved and its result is
// dropped; `pending` receives its future, so that the owner can wait for it before it
// destroys what the work reads. `work` must therefore copy or own what it uses, or use
// only what outlives `pending`'s wait. GUI thread only.
template<typename Work>
auto runWithProgress(QWidget *window, const QString &title, const QString &label, Work work,
                     QFuture<void> *pending) -> std::optional<decltype(work())>
{
    using T = decltype(work());
    QProgressDialog progress(label, QProgressDialog::tr("Cancel"), 0, 0, window);
    progress.setWindowTitle(title);
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(0);
    progress.setAutoReset(false);
    progress.setAutoClose(false);
    // The result is moved out of a holder the work shares, not copied out of the future (a
    // copy of 100,000 rows would cost the GUI thread; QFuture::takeResult() would leave
    // `pending` unable to say when the work ends).
    const auto result = std::make_shared<std::optional<T>>();
    QFuture<void> future = QtConcurrent::run(workerPool(), [work = std::move(work), result]() mutable { *result = work(); });
    if (pending)
        *pending = future;
    QFutureWatcher<void> watcher;
    QEventLoop loop;
    QObject::connect(&watcher, &QFutureWatcherBase::finished, &loop, &QEventLoop::quit);
    QObject::connect(&progress, &QProgressDialog::canceled, &loop, &QEventLoop::quit);
    watcher.setFuture(future);
    progress.show(); // may deliver the watcher's finished() already: a quit() before exec() is lost
    if (!future.isFinished())
        loop.exec();
    if (!future.isFinished())
        return std::nullopt; // cancelled
    return std::move(*result);
}

} // namespace provtree
