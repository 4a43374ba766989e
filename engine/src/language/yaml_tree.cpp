// Builds the positioned YAML tree from yaml-cpp events (see yaml_tree.hpp). This file and
// yaml_tree.hpp are the only places that know yaml-cpp exists.
#include "language/yaml_tree.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

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

}  // namespace

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
        doc.ok = true;
    } catch (const AliasLimitReached& e) {
        diagnostics.error(
            "RP008", at(path, e.mark),
            "alias expansion exceeds its limit (" + std::to_string(limits.max_alias_nodes) +
                " nodes, or as much text); write the content out instead of aliasing it");
    } catch (const YAML::DeepRecursion& e) {
        diagnostics.error("RP007", at(path, e.mark),
                          "nesting is too deep (more than 2000 levels); the YAML cannot be read");
    } catch (const YAML::ParserException& e) {
        note_first_indent_tab(diagnostics.error("RP006", at(path, e.mark),
                                                "YAML syntax error: " + tidy_message(e.msg)),
                              bytes, path);
    } catch (const YAML::Exception& e) {
        note_first_indent_tab(
            diagnostics.error("RP006", at(path, e.mark), "YAML error: " + tidy_message(e.msg)),
            bytes, path);
    } catch (const std::bad_alloc&) {
        diagnostics.error("RP005", {path, 0, 0},
                          "file needs more memory than is available to read");
    }
    if (!doc.ok) doc.root = YNode{};
    return doc;
}

}  // namespace rapport::detail
