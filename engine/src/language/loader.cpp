// Scenario and skill-catalogue loading: YAML tree -> immutable Scenario, every problem a
// positioned diagnostic (codes in docs/diagnostics.md). Graph checks live in checks.cpp.
#include "rapport/loader.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <unordered_map>

#include "base/text.hpp"
#include "language/checks.hpp"
#include "language/fields.hpp"
#include "language/yaml_tree.hpp"

namespace rapport {

using detail::Fields;
using detail::is_valid_id;
using detail::quote;
using detail::ReadContext;
using detail::YNode;

std::string setting_label(const Setting& s) {
    if (s.country.empty()) return {};
    std::string out = s.country;
    if (!s.region.empty()) out += " (" + s.region + ")";
    if (!s.service.empty()) out += ", " + s.service;
    return out;
}

std::string_view difficulty_name(Difficulty d) {
    switch (d) {
        case Difficulty::Beginner:
            return "beginner";
        case Difficulty::Intermediate:
            return "intermediate";
        case Difficulty::Advanced:
            return "advanced";
    }
    return "beginner";
}

std::string_view outcome_name(Outcome o) {
    switch (o) {
        case Outcome::Good:
            return "good";
        case Outcome::Mixed:
            return "mixed";
        case Outcome::Poor:
            return "poor";
    }
    return "mixed";
}

namespace {
template <class T>
std::optional<int> find_by_id(const std::vector<T>& items, std::string_view id) {
    for (std::size_t i = 0; i < items.size(); ++i)
        if (items[i].id == id) return static_cast<int>(i);
    return std::nullopt;
}
}  // namespace

std::optional<int> Scenario::find_node(std::string_view id) const {
    return find_by_id(nodes, id);
}
std::optional<int> Scenario::find_ending(std::string_view id) const {
    return find_by_id(endings, id);
}
std::optional<int> Scenario::find_var(std::string_view id) const {
    return find_by_id(vars, id);
}
std::optional<int> Scenario::find_skill(std::string_view id) const {
    return find_by_id(skills, id);
}

const std::vector<std::string>& skill_groups() {
    static const std::vector<std::string> groups{
        "question",    "reflection", "affirmation", "summary",       "autonomy",    "information",
        "structuring", "assessment", "advice",      "confrontation", "novice_error"};
    return groups;
}

std::optional<std::string> read_file(const std::string& path, Diagnostics& diagnostics,
                                     std::size_t max_bytes) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (!ec && std::filesystem::is_directory(status)) {
        diagnostics.error("RP001", {path, 0, 0}, "is a folder, not a file");
        return std::nullopt;
    }
    if (!ec && !std::filesystem::is_regular_file(status)) {
        // A device, pipe or socket could be endless or block forever.
        diagnostics.error("RP001", {path, 0, 0}, "is not a regular file");
        return std::nullopt;
    }
    if (!ec) {
        const auto size = std::filesystem::file_size(path, ec);
        if (!ec && size > max_bytes) {
            diagnostics.error("RP005", {path, 0, 0},
                              "file is " + std::to_string(size >> 20) + " MiB, larger than the " +
                                  std::to_string(max_bytes >> 20) + " MiB limit");
            return std::nullopt;
        }
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        diagnostics.error("RP001", {path, 0, 0},
                          "cannot open file: " + std::string(std::strerror(errno)));
        return std::nullopt;
    }
    std::ostringstream buf;
    buf << in.rdbuf();
    if (in.bad()) {
        diagnostics.error("RP001", {path, 0, 0}, "cannot read file");
        return std::nullopt;
    }
    return std::move(buf).str();
}

namespace {

Skill read_skill(const YNode& item, ReadContext& ctx, const std::string& what, bool& ok) {
    Skill s;
    if (!detail::expect_map(item, ctx, what)) {
        ok = false;
        return s;
    }
    Fields f(item, ctx, what, {"id", "label", "group", "description", "code", "errors"},
             {"id", "label", "group"});
    auto id = detail::read_id(f.get("id"), ctx, what + " `id`");
    auto label = detail::read_text(f.get("label"), ctx, what + " `label`");
    auto group = detail::read_choice(f.get("group"), ctx, what + " `group`", skill_groups());
    auto description = detail::read_text(f.get("description"), ctx, what + " `description`", true);
    ok = id && label && group;
    if (id) s.id = *id;
    if (label) s.label = *label;
    if (group) s.group = *group;
    if (description) s.description = *description;
    if (auto code = detail::read_id(f.get("code"), ctx, what + " `code`")) s.code = *code;
    if (const YNode* errs = f.get("errors"))
        if (detail::expect_sequence(*errs, ctx, what + " `errors`"))
            for (const auto& e : errs->items)
                if (auto id = detail::read_id(&e, ctx, what + " `errors` item"))
                    s.errors.push_back(*id);
    return s;
}

// The code a format 1 skill of the scenario's own stands for, by its group.
std::string code_for_group(const std::string& group) {
    static const std::vector<std::pair<std::string, std::string>> table{
        {"question", "open_question"},
        {"reflection", "simple_reflection"},
        {"affirmation", "affirmation"},
        {"summary", "summary"},
        {"autonomy", "emphasizing_autonomy"},
        {"information", "giving_information"},
        {"structuring", "structuring"},
        {"assessment", "open_question"},
        {"advice", "persuading"},
        {"confrontation", "confronting"},
        {"novice_error", "other"}};
    for (const auto& [g, c] : table)
        if (g == group) return c;
    return "other";
}

const std::vector<std::string>& code_counts() {
    static const std::vector<std::string> names{
        "open_question", "closed_question", "simple_reflection", "complex_reflection",
        "mi_adherent",   "mi_non_adherent", "other_miti",        "not_miti"};
    return names;
}

// Reads a list of `{id, label, ...}` entries with the given text fields; duplicate ids are RP105.
template <typename T, typename Fill>
void read_entries(const YNode& list, ReadContext& ctx, const std::string& what,
                  const std::vector<std::string>& keys, const std::vector<std::string>& required,
                  std::vector<T>& into, Fill fill) {
    if (!detail::expect_sequence(list, ctx, "`" + what + "`")) return;
    for (std::size_t i = 0; i < list.items.size(); ++i) {
        const YNode& item = list.items[i];
        const std::string iwhat = what + " entry " + std::to_string(i + 1);
        if (!detail::expect_map(item, ctx, iwhat)) continue;
        Fields f(item, ctx, iwhat, keys, required);
        auto id = detail::read_id(f.get("id"), ctx, iwhat + " `id`");
        if (!id) continue;
        if (std::any_of(into.begin(), into.end(), [&](const T& x) { return x.id == *id; })) {
            ctx.error(*f.get("id"), "RP105", "duplicate id " + quote(*id) + " in `" + what + "`");
            continue;
        }
        T entry;
        entry.id = *id;
        if (fill(entry, f, iwhat)) into.push_back(std::move(entry));
    }
}

void read_error_defs(const YNode& list, ReadContext& ctx, std::vector<ErrorDef>& into,
                     bool from_scenario) {
    read_entries(list, ctx, "errors", {"id", "label", "definition", "source", "drill_topic"},
                 {"id", "label", "definition"}, into,
                 [&](ErrorDef& e, const Fields& f, const std::string& w) {
                     auto label = detail::read_text(f.get("label"), ctx, w + " `label`");
                     auto def = detail::read_text(f.get("definition"), ctx, w + " `definition`");
                     if (auto v = detail::read_text(f.get("source"), ctx, w + " `source`", true))
                         e.source = *v;
                     if (auto v = detail::read_id(f.get("drill_topic"), ctx, w + " `drill_topic`"))
                         e.drill_topic = *v;
                     e.from_scenario = from_scenario;
                     if (label) e.label = *label;
                     if (def) e.definition = *def;
                     return label && def;
                 });
}

}  // namespace

