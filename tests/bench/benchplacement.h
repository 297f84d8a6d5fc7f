#pragma once

// A real Placement of the benchmarks' own: tests/live/cloud start DIR --noauth-only [more
// options] in a temporary folder, stopped (also on every early return) when this goes away.
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <cstdio>

namespace provtree::bench {

class BenchPlacement
{
public:
    // `script`: tests/live/cloud (PROVTREE_LIVE_SCRIPT).
    explicit BenchPlacement(QString script) : m_script(std::move(script)) {}
    ~BenchPlacement()
    {
        if (m_started)
            QProcess::execute(m_script, {QStringLiteral("stop"), directory()});
    }
    BenchPlacement(const BenchPlacement &) = delete;
    BenchPlacement &operator=(const BenchPlacement &) = delete;

    // Starts the servers (`extra`: e.g. --mariadb) and reads their cloud.json. False, with
    // the reason on stderr (the script's own output included), when they did not start.
    [[nodiscard]] bool start(const QStringList &extra = {})
    {
        QProcess start;
        start.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        start.start(m_script, QStringList{QStringLiteral("start"), directory(), QStringLiteral("--noauth-only")} + extra);
        m_started = true; // stop whatever it left, even if it failed half-way
        if (!start.waitForFinished(300000) || start.exitCode() != 0) {
            std::fprintf(stderr, "cannot start Placement with %s\n", qPrintable(m_script));
            return false;
        }
        QFile json(directory() + QStringLiteral("/cloud.json"));
        if (!json.open(QIODevice::ReadOnly))
            return false;
        m_cloud = QJsonDocument::fromJson(json.readAll()).object();
        return !url().isEmpty();
    }

    // The folder of the servers (their logs, databases and cloud.json).
    [[nodiscard]] QString directory() const { return m_dir.filePath(QStringLiteral("cloud")); }
    // cloud.json (tests/live/README.md).
    [[nodiscard]] const QJsonObject &cloud() const { return m_cloud; }
    // The noauth Placement on SQLite (token "admin").
    [[nodiscard]] QString url() const { return m_cloud.value(QStringLiteral("noauth_placement_url")).toString(); }

private:
    QString m_script;
    QTemporaryDir m_dir;
    bool m_started = false;
    QJsonObject m_cloud;
};

} // namespace provtree::bench
