// Builds the positioned YAML tree from yaml-cpp events (see yaml_tree.hpp). This file and
// yaml_tree.hpp are the only places that know yaml-cpp exists.
#include "language/yaml_tree.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <sstream>
#include <unordered_map>

#include "base/text.hpp"

namespace rapport::detail {

namespace {

struct AliasLimitReached {
    YAML::Mark mark;
};

// Cost of copying a subtree: one unit per node plus one per 64 bytes of text, so that aliasing a
// long string a million times is as expensive as aliasing a million nodes.
std::size_t subtree_size(const YNode& n) {
    std::size_t size = 1 + (n.value.size() + n.tag.size()) / 64;
    for (const auto& item : n.items)
        size += subtree_size(item);
    for (const auto& e : n.entries)
        size += subtree_size(e.key) + subtree_size(e.value);
    return size;
}

class TreeBuilder final : public YAML::EventHandler {
public:
    explicit TreeBuilder(std::size_t max_alias_nodes) : m_alias_budget(max_alias_nodes) {}

    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        YNode n = make(YNode::Kind::Null, mark);
        finish(std::move(n), anchor);
    }

    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        auto it = m_anchors.find(anchor);
        if (it == m_anchors.end()) {
            finish(make(YNode::Kind::Null, mark), 0);
            return;
        }
        if (it->second.size > m_alias_budget) throw AliasLimitReached{mark};
        m_alias_budget -= it->second.size;
        YNode copy = it->second.node;
        copy.line = mark.line + 1;
        copy.column = mark.column + 1;
        finish(std::move(copy), 0);
    }

    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  const std::string& value) override {
        YNode n = make(YNode::Kind::Scalar, mark);
        n.value = value;
        n.quoted = (tag == "!");
        if (!tag.empty() && tag != "!" && tag != "?") n.tag = tag;
        finish(std::move(n), anchor);
    }

    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        m_stack.push_back(Frame{make(YNode::Kind::Sequence, mark), anchor, false, {}});
    }
    void OnSequenceEnd() override { close(); }

    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override {
        m_stack.push_back(Frame{make(YNode::Kind::Map, mark), anchor, false, {}});
    }
    void OnMapEnd() override { close(); }

    YNode take_root() { return std::move(m_root); }

private:
    struct Frame {
        YNode node;
        YAML::anchor_t anchor;
        bool have_key;
        YNode key;
    };
    struct Anchored {
        YNode node;
        std::size_t size;
    };

    static YNode make(YNode::Kind kind, const YAML::Mark& mark) {
        YNode n;
        n.kind = kind;
        n.line = static_cast<std::uint32_t>(mark.line + 1);
        n.column = static_cast<std::uint32_t>(mark.column + 1);
        return n;
    }

    void close() {
        Frame f = std::move(m_stack.back());
        m_stack.pop_back();
        finish(std::move(f.node), f.anchor);
    }

    void finish(YNode n, YAML::anchor_t anchor) {
        if (anchor != 0) {
            const std::size_t size = subtree_size(n);
            m_anchors[anchor] = Anchored{n, size};
        }
        if (m_stack.empty()) {
            m_root = std::move(n);
            return;
        }
        Frame& top = m_stack.back();
        if (top.node.kind == YNode::Kind::Sequence) {
            top.node.items.push_back(std::move(n));
        } else if (!top.have_key) {
            top.key = std::move(n);
            top.have_key = true;
        } else {
            top.node.entries.push_back(YEntry{std::move(top.key), std::move(n)});
            top.key = YNode{};
            top.have_key = false;
        }
    }

    std::vector<Frame> m_stack;
    std::unordered_map<YAML::anchor_t, Anchored> m_anchors;
    std::size_t m_alias_budget;
    YNode m_root;
};

class DocumentCounter final : public YAML::EventHandler {
public:
    void OnDocumentStart(const YAML::Mark& mark) override { start = mark; }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  const std::string&) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                         YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                    YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}
    YAML::Mark start;
};

SourceLocation at(const std::string& path, const YAML::Mark& mark) {
    if (mark.is_null()) return {path, 0, 0};
    return {path, static_cast<std::uint32_t>(mark.line + 1),
            static_cast<std::uint32_t>(mark.column + 1)};
}

std::string tidy_message(std::string msg) {
    // yaml-cpp's messages are lower-case fragments already; keep them, minus a trailing period.
    while (!msg.empty() && (msg.back() == '.' || msg.back() == ' '))
        msg.pop_back();
    return msg;
}