namespace {

// Adds skills from a `skills:` list, reporting duplicate ids against `into`.
void read_skills(const YNode& list, ReadContext& ctx, std::vector<Skill>& into,
                 std::unordered_map<std::string, const YNode*>& where, bool from_scenario) {
    if (!detail::expect_sequence(list, ctx, "`skills`")) return;
    for (std::size_t i = 0; i < list.items.size(); ++i) {
        bool ok = false;
        Skill s = read_skill(list.items[i], ctx, "skill " + std::to_string(i + 1), ok);
        // A skill with a problem (already reported) still claims its id, so that its uses are not
        // reported again as unknown skills.
        if (!ok && !is_valid_id(s.id)) continue;
        s.from_scenario = from_scenario;
        const YNode* id_node = nullptr;
        for (const auto& e : list.items[i].entries)
            if (e.key.value == "id") id_node = &e.value;
        if (std::any_of(into.begin(), into.end(), [&](const Skill& k) { return k.id == s.id; })) {
            const auto it = where.find(s.id);
            const bool in_catalogue = from_scenario && (it == where.end() || !it->second);
            auto& d =
                ctx.error(id_node ? *id_node : list.items[i], "RP105",
                          "duplicate skill id " + quote(s.id) +
                              (in_catalogue ? "; the skill catalogue already defines it" : ""));
            if (it != where.end() && it->second)
                d.notes.push_back(
                    Diagnostic{Severity::Note, "", "first defined here", ctx.at(*it->second), {}});
            continue;
        }
        where[s.id] = id_node;
        into.push_back(std::move(s));
    }
}

}  // namespace

CatalogueLoad parse_skill_catalogue(std::string_view bytes, const std::string& path) {
    CatalogueLoad out;
    out.catalogue.path = path;
    auto doc = detail::parse_yaml(bytes, path, out.diagnostics);
    if (!doc.ok) return out;
    ReadContext ctx(path, bytes, out.diagnostics);
    if (!detail::expect_map(doc.root, ctx, "a skill catalogue")) return out;
    Fields f(doc.root, ctx, "the skill catalogue",
             {"format", "kind", "skills", "codes", "errors", "essentials"}, {"kind", "skills"});
    (void)detail::read_integer(f.get("format"), ctx, "`format`", 1, 2);
    (void)detail::read_choice(f.get("kind"), ctx, "`kind`", {"skill-catalogue"});
    auto& cat = out.catalogue;
    if (const YNode* list = f.get("skills")) {
        std::unordered_map<std::string, const YNode*> where;
        read_skills(*list, ctx, cat.skills, where, false);
    }
    if (const YNode* list = f.get("codes"))
        read_entries(*list, ctx, "codes", {"id", "label", "counts_as", "description"},
                     {"id", "label", "counts_as"}, cat.codes,
                     [&](Code& c, const Fields& cf, const std::string& w) {
                         auto label = detail::read_text(cf.get("label"), ctx, w + " `label`");
                         auto counts = detail::read_choice(cf.get("counts_as"), ctx,
                                                           w + " `counts_as`", code_counts());
                         if (auto v = detail::read_text(cf.get("description"), ctx,
                                                        w + " `description`", true))
                             c.description = *v;
                         if (label) c.label = *label;
                         if (counts)
                             c.counts_as = static_cast<CodeCount>(
                                 std::find(code_counts().begin(), code_counts().end(), *counts) -
                                 code_counts().begin());
                         return label && counts;
                     });
    if (const YNode* list = f.get("errors")) read_error_defs(*list, ctx, cat.errors, false);
    if (const YNode* list = f.get("essentials"))
        read_entries(
            *list, ctx, "essentials", {"id", "label", "description", "source", "drill_topic"},
            {"id", "label", "description"}, cat.essentials,
            [&](Essential& e, const Fields& ef, const std::string& w) {
                auto label = detail::read_text(ef.get("label"), ctx, w + " `label`");
                auto desc = detail::read_text(ef.get("description"), ctx, w + " `description`");
                if (auto v = detail::read_text(ef.get("source"), ctx, w + " `source`", true))
                    e.source = *v;
                if (auto v = detail::read_id(ef.get("drill_topic"), ctx, w + " `drill_topic`"))
                    e.drill_topic = *v;
                if (label) e.label = *label;
                if (desc) e.description = *desc;
                return label && desc;
            });
    // Every skill's code and errors must exist, so that format 1 scenarios map completely.
    if (!cat.codes.empty())
        for (const auto& sk : cat.skills) {
            const bool code_ok =
                sk.code.empty() || std::any_of(cat.codes.begin(), cat.codes.end(),
                                               [&](const Code& c) { return c.id == sk.code; });
            if (!code_ok)
                out.diagnostics.error("RP210", {path, 0, 0},
                                      "skill " + quote(sk.id) + " maps to unknown code " +
                                          quote(sk.code) + "; add it under `codes:`");
            for (const auto& e : sk.errors)
                if (std::none_of(cat.errors.begin(), cat.errors.end(),
                                 [&](const ErrorDef& x) { return x.id == e; }))
                    out.diagnostics.error("RP211", {path, 0, 0},
                                          "skill " + quote(sk.id) + " maps to unknown error " +
                                              quote(e) + "; add it under `errors:`");
        }
    return out;
}

CatalogueLoad load_skill_catalogue(const std::string& path) {
    CatalogueLoad out;
    auto bytes = read_file(path, out.diagnostics);
    if (!bytes) return out;
    return parse_skill_catalogue(*bytes, path);
}

namespace {

// Builds a Scenario from the tree. Collects every problem it can find in one pass.
class ScenarioReader {
public:
    ScenarioReader(ReadContext& ctx, const SkillCatalogue& catalogue, Scenario& s)
        : m_ctx(ctx), m_catalogue(catalogue), m_s(s) {}

