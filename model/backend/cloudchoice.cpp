#include "cloudchoice.h"

#include "neutralise.h"

#include <QFileInfo>

#include <algorithm>

namespace provtree {

namespace {

// Variables that choose among clouds rather than describe one: alone they make no cloud of
// OS_* variables (openstacksdk's _get_os_environ "selectors").
const char *const kSelectors[] = {"OS_CLOUD", "OS_REGION_NAME", "OS_CLIENT_CONFIG_FILE", "OS_CLIENT_SECURE_FILE",
                                  "OS_CLOUD_NAME"};

// OS_* variables openstacksdk reads at all (it skips those of test runners).
bool isCloudVariable(const QString &name)
{
    return name.startsWith(QLatin1String("OS_")) && !name.startsWith(QLatin1String("OS_TEST"))
           && !name.startsWith(QLatin1String("OS_STD")) && !name.startsWith(QLatin1String("OS_LOG"));
}

QString knownNames(const QVariantMap &clouds)
{
    QStringList names;
    for (const QString &name : clouds.keys())
        names.append(neutralised(name));
    return names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", "));
}

// Works out one ChosenCloud. One object per chooseCloud() call.
class CloudChooser
{
public:
    CloudChooser(const CloudOptions &options, const QProcessEnvironment &env, const CloudFiles &files)
        : m_options(options), m_env(env), m_files(files)
    {
    }

    Result<ChosenCloud> choose()
    {
        Result<CloudDocument> document = readCloudDocument(m_files.clouds, m_files.secure);
        if (!document.ok())
            return document.status();
        m_chosen.document = document.value();
        Problems warnings = document.problems();
        warnAboutMissingOverrides(warnings);
        if (!chooseEntry() || !chooseRegion()) {
            Status failure(m_errors);
            failure.append(warnings);
            return failure;
        }
        return {m_chosen, warnings};
    }

private:
    void fail(const QString &message, const QString &field = {}, const QStringList &path = {})
    {
        const bool inEntry = !m_chosen.fromVariables && !m_chosen.name.isEmpty();
        m_errors.append(configurationError(message, field, inEntry ? m_chosen.locationOf(path) : QString()));
    }

    // openstacksdk goes on quietly when OS_CLIENT_CONFIG_FILE names no file; a typo there
    // is worth a word.
    void warnAboutMissingOverrides(Problems &warnings) const
    {
        for (const char *name : {"OS_CLIENT_CONFIG_FILE", "OS_CLIENT_SECURE_FILE"}) {
            const QString file = osVariable(m_env, {name});
            if (!file.isEmpty() && !QFileInfo::exists(file))
                warnings.append(makeWarning(ProblemKind::Configuration,
                                            QStringLiteral("%1 names %2, which does not exist: not read")
                                                .arg(QLatin1String(name), neutralisedIfNeeded(file))));
        }
    }

    QStringList cloudVariables() const
    {
        QStringList names;
        for (const QString &name : m_env.keys()) {
            const bool selector = std::any_of(std::begin(kSelectors), std::end(kSelectors),
                                              [&name](const char *s) { return name == QLatin1String(s); });
            if (isCloudVariable(name) && !selector)
                names.append(name);
        }
        return names;
    }

    // openstacksdk's "envvars" cloud: OS_AUTH_URL becomes auth_url, and so on.
    QVariantMap variablesCloud() const
    {
        QVariantMap cloud;
        for (const QString &name : m_env.keys()) {
            if (isCloudVariable(name))
                cloud.insert(name.mid(3).toLower(), m_env.value(name));
        }
        return cloud;
    }

    QString filesLookedIn() const
    {
        QStringList folders;
        for (const QString &folder : m_files.folders())
            folders.append(neutralisedIfNeeded(folder));
        return folders.join(QStringLiteral(", "));
    }

