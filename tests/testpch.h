// Qt's headers as every suite sees them, precompiled once per build (provtree_testpch in
// tests/CMakeLists.txt): about 40 % of a suite's compile time is parsing them.
#include <QtCore>
#include <QtGui>
#include <QtWidgets>
#include <QtTest>