    void read(const YNode& root) {
        if (!root.is_map()) {
            m_ctx.error(
                root, "RP103",
                "a scenario file is a mapping of keys such as `id:`, `client:` and `nodes:`, not " +
                    std::string(detail::kind_name(root)));
            return;
        }
        Fields f(root, m_ctx, "the scenario",
                 {"format",     "id",         "title",        "version",          "summary",
                  "objectives", "difficulty", "minutes",      "content_notes",    "tags",
                  "setting",    "client",     "state",        "skills",           "start",
                  "score",      "shuffle",    "nodes",        "endings",          "essentials",
                  "facts",      "errors",     "equally_good", "debrief_questions"},
                 {"id", "title", "version", "summary", "objectives", "difficulty", "minutes",
                  "client", "start", "nodes", "endings"},
                 detail::scenario_key_home);
        if (const YNode* fmt = f.get("format")) {
            if (auto v = detail::read_integer(fmt, m_ctx, "`format`", 0, 1'000'000)) {
                if (*v == 1 || *v == 2)
                    m_format = static_cast<int>(*v);
                else
                    m_ctx.error(*fmt, "RP107",
                                "format " + std::to_string(*v) +
                                    " is not supported; this Rapport reads formats 1 and 2");
            }
        }
        m_s.format = m_format;
        for (const char* key :
             {"essentials", "facts", "errors", "equally_good", "debrief_questions"})
            if (const YNode* k = f.get(key)) format2_only(*k, std::string("`") + key + "`");
        if (const YNode* k = f.get("skills"))
            if (m_format == 2)
                m_ctx.error(*k, "RP108",
                            "`skills:` is format 1; format 2 scenarios use the behaviour codes "
                            "and novice errors of the catalogue (add your own under `errors:`)");
        if (auto v = detail::read_id(f.get("id"), m_ctx, "scenario `id`")) m_s.id = *v;
        if (auto v = detail::read_text(f.get("title"), m_ctx, "`title`")) m_s.title = *v;
        if (auto v = detail::read_text(f.get("version"), m_ctx, "`version`")) m_s.version = *v;
        if (auto v = detail::read_text(f.get("summary"), m_ctx, "`summary`")) m_s.summary = *v;
        if (auto v = detail::read_text_list(f.get("objectives"), m_ctx, "`objectives`"))
            m_s.objectives = *v;
        if (auto v = detail::read_choice(f.get("difficulty"), m_ctx, "`difficulty`",
                                         {"beginner", "intermediate", "advanced"})) {
            m_s.difficulty = *v == "beginner"       ? Difficulty::Beginner
                             : *v == "intermediate" ? Difficulty::Intermediate
                                                    : Difficulty::Advanced;
        }
        if (auto v = detail::read_integer(f.get("minutes"), m_ctx, "`minutes`", 1, 240))
            m_s.minutes = static_cast<int>(*v);
        if (auto v = detail::read_text_list(f.get("content_notes"), m_ctx, "`content_notes`"))
            m_s.content_notes = *v;
        if (auto v = detail::read_text_list(f.get("tags"), m_ctx, "`tags`")) m_s.tags = *v;
        if (auto v = detail::read_bool(f.get("shuffle"), m_ctx, "`shuffle`")) m_s.shuffle = *v;
        if (const YNode* c = f.get("setting")) read_setting(*c);
        if (const YNode* c = f.get("client")) read_client(*c);

        read_state(f.get("state"));
        m_s.codes = m_catalogue.codes;
        m_s.errors = m_catalogue.errors;
        m_s.essentials = m_catalogue.essentials;
        if (m_s.codes.empty())
            m_ctx.diagnostics().error("RP210", m_ctx.file(),
                                      "the skill catalogue " + quote(m_catalogue.path) +
                                          " has no behaviour codes (`codes:`); use the one "
                                          "shipped in assets/skills.yaml");
        if (m_format == 2) {
            if (const YNode* e = f.get("errors")) read_error_defs(*e, m_ctx, m_s.errors, true);
            if (const YNode* fa = f.get("facts")) read_facts(*fa);
            if (const YNode* es = f.get("essentials"))
                if (detail::expect_sequence(*es, m_ctx, "`essentials`"))
                    for (const auto& item : es->items)
                        if (auto e = resolve_essential(item, "`essentials` item")) {
                            if (std::find(m_s.required_essentials.begin(),
                                          m_s.required_essentials.end(),
                                          *e) != m_s.required_essentials.end())
                                m_ctx.error(item, "RP105",
                                            "essential " + quote(item.value) + " is listed twice");
                            else
                                m_s.required_essentials.push_back(*e);
                        }
            if (auto v = detail::read_integer(f.get("equally_good"), m_ctx, "`equally_good`", 0,
                                              1'000'000))
                m_s.equally_good = static_cast<int>(*v);
            if (auto v = detail::read_text_list(f.get("debrief_questions"), m_ctx,
                                                "`debrief_questions`"))
                m_s.debrief_questions = *v;
        }
        m_s.skills = m_catalogue.skills;
        if (const YNode* sk = f.get("skills")) {
            std::unordered_map<std::string, const YNode*> where;
            for (const auto& k : m_s.skills)
                where[k.id] = nullptr;
            read_skills(*sk, m_ctx, m_s.skills, where, true);
        }

        const YNode* nodes = f.get("nodes");
        const YNode* endings = f.get("endings");
        collect_ids(nodes, endings);
        if (endings) read_endings(*endings);
        if (nodes) read_nodes(*nodes);

        if (const YNode* st = f.get("start")) {
            if (auto id = detail::read_id(st, m_ctx, "`start`")) {
                if (auto n = find_node(*id)) {
                    m_s.start = *n;
                } else {
                    std::string msg = "`start` names no node: " + quote(*id);
                    if (find_ending(*id))
                        msg = "`start` names an ending, " + quote(*id) + "; it must name a node";
                    else if (auto g = detail::closest_match(*id, node_ids()))
                        msg += "; did you mean `" + *g + "`?";
                    m_ctx.error(*st, "RP201", msg);
                }
            }
        }
        read_score(f.get("score"));
        m_s.visit_slots = static_cast<int>(m_visit_slots.size());
    }

private:
    std::vector<std::string> node_ids() const {
        std::vector<std::string> ids;
        for (const auto& n : m_s.nodes)
            ids.push_back(n.id);
        return ids;
    }

    std::vector<std::string> target_ids() const {
        std::vector<std::string> ids = node_ids();
        for (const auto& e : m_s.endings)
            ids.push_back(e.id);
        return ids;
    }

    std::vector<std::string> var_ids() const {
        std::vector<std::string> ids;
        for (const auto& v : m_s.vars)
            ids.push_back(v.id);
        return ids;
    }

    void read_setting(const YNode& c) {
        if (!detail::expect_map(c, m_ctx, "`setting`")) return;
        Fields f(c, m_ctx, "`setting`", {"country", "region", "service"}, {"country", "service"},
                 detail::scenario_key_home);
        auto& st = m_s.setting;
        if (auto v = detail::read_text(f.get("country"), m_ctx, "setting `country`"))
            st.country = *v;
        if (auto v = detail::read_text(f.get("region"), m_ctx, "setting `region`", true))
            st.region = *v;
        if (auto v = detail::read_text(f.get("service"), m_ctx, "setting `service`"))
            st.service = *v;
    }

    void read_client(const YNode& c) {
        if (!detail::expect_map(c, m_ctx, "`client`")) return;
        Fields f(c, m_ctx, "`client`",
                 {"name", "age", "pronouns", "presenting_concern", "referral", "background",
                  "instructor_notes", "known_before"},
                 {"name", "age", "pronouns", "presenting_concern", "known_before"},
                 detail::scenario_key_home);
        auto& p = m_s.client;
        if (auto v = detail::read_text(f.get("name"), m_ctx, "client `name`")) p.name = *v;
        if (auto v = detail::read_integer(f.get("age"), m_ctx, "client `age`", 0, 120))
            p.age = static_cast<int>(*v);
        if (auto v = detail::read_text(f.get("pronouns"), m_ctx, "client `pronouns`"))
            p.pronouns = *v;
        if (auto v = detail::read_text(f.get("presenting_concern"), m_ctx,
                                       "client `presenting_concern`"))
            p.presenting_concern = *v;
        if (auto v = detail::read_text(f.get("referral"), m_ctx, "client `referral`", true))
            p.referral = *v;
        if (const YNode* b = f.get("background")) {
            if (m_format == 2)
                m_ctx.error(*b, "RP108",
                            "`background` is format 1; in format 2 the author's notes are "
                            "instructor-only: rename it `instructor_notes` (the trainee sees "
                            "`referral` and `known_before`)");
            else if (auto v = detail::read_text(b, m_ctx, "client `background`", true))
                p.instructor_notes = *v;
        }
        if (const YNode* b = f.get("instructor_notes")) {
            format2_only(*b, "client `instructor_notes`");
            if (auto v = detail::read_text(b, m_ctx, "client `instructor_notes`", true))
                p.instructor_notes = *v;
        }
        if (auto v = detail::read_text(f.get("known_before"), m_ctx, "client `known_before`"))
            p.known_before = *v;
    }

