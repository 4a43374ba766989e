// Test plan files (NAME.tests.yaml): read through the positioned YAML tree and typed fields, ids
// resolved against the scenario, then played with the public Session API (see rapport/testing.hpp).
#include <algorithm>
#include <filesystem>

#include "base/text.hpp"
#include "language/fields.hpp"
#include "language/yaml_tree.hpp"
#include "rapport/testing.hpp"

namespace rapport {

namespace {

using detail::Fields;
using detail::quote;
using detail::ReadContext;
using detail::YNode;

// Plan files are short; anything near this is not one.
constexpr std::size_t max_plan_file_bytes = 16u << 20;

bool ends_with(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
    if (auto guess = detail::closest_match(word, candidates))
        return "; did you mean `" + *guess + "`?";
    return "";
}

std::string id_list(const std::vector<std::string>& ids) {
    std::string out;
    for (std::size_t i = 0; i < ids.size(); ++i)
        out += (i ? ", " : "") + ids[i];
    return out.empty() ? "none" : out;
}

class PlanReader {
public:
    PlanReader(ReadContext& ctx, const Scenario& s) : m_ctx(ctx), m_s(s) {}

    std::optional<TestPlanFile> read(const YNode& root) {
        if (root.is_null()) {
            m_ctx.diagnostics().error("RP002", m_ctx.file(),
                                      "the test plan file is empty: it needs a `plans:` list");
            return std::nullopt;
        }
        if (!detail::expect_map(root, m_ctx, "the test plan file")) return std::nullopt;
        Fields f(root, m_ctx, "the test plan file", {"scenario", "plans"}, {"plans"});
        (void)detail::read_text(f.get("scenario"), m_ctx, "`scenario`");
        TestPlanFile out;
        out.path = m_ctx.path();
        out.scenario_path = m_s.path;
        if (const YNode* plans = f.get("plans");
            plans && detail::expect_sequence(*plans, m_ctx, "`plans`")) {
            if (plans->items.empty())
                m_ctx.error(*plans, "RP614", "`plans` is empty: a plan file tests nothing");
            std::vector<std::pair<std::string, const YNode*>> names;
            for (std::size_t i = 0; i < plans->items.size(); ++i)
                if (auto p = read_plan(plans->items[i], i, names))
                    out.plans.push_back(std::move(*p));
        }
        if (m_ctx.diagnostics().has_errors()) return std::nullopt;
        return out;
    }

private:
    ReadContext& m_ctx;
    const Scenario& m_s;