// The commonest cause of a baffling YAML error is a tab in the indentation: point at the first one.
void note_first_indent_tab(Diagnostic& d, std::string_view bytes, const std::string& path) {
    std::size_t line_start = 0;
    for (std::uint32_t line = 1; line_start < bytes.size(); ++line) {
        for (std::size_t i = line_start; i < bytes.size() && (bytes[i] == ' ' || bytes[i] == '\t');
             ++i) {
            if (bytes[i] == '\t') {
                d.notes.push_back(
                    Diagnostic{Severity::Note,
                               "",
                               "a tab indents this line; YAML indents with spaces only",
                               {path, line, static_cast<std::uint32_t>(i - line_start + 1)},
                               {}});
                return;
            }
        }
        const std::size_t next = bytes.find('\n', line_start);
        if (next == std::string_view::npos) return;
        line_start = next + 1;
    }
}

std::string_view line_at(std::string_view bytes, std::size_t pos) {
    const std::size_t start = bytes.rfind('\n', pos == 0 ? 0 : pos - 1);
    const std::size_t from = (start == std::string_view::npos || pos == 0) ? 0 : start + 1;
    const std::size_t end = bytes.find('\n', pos);
    return bytes.substr(from, (end == std::string_view::npos ? bytes.size() : end) - from);
}

// A quoted value that was never closed: found by a light scan of the source for values that open
// with a quote (after `key: `, `- `, `[`, `{` or `,`), following each to its closing quote. Such a
// value is taken to be unclosed when it runs to the end of the file, or when a line it swallowed
// looks like a key. Block scalars (`|`, `>`) and comments are skipped.
struct UnclosedQuote {
    std::size_t open = 0;       // offset of the opening quote
    std::size_t swallow = 0;    // offset of the first swallowed key line (or the end)
    std::string swallowed_key;  // that line's key, empty at the end of the file
};

std::optional<UnclosedQuote> find_unclosed_quote(std::string_view b) {
    std::size_t pos = 0;
    std::size_t block_indent = std::string_view::npos;  // inside a block scalar deeper than this
    while (pos < b.size()) {
        const std::size_t eol = std::min(b.find('\n', pos), b.size());
        const std::string_view line = b.substr(pos, eol - pos);
        const std::size_t indent = line.find_first_not_of(' ');
        if (block_indent != std::string_view::npos) {
            if (indent == std::string_view::npos || indent > block_indent) {
                pos = eol + 1;
                continue;
            }
            block_indent = std::string_view::npos;
        }
        if (indent == std::string_view::npos || line[indent] == '#') {
            pos = eol + 1;
            continue;
        }
        // Walk the line; at each value start see what opens there.
        bool value_start = true;
        std::size_t i = pos + indent;
        std::size_t next_line = eol + 1;
        while (i < eol) {
            const char c = b[i];
            if (value_start && (c == '"' || c == '\'')) {
                // Follow the quoted value to its end, over lines.
                std::size_t j = i + 1;
                std::optional<std::size_t> first_key_line;
                std::string key;
                bool closed = false;
                while (j < b.size()) {
                    if (b[j] == '\\' && c == '"') {
                        j += 2;
                        continue;
                    }
                    if (b[j] == c) {
                        if (c == '\'' && j + 1 < b.size() && b[j + 1] == '\'') {
                            j += 2;
                            continue;
                        }
                        closed = true;
                        break;
                    }
                    if (b[j] == '\n' && !first_key_line) {
                        const std::string_view next = line_at(b, j + 1);
                        if (auto k = key_on_line(next)) {
                            first_key_line = j + 1;
                            key = *k;
                        }
                    }
                    ++j;
                }
                if (!closed) return UnclosedQuote{i, first_key_line.value_or(b.size()), key};
                if (first_key_line) return UnclosedQuote{i, *first_key_line, key};
                i = j + 1;
                value_start = false;
                if (i > eol) {
                    // The value closed on a later line: go on after that line.
                    next_line = std::min(b.find('\n', i), b.size()) + 1;
                    break;
                }
                continue;
            }
            if (c == '#' && (i == pos || b[i - 1] == ' ')) break;  // comment to end of line
            if (value_start && (c == '|' || c == '>')) {
                // The block is the lines indented more than its key (after any `- `).
                std::size_t key_col = indent;
                if (line.substr(indent, 2) == "- ")
                    key_col = std::min(line.find_first_not_of(' ', indent + 2), line.size());
                block_indent = key_col;
                break;
            }
            if (c == ' ') {
                ++i;
                continue;
            }
            if ((c == ':' || c == '-') && i + 1 <= eol && (i + 1 == eol || b[i + 1] == ' ')) {
                value_start = true;
                ++i;
                continue;
            }
            if (c == '[' || c == '{' || c == ',') {
                value_start = true;
                ++i;
                continue;
            }
            value_start = false;
            ++i;
        }
        pos = next_line;
    }
    return std::nullopt;
}