    void read_state(const YNode* state) {
        const SourceLocation file = m_ctx.file();
        m_s.vars = {
            StateVar{"trust", "Trust", "Felt safety: how much the client is willing to share.", 0,
                     100, 30, true, true, true, file},
            StateVar{"rapport", "Rapport", "Warmth and connection in this session.", 0, 100, 20,
                     true, true, true, file},
            StateVar{"dependence", "Dependence",
                     "How much the client relies on you to decide and fix things; lower is better.",
                     0, 100, 10, false, true, true, file},
        };
        if (!state) return;
        if (!detail::expect_map(*state, m_ctx, "`state`")) return;
        std::unordered_map<std::string, const YNode*> seen;
        for (const auto& entry : state->entries) {
            if (!entry.key.is_scalar()) {
                m_ctx.error(entry.key, "RP103", "a state variable's name must be a plain name");
                continue;
            }
            const std::string& name = entry.key.value;
            if (auto it = seen.find(name); it != seen.end()) {
                auto& d =
                    m_ctx.error(entry.key, "RP104", "duplicate key " + quote(name) + " in `state`");
                d.notes.push_back(Diagnostic{
                    Severity::Note, "", "first defined here", m_ctx.at(*it->second), {}});
                continue;
            }
            seen[name] = &entry.key;
            static const std::vector<std::string> reserved{"turns", "visited", "and",  "or",
                                                           "not",   "true",    "false"};
            bool valid = !name.empty() && std::isalpha(static_cast<unsigned char>(name[0])) &&
                         std::all_of(name.begin(), name.end(), [](char ch) {
                             return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_';
                         });
            if (!valid || std::find(reserved.begin(), reserved.end(), name) != reserved.end()) {
                m_ctx.error(entry.key, "RP106",
                            "state variable name " + quote(name) +
                                (valid ? " is a reserved word of the expression language"
                                       : " is not valid: use letters, digits and `_`, starting "
                                         "with a letter"));
                continue;
            }
            auto existing = m_s.find_var(name);
            StateVar var;
            if (existing) {
                var = m_s.vars[static_cast<std::size_t>(*existing)];
            } else {
                var.id = name;
                var.label = name;
                var.label[0] =
                    static_cast<char>(std::toupper(static_cast<unsigned char>(var.label[0])));
                std::replace(var.label.begin(), var.label.end(), '_', ' ');
                var.initial = 0;  // your own variables start at their minimum unless told otherwise
                var.visible = false;
            }
            var.location = m_ctx.at(entry.key);
            const std::string what = "state variable " + quote(name);
            if (entry.value.is_null()) {
                // `readiness:` with nothing under it takes every default.
            } else if (detail::expect_map(entry.value, m_ctx, what)) {
                Fields f(entry.value, m_ctx, what,
                         {"label", "description", "min", "max", "initial", "good", "visible"}, {},
                         detail::scenario_key_home);
                if (auto v = detail::read_text(f.get("label"), m_ctx, what + " `label`"))
                    var.label = *v;
                if (auto v = detail::read_text(f.get("description"), m_ctx, what + " `description`",
                                               true))
                    var.description = *v;
                constexpr long long lim = 1'000'000;
                if (auto v = detail::read_integer(f.get("min"), m_ctx, what + " `min`", -lim, lim))
                    var.min = static_cast<int>(*v);
                if (auto v = detail::read_integer(f.get("max"), m_ctx, what + " `max`", -lim, lim))
                    var.max = static_cast<int>(*v);
                if (auto v = detail::read_integer(f.get("initial"), m_ctx, what + " `initial`",
                                                  -lim, lim))
                    var.initial = static_cast<int>(*v);
                else if (!existing && !f.get("initial"))
                    var.initial = var.min;
                if (auto v = detail::read_choice(f.get("good"), m_ctx, what + " `good`",
                                                 {"higher", "lower"}))
                    var.higher_is_better = *v == "higher";
                if (auto v = detail::read_bool(f.get("visible"), m_ctx, what + " `visible`"))
                    var.visible = *v;
                if (var.min > var.max) {
                    m_ctx.error(f.get("min") ? *f.get("min") : entry.key, "RP106",
                                what + " has `min` " + std::to_string(var.min) + " above `max` " +
                                    std::to_string(var.max));
                    var.max = var.min;
                } else if (var.initial < var.min || var.initial > var.max) {
                    m_ctx.error(f.get("initial") ? *f.get("initial") : entry.key, "RP106",
                                what + " starts at " + std::to_string(var.initial) +
                                    ", outside its range " + std::to_string(var.min) + " to " +
                                    std::to_string(var.max));
                    var.initial = std::clamp(var.initial, var.min, var.max);
                }
            }
            if (existing) {
                m_s.vars[static_cast<std::size_t>(*existing)] = var;
            } else {
                m_s.vars.push_back(var);
            }
        }
    }

    // First pass over nodes and endings: ids, so that references can be resolved in any order.
    void collect_ids(const YNode* nodes, const YNode* endings) {
        std::unordered_map<std::string, const YNode*> seen;
        auto collect = [&](const YNode* list, const char* what, auto&& add) {
            if (!list) return;
            if (!detail::expect_sequence(*list, m_ctx, std::string("`") + what + "`")) return;
            if (list->items.empty())
                m_ctx.error(*list, "RP102",
                            std::string("`") + what + "` is empty: add at least one");
            for (const auto& item : list->items) {
                const YNode* id_node = nullptr;
                if (item.is_map())
                    for (const auto& e : item.entries)
                        if (e.key.is_scalar() && e.key.value == "id") id_node = &e.value;
                std::string id;
                if (id_node && id_node->is_scalar() && detail::is_valid_id(id_node->value)) {
                    id = id_node->value;
                    if (auto it = seen.find(id); it != seen.end()) {
                        auto& d = m_ctx.error(
                            *id_node, "RP105",
                            "duplicate id " + quote(id) + "; node and ending ids must be unique");
                        d.notes.push_back(Diagnostic{
                            Severity::Note, "", "first defined here", m_ctx.at(*it->second), {}});
                        id.clear();
                    } else {
                        seen[id] = id_node;
                    }
                }
                add(id, item);
            }
        };
        collect(nodes, "nodes", [&](const std::string& id, const YNode& item) {
            if (!id.empty()) m_node_index.emplace(id, static_cast<int>(m_s.nodes.size()));
            Node n;
            n.id = id;
            n.location = m_ctx.at(item);
            m_s.nodes.push_back(std::move(n));
        });
        collect(endings, "endings", [&](const std::string& id, const YNode& item) {
            if (!id.empty()) m_ending_index.emplace(id, static_cast<int>(m_s.endings.size()));
            Ending e;
            e.id = id;
            e.location = m_ctx.at(item);
            m_s.endings.push_back(std::move(e));
        });
    }

    ExprNames expr_names() {
        ExprNames names;
        names.variable = [this](std::string_view name) { return m_s.find_var(name); };
        names.visit_slot = [this](std::string_view id) -> std::optional<int> {
            auto n = find_node(id);
            if (!n) return std::nullopt;
            Node& node = m_s.nodes[static_cast<std::size_t>(*n)];
            if (node.visit_slot < 0) {
                node.visit_slot = static_cast<int>(m_visit_slots.size());
                m_visit_slots.push_back(*n);
            }
            return node.visit_slot;
        };
        names.variable_names = [this] { return var_ids(); };
        names.is_node = [this](std::string_view id) { return find_node(id).has_value(); };
        if (m_format == 2) {
            names.essential_flag = [this](std::string_view id) -> std::optional<int> {
                for (std::size_t i = 0; i < m_s.essentials.size(); ++i)
                    if (m_s.essentials[i].id == id) return static_cast<int>(i);
                return std::nullopt;
            };
            names.fact_flag = [this](std::string_view id) -> std::optional<int> {
                for (std::size_t i = 0; i < m_s.facts.size(); ++i)
                    if (m_s.facts[i].id == id) return m_s.fact_flag(static_cast<int>(i));
                return std::nullopt;
            };
            names.essential_names = [this] { return ids_of(m_s.essentials); };
            names.fact_names = [this] { return ids_of(m_s.facts); };
        }
        return names;
    }

    std::optional<Expr> read_expr(const YNode* node, ExprType type, const std::string& what) {
        if (!node) return std::nullopt;
        std::string text;
        if (node->is_scalar() && !node->tag.empty()) {
            m_ctx.error(
                *node, "RP204",
                "in " + what + ": YAML reads `" + node->tag +
                    "` as a tag; write `not` instead of `!`, or put the condition in quotes");
            return std::nullopt;
        } else if (node->is_scalar()) {
            text = node->value;
        } else {
            m_ctx.error(*node, "RP103",
                        what + " should be an expression such as `trust >= 50`, not " +
                            std::string(detail::kind_name(*node)));
            return std::nullopt;
        }
        auto parsed = parse_expression(text, type, expr_names());
        for (const auto& e : parsed.errors)
            m_ctx.diagnostics().error(e.code, m_ctx.at_offset(*node, e.offset),
                                      "in " + what + ": " + e.message);
        for (const auto& ins : parsed.expr ? parsed.expr->code() : std::vector<Instr>{})
            if (ins.op == Op::Var) m_used_vars.insert(ins.arg);
        if (parsed.expr && parsed.errors.empty()) {
            if (auto beyond = range_overflow(*parsed.expr)) {
                m_ctx.error(*node, "RP213",
                            "in " + what + ": a value in this expression can reach " +
                                std::to_string(*beyond) +
                                ", beyond the range Rapport computes in (-2000000000 to "
                                "2000000000); use smaller numbers or narrower variable ranges");
                return std::nullopt;
            }
        }
        return parsed.expr;
    }