    bool chooseEntry()
    {
        const CloudDocument &document = m_chosen.document;
        const QVariant cloudsValue = document.root.value(QStringLiteral("clouds"));
        if (cloudsValue.isValid() && cloudsValue.typeId() != QMetaType::QVariantMap) {
            m_errors.append(configurationError(QStringLiteral("clouds: must be a mapping of cloud names"), {},
                                               document.locationOf({QStringLiteral("clouds")})));
            return false;
        }
        const QVariantMap clouds = cloudsValue.toMap();
        const QString fileName = document.cloudsFile.isEmpty() ? document.secureFile : document.cloudsFile;
        QString name = m_options.cloud.isEmpty() ? osVariable(m_env, {"OS_CLOUD"}) : m_options.cloud;
        const QString variablesName = m_env.value(QStringLiteral("OS_CLOUD_NAME"), QStringLiteral("envvars"));
        if (!cloudVariables().isEmpty() && (name.isEmpty() || (name == variablesName && !clouds.contains(name)))) {
            m_chosen.fromVariables = true;
            m_chosen.entry = variablesCloud();
            return true;
        }
        if (name.isEmpty()) {
            if (clouds.size() == 1) {
                name = clouds.firstKey();
            } else if (clouds.isEmpty()) {
                fail(fileName.isEmpty()
                         ? QStringLiteral("no cloud configured: no clouds.yaml in %1, no OS_* variables, no --url")
                               .arg(filesLookedIn())
                         : QStringLiteral("no cloud configured: %1 has no clouds, and no OS_* variables are set")
                               .arg(neutralisedIfNeeded(fileName)));
                return false;
            } else {
                fail(QStringLiteral("%1 has %2 clouds: name one with --os-cloud or OS_CLOUD (%3)")
                         .arg(neutralisedIfNeeded(fileName), QString::number(clouds.size()), knownNames(clouds)));
                return false;
            }
        }
        if (!clouds.contains(name)) {
            fail(fileName.isEmpty()
                     ? QStringLiteral("no cloud named %1: no clouds.yaml in %2").arg(neutralised(name), filesLookedIn())
                     : QStringLiteral("no cloud named %1 in %2 (it has %3)")
                           .arg(neutralised(name), neutralisedIfNeeded(fileName), knownNames(clouds)));
            return false;
        }
        m_chosen.name = name;
        if (clouds.value(name).typeId() != QMetaType::QVariantMap) {
            fail(QStringLiteral("cloud %1 must be a mapping").arg(neutralised(name)));
            return false;
        }
        m_chosen.entry = clouds.value(name).toMap();
        const QVariant auth = m_chosen.entry.value(QStringLiteral("auth"));
        if (auth.isValid() && auth.typeId() != QMetaType::QVariantMap) {
            fail(QStringLiteral("auth must be a mapping"), QStringLiteral("auth"), {QStringLiteral("auth")});
            return false;
        }
        return true;
    }

    // openstacksdk's _get_known_regions: regions: (names or {name, values}), else
    // region_name (text, comma-separated, or a list).
    QList<QVariantMap> knownRegions() const
    {
        const QVariantMap &entry = m_chosen.entry;
        QVariantList listed;
        if (entry.contains(QStringLiteral("regions")))
            listed = entry.value(QStringLiteral("regions")).toList();
        else if (entry.value(QStringLiteral("region_name")).typeId() == QMetaType::QVariantList)
            listed = entry.value(QStringLiteral("region_name")).toList();
        else if (entry.contains(QStringLiteral("region_name"))) {
            for (const QString &name : entry.value(QStringLiteral("region_name")).toString().split(QLatin1Char(',')))
                listed.append(name);
        }
        QList<QVariantMap> regions;
        for (const QVariant &region : listed) {
            if (region.typeId() == QMetaType::QVariantMap)
                regions.append(region.toMap());
            else if (!region.toString().isEmpty())
                regions.append(QVariantMap{{QStringLiteral("name"), region.toString()}});
        }
        return regions;
    }

    bool chooseRegion()
    {
        const QString asked = m_options.region.isEmpty() ? osVariable(m_env, {"OS_REGION_NAME"}) : m_options.region;
        // The OS_* cloud's own region is OS_REGION_NAME: what is asked for decides.
        const QList<QVariantMap> regions = m_chosen.fromVariables ? QList<QVariantMap>{} : knownRegions();
        if (regions.isEmpty()) {
            m_chosen.region = asked;
            return true;
        }
        for (const QVariantMap &region : regions) {
            const QString name = region.value(QStringLiteral("name")).toString();
            if (!asked.isEmpty() && name != asked)
                continue;
            m_chosen.region = name;
            // The region's values: settings that differ by region; auth: merged.
            const QVariantMap values = region.value(QStringLiteral("values")).toMap();
            for (auto it = values.begin(); it != values.end(); ++it) {
                if (it.key() == QLatin1String("auth"))
                    m_chosen.entry.insert(it.key(), mergedDeeply(m_chosen.entry.value(it.key()).toMap(), it.value().toMap()));
                else
                    m_chosen.entry.insert(it.key(), it.value());
            }
            return true;
        }
        QStringList names;
        for (const QVariantMap &region : regions)
            names.append(neutralisedIfNeeded(region.value(QStringLiteral("name")).toString()));
        fail(QStringLiteral("region %1 is not a region of cloud %2, which has %3 (region names are case-sensitive)")
                 .arg(neutralised(asked), neutralised(m_chosen.name), names.join(QStringLiteral(", "))),
             QStringLiteral("region_name"));
        return false;
    }

    const CloudOptions &m_options;
    const QProcessEnvironment &m_env;
    const CloudFiles &m_files;
    ChosenCloud m_chosen;
    Problems m_errors;
};

} // namespace

QString ChosenCloud::locationOf(const QStringList &path) const
{
    if (fromVariables)
        return {};
    return document.locationOf(QStringList{QStringLiteral("clouds"), name} + path);
}

Result<ChosenCloud> chooseCloud(const CloudOptions &options, const QProcessEnvironment &env, const CloudFiles &files)
{
    return CloudChooser(options, env, files).choose();
}

QString osVariable(const QProcessEnvironment &env, std::initializer_list<const char *> names)
{
    for (const char *name : names) {
        const QString value = env.value(QLatin1String(name));
        if (!value.isEmpty())
            return value;
    }
    return {};
}

Problem configurationError(const QString &message, const QString &field, const QString &location)
{
    Problem problem = makeError(ProblemKind::Configuration, message, {}, field);
    problem.location = location;
    return problem;
}

} // namespace provtree
