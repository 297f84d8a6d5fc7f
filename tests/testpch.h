// The Qt headers most suites include, precompiled once per build (provtree_testpch in
// tests/CMakeLists.txt). Kept to what most suites use: every compile that uses the header
// pays for loading it (about 1 s for these 200 MB), and all of QtWidgets would cost more to
// load than it saves.
#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QUndoStack>

#include <algorithm>
#include <functional>
#include <memory>
#include <optional>
#include <vector>