    // The first intermediate value of `e` that can leave the range expressions are computed in
    // (+-2,000,000,000, where evaluation would otherwise have to cap it), over the declared
    // ranges of the variables and at most max_turns turns; nothing when every value fits. Bounds
    // are exact interval arithmetic in 128 bits, so no bound itself overflows.
    std::optional<long long> range_overflow(const Expr& e) const {
        __extension__ typedef __int128 I128;  // GCC and clang; pedantic ISO C++ has no 128 bits
        constexpr I128 limit = 2'000'000'000;
        constexpr I128 max_turns = 1'000'000;
        struct Range {
            I128 lo, hi;
        };
        std::vector<Range> st;
        auto clampi = [](I128 v) {
            constexpr I128 cap = static_cast<I128>(1) << 100;
            return v > cap ? cap : v < -cap ? -cap : v;
        };
        for (const auto& ins : e.code()) {
            switch (ins.op) {
                case Op::Const:
                    st.push_back({ins.arg, ins.arg});
                    break;
                case Op::Var: {
                    const auto& v = m_s.vars[static_cast<std::size_t>(ins.arg)];
                    st.push_back({v.min, v.max});
                    break;
                }
                case Op::Turns:
                    st.push_back({0, max_turns});
                    break;
                case Op::Neg:
                    st.back() = {-st.back().hi, -st.back().lo};
                    break;
                case Op::Add:
                case Op::Sub:
                case Op::Mul: {
                    const Range b = st.back();
                    st.pop_back();
                    Range& a = st.back();
                    if (ins.op == Op::Add) {
                        a = {clampi(a.lo + b.lo), clampi(a.hi + b.hi)};
                    } else if (ins.op == Op::Sub) {
                        a = {clampi(a.lo - b.hi), clampi(a.hi - b.lo)};
                    } else {
                        const I128 p[4] = {clampi(a.lo * b.lo), clampi(a.lo * b.hi),
                                           clampi(a.hi * b.lo), clampi(a.hi * b.hi)};
                        a = {*std::min_element(p, p + 4), *std::max_element(p, p + 4)};
                    }
                    if (a.hi > limit)
                        return static_cast<long long>(std::min<I128>(a.hi, LLONG_MAX));
                    if (a.lo < -limit)
                        return static_cast<long long>(std::max<I128>(a.lo, LLONG_MIN));
                    break;
                }
                case Op::Visited:
                case Op::Flag:
                    st.push_back({0, 1});
                    break;
                case Op::Not:
                    st.back() = {0, 1};
                    break;
                default:  // comparisons and logic: 0 or 1
                    st.pop_back();
                    st.back() = {0, 1};
                    break;
            }
        }
        return std::nullopt;
    }

public:
    std::set<int> m_used_vars;

private:
    void read_endings(const YNode& list) {
        if (!list.is_sequence()) return;
        for (std::size_t i = 0; i < list.items.size(); ++i) {
            const YNode& item = list.items[i];
            Ending& e = m_s.endings[i];
            const std::string what =
                e.id.empty() ? "ending " + std::to_string(i + 1) : "ending " + quote(e.id);
            if (!detail::expect_map(item, m_ctx, what)) continue;
            Fields f(item, m_ctx, what,
                     {"id", "title", "text", "grade", "outcome", "requires", "otherwise"},
                     {"id", "title", "text", "grade", "outcome"}, detail::scenario_key_home);
            read_requires(f, e, what);
            if (e.id.empty()) (void)detail::read_id(f.get("id"), m_ctx, what + " `id`");
            if (auto v = detail::read_text(f.get("title"), m_ctx, what + " `title`")) e.title = *v;
            if (auto v = detail::read_text(f.get("text"), m_ctx, what + " `text`")) e.text = *v;
            if (auto v = detail::read_text(f.get("grade"), m_ctx, what + " `grade`")) e.grade = *v;
            if (auto v = detail::read_choice(f.get("outcome"), m_ctx, what + " `outcome`",
                                             {"good", "mixed", "poor"}))
                e.outcome = *v == "good"    ? Outcome::Good
                            : *v == "mixed" ? Outcome::Mixed
                                            : Outcome::Poor;
        }
        // `otherwise` chains must end: a cycle would pass a session round for ever.
        for (std::size_t i = 0; i < m_s.endings.size(); ++i) {
            std::vector<std::uint8_t> seen(m_s.endings.size(), 0);
            int at = static_cast<int>(i);
            while (at >= 0 && !seen[static_cast<std::size_t>(at)]) {
                seen[static_cast<std::size_t>(at)] = 1;
                at = m_s.endings[static_cast<std::size_t>(at)].otherwise;
            }
            if (at == static_cast<int>(i)) {
                m_ctx.diagnostics().error(
                    "RP212", m_s.endings[i].location,
                    "ending " + quote(m_s.endings[i].id) +
                        " is its own `otherwise` through a chain of endings; end the chain at "
                        "an ending without `requires`");
                m_s.endings[i].otherwise = -1;
            }
        }
    }

    void read_requires(const Fields& f, Ending& e, const std::string& what) {
        const YNode* req = f.get("requires");
        const YNode* other = f.get("otherwise");
        if (req) format2_only(*req, what + " `requires`");
        if (other) format2_only(*other, what + " `otherwise`");
        if (m_format != 2) return;
        if (req) e.requires_met = resolve_essentials(*req, what + " `requires`");
        if (req && !other)
            m_ctx.error(*req, "RP212",
                        what +
                            " has `requires` but no `otherwise`: name the ending a session "
                            "reaches instead when they are not met");
        if (other && !req)
            m_ctx.error(*other, "RP212",
                        what +
                            " has `otherwise` but no `requires`; add the essentials it needs, "
                            "or remove `otherwise`");
        if (other) {
            if (auto id = detail::read_id(other, m_ctx, what + " `otherwise`")) {
                if (auto idx = find_ending(*id)) {
                    e.otherwise = *idx;
                } else {
                    std::string msg = what + " `otherwise` names no ending: " + quote(*id);
                    std::vector<std::string> ids;
                    for (const auto& x : m_s.endings)
                        ids.push_back(x.id);
                    if (auto g = detail::closest_match(*id, ids))
                        msg += "; did you mean `" + *g + "`?";
                    m_ctx.error(*other, "RP201", msg);
                }
            }
        }
    }

    // A `[id, ...]` list resolved with `resolve`; items that do not resolve are reported by it.
    template <typename Resolve>
    std::vector<int> resolve_list(const YNode& list, const std::string& what, Resolve resolve) {
        std::vector<int> out;
        if (!detail::expect_sequence(list, m_ctx, what)) return out;
        for (const auto& item : list.items)
            if (auto i = resolve(item, what + " item"))
                if (std::find(out.begin(), out.end(), *i) == out.end()) out.push_back(*i);
        return out;
    }
    std::vector<int> resolve_essentials(const YNode& list, const std::string& what) {
        return resolve_list(list, what, [&](const YNode& n, const std::string& w) {
            return resolve_essential(n, w);
        });
    }
    std::vector<int> resolve_facts(const YNode& list, const std::string& what) {
        return resolve_list(
            list, what, [&](const YNode& n, const std::string& w) { return resolve_fact(n, w); });
    }

