#include "namedialog.h"

#include <QGuiApplication>
#include <QLineEdit>
#include <QScreen>

#include <algorithm>

namespace provtree {

namespace {
constexpr int kMinimumChars = 50;       // room to type a new name
constexpr double kMaxScreenShare = 0.8; // never wider than this share of the screen
constexpr int kSpareChars = 10;         // room after the text to make it longer
} // namespace

NameDialog::NameDialog(QWidget *parent, const QString &title, const QString &label, const QString &initial)
    : QInputDialog(parent)
{
    setWindowTitle(title);
    setLabelText(label);
    setInputMode(QInputDialog::TextInput);
    setTextValue(initial);
    const QScreen *screen = parent && parent->screen() ? parent->screen() : QGuiApplication::primaryScreen();
    const int screenWidth = screen ? screen->availableGeometry().width() : 1280;
    // The line edit exists once the text is set; its width makes the dialog's.
    if (QLineEdit *edit = findChild<QLineEdit *>()) {
        edit->setMinimumWidth(fieldWidthFor(edit->fontMetrics(), initial, screenWidth));
        edit->setAccessibleName(label);
    }
}

NameDialog::~NameDialog() = default;

int NameDialog::fieldWidthFor(const QFontMetrics &metrics, const QString &text, int screenWidth)
{
    const int character = metrics.averageCharWidth();
    const int wanted = metrics.horizontalAdvance(text) + kSpareChars * character;
    const int minimum = kMinimumChars * character;
    const int maximum = std::max(minimum, int(screenWidth * kMaxScreenShare));
    return std::clamp(wanted, minimum, maximum);
}

std::optional<QString> NameDialog::ask(QWidget *parent, const QString &title, const QString &label,
                                       const QString &initial)
{
    NameDialog dialog(parent, title, label, initial);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return dialog.textValue();
}

} // namespace provtree
