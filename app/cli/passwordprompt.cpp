#include "passwordprompt.h"

#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <string>

namespace provtree::cli {

namespace {

// Echo off for as long as it lives; the terminal's settings back however we leave.
class EchoOff
{
public:
    EchoOff() : m_ok(tcgetattr(STDIN_FILENO, &m_saved) == 0)
    {
        if (!m_ok)
            return;
        termios silent = m_saved;
        silent.c_lflag &= ~tcflag_t(ECHO);
        silent.c_lflag |= ECHONL;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent);
    }
    ~EchoOff()
    {
        if (m_ok)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &m_saved);
    }
    EchoOff(const EchoOff &) = delete;
    EchoOff &operator=(const EchoOff &) = delete;

private:
    termios m_saved{};
    bool m_ok;
};

} // namespace

std::optional<Secret> promptPassword(const QString &question)
{
    if (!isatty(STDIN_FILENO))
        return std::nullopt;
    std::fputs(question.toLocal8Bit().constData(), stderr);
    std::fflush(stderr);
    std::string typed;
    {
        const EchoOff echoOff;
        for (int c = std::getchar(); c != EOF && c != '\n'; c = std::getchar())
            typed.push_back(char(c));
    }
    Secret secret(QString::fromLocal8Bit(typed.data(), qsizetype(typed.size())));
    std::fill(typed.begin(), typed.end(), '\0');
    if (secret.isEmpty())
        return std::nullopt;
    return secret;
}

} // namespace provtree::cli
