// How Placement's (and keystonemiddleware's) error answers become Problems: the kind a
// caller branches on, and a message that names the request, quotes Placement's words
// neutralised, and says what to do. The documents are the ones the real servers send
// (captured from Placement 8.0.0 and keystonemiddleware on Debian bookworm).
#include "placementclient.h"

#include <QJsonDocument>
#include <QTest>

using namespace provtree;

class tst_PlacementErrors : public QObject
{
    Q_OBJECT

private slots:
    void mapsStatusAndCodeToKinds_data();
    void mapsStatusAndCodeToKinds();
    void neutralisesWhatTheServerQuotes();
    void keepsTheDetailNotTheBoilerplate();
};

namespace {
QByteArray placementError(int status, const char *title, const char *detail, const char *code)
{
    return QByteArray(R"({"errors": [{"status": )") + QByteArray::number(status) + R"(, "title": ")" + title
           + R"(", "detail": ")" + detail + R"(", "code": ")" + code + R"(", "request_id": "req-1"}]})";
}
} // namespace

void tst_PlacementErrors::mapsStatusAndCodeToKinds_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<ProblemKind>("kind");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("mentions");

    QTest::newRow("stale generation")
        << 409
        << placementError(409, "Conflict",
                          "There was a conflict when trying to complete your request.\\n\\n resource provider "
                          "generation conflict  ",
                          "placement.concurrent_update")
        << ProblemKind::GenerationConflict << "placement.concurrent_update" << "resource provider generation conflict";
    QTest::newRow("inventory in use")
        << 409
        << placementError(409, "Conflict", "...\\n\\n Inventory for 'VCPU' on resource provider 'u' in use.  ",
                          "placement.inventory.inuse")
        << ProblemKind::InventoryInUse << "placement.inventory.inuse" << "in use";
    QTest::newRow("duplicate name")
        << 409
        << placementError(409, "Conflict", "...\\n\\n Conflicting resource provider cn-1 already exists.  ",
                          "placement.duplicate_name")
        << ProblemKind::DuplicateName << "placement.duplicate_name" << "already exists";
    QTest::newRow("cannot delete a parent")
        << 409
        << placementError(409, "Conflict", "...\\n\\n Unable to delete parent resource provider u: It has child "
                                           "resource providers.  ",
                          "placement.resource_provider.cannot_delete_parent")
        << ProblemKind::Refused << "placement.resource_provider.cannot_delete_parent" << "child resource providers";
    QTest::newRow("policy, names the rule")
        << 403
        << placementError(403, "Forbidden",
                          "Access was denied to this resource.\\n\\n Policy does not allow "
                          "placement:resource_providers:list to be performed.  ",
                          "placement.undefined_code")
        << ProblemKind::Forbidden << "placement.undefined_code" << "the policy rule placement:resource_providers:list";
    QTest::newRow("keystonemiddleware 401")
        << 401
        << QByteArray(R"({"error": {"code": 401, "title": "Unauthorized", "message": "The request you have made requires authentication."}})")
        << ProblemKind::Unauthorized << "" << "requires authentication";
    QTest::newRow("unknown trait")
        << 400 << placementError(400, "Bad Request", "...\\n\\n No such trait NOPE  ", "placement.undefined_code")
        << ProblemKind::Refused << "placement.undefined_code" << "No such trait NOPE";
    QTest::newRow("not found")
        << 404 << placementError(404, "Not Found", "...\\n\\n No resource provider with uuid u found  ",
                                 "placement.undefined_code")
        << ProblemKind::NotFound << "placement.undefined_code" << "No resource provider";
    QTest::newRow("server error, no JSON") << 500 << QByteArray("<html>Internal Server Error</html>")
                                           << ProblemKind::ServerError << "" << "its log says why";
}

void tst_PlacementErrors::mapsStatusAndCodeToKinds()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(ProblemKind, kind);
    QFETCH(QString, code);
    QFETCH(QString, mentions);
    const PlacementRequest request{"PUT", QStringLiteral("/resource_providers/u/inventories"), {}};
    QString errorCode;
    const Problem problem = problemForResponse(request, status, QJsonDocument::fromJson(body), &errorCode);
    QCOMPARE(problem.kind, kind);
    QCOMPARE(errorCode, code);
    QVERIFY(problem.isError());
    QVERIFY2(problem.message.contains(mentions), qPrintable(problem.message));
    QVERIFY2(problem.message.contains(QStringLiteral("PUT /resource_providers/u/inventories")),
             "names the request");
    QVERIFY2(problem.message.contains(QString::number(status)), "names the status");
}

void tst_PlacementErrors::neutralisesWhatTheServerQuotes()
{
    // Placement quotes names back: a name with an escape sequence must not reach a terminal.
    const QByteArray body = placementError(409, "Conflict", "...\\n\\n Conflicting resource provider \\u001b[2Jx already exists.",
                                           "placement.duplicate_name");
    const Problem problem = problemForResponse({"POST", QStringLiteral("/resource_providers"), {}}, 409,
                                               QJsonDocument::fromJson(body));
    QVERIFY(!problem.message.contains(QChar(0x1b)));
    QVERIFY2(problem.message.contains(QStringLiteral("\\u001B[2J")) || problem.message.contains(QStringLiteral("\\x1b"))
                 || problem.message.contains(QStringLiteral("\\e")),
             qPrintable(problem.message));
    // A request path that quotes a user's name is neutralised too.
    const Problem byName = problemForResponse({"GET", QStringLiteral("/resource_providers?name=a\nb"), {}}, 400, {});
    QVERIFY(!byName.message.contains(QLatin1Char('\n')));
}

void tst_PlacementErrors::keepsTheDetailNotTheBoilerplate()
{
    const QByteArray body = placementError(409, "Conflict",
                                           "There was a conflict when trying to complete your request.\\n\\n "
                                           "resource provider generation conflict  ",
                                           "placement.concurrent_update");
    const Problem problem = problemForResponse({"PUT", QStringLiteral("/x"), {}}, 409, QJsonDocument::fromJson(body));
    QVERIFY2(!problem.message.contains(QStringLiteral("There was a conflict when trying")), qPrintable(problem.message));
}

QTEST_GUILESS_MAIN(tst_PlacementErrors)
#include "tst_placementerrors.moc"
