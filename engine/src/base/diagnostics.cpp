// Rendering and bookkeeping for diagnostics (see diagnostics.hpp).
#include "rapport/diagnostics.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "rapport/escape.hpp"

namespace rapport {

Diagnostic& Diagnostics::add(Severity severity, std::string code, SourceLocation location,
                             std::string message) {
    m_items.push_back(
        Diagnostic{severity, std::move(code), std::move(message), std::move(location), {}});
    return m_items.back();
}

void Diagnostics::append(const Diagnostics& other) {
    m_items.insert(m_items.end(), other.m_items.begin(), other.m_items.end());
}

std::size_t Diagnostics::error_count() const {
    return static_cast<std::size_t>(
        std::count_if(m_items.begin(), m_items.end(),
                      [](const Diagnostic& d) { return d.severity == Severity::Error; }));
}

std::size_t Diagnostics::warning_count() const {
    return static_cast<std::size_t>(
        std::count_if(m_items.begin(), m_items.end(),
                      [](const Diagnostic& d) { return d.severity == Severity::Warning; }));
}

void Diagnostics::sort_by_location() {
    std::stable_sort(m_items.begin(), m_items.end(), [](const Diagnostic& a, const Diagnostic& b) {
        if (a.location.file != b.location.file) return a.location.file < b.location.file;
        if (a.location.line != b.location.line) return a.location.line < b.location.line;
        return a.location.column < b.location.column;
    });
}

std::string_view severity_name(Severity severity) {
    switch (severity) {
        case Severity::Note:
            return "note";
        case Severity::Warning:
            return "warning";
        case Severity::Error:
            return "error";
    }
    return "error";
}

namespace {
std::string format_one(const Diagnostic& d) {
    std::string out = d.location.file;
    if (d.location.line > 0) {
        out += ':' + std::to_string(d.location.line);
        if (d.location.column > 0) out += ':' + std::to_string(d.location.column);
    }
    out += ": ";
    out += severity_name(d.severity);
    out += ": ";
    out += terminal_safe(d.message);  // messages quote files; this text goes to terminals
    if (!d.code.empty()) out += " [" + d.code + "]";
    out += '\n';
    return out;
}

nlohmann::json to_json(const Diagnostic& d) {
    nlohmann::json j{{"file", d.location.file},
                     {"line", d.location.line},
                     {"column", d.location.column},
                     {"severity", severity_name(d.severity)},
                     {"code", d.code},
                     {"message", d.message}};
    nlohmann::json notes = nlohmann::json::array();
    for (const auto& n : d.notes)
        notes.push_back(to_json(n));
    j["notes"] = std::move(notes);
    return j;
}
}  // namespace

std::string format_diagnostic(const Diagnostic& diagnostic) {
    std::string out = format_one(diagnostic);
    for (const auto& note : diagnostic.notes)
        out += format_one(note);
    return out;
}

std::string format_diagnostics(const Diagnostics& diagnostics) {
    std::string out;
    for (const auto& d : diagnostics.all())
        out += format_diagnostic(d);
    return out;
}

std::string diagnostics_to_json(const Diagnostics& diagnostics, int indent) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& d : diagnostics.all())
        arr.push_back(to_json(d));
    // Replace invalid UTF-8 rather than throw: messages may quote a broken file.
    return arr.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace rapport
