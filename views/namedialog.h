#pragma once

#include <QInputDialog>
#include <QString>

#include <optional>

namespace provtree {

// The dialog that asks for a provider's name (new root, new child, rename): a QInputDialog
// wide enough to show the whole name it starts with, up to most of the screen (names of
// Neutron agents' providers run to 60 characters and more; the default dialog showed about
// 25). Longer names scroll in the line edit.
//
// GUI-thread object.
class NameDialog : public QInputDialog
{
    Q_OBJECT

public:
    NameDialog(QWidget *parent, const QString &title, const QString &label, const QString &initial);
    ~NameDialog() override;

    // The width the line edit needs for `text`, within [minimum, most of `screenWidth`].
    [[nodiscard]] static int fieldWidthFor(const QFontMetrics &metrics, const QString &text, int screenWidth);

    // Shows the dialog modally; the name typed, or nullopt when cancelled.
    [[nodiscard]] static std::optional<QString> ask(QWidget *parent, const QString &title, const QString &label,
                                                    const QString &initial);
};

} // namespace provtree