    std::optional<TestPlan> read_plan(const YNode& n, std::size_t index,
                                      std::vector<std::pair<std::string, const YNode*>>& names) {
        const std::string what = "plan " + std::to_string(index + 1);
        if (!detail::expect_map(n, m_ctx, what)) return std::nullopt;
        Fields f(n, m_ctx, what,
                 {"name", "steps", "ending", "values", "essentials_met", "essentials_not_met",
                  "red_flags"},
                 {"name", "steps"});
        TestPlan plan;
        plan.location = m_ctx.at(n);
        bool ok = true;
        if (auto name = detail::read_text(f.get("name"), m_ctx, what + " `name`")) {
            plan.name = *name;
            auto seen = std::find_if(names.begin(), names.end(),
                                     [&](const auto& x) { return x.first == *name; });
            if (seen != names.end()) {
                auto& d = m_ctx.error(*f.get("name"), "RP613",
                                      "two plans are named " + quote(*name) +
                                          "; give each its own name so failures say which");
                d.notes.push_back(Diagnostic{
                    Severity::Note, "", "the other one is here", m_ctx.at(*seen->second), {}});
            } else {
                names.emplace_back(*name, f.get("name"));
            }
        } else {
            ok = false;
        }
        const std::string pwhat = plan.name.empty() ? what : "plan " + quote(plan.name);
        if (const YNode* steps = f.get("steps");
            steps && detail::expect_sequence(*steps, m_ctx, pwhat + " `steps`")) {
            if (steps->items.empty()) {
                m_ctx.error(*steps, "RP614",
                            pwhat +
                                " has no steps: list the responses it chooses, as "
                                "`- {at: NODE, choose: RESPONSE}`");
                ok = false;
            }
            for (std::size_t i = 0; i < steps->items.size(); ++i) {
                if (auto st = read_step(steps->items[i], pwhat + " step " + std::to_string(i + 1)))
                    plan.steps.push_back(std::move(*st));
                else
                    ok = false;
            }
        } else {
            ok = false;
        }
        if (const YNode* e = f.get("ending")) {
            if (auto id = detail::read_id(e, m_ctx, pwhat + " `ending`")) {
                if (auto idx = m_s.find_ending(*id)) {
                    plan.ending = PlanRef{*idx, m_ctx.at(*e)};
                } else {
                    std::vector<std::string> ids;
                    for (const auto& x : m_s.endings)
                        ids.push_back(x.id);
                    m_ctx.error(*e, "RP611",
                                "no ending " + quote(*id) + " in scenario `" + m_s.id + "`" +
                                    did_you_mean(*id, ids) + " (endings: " + id_list(ids) + ")");
                    ok = false;
                }
            } else {
                ok = false;
            }
        }
        if (const YNode* v = f.get("values"))
            ok &= read_values(*v, pwhat + " `values`", plan.values);
        ok &= read_essentials(f.get("essentials_met"), pwhat + " `essentials_met`",
                              plan.essentials_met);
        ok &= read_essentials(f.get("essentials_not_met"), pwhat + " `essentials_not_met`",
                              plan.essentials_not_met);
        for (const auto& met : plan.essentials_met)
            for (const auto& not_met : plan.essentials_not_met)
                if (met.index == not_met.index) {
                    m_ctx.diagnostics().error(
                        "RP612", not_met.location,
                        pwhat + " expects essential `" +
                            m_s.essentials[static_cast<std::size_t>(met.index)].id +
                            "` both met and not met");
                    ok = false;
                }
        if (const YNode* rf = f.get("red_flags")) {
            plan.red_flags_location = m_ctx.at(*rf);
            if (detail::expect_sequence(*rf, m_ctx, pwhat + " `red_flags`")) {
                plan.red_flags.emplace();
                for (const auto& item : rf->items)
                    if (auto ref = node_ref(item, pwhat + " `red_flags` item"))
                        plan.red_flags->push_back(*ref);
                    else
                        ok = false;
            } else {
                ok = false;
            }
        }
        if (!ok) return std::nullopt;
        return plan;
    }

    std::optional<PlanRef> node_ref(const YNode& n, const std::string& what) {
        auto id = detail::read_id(&n, m_ctx, what);
        if (!id) return std::nullopt;
        if (auto idx = m_s.find_node(*id)) return PlanRef{*idx, m_ctx.at(n)};
        std::vector<std::string> ids;
        for (const auto& x : m_s.nodes)
            ids.push_back(x.id);
        m_ctx.error(
            n, "RP611",
            "no node " + quote(*id) + " in scenario `" + m_s.id + "`" + did_you_mean(*id, ids));
        return std::nullopt;
    }

    std::optional<PlanRef> response_ref(const YNode& n, int node, const std::string& what) {
        auto id = detail::read_id(&n, m_ctx, what);
        if (!id) return std::nullopt;
        const Node& nd = m_s.nodes[static_cast<std::size_t>(node)];
        std::vector<std::string> ids;
        for (std::size_t r = 0; r < nd.responses.size(); ++r) {
            if (nd.responses[r].id == *id) return PlanRef{static_cast<int>(r), m_ctx.at(n)};
            ids.push_back(nd.responses[r].id);
        }
        // r1, r2... are positions: a near one is no likelier than any other.
        const bool positional = id->size() > 1 && (*id)[0] == 'r' &&
                                id->find_first_not_of("0123456789", 1) == std::string::npos;
        m_ctx.error(n, "RP611",
                    "node `" + nd.id + "` has no response " + quote(*id) +
                        (positional ? std::string() : did_you_mean(*id, ids)) +
                        " (its responses: " + id_list(ids) + ")");
        return std::nullopt;
    }

    bool read_responses(const YNode* list, int node, const std::string& what,
                        std::vector<PlanRef>& into) {
        if (!list) return true;
        if (!detail::expect_sequence(*list, m_ctx, what)) return false;
        bool ok = true;
        for (const auto& item : list->items) {
            if (node < 0) {  // the node did not resolve: still check the items are ids
                ok &= detail::read_id(&item, m_ctx, what + " item").has_value();
                continue;
            }
            if (auto r = response_ref(item, node, what + " item"))
                into.push_back(*r);
            else
                ok = false;
        }
        return ok;
    }