    // An id among `names`; `code` with a suggestion otherwise.
    std::optional<int> resolve_named(const YNode& node, const std::string& what,
                                     const std::vector<std::string>& names, const char* kind,
                                     const char* code, const std::string& hint) {
        const auto id = detail::read_id(&node, m_ctx, what);
        if (!id) return std::nullopt;
        for (std::size_t i = 0; i < names.size(); ++i)
            if (names[i] == *id) return static_cast<int>(i);
        std::string msg = "unknown " + std::string(kind) + " " + quote(*id);
        if (auto g = detail::closest_match(*id, names))
            msg += "; did you mean `" + *g + "`?";
        else
            msg += "; " + hint;
        m_ctx.error(node, code, msg);
        return std::nullopt;
    }
    template <typename T>
    static std::vector<std::string> ids_of(const std::vector<T>& items) {
        std::vector<std::string> ids;
        for (const auto& x : items)
            ids.push_back(x.id);
        return ids;
    }
    std::optional<int> resolve_code(const YNode& node, const std::string& what) {
        return resolve_named(node, what, ids_of(m_s.codes), "behaviour code", "RP210",
                             "see the codes in docs/clinical-model.md");
    }
    std::optional<int> resolve_error(const YNode& node, const std::string& what) {
        return resolve_named(node, what, ids_of(m_s.errors), "novice error", "RP211",
                             "see the errors in docs/clinical-model.md or add it under `errors:`");
    }
    std::optional<int> resolve_essential(const YNode& node, const std::string& what) {
        return resolve_named(node, what, ids_of(m_s.essentials), "essential", "RP208",
                             "see the essentials in docs/clinical-model.md");
    }
    std::optional<int> resolve_fact(const YNode& node, const std::string& what) {
        return resolve_named(node, what, ids_of(m_s.facts), "fact", "RP209",
                             "declare it under `facts:`");
    }

    // A key that only format 2 has: RP108 in a format 1 file.
    void format2_only(const YNode& node, const std::string& what) {
        if (m_format == 2) return;
        m_ctx.error(node, "RP108",
                    what +
                        " is format 2; add `format: 2` at the top (and use `code:` instead of "
                        "`skill:`; `rapport upgrade FILE` converts a format 1 file)");
    }

    void read_facts(const YNode& list) {
        read_entries(list, m_ctx, "facts", {"id", "label"}, {"id", "label"}, m_s.facts,
                     [&](Fact& fact, const Fields& ff, const std::string& w) {
                         fact.location = m_ctx.at(ff.map());
                         auto label = detail::read_text(ff.get("label"), m_ctx, w + " `label`");
                         if (label) fact.label = *label;
                         return label.has_value();
                     });
    }

    void read_nodes(const YNode& list) {
        if (!list.is_sequence()) return;
        for (std::size_t i = 0; i < list.items.size(); ++i) {
            const YNode& item = list.items[i];
            Node& n = m_s.nodes[i];
            const std::string what =
                n.id.empty() ? "node " + std::to_string(i + 1) : "node " + quote(n.id);
            if (!detail::expect_map(item, m_ctx, what)) continue;
            Fields f(item, m_ctx, what,
                     {"id", "client", "cue", "variants", "responses", "opportunity", "reveal",
                      "drill_item"},
                     {"id", "client", "responses"}, detail::scenario_key_home);
            if (const YNode* rv = f.get("reveal")) {
                format2_only(*rv, what + " `reveal`");
                if (m_format == 2) n.reveal = resolve_facts(*rv, what + " `reveal`");
            }
            if (n.id.empty()) (void)detail::read_id(f.get("id"), m_ctx, what + " `id`");
            if (auto v = detail::read_text(f.get("client"), m_ctx, what + " `client`"))
                n.client = *v;
            if (auto v = detail::read_text(f.get("cue"), m_ctx, what + " `cue`", true)) n.cue = *v;
            if (const YNode* vs = f.get("variants")) read_variants(*vs, n, what);
            if (const YNode* rs = f.get("responses")) read_responses(*rs, i, what);
            if (const YNode* op = f.get("opportunity")) read_opportunity(*op, n, what);
            if (auto v = detail::read_bool(f.get("drill_item"), m_ctx, what + " `drill_item`"))
                n.drill_item = *v;
        }
    }

    // A skill id from the catalogue or the scenario's `skills:`; RP203 with a suggestion otherwise.
    std::optional<int> resolve_skill(const YNode& node, const std::string& what) {
        const auto id = detail::read_text(&node, m_ctx, what);
        if (!id) return std::nullopt;
        if (auto skill = find_skill(*id)) return skill;
        std::vector<std::string> known;
        for (const auto& s2 : m_s.skills)
            known.push_back(s2.id);
        std::string msg = "unknown skill " + quote(*id);
        if (auto g = detail::closest_match(*id, known))
            msg += "; did you mean `" + *g + "`?";
        else
            msg += "; see the skill list in docs/scenario-format.md or add it under `skills:`";
        m_ctx.error(node, "RP203", msg);
        return std::nullopt;
    }

    void read_opportunity(const YNode& node, Node& n, const std::string& node_what) {
        const std::string what = node_what + " `opportunity`";
        if (!detail::expect_map(node, m_ctx, what)) return;
        Fields f(node, m_ctx, what, {"kind", "note", "answer_with", "within"},
                 {"kind", "note", "answer_with"}, detail::scenario_key_home);
        Opportunity op;
        bool ok = true;
        if (auto v = detail::read_choice(f.get("kind"), m_ctx, what + " `kind`",
                                         {"emotion", "ambivalence", "risk", "strength", "rupture"}))
            op.kind = *v;
        else
            ok = false;
        if (auto v = detail::read_text(f.get("note"), m_ctx, what + " `note`"))
            op.note = *v;
        else
            ok = false;
        if (auto v = detail::read_integer(f.get("within"), m_ctx, what + " `within`", 1, 20))
            op.within = static_cast<int>(*v);
        if (const YNode* list = f.get("answer_with")) {
            if (detail::expect_sequence(*list, m_ctx, what + " `answer_with`")) {
                if (list->items.empty())
                    m_ctx.error(*list, "RP102",
                                what + " `answer_with` is empty: name the " +
                                    (m_format == 2 ? "codes or essentials" : "skills") +
                                    " that answer it");
                for (const auto& item : list->items) {
                    const std::string iw = what + " `answer_with` item";
                    if (m_format == 1) {
                        if (auto skill = resolve_skill(item, iw))
                            op.answer_codes.push_back(code_of_skill(*skill));
                        continue;
                    }
                    // Codes and essentials have distinct ids: either may answer.
                    const std::string id = item.is_scalar() ? item.value : std::string();
                    const auto codes = ids_of(m_s.codes);
                    const auto ess = ids_of(m_s.essentials);
                    if (auto c = std::find(codes.begin(), codes.end(), id); c != codes.end()) {
                        op.answer_codes.push_back(static_cast<int>(c - codes.begin()));
                    } else if (auto e = std::find(ess.begin(), ess.end(), id); e != ess.end()) {
                        op.answer_essentials.push_back(static_cast<int>(e - ess.begin()));
                    } else {
                        std::vector<std::string> all = codes;
                        all.insert(all.end(), ess.begin(), ess.end());
                        std::string msg = "unknown code or essential " + quote(id);
                        if (auto g = detail::closest_match(id, all))
                            msg += "; did you mean `" + *g + "`?";
                        m_ctx.error(item, "RP210", msg);
                    }
                }
            }
        } else {
            ok = false;
        }
        if (ok) n.opportunity = std::move(op);
    }

