// Diagnostics as data: every problem found in a scenario, drill bank or session file is a
// Diagnostic with a stable code and a 1-based position; one function renders them (GNU format).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rapport {

enum class Severity : std::uint8_t { Note, Warning, Error };

struct SourceLocation {
    std::string file;          // path as given by the caller
    std::uint32_t line = 0;    // 1-based; 0 means "the whole file"
    std::uint32_t column = 0;  // 1-based byte column; 0 means "the whole line"
};

struct Diagnostic {
    Severity severity = Severity::Error;
    std::string code;     // stable, e.g. "RP101"; documented in docs/diagnostics.md
    std::string message;  // one sentence, no trailing period, no position
    SourceLocation location;
    std::vector<Diagnostic> notes;  // follow-up notes, rendered after the diagnostic
};

// Collects diagnostics in the order found.
class Diagnostics {
public:
    Diagnostic& add(Severity severity, std::string code, SourceLocation location,
                    std::string message);
    Diagnostic& error(std::string code, SourceLocation location, std::string message) {
        return add(Severity::Error, std::move(code), std::move(location), std::move(message));
    }
    Diagnostic& warning(std::string code, SourceLocation location, std::string message) {
        return add(Severity::Warning, std::move(code), std::move(location), std::move(message));
    }
    void append(const Diagnostics& other);

    [[nodiscard]] const std::vector<Diagnostic>& all() const { return m_items; }
    [[nodiscard]] std::size_t error_count() const;
    [[nodiscard]] std::size_t warning_count() const;
    [[nodiscard]] bool has_errors() const { return error_count() > 0; }
    [[nodiscard]] bool empty() const { return m_items.empty(); }

    // Stable order for output: by file, line, column, then order found.
    void sort_by_location();

private:
    std::vector<Diagnostic> m_items;
};

[[nodiscard]] std::string_view severity_name(Severity severity);

// "file:line:col: error: message [code]" followed by its notes, one per line, each ending in '\n'.
[[nodiscard]] std::string format_diagnostic(const Diagnostic& diagnostic);
[[nodiscard]] std::string format_diagnostics(const Diagnostics& diagnostics);

// JSON array of {file, line, column, severity, code, message, notes}.
[[nodiscard]] std::string diagnostics_to_json(const Diagnostics& diagnostics, int indent = 2);

}  // namespace rapport