    std::optional<PlanStep> read_step(const YNode& n, const std::string& what) {
        if (!detail::expect_map(n, m_ctx, what)) return std::nullopt;
        Fields f(n, m_ctx, what, {"at", "choose", "offered", "not_offered", "expect"},
                 {"at", "choose"});
        PlanStep step;
        step.location = m_ctx.at(n);
        bool ok = true;
        int node = -1;
        if (const YNode* at = f.get("at")) {
            if (auto ref = node_ref(*at, what + " `at`")) {
                step.node = *ref;
                node = ref->index;
            } else {
                ok = false;
            }
        } else {
            ok = false;
        }
        if (const YNode* choose = f.get("choose")) {
            if (node >= 0) {
                if (auto r = response_ref(*choose, node, what + " `choose`"))
                    step.response = *r;
                else
                    ok = false;
            } else {
                ok = false;
            }
        } else {
            ok = false;
        }
        ok &= read_responses(f.get("offered"), node, what + " `offered`", step.offered);
        ok &= read_responses(f.get("not_offered"), node, what + " `not_offered`", step.not_offered);
        for (const auto& a : step.offered)
            for (const auto& b : step.not_offered)
                if (a.index == b.index) {
                    m_ctx.diagnostics().error("RP612", b.location,
                                              what + " expects response `" +
                                                  m_s.nodes[static_cast<std::size_t>(node)]
                                                      .responses[static_cast<std::size_t>(a.index)]
                                                      .id +
                                                  "` both offered and not offered");
                    ok = false;
                }
        if (const YNode* e = f.get("expect"))
            ok &= read_values(*e, what + " `expect`", step.expect);
        if (!ok) return std::nullopt;
        return step;
    }

    bool read_values(const YNode& map, const std::string& what, std::vector<PlanValue>& into) {
        if (!detail::expect_map(map, m_ctx, what)) return false;
        std::vector<std::string> var_ids;
        for (const auto& v : m_s.vars)
            var_ids.push_back(v.id);
        Fields f(map, m_ctx, what, var_ids, {});
        bool ok = true;
        for (const auto& entry : map.entries) {
            if (!entry.key.is_scalar()) continue;
            const YNode* value = f.get(entry.key.value);
            if (value != &entry.value) {  // unknown or duplicate: Fields said so
                ok = false;
                continue;
            }
            const int var = *m_s.find_var(entry.key.value);
            const StateVar& sv = m_s.vars[static_cast<std::size_t>(var)];
            const std::string vwhat = what + " `" + sv.id + "`";
            PlanValue pv{var, sv.min, sv.max, m_ctx.at(entry.key)};
            constexpr long long lim = 1'000'000'000;
            if (value->is_map()) {
                Fields r(*value, m_ctx, vwhat, {"min", "max"}, {});
                const auto lo =
                    detail::read_integer(r.get("min"), m_ctx, vwhat + " `min`", -lim, lim);
                const auto hi =
                    detail::read_integer(r.get("max"), m_ctx, vwhat + " `max`", -lim, lim);
                if ((r.get("min") && !lo) || (r.get("max") && !hi)) {
                    ok = false;
                    continue;
                }
                if (!r.get("min") && !r.get("max")) {
                    m_ctx.error(*value, "RP612",
                                vwhat +
                                    " is a range with neither `min` nor `max`; write a number, "
                                    "or `{min: N}`, `{max: N}` or both");
                    ok = false;
                    continue;
                }
                if (lo) pv.min = *lo;
                if (hi) pv.max = *hi;
                if (lo && hi && pv.min > pv.max) {
                    m_ctx.error(*value, "RP612",
                                vwhat + " has `min` " + std::to_string(pv.min) + " above `max` " +
                                    std::to_string(pv.max) + ": no value can be in it");
                    ok = false;
                    continue;
                }
            } else if (auto exact = detail::read_integer(value, m_ctx, vwhat, -lim, lim)) {
                pv.min = pv.max = *exact;
            } else {
                ok = false;
                continue;
            }
            if (pv.max < sv.min || pv.min > sv.max) {
                m_ctx.error(*value, "RP612",
                            vwhat + " expects " + describe(pv, sv) + ", but `" + sv.id +
                                "` always lies between " + std::to_string(sv.min) + " and " +
                                std::to_string(sv.max) + ", so this can never hold");
                ok = false;
                continue;
            }
            into.push_back(pv);
        }
        return ok;
    }