    void read_variants(const YNode& list, Node& n, const std::string& node_what) {
        if (!detail::expect_sequence(list, m_ctx, node_what + " `variants`")) return;
        for (std::size_t k = 0; k < list.items.size(); ++k) {
            const YNode& item = list.items[k];
            const std::string what = "variant " + std::to_string(k + 1) + " of " + node_what;
            if (!detail::expect_map(item, m_ctx, what)) continue;
            Fields f(item, m_ctx, what, {"when", "client", "cue", "reveal"}, {"when"},
                     detail::scenario_key_home);
            Variant v;
            v.location = m_ctx.at(item);
            if (const YNode* rv = f.get("reveal")) {
                format2_only(*rv, what + " `reveal`");
                if (m_format == 2) v.reveal = resolve_facts(*rv, what + " `reveal`");
            }
            if (auto c = detail::read_text(f.get("client"), m_ctx, what + " `client`"))
                v.client = *c;
            if (auto c = detail::read_text(f.get("cue"), m_ctx, what + " `cue`", true)) v.cue = *c;
            if (!f.get("client") && !f.get("cue"))
                m_ctx.error(item, "RP102",
                            what + " changes nothing: give it a `client` line or a `cue`");
            auto when = read_expr(f.get("when"), ExprType::Boolean, what + " `when`");
            if (when) {
                v.when = std::move(*when);
                n.variants.push_back(std::move(v));
            }
        }
    }

    void read_responses(const YNode& list, std::size_t node_index, const std::string& node_what) {
        if (!detail::expect_sequence(list, m_ctx, node_what + " `responses`")) return;
        if (list.items.empty()) {
            m_ctx.error(list, "RP302",
                        node_what + " has no responses: the trainee would have nothing to say");
            return;
        }
        std::unordered_map<std::string, const YNode*> ids;
        for (std::size_t k = 0; k < list.items.size(); ++k) {
            const YNode& item = list.items[k];
            Response r;
            r.id = "r" + std::to_string(k + 1);
            r.location = m_ctx.at(item);
            const std::string what = "response " + std::to_string(k + 1) + " of " + node_what;
            if (!detail::expect_map(item, m_ctx, what)) continue;
            Fields f(item, m_ctx, what,
                     {"id", "say", "skill", "code", "errors", "meets", "cites", "red_flag", "reply",
                      "effects", "rationale", "when", "once", "next"},
                     {"say", m_format == 2 ? "code" : "skill"}, detail::scenario_key_home);
            if (const YNode* idn = f.get("id")) {
                if (auto v = detail::read_id(idn, m_ctx, what + " `id`")) {
                    if (auto it = ids.find(*v); it != ids.end()) {
                        auto& d =
                            m_ctx.error(*idn, "RP105",
                                        "duplicate response id " + quote(*v) + " in " + node_what);
                        d.notes.push_back(Diagnostic{
                            Severity::Note, "", "first defined here", m_ctx.at(*it->second), {}});
                    }
                    ids[*v] = idn;
                    r.id = *v;
                }
            }
            if (auto v = detail::read_text(f.get("say"), m_ctx, what + " `say`")) r.say = *v;
            read_codes(f, r, what);
            const YNode* rat = f.get("rationale");
            if (!rat || rat->is_null() ||
                (rat->is_scalar() && rat->value.find_first_not_of(" \t\n") == std::string::npos)) {
                m_ctx.error(rat ? *rat : item, "RP110",
                            what + " has no rationale; feedback needs one to explain the choice");
            } else if (auto v = detail::read_text(rat, m_ctx, what + " `rationale`")) {
                r.rationale = *v;
            }
            if (const YNode* eff = f.get("effects")) read_effects(*eff, r, what);
            if (auto w = read_expr(f.get("when"), ExprType::Boolean, what + " `when`"))
                r.when = std::move(*w);
            if (auto once = detail::read_bool(f.get("once"), m_ctx, what + " `once`");
                once && *once)
                r.once_slot = m_s.once_slots++;
            if (const YNode* nx = f.get("next")) read_next(*nx, r, what);
            m_s.nodes[node_index].responses.push_back(std::move(r));
        }
        // An explicit id may equal another response's automatic one (`r2`); saved sessions name
        // responses by id, so every id in a node must be unique.
        auto& responses = m_s.nodes[node_index].responses;
        auto automatic = [](std::size_t i, const Response& r) {
            return r.id == "r" + std::to_string(i + 1);
        };
        for (std::size_t a = 0; a < responses.size(); ++a)
            for (std::size_t b = 0; b < responses.size(); ++b)
                if (a != b && responses[a].id == responses[b].id && !automatic(a, responses[a]) &&
                    automatic(b, responses[b]))
                    m_ctx.diagnostics().error(
                        "RP105", responses[a].location,
                        "response id " + quote(responses[a].id) + " in " + node_what +
                            " is also the automatic id of response " + std::to_string(b + 1) +
                            "; give that response an id of its own or choose another");
    }

    int code_of_skill(int skill) const {
        const Skill& sk = m_s.skills[static_cast<std::size_t>(skill)];
        const std::string code = sk.code.empty() ? code_for_group(sk.group) : sk.code;
        for (std::size_t i = 0; i < m_s.codes.size(); ++i)
            if (m_s.codes[i].id == code) return static_cast<int>(i);
        return 0;  // the catalogue's table was checked when it loaded
    }

    // Format 1: `skill:` stands for a code and errors (the catalogue's table). Format 2: `code:`,
    // `errors:`, `meets:`, `cites:`, `red_flag:` and `reply:`.
    void read_codes(const Fields& f, Response& r, const std::string& what) {
        if (m_format == 1) {
            for (const char* key : {"code", "errors", "meets", "cites", "red_flag", "reply"})
                if (const YNode* k = f.get(key)) format2_only(*k, what + " `" + key + "`");
            if (const YNode* sk = f.get("skill"))
                if (auto skill = resolve_skill(*sk, what + " `skill`")) {
                    r.skill = *skill;
                    r.code = code_of_skill(*skill);
                    for (const auto& e : m_s.skills[static_cast<std::size_t>(*skill)].errors)
                        for (std::size_t i = 0; i < m_s.errors.size(); ++i)
                            if (m_s.errors[i].id == e) r.errors.push_back(static_cast<int>(i));
                }
            return;
        }
        if (const YNode* sk = f.get("skill"))
            m_ctx.error(*sk, "RP108",
                        "`skill:` is format 1; format 2 gives each response a `code:` (what "
                        "MITI would code it as) and, for mistakes, `errors: [...]`");
        if (const YNode* c = f.get("code"))
            if (auto code = resolve_code(*c, what + " `code`")) r.code = *code;
        if (const YNode* e = f.get("errors"))
            r.errors = resolve_list(
                *e, what + " `errors`",
                [&](const YNode& n, const std::string& w) { return resolve_error(n, w); });
        if (const YNode* m = f.get("meets")) r.meets = resolve_essentials(*m, what + " `meets`");
        if (const YNode* c = f.get("cites")) r.cites = resolve_facts(*c, what + " `cites`");
        if (const YNode* rf = f.get("red_flag"))
            if (auto v = detail::read_text(rf, m_ctx, what + " `red_flag`")) r.red_flag = *v;
        if (const YNode* rp = f.get("reply")) read_reply(*rp, r, what);
    }

    void read_reply(const YNode& node, Response& r, const std::string& what) {
        Reply reply;
        if (node.is_scalar()) {
            if (auto v = detail::read_text(&node, m_ctx, what + " `reply`"))
                reply.client = *v;
            else
                return;
        } else {
            if (!detail::expect_map(node, m_ctx, what + " `reply`")) return;
            Fields f(node, m_ctx, what + " `reply`", {"client", "cue", "reveal"}, {},
                     detail::scenario_key_home);
            if (auto v = detail::read_text(f.get("client"), m_ctx, what + " `reply` `client`"))
                reply.client = *v;
            if (auto v = detail::read_text(f.get("cue"), m_ctx, what + " `reply` `cue`", true))
                reply.cue = *v;
            if (const YNode* rv = f.get("reveal"))
                reply.reveal = resolve_facts(*rv, what + " `reply` `reveal`");
            if (reply.client.empty() && reply.cue.empty()) {
                m_ctx.error(node, "RP102",
                            what + " `reply` says nothing: give it a `client` line or a `cue`");
                return;
            }
        }
        r.reply = std::move(reply);
    }

