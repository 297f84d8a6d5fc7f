#pragma once

#include <QNetworkReply>
#include <QTimer>

#include <chrono>

namespace provtree {

// A deadline for one network reply (Keystone's or Placement's): when it passes, the reply
// is aborted and marked, so that its finished() handler can tell a timeout from a refused
// connection or a user's cancel. The timer belongs to the reply and dies with it.
inline void abortAfter(QNetworkReply *reply, std::chrono::milliseconds timeout)
{
    auto *timer = new QTimer(reply); // Owned by the reply.
    timer->setSingleShot(true);
    QObject::connect(timer, &QTimer::timeout, reply, [reply] {
        reply->setProperty("provtreeTimedOut", true);
        reply->abort();
    });
    timer->start(timeout);
}

// Whether abortAfter()'s deadline ended `reply`.
[[nodiscard]] inline bool timedOut(const QNetworkReply *reply)
{
    return reply->property("provtreeTimedOut").toBool();
}

} // namespace provtree