    bool read_essentials(const YNode* list, const std::string& what, std::vector<PlanRef>& into) {
        if (!list) return true;
        if (!detail::expect_sequence(*list, m_ctx, what)) return false;
        std::vector<std::string> ids;
        for (const auto& e : m_s.essentials)
            ids.push_back(e.id);
        bool ok = true;
        for (const auto& item : list->items) {
            auto id = detail::read_id(&item, m_ctx, what + " item");
            if (!id) {
                ok = false;
                continue;
            }
            auto it = std::find(ids.begin(), ids.end(), *id);
            if (it == ids.end()) {
                m_ctx.error(item, "RP611",
                            "no essential " + quote(*id) + " in the catalogue" +
                                did_you_mean(*id, ids) + " (docs/clinical-model.md lists them)");
                ok = false;
                continue;
            }
            into.push_back(PlanRef{static_cast<int>(it - ids.begin()), m_ctx.at(item)});
        }
        return ok;
    }

public:
    static std::string describe(const PlanValue& v, const StateVar& sv) {
        if (v.min == v.max) return std::to_string(v.min);
        if (v.min <= sv.min) return "at most " + std::to_string(v.max);
        if (v.max >= sv.max) return "at least " + std::to_string(v.min);
        return std::to_string(v.min) + " to " + std::to_string(v.max);
    }
};

TestPlanLoad parse_document(const detail::YDocument& doc, std::string_view bytes,
                            const std::string& path, std::shared_ptr<const Scenario> scenario,
                            Diagnostics diagnostics) {
    TestPlanLoad out;
    out.scenario = std::move(scenario);
    out.diagnostics = std::move(diagnostics);
    if (!doc.ok) return out;
    ReadContext ctx(path, bytes, out.diagnostics);
    PlanReader reader(ctx, *out.scenario);
    out.file = reader.read(doc.root);
    return out;
}

// The text of the root's `scenario:` key, if it is a plain scalar (checked later with the rest).
const YNode* scenario_key(const YNode& root) {
    if (!root.is_map()) return nullptr;
    for (const auto& e : root.entries)
        if (e.key.is_scalar() && e.key.value == "scenario" && e.value.is_scalar() &&
            !e.value.value.empty())
            return &e.value;
    return nullptr;
}

}  // namespace

bool is_test_plan_path(std::string_view path) {
    return ends_with(path, ".tests.yaml") || ends_with(path, ".tests.yml");
}

std::string scenario_path_for_plans(const std::string& plan_path) {
    if (ends_with(plan_path, ".tests.yaml"))
        return plan_path.substr(0, plan_path.size() - 11) + ".yaml";
    if (ends_with(plan_path, ".tests.yml"))
        return plan_path.substr(0, plan_path.size() - 10) + ".yml";
    return plan_path;
}

std::string plans_path_for_scenario(const std::string& scenario_path) {
    std::filesystem::path p(scenario_path);
    const std::string ext = p.extension().string();
    p.replace_extension();
    return p.string() + ".tests" + (ext.empty() ? std::string(".yaml") : ext);
}

TestPlanLoad parse_test_plans(std::string_view bytes, const std::string& path,
                              std::shared_ptr<const Scenario> scenario) {
    Diagnostics d;
    const auto doc = detail::parse_yaml(bytes, path, d);
    return parse_document(doc, bytes, path, std::move(scenario), std::move(d));
}

TestPlanLoad load_test_plans(const std::string& path, const SkillCatalogue& catalogue) {
    Diagnostics d;
    const auto bytes = read_file(path, d, max_plan_file_bytes);
    if (!bytes) return {std::nullopt, nullptr, std::move(d)};
    const auto doc = detail::parse_yaml(*bytes, path, d);
    if (!doc.ok) return {std::nullopt, nullptr, std::move(d)};
    std::string scenario_path = scenario_path_for_plans(path);
    SourceLocation where{path, 0, 0};
    if (const YNode* key = scenario_key(doc.root)) {
        scenario_path =
            (std::filesystem::path(path).parent_path() / key->value).lexically_normal().string();
        where = {path, key->line, key->column};
    }
    std::error_code ec;
    if (!std::filesystem::exists(scenario_path, ec)) {
        d.error("RP610", where,
                "the scenario this plan file tests, " + scenario_path +
                    ", does not exist: a plan file NAME.tests.yaml sits beside NAME.yaml, or "
                    "names it with `scenario:`");
        return {std::nullopt, nullptr, std::move(d)};
    }
    auto loaded = load_scenario(scenario_path, catalogue);
    for (const auto& x : loaded.diagnostics.all())
        if (x.severity == Severity::Error)
            d.add(x.severity, x.code, x.location, x.message).notes = x.notes;
    if (!loaded.scenario) {
        d.error("RP610", where,
                "the scenario this plan file tests, " + scenario_path +
                    ", has errors (above); fix them first (rapport validate " + scenario_path +
                    ")");
        return {std::nullopt, nullptr, std::move(d)};
    }
    return parse_document(doc, *bytes, path, loaded.scenario, std::move(d));
}

// ---------------------------------------------------------------------------------------------
// Running

namespace {

std::string response_id(const Scenario& s, int node, int r) {
    return s.nodes[static_cast<std::size_t>(node)].responses[static_cast<std::size_t>(r)].id;
}

std::string offered_ids(const Session& session) {
    std::vector<int> offered = session.offered();
    std::sort(offered.begin(), offered.end());
    std::vector<std::string> ids;
    for (int r : offered)
        ids.push_back(response_id(session.scenario(), session.state().node, r));
    return id_list(ids);
}

void check_values(const std::vector<PlanValue>& values, const Session& session,
                  const std::string& when, PlanResult& out) {
    const Scenario& s = session.scenario();
    for (const auto& v : values) {
        ++out.checks;
        const int actual = session.value(v.var);
        if (actual >= v.min && actual <= v.max) continue;
        const StateVar& sv = s.vars[static_cast<std::size_t>(v.var)];
        out.failures.error("RP622", v.location,
                           "`" + sv.id + "` is " + std::to_string(actual) + " " + when +
                               ", expected " + PlanReader::describe(v, sv));
    }
}

// 1-based turn at which essential `x` was first met, or 0.
std::size_t turn_met(const Session& session, int x) {
    const Scenario& s = session.scenario();
    const auto& turns = session.transcript();
    for (std::size_t t = 0; t < turns.size(); ++t) {
        const Response& r = s.nodes[static_cast<std::size_t>(turns[t].node)]
                                .responses[static_cast<std::size_t>(turns[t].response)];
        if (std::find(r.meets.begin(), r.meets.end(), x) != r.meets.end()) return t + 1;
    }
    return 0;
}

}  // namespace

PlanResult run_test_plan(const TestPlan& plan, const std::shared_ptr<const Scenario>& scenario) {
    const Scenario& s = *scenario;
    PlanResult out;
    out.name = plan.name;
    out.location = plan.location;
    Session session(scenario, 1);
    auto here = [&](const Session& ss) {
        return "after " + std::to_string(ss.transcript().size()) +
               (ss.transcript().size() == 1 ? " turn" : " turns");
    };
    bool completed = true;
    for (const PlanStep& step : plan.steps) {
        const std::string at_id = s.nodes[static_cast<std::size_t>(step.node.index)].id;
        ++out.checks;
        if (session.finished()) {
            out.failures.error("RP620", step.location,
                               "the session already ended at `" + session.ending()->id + "` " +
                                   here(session) + ", so it never reaches `" + at_id +
                                   "`; the rest of the plan is not played");
            completed = false;
            break;
        }
        if (session.state().node != step.node.index) {
            out.failures.error("RP620", step.node.location,
                               "the session is at `" + session.node().id + "` " + here(session) +
                                   ", not at `" + at_id + "`; the rest of the plan is not played");
            completed = false;
            break;
        }
        const std::vector<int> offered = session.offered();
        auto is_offered = [&](int r) {
            return std::find(offered.begin(), offered.end(), r) != offered.end();
        };
        for (const PlanRef& o : step.offered) {
            ++out.checks;
            if (!is_offered(o.index))
                out.failures.error("RP625", o.location,
                                   "`" + response_id(s, step.node.index, o.index) +
                                       "` is not offered at `" + at_id + "` " + here(session) +
                                       " (offered: " + offered_ids(session) + ")");
        }
        for (const PlanRef& o : step.not_offered) {
            ++out.checks;
            if (is_offered(o.index))
                out.failures.error("RP625", o.location,
                                   "`" + response_id(s, step.node.index, o.index) +
                                       "` is offered at `" + at_id + "` " + here(session) +
                                       ", and the plan says it must not be");
        }
        ++out.checks;
        if (!session.choose_response(step.response.index)) {
            out.failures.error("RP620", step.response.location,
                               "`" + response_id(s, step.node.index, step.response.index) +
                                   "` is not offered at `" + at_id + "` " + here(session) +
                                   " (offered: " + offered_ids(session) +
                                   "); the rest of the plan is not played");
            completed = false;
            break;
        }
        check_values(
            step.expect, session,
            "after `" + at_id + "` " + response_id(s, step.node.index, step.response.index), out);
    }
    if (completed) {
        if (plan.ending) {
            ++out.checks;
            const std::string want = s.endings[static_cast<std::size_t>(plan.ending->index)].id;
            if (!session.finished()) {
                out.failures.error("RP621", plan.ending->location,
                                   "the session has not ended: it is at `" + session.node().id +
                                       "` " + here(session) + ", expected the ending `" + want +
                                       "`");
            } else if (session.ending()->id != want) {
                out.failures.error("RP621", plan.ending->location,
                                   "the session ended at `" + session.ending()->id + "` " +
                                       here(session) + ", not at `" + want + "`");
            }
        }
        check_values(plan.values, session, "at the end of the plan", out);
        for (const PlanRef& x : plan.essentials_met) {
            ++out.checks;
            if (!essential_met(session.state(), x.index))
                out.failures.error("RP623", x.location,
                                   "the essential `" +
                                       s.essentials[static_cast<std::size_t>(x.index)].id +
                                       "` was never met in the plan's " +
                                       std::to_string(session.transcript().size()) + " turns");
        }
        for (const PlanRef& x : plan.essentials_not_met) {
            ++out.checks;
            if (essential_met(session.state(), x.index)) {
                const std::size_t t = turn_met(session, x.index);
                const auto& turn = session.transcript()[t ? t - 1 : 0];
                out.failures.error(
                    "RP623", x.location,
                    "the essential `" + s.essentials[static_cast<std::size_t>(x.index)].id +
                        "` was met" +
                        (t ? " at turn " + std::to_string(t) + " (`" +
                                 s.nodes[static_cast<std::size_t>(turn.node)].id + "` " +
                                 response_id(s, turn.node, turn.response) + ")"
                           : std::string()) +
                        ", and the plan says it is not");
            }
        }
        if (plan.red_flags) {
            // Where red flags were raised: (node, turn, response).
            struct Raised {
                int node;
                std::size_t turn;
                int response;
                bool listed = false;
            };
            std::vector<Raised> raised;
            const auto& turns = session.transcript();
            for (std::size_t t = 0; t < turns.size(); ++t)
                if (!s.nodes[static_cast<std::size_t>(turns[t].node)]
                         .responses[static_cast<std::size_t>(turns[t].response)]
                         .red_flag.empty())
                    raised.push_back({turns[t].node, t + 1, turns[t].response});
            for (const PlanRef& n : *plan.red_flags) {
                ++out.checks;
                bool found = false;
                for (auto& r : raised)
                    if (r.node == n.index && !r.listed) {
                        r.listed = found = true;
                        break;
                    }
                if (!found)
                    out.failures.error("RP624", n.location,
                                       "no red flag was raised at `" +
                                           s.nodes[static_cast<std::size_t>(n.index)].id + "`");
            }
            ++out.checks;
            for (const auto& r : raised)
                if (!r.listed)
                    out.failures.error("RP624", plan.red_flags_location,
                                       "a red flag was raised at `" +
                                           s.nodes[static_cast<std::size_t>(r.node)].id +
                                           "` (turn " + std::to_string(r.turn) + ", " +
                                           response_id(s, r.node, r.response) +
                                           ") that `red_flags` does not list");
        }
    }
    out.session = std::move(session);
    return out;
}

std::vector<PlanResult> run_test_plans(const TestPlanFile& file,
                                       const std::shared_ptr<const Scenario>& scenario) {
    std::vector<PlanResult> out;
    out.reserve(file.plans.size());
    for (const auto& plan : file.plans)
        out.push_back(run_test_plan(plan, scenario));
    return out;
}

}  // namespace rapport
