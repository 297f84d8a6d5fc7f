#include "providericons.h"

#include "problemsmodel.h"
#include "providertreemodel.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

#include <array>

namespace provtree {

namespace {

constexpr std::array kKinds{ProviderKind::ComputeNode, ProviderKind::NumaNode, ProviderKind::Gpu,
                            ProviderKind::Network,     ProviderKind::Sharing,  ProviderKind::Other};

QColor kindColour(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::ComputeNode: return QColor(0x2b, 0x6c, 0xb0); // blue
    case ProviderKind::NumaNode: return QColor(0x7b, 0x4f, 0xb4);    // purple
    case ProviderKind::Gpu: return QColor(0x3c, 0x9a, 0x3c);         // green
    case ProviderKind::Network: return QColor(0xd0, 0x7a, 0x12);     // orange
    case ProviderKind::Sharing: return QColor(0xb8, 0x3b, 0x5e);     // crimson
    case ProviderKind::Other: return QColor(0x70, 0x78, 0x80);       // grey
    }
    return Qt::gray;
}

// Draws the pictogram into a 16x16 logical square (the painter is scaled to the size).
void drawKind(QPainter &p, ProviderKind kind)
{
    const QColor colour = kindColour(kind);
    const QColor light = colour.lighter(175);
    p.setPen(QPen(colour.darker(130), 1.1));
    p.setBrush(light);
    switch (kind) {
    case ProviderKind::ComputeNode: // a server: three stacked units with status lights
        for (int i = 0; i < 3; ++i) {
            p.setBrush(light);
            p.drawRoundedRect(QRectF(1.5, 1.5 + i * 4.5, 13, 4), 1, 1);
            p.setBrush(colour);
            p.drawEllipse(QPointF(4, 3.5 + i * 4.5), 0.9, 0.9);
        }
        break;
    case ProviderKind::NumaNode: { // a chip with pins
        p.setBrush(colour);
        for (int i = 0; i < 3; ++i) {
            const double at = 4.5 + i * 3.5;
            p.drawLine(QPointF(at, 0.5), QPointF(at, 3));
            p.drawLine(QPointF(at, 13), QPointF(at, 15.5));
            p.drawLine(QPointF(0.5, at), QPointF(3, at));
            p.drawLine(QPointF(13, at), QPointF(15.5, at));
        }
        p.drawRoundedRect(QRectF(3, 3, 10, 10), 1.5, 1.5);
        p.setBrush(light);
        p.drawRect(QRectF(5.5, 5.5, 5, 5));
        break;
    }
    case ProviderKind::Gpu: // a card with a fan and a bracket
        p.drawRoundedRect(QRectF(1, 3.5, 14, 9), 1.5, 1.5);
        p.setBrush(colour);
        p.drawEllipse(QPointF(6, 8), 3, 3);
        p.drawRect(QRectF(10.5, 6, 3, 4));
        p.drawLine(QPointF(3, 12.5), QPointF(3, 15));
        break;
    case ProviderKind::Network: { // three linked nodes
        const QPointF a(8, 3), b(3, 13), c(13, 13);
        p.drawLine(a, b);
        p.drawLine(a, c);
        p.drawLine(b, c);
        p.setBrush(colour);
        for (const QPointF &at : {a, b, c})
            p.drawEllipse(at, 2.4, 2.4);
        break;
    }
    case ProviderKind::Sharing: { // a storage cylinder
        QPainterPath body;
        body.moveTo(2, 4);
        body.lineTo(2, 12);
        body.arcTo(QRectF(2, 10, 12, 4), 180, 180);
        body.lineTo(14, 4);
        p.drawPath(body);
        p.setBrush(colour);
        p.drawEllipse(QRectF(2, 2, 12, 4));
        p.setBrush(Qt::NoBrush);
        p.drawArc(QRectF(2, 6, 12, 4), 180 * 16, 180 * 16);
        break;
    }
    case ProviderKind::Other: // a plain box
        p.drawRoundedRect(QRectF(2.5, 2.5, 11, 11), 2.5, 2.5);
        p.setBrush(colour);
        p.drawEllipse(QPointF(8, 8), 2, 2);
        break;
    }
}

// Draws into pixmaps of the usual sizes; `draw` paints a 16x16 logical square.
template <typename Draw>
QIcon paintedIcon(Draw draw)
{
    QIcon icon;
    for (const int size : {16, 24, 32, 48}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.scale(size / 16.0, size / 16.0);
        draw(painter);
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

QIcon makeIcon(ProviderKind kind)
{
    return paintedIcon([kind](QPainter &p) { drawKind(p, kind); });
}

// The badges' fill: red for an error, amber for a warning.
QColor severityColour(Severity severity)
{
    return severity == Severity::Error ? QColor(0xd3, 0x2f, 0x2f) : QColor(0xf0, 0xa0, 0x00);
}

// A severity badge into a 16x16 logical square: a red disc (error) or an amber triangle
// (warning), each with a white exclamation mark and a white rim so it reads on any icon.
void drawBadge(QPainter &p, Severity severity)
{
    const bool error = severity == Severity::Error;
    p.setPen(QPen(Qt::white, 1.2));
    p.setBrush(severityColour(severity));
    if (error) {
        p.drawEllipse(QRectF(1, 1, 14, 14));
    } else {
        QPainterPath triangle;
        triangle.moveTo(8, 0.8);
        triangle.lineTo(15.3, 14.6);
        triangle.lineTo(0.7, 14.6);
        triangle.closeSubpath();
        p.drawPath(triangle);
    }
    p.setPen(Qt::NoPen);
    p.setBrush(error ? Qt::white : QColor(0x3a, 0x2a, 0x00));
    p.drawRoundedRect(QRectF(7, error ? 3.5 : 5, 2, error ? 6 : 5.5), 0.8, 0.8);
    p.drawEllipse(QPointF(8, error ? 11.8 : 12.4), 1.15, 1.15);
}

QIcon makeMarkedIcon(ProviderKind kind, Severity severity, ProblemBadge badge)
{
    return paintedIcon([&](QPainter &p) {
        drawKind(p, kind);
        if (badge == ProblemBadge::Below) {
            // A dot in the corner: something below needs a look, not this provider.
            p.setPen(QPen(Qt::white, 1.2));
            p.setBrush(severityColour(severity));
            p.drawEllipse(QPointF(12.5, 12.5), 3.2, 3.2);
            return;
        }
        // The badge takes the lower right 11x11 of the kind's picture: big enough to see at
        // 16 pixels, leaving the kind recognisable.
        p.translate(5.5, 5.5);
        p.scale(10.5 / 16.0, 10.5 / 16.0);
        drawBadge(p, severity);
    });
}

} // namespace

QIcon providerIcon(ProviderKind kind, Severity problem, ProblemBadge badge)
{
    // [kind][badge * 2 + severity]
    static const std::array<std::array<QIcon, 4>, kKinds.size()> icons = [] {
        std::array<std::array<QIcon, 4>, kKinds.size()> made;
        for (std::size_t i = 0; i < kKinds.size(); ++i) {
            made[i][0] = makeMarkedIcon(kKinds[i], Severity::Warning, ProblemBadge::Own);
            made[i][1] = makeMarkedIcon(kKinds[i], Severity::Error, ProblemBadge::Own);
            made[i][2] = makeMarkedIcon(kKinds[i], Severity::Warning, ProblemBadge::Below);
            made[i][3] = makeMarkedIcon(kKinds[i], Severity::Error, ProblemBadge::Below);
        }
        return made;
    }();
    const auto at = std::min(std::size_t(kind), icons.size() - 1);
    return icons[at][(badge == ProblemBadge::Below ? 2 : 0) + (problem == Severity::Error ? 1 : 0)];
}

QIcon problemIcon(Severity severity)
{
    static const QIcon warning = paintedIcon([](QPainter &p) { drawBadge(p, Severity::Warning); });
    static const QIcon error = paintedIcon([](QPainter &p) { drawBadge(p, Severity::Error); });
    return severity == Severity::Error ? error : warning;
}

QIcon providerIcon(ProviderKind kind)
{
    static const std::array<QIcon, kKinds.size()> icons = [] {
        std::array<QIcon, kKinds.size()> made;
        for (std::size_t i = 0; i < kKinds.size(); ++i)
            made[i] = makeIcon(kKinds[i]);
        return made;
    }();
    const auto at = std::size_t(kind);
    return at < icons.size() ? icons[at] : icons.back();
}

ProviderIconProxyModel::ProviderIconProxyModel(QObject *parent) : QIdentityProxyModel(parent) {}

ProviderIconProxyModel::~ProviderIconProxyModel() = default;

void ProviderIconProxyModel::setProblemMarks(const ProblemsModel *problems)
{
    if (m_problems)
        disconnect(m_problems, nullptr, this, nullptr);
    m_problems = problems;
    if (problems) {
        connect(problems, &ProblemsModel::marksChanged, this, &ProviderIconProxyModel::marksChanged);
        connect(problems, &ProblemsModel::allMarksChanged, this, &ProviderIconProxyModel::allMarksChanged);
    }
    allMarksChanged();
}

void ProviderIconProxyModel::marksChanged(const QStringList &uuids)
{
    // The tree model may be below other proxies (a filter): each row is found there and
    // mapped up through them; a row they hide has nothing to repaint.
    QList<const QAbstractProxyModel *> between;
    const ProviderTreeModel *tree = providerTreeModelBelow(sourceModel(), &between);
    if (!tree)
        return;
    for (const QString &uuid : uuids) {
        const QModelIndex index = mapFromSource(mapUpFromTreeModel(tree->indexForUuid(uuid), between));
        if (index.isValid())
            emit dataChanged(index, index, {Qt::DecorationRole, Qt::ToolTipRole});
    }
}

// Every row's mark may have changed: the top-level rows as one range, which makes a view
// repaint all it shows, without a signal per provider of a large tree.
void ProviderIconProxyModel::allMarksChanged()
{
    const int rows = rowCount();
    if (rows > 0)
        emit dataChanged(index(0, ProviderTreeModel::NameColumn), index(rows - 1, ProviderTreeModel::NameColumn),
                         {Qt::DecorationRole, Qt::ToolTipRole});
}

QVariant ProviderIconProxyModel::data(const QModelIndex &index, int role) const
{
    if (index.column() != ProviderTreeModel::NameColumn || (role != Qt::DecorationRole && role != Qt::ToolTipRole))
        return QIdentityProxyModel::data(index, role);
    ProblemsModel::Mark mark;
    ProblemsModel::Mark below;
    if (m_problems) {
        const QString uuid = QIdentityProxyModel::data(index, ProviderTreeModel::UuidRole).toString();
        mark = m_problems->markOf(uuid);
        below = m_problems->markBelow(uuid);
    }
    if (role == Qt::ToolTipRole) {
        QString tip = QIdentityProxyModel::data(index, role).toString();
        if (!mark.isEmpty())
            tip += QStringLiteral("<br><b>") + ProblemsModel::countText(mark.errors, mark.warnings)
                + QStringLiteral("</b> ") + tr("(View › Problems)");
        if (!below.isEmpty())
            tip += QStringLiteral("<br>") + tr("Below it: %1").arg(ProblemsModel::countText(below.errors, below.warnings));
        return tip;
    }
    const QVariant kind = QIdentityProxyModel::data(index, ProviderTreeModel::KindRole);
    if (!kind.isValid())
        return QIdentityProxyModel::data(index, role);
    if (!mark.isEmpty())
        return providerIcon(ProviderKind(kind.toInt()), mark.worst());
    if (!below.isEmpty())
        return providerIcon(ProviderKind(kind.toInt()), below.worst(), ProblemBadge::Below);
    return providerIcon(ProviderKind(kind.toInt()));
}

} // namespace provtree