struct LineInfo {
    std::size_t start = 0;
    std::string_view text;
    std::size_t indent = 0;      // spaces before the first character
    std::size_t key_column = 0;  // 0-based column of the key, after any `- `
    std::optional<std::string> key;
};

std::size_t line_number(std::string_view b, std::size_t offset) {
    return 1 + static_cast<std::size_t>(
                   std::count(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

LineInfo line_info(std::string_view b, std::size_t start) {
    LineInfo li;
    li.start = start;
    li.text = line_at(b, start);
    li.indent = std::min(li.text.find_first_not_of(' '), li.text.size());
    li.key_column = li.indent;
    if (li.text.substr(li.indent, 2) == "- ")
        li.key_column = std::min(li.text.find_first_not_of(' ', li.indent + 2), li.text.size());
    li.key = key_on_line(li.text);
    return li;
}

// Where a layout error most likely comes from, seen from the line yaml-cpp stopped on (1-based):
// a key moved left out of its list or mapping, or a line indented under one that opens nothing.
std::optional<std::string> layout_cause(std::string_view b, std::uint32_t line) {
    std::vector<LineInfo> above;  // non-blank, non-comment lines above `line`, nearest last
    std::size_t pos = 0;
    std::optional<LineInfo> here;
    for (std::uint32_t n = 1; pos <= b.size(); ++n) {
        LineInfo li = line_info(b, pos);
        const bool blank = li.indent >= li.text.size() || li.text[li.indent] == '#';
        if (n == line) {
            if (!blank) here = li;
            break;
        }
        if (!blank) above.push_back(li);
        const std::size_t eol = b.find('\n', pos);
        if (eol == std::string_view::npos) break;
        pos = eol + 1;
    }
    if (!here || !here->key || above.empty()) return std::nullopt;
    const LineInfo& prev = above.back();
    if (here->key_column != here->indent) {
        // A list item: compare it with the nearest item above it in the same list.
        for (auto it = above.rbegin(); it != above.rend(); ++it) {
            if (it->key_column == it->indent) {
                if (it->indent + 2 < here->indent) break;  // a key of an enclosing mapping
                continue;
            }
            if (it->indent == here->indent) return std::nullopt;
            if (it->indent + 4 < here->indent || here->indent + 4 < it->indent) break;
            return "this list item (`- " + *here->key + ":`) starts at column " +
                   std::to_string(here->indent + 1) + ", but the item above it (line " +
                   std::to_string(line_number(b, it->start)) + ") starts at column " +
                   std::to_string(it->indent + 1) +
                   "; items of one list start at exactly the same column";
        }
    }
    const std::string key = "`" + *here->key + "`";
    if (here->indent < prev.key_column) {
        // Is there a key above at exactly this column, in the same block? Then the layout is fine.
        for (auto it = above.rbegin(); it != above.rend(); ++it) {
            if (it->key_column == here->key_column && it->key) return std::nullopt;
            if (it->indent < here->indent) break;
        }
        return key + " is indented less than the keys above it (column " +
               std::to_string(prev.key_column + 1) + ") but not as far as any of them: it has " +
               "moved out of the list or mapping it belongs to; line it up with the keys of the " +
               "item it is part of";
    }
    if (here->indent > prev.key_column) {
        const std::string_view t = prev.text;
        const std::size_t end = t.find_last_not_of(" \r");
        const bool opens = end != std::string_view::npos && t[end] == ':';
        if (!opens)
            return key + " is indented more than the line above it, which opens nothing (it " +
                   "does not end with `:`); line it up with the keys above it (column " +
                   std::to_string(prev.key_column + 1) + ")";
    }
    return std::nullopt;
}

// Every message yaml-cpp's parser can give, in plain words, with the usual causes. yaml-cpp's own
// wording is kept after it, in brackets, for anyone searching the web for it.
struct Explained {
    std::string_view yaml_cpp;  // the start of yaml-cpp's message (some have a suffix)
    std::string_view plain;
    std::string_view causes;
};

constexpr Explained explained[] = {
    {"end of map not found", "this line does not line up with the keys above it",
     "a line indented more or less than the lines around it; a key moved out of the list or "
     "mapping it belongs to; a tab used for indenting; a quote opened and never closed a few lines "
     "above"},
    {"end of map flow not found", "a `{` is never closed by its `}`",
     "a missing `}`, as in `effects: {trust: 5`; a missing comma between two entries"},
    {"end of sequence not found", "this line does not line up with the list items above it",
     "a list item (`- `) indented more or less than the items before it; a tab used for "
     "indenting"},
    {"end of sequence flow not found", "a `[` is never closed by its `]`",
     "a missing `]`, as in `tags: [anxiety, students`; a missing comma between two items"},
    {"illegal map value", "a `: ` appears where no key can start",
     "a colon followed by a space inside text that is not in quotes (put the text in double "
     "quotes); two keys on one line"},
    {"illegal map key", "a key (`? `) appears where none can start",
     "a line that starts with `? `; put such text in quotes"},
    {"illegal block entry", "a list item (`- `) appears where no list can start",
     "a `- ` item indented differently from the items before it; a `- ` after text on the same "
     "line as a key"},
    {"illegal flow end", "a `]` or `}` closes nothing",
     "one `]` or `}` too many; text that starts with `]` or `}` and is not in quotes"},
    {"illegal EOF in scalar", "the file ends inside a value",
     "a quote opened and never closed; a `[` or `{` never closed"},
    {"illegal character in scalar", "a character that cannot start or stand in unquoted text",
     "text starting with `@` or `` ` ``, or holding a tab character; put the text in double "
     "quotes"},
    {"illegal document indicator in scalar", "a line `---` or `...` inside a value",
     "a line that starts with three dashes or three dots inside quoted text; indent it or "
     "rephrase"},
    {"illegal tab when looking for indentation", "a tab is used for indenting",
     "YAML indents with spaces only; replace the tabs with spaces"},
    {"unknown token", "something here cannot start anything in YAML",
     "text starting with `%`, `@` or `` ` `` that is not in quotes"},
    {"unknown escape character", "an unknown `\\` escape inside double quotes",
     "a backslash in double-quoted text: write `\\\\`, or use single quotes"},
    {"bad character found while scanning hex number", "a `\\x`, `\\u` or `\\U` escape is not hex",
     "a backslash followed by x or u inside double quotes; write `\\\\` for a backslash"},
    {"invalid unicode", "a `\\u` escape names no character",
     "a backslash followed by u inside double quotes; write `\\\\` for a backslash"},
    {"invalid character in single-quoted string",
     "a character that cannot stand inside single quotes", "a control character; retype the text"},
    {"unexpected character in block scalar", "text on the line of a `|` or `>` block indicator",
     "the block's text must start on the next line, indented; a comment there needs a space "
     "before `#`"},
    {"cannot set zero indentation for a block scalar", "`|0` or `>0` is not allowed",
     "remove the digit after `|` or `>`"},
    {"alias not found after *", "a `*` with no name after it",
     "text starting with `*` that is not in quotes: put it in quotes"},
    {"anchor not found after &", "a `&` with no name after it",
     "text starting with `&` that is not in quotes: put it in quotes"},
    {"illegal character found while scanning alias", "a `*` name holds a character it cannot",
     "text starting with `*` that is not in quotes: put it in quotes"},
    {"illegal character found while scanning anchor", "a `&` name holds a character it cannot",
     "text starting with `&` that is not in quotes: put it in quotes"},
    {"the referenced anchor is not defined", "a `*name` refers to no `&name` above it",
     "text starting with `*` that is not in quotes; an anchor defined after it is used"},
    {"cannot assign multiple tags to the same node", "two `!` tags on one value",
     "text starting with `!` that is not in quotes: put it in quotes"},
    {"cannot assign multiple anchors to the same node", "two `&` anchors on one value",
     "text starting with `&` that is not in quotes: put it in quotes"},
    {"cannot assign multiple aliases to the same node", "two `*` aliases on one value",
     "text starting with `*` that is not in quotes: put it in quotes"},
    {"aliases can't have any content", "a `*name` alias followed by more text or a tag",
     "text starting with `*` that is not in quotes: put it in quotes"},
    {"illegal character found while scanning tag handle", "a `!` tag holds a character it cannot",
     "text starting with `!` that is not in quotes: put it in quotes"},
    {"tag handle with no suffix", "a `!` tag with no name", "text starting with `!`: quote it"},
    {"end of verbatim tag not found", "a `!<` tag is never closed by `>`",
     "text starting with `!<`: quote it"},
    {"YAML directives must have exactly one argument", "a `%YAML` line is malformed",
     "a line starting with `%`: remove it, or indent and quote it"},
    {"bad YAML version", "a `%YAML` line names an unknown version", "remove the `%YAML` line"},
    {"YAML major version too large", "a `%YAML` line names an unknown version",
     "remove the `%YAML` line"},
    {"repeated YAML directive", "two `%YAML` lines", "remove the `%YAML` lines"},
    {"TAG directives must have exactly two arguments", "a `%TAG` line is malformed",
     "a line starting with `%`: remove it"},
    {"repeated TAG directive", "two `%TAG` lines for one handle", "remove the `%TAG` lines"},
    {"invalid anchor", "an anchor name is not allowed here", "text starting with `&`: quote it"},
    {"invalid alias", "an alias is not allowed here", "text starting with `*`: quote it"},
    {"invalid tag", "a tag is not allowed here", "text starting with `!`: quote it"},
};

}  // namespace

// The plain explanation and usual causes of one of yaml-cpp's messages, or nothing for one not in
// the table (the message is then shown as yaml-cpp wrote it).
std::optional<std::pair<std::string, std::string>> explain_yaml_message(std::string_view msg) {
    for (const auto& e : explained)
        if (msg.substr(0, e.yaml_cpp.size()) == e.yaml_cpp)
            return std::pair{std::string(e.plain), std::string(e.causes)};
    return std::nullopt;
}

namespace {

bool has_quoted_scalar_at(const YNode& n, std::uint32_t line, std::uint32_t column) {
    if (n.is_scalar() && n.quoted && n.line == line && n.column == column) return true;
    for (const auto& item : n.items)
        if (has_quoted_scalar_at(item, line, column)) return true;
    for (const auto& e : n.entries)
        if (has_quoted_scalar_at(e.key, line, column) ||
            has_quoted_scalar_at(e.value, line, column))
            return true;
    return false;
}

Diagnostic& report_unclosed_quote(const UnclosedQuote& q, std::string_view bytes,
                                  const std::string& path, Diagnostics& diagnostics) {
    const auto lc = line_column_at(bytes, q.open);
    const char c = bytes[q.open];
    const std::string mark = c == '"' ? "`\"`" : "`'`";
    std::string msg = "unclosed quote: the text that opens with " + mark + " here is never closed";
    if (!q.swallowed_key.empty()) {
        const auto at_key = line_column_at(bytes, q.swallow);
        msg += ", so it runs on over line " + std::to_string(at_key.line) + " (`" +
               q.swallowed_key + ":`), which becomes part of the text";
    } else {
        msg += ", so it runs on to the end of the file";
    }
    msg += "; add the closing " + mark + " at the end of the text";
    return diagnostics.error("RP010", {path, lc.line, lc.column}, msg);
}

void report_syntax_error(const YAML::Exception& e, std::string_view bytes, const std::string& path,
                         Diagnostics& diagnostics) {
    const std::string raw = tidy_message(e.msg);
    const auto plain = explain_yaml_message(raw);
    std::string msg = "YAML syntax error: ";
    msg += plain ? plain->first + " (the YAML reader says: " + raw + ")" : raw;
    Diagnostic& d = diagnostics.error("RP006", at(path, e.mark), msg);
    const std::optional<std::string> cause =
        e.mark.is_null() ? std::nullopt
                         : layout_cause(bytes, static_cast<std::uint32_t>(e.mark.line + 1));
    if (cause)
        d.notes.push_back(
            Diagnostic{Severity::Note, "", "likely cause: " + *cause, at(path, e.mark), {}});
    else if (plain)
        d.notes.push_back(
            Diagnostic{Severity::Note, "", "usual causes: " + plain->second, at(path, e.mark), {}});
    note_first_indent_tab(d, bytes, path);
}

}  // namespace

// Does `line` look like a YAML key line (`  key:` or `  - key: ...`)? Used to tell that a quote or
// a block swallowed lines that were meant as keys.
std::optional<std::string> key_on_line(std::string_view line) {
    std::size_t i = line.find_first_not_of(' ');
    if (i == std::string_view::npos) return std::nullopt;
    if (line.substr(i, 2) == "- ") i = line.find_first_not_of(' ', i + 2);
    if (i == std::string_view::npos) return std::nullopt;
    const std::size_t start = i;
    while (i < line.size() &&
           (std::isalnum(static_cast<unsigned char>(line[i])) || line[i] == '_' || line[i] == '-'))
        ++i;
    if (i == start || !std::isalpha(static_cast<unsigned char>(line[start]))) return std::nullopt;
    if (i >= line.size() || line[i] != ':') return std::nullopt;
    if (i + 1 < line.size() && line[i + 1] != ' ' && line[i + 1] != '\r') return std::nullopt;
    return std::string(line.substr(start, i - start));
}

std::string_view kind_name(const YNode& node) {
    switch (node.kind) {
        case YNode::Kind::Null:
            return "nothing";
        case YNode::Kind::Scalar:
            return "a single value";
        case YNode::Kind::Sequence:
            return "a list";
        case YNode::Kind::Map:
            return "a mapping";
    }
    return "a value";
}

YDocument parse_yaml(std::string_view bytes, const std::string& path, Diagnostics& diagnostics,
                     const ParseLimits& limits) {
    YDocument doc;
    if (bytes.size() > limits.max_bytes) {
        diagnostics.error("RP005", {path, 0, 0},
                          "file is " + std::to_string(bytes.size() >> 20) +
                              " MiB, larger than the " + std::to_string(limits.max_bytes >> 20) +
                              " MiB limit");
        return doc;
    }
    if (const auto nul = bytes.find('\0'); nul != std::string_view::npos) {
        // UTF-16 and UTF-32 files also contain NUL bytes; either way it is not a UTF-8 text file.
        const auto lc = line_column_at(bytes, nul);
        diagnostics.error("RP003", {path, lc.line, lc.column},
                          "not a text file: contains a NUL byte (scenario files are UTF-8 text)");
        return doc;
    }
    if (const auto bad = find_invalid_utf8(bytes)) {
        const auto lc = line_column_at(bytes, *bad);
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(bytes[*bad]));
        diagnostics.error("RP004", {path, lc.line, lc.column},
                          std::string("invalid UTF-8: byte ") + hex +
                              " does not start or continue a character (save the file as UTF-8)");
        return doc;
    }

    std::istringstream in{std::string(bytes)};
    try {
        YAML::Parser parser(in);
        TreeBuilder builder(limits.max_alias_nodes);
        if (!parser.HandleNextDocument(builder)) {
            diagnostics.error("RP002", {path, 0, 0}, "file is empty: it holds no YAML document");
            return doc;
        }
        doc.root = builder.take_root();
        DocumentCounter counter;
        if (parser.HandleNextDocument(counter)) {
            diagnostics.error("RP009", at(path, counter.start),
                              "a second YAML document starts here; a file holds one document");
            return doc;
        }
        // A quote left open can also swallow text up to a later quote and parse; the swallowed
        // keys would then be reported missing. Name the quote instead.
        if (auto open = find_unclosed_quote(bytes)) {
            const auto lc = line_column_at(bytes, open->open);
            if (has_quoted_scalar_at(doc.root, lc.line, lc.column)) {
                report_unclosed_quote(*open, bytes, path, diagnostics);
                return YDocument{};
            }
        }
        doc.ok = true;
    } catch (const AliasLimitReached& e) {
        diagnostics.error(
            "RP008", at(path, e.mark),
            "alias expansion exceeds its limit (" + std::to_string(limits.max_alias_nodes) +
                " nodes, or as much text); write the content out instead of aliasing it");
    } catch (const YAML::DeepRecursion& e) {
        diagnostics.error("RP007", at(path, e.mark),
                          "nesting is too deep (more than 2000 levels); the YAML cannot be read");
    } catch (const YAML::Exception& e) {
        // An unclosed quote is the commonest cause of a misplaced error: name it at its quote.
        if (auto open = find_unclosed_quote(bytes)) {
            report_unclosed_quote(*open, bytes, path, diagnostics)
                .notes.push_back(Diagnostic{Severity::Note,
                                            "",
                                            "the YAML reader stopped here: " + tidy_message(e.msg),
                                            at(path, e.mark),
                                            {}});
        } else {
            report_syntax_error(e, bytes, path, diagnostics);
        }
    } catch (const std::bad_alloc&) {
        diagnostics.error("RP005", {path, 0, 0},
                          "file needs more memory than is available to read");
    }
    if (!doc.ok) doc.root = YNode{};
    return doc;
}

}  // namespace rapport::detail