    void read_effects(const YNode& eff, Response& r, const std::string& what) {
        if (eff.is_null()) return;
        if (!detail::expect_map(eff, m_ctx, what + " `effects`")) return;
        std::unordered_map<std::string, const YNode*> seen;
        for (const auto& e : eff.entries) {
            if (!e.key.is_scalar()) {
                m_ctx.error(e.key, "RP103",
                            "an effect names a state variable, not " +
                                std::string(detail::kind_name(e.key)));
                continue;
            }
            if (auto it = seen.find(e.key.value); it != seen.end()) {
                auto& d = m_ctx.error(
                    e.key, "RP104",
                    "duplicate key " + quote(e.key.value) + " in " + what + " `effects`");
                d.notes.push_back(Diagnostic{
                    Severity::Note, "", "first defined here", m_ctx.at(*it->second), {}});
                continue;
            }
            seen[e.key.value] = &e.key;
            auto var = m_s.find_var(e.key.value);
            if (!var) {
                std::string msg = "unknown state variable " + quote(e.key.value) + " in effects";
                if (auto g = detail::closest_match(e.key.value, var_ids()))
                    msg += "; did you mean `" + *g + "`?";
                else
                    msg += "; declare it under `state:`";
                m_ctx.error(e.key, "RP202", msg);
                continue;
            }
            auto delta = detail::read_integer(&e.value, m_ctx, "effect on " + quote(e.key.value),
                                              -1'000'000, 1'000'000);
            if (!delta) continue;
            m_used_vars.insert(*var);
            if (*delta != 0) r.effects.push_back(Effect{*var, static_cast<int>(*delta)});
        }
    }

    std::optional<Target> resolve_target(const YNode& node, const std::string& what) {
        auto id = detail::read_id(&node, m_ctx, what);
        if (!id) return std::nullopt;
        if (auto n = find_node(*id)) return Target{Target::Kind::Node, *n};
        if (auto e = find_ending(*id)) return Target{Target::Kind::Ending, *e};
        std::string msg = what + " names no node or ending: " + quote(*id);
        if (auto g = detail::closest_match(*id, target_ids()))
            msg += "; did you mean `" + *g + "`?";
        m_ctx.error(node, "RP201", msg);
        return std::nullopt;
    }

    void read_next(const YNode& nx, Response& r, const std::string& what) {
        if (nx.is_scalar() || nx.is_null()) {
            if (auto t = resolve_target(nx, what + " `next`"))
                r.next.push_back(Branch{std::nullopt, *t, m_ctx.at(nx)});
            return;
        }
        if (!nx.is_sequence()) {
            m_ctx.error(nx, "RP103",
                        what +
                            " `next` should be a node id or a list of `{when, to}` branches, not " +
                            std::string(detail::kind_name(nx)));
            return;
        }
        if (nx.items.empty()) {
            m_ctx.error(nx, "RP102", what + " `next` is an empty list");
            return;
        }
        for (std::size_t b = 0; b < nx.items.size(); ++b) {
            const YNode& item = nx.items[b];
            const std::string bwhat = "branch " + std::to_string(b + 1) + " of " + what + " `next`";
            if (!detail::expect_map(item, m_ctx, bwhat)) continue;
            Fields f(item, m_ctx, bwhat, {"when", "to"}, {"to"}, detail::scenario_key_home);
            Branch br;
            br.location = m_ctx.at(item);
            br.when = read_expr(f.get("when"), ExprType::Boolean, bwhat + " `when`");
            const YNode* to = f.get("to");
            auto t = to ? resolve_target(*to, bwhat + " `to`") : std::nullopt;
            const bool last = b + 1 == nx.items.size();
            if (!f.get("when") && !last) {
                m_ctx.error(item, "RP207",
                            bwhat + " has no `when`, so the branches after it can never be taken");
            } else if (f.get("when") && last) {
                m_ctx.error(item, "RP207",
                            "the last branch of " + what +
                                " `next` has a `when`; the last branch must have none, "
                                "so that the session always has somewhere to go");
            }
            if (t) {
                br.target = *t;
                r.next.push_back(std::move(br));
            }
        }
    }

    void read_score(const YNode* node) {
        if (!node) {
            auto parsed =
                parse_expression("trust + rapport - dependence", ExprType::Number, expr_names());
            m_s.score = std::move(*parsed.expr);
            return;
        }
        if (auto e = read_expr(node, ExprType::Number, "`score`")) {
            if (e->uses_turns()) {
                // The score is judged on the final state; analysis treats long sessions alike.
                m_ctx.diagnostics().error(
                    "RP205", m_ctx.at_offset(*node, word_offset(node->value, "turns")),
                    "`score` cannot use `turns`: the score is computed from the state variables' "
                    "final values, not from how long the session took; remove `turns` from it "
                    "(a condition such as `when: turns > 10` can use it)");
                return;
            }
            m_s.score = std::move(*e);
        }
    }

    // Offset of the first whole-word `word` in `text` (0 when absent).
    static std::size_t word_offset(std::string_view text, std::string_view word) {
        auto is_word = [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
        };
        for (std::size_t p = text.find(word); p != std::string_view::npos;
             p = text.find(word, p + 1)) {
            const std::size_t e = p + word.size();
            if ((p == 0 || !is_word(text[p - 1])) && (e >= text.size() || !is_word(text[e])))
                return p;
        }
        return 0;
    }

    // Id lookups in constant time: a 50,000-node scenario has as many references to resolve.
    std::optional<int> find_node(std::string_view id) const { return lookup(m_node_index, id); }
    std::optional<int> find_ending(std::string_view id) const { return lookup(m_ending_index, id); }
    std::optional<int> find_skill(std::string_view id) {
        if (m_skill_index.size() != m_s.skills.size()) {
            m_skill_index.clear();
            for (std::size_t i = 0; i < m_s.skills.size(); ++i)
                m_skill_index.emplace(m_s.skills[i].id, static_cast<int>(i));
        }
        return lookup(m_skill_index, id);
    }
    static std::optional<int> lookup(const std::unordered_map<std::string, int>& map,
                                     std::string_view id) {
        const auto it = map.find(std::string(id));
        if (it == map.end()) return std::nullopt;
        return it->second;
    }

    ReadContext& m_ctx;
    const SkillCatalogue& m_catalogue;
    Scenario& m_s;
    std::unordered_map<std::string, int> m_node_index, m_ending_index, m_skill_index;
    std::vector<int> m_visit_slots;
    int m_format = 1;
};

}  // namespace

ScenarioLoad parse_scenario(std::string_view bytes, const std::string& path,
                            const SkillCatalogue& catalogue, const LoadOptions& options) {
    ScenarioLoad out;
    detail::ParseLimits limits;
    limits.max_bytes = options.max_bytes;
    auto doc = detail::parse_yaml(bytes, path, out.diagnostics, limits);
    if (!doc.ok) return out;
    auto scenario = std::make_shared<Scenario>();
    scenario->path = path;
    scenario->content_hash = detail::hex64(detail::fnv1a64(bytes));
    ReadContext ctx(path, bytes, out.diagnostics);
    ScenarioReader reader(ctx, catalogue, *scenario);
    reader.read(doc.root);
    if (doc.root.is_map()) {
        std::shared_ptr<const Analysis> analysis;
        detail::CheckInput input{reader.m_used_vars,
                                 options.explore && !out.diagnostics.has_errors(),
                                 options.exploration_budget,
                                 options.exploration_time,
                                 options.exploration_memory,
                                 scenario,
                                 &analysis,
                                 options.explored_before};
        detail::check_scenario(*scenario, input, out.diagnostics);
        if (!out.diagnostics.has_errors()) out.analysis = std::move(analysis);
    }
    out.diagnostics.sort_by_location();
    if (!out.diagnostics.has_errors()) out.scenario = std::move(scenario);
    return out;
}

ScenarioLoad load_scenario(const std::string& path, const SkillCatalogue& catalogue,
                           const LoadOptions& options) {
    ScenarioLoad out;
    auto bytes = read_file(path, out.diagnostics, options.max_bytes);
    if (!bytes) return out;
    return parse_scenario(*bytes, path, catalogue, options);
}

}  // namespace rapport
