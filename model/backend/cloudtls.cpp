#include "cloudtls.h"

#include "neutralise.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslSocket>

namespace provtree {

Result<QSslConfiguration> sslConfigurationFor(const CloudConfig &config)
{
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    if (config.insecure) {
        ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
        return ssl;
    }
    if (config.cacert.isEmpty())
        return ssl;
    QFile file(config.cacert);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ProblemKind::Configuration,
                         QStringLiteral("cannot read the CA file %1: %2")
                             .arg(neutralisedIfNeeded(config.cacert), file.errorString()),
                         {}, QStringLiteral("cacert"));
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(file.readAll(), QSsl::Pem);
    if (certificates.isEmpty())
        return makeError(ProblemKind::Configuration,
                         QStringLiteral("the CA file %1 holds no PEM certificate").arg(neutralisedIfNeeded(config.cacert)),
                         {}, QStringLiteral("cacert"));
    ssl.setCaCertificates(certificates);
    return ssl;
}

} // namespace provtree
