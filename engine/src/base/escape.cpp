// Escaping untrusted text for terminals, CSV, DOT, Markdown and HTML (see escape.hpp).
#include "rapport/escape.hpp"

#include <cstdint>

#include "base/text.hpp"

namespace rapport {

namespace {

bool is_control(unsigned char c) {
    return c < 0x20 || c == 0x7F;
}

// The HTML entity for a character that HTML (and Markdown, which passes HTML through) reads as
// markup; null for any other.
const char* html_entity(char c) {
    switch (c) {
        case '&':
            return "&amp;";
        case '<':
            return "&lt;";
        case '>':
            return "&gt;";
        case '"':
            return "&quot;";
        default:
            return nullptr;
    }
}

}  // namespace

std::string terminal_safe(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == 0x1B) {  // an escape sequence: drop all of it
            ++i;
            if (i >= s.size()) break;
            const char kind = s[i++];
            if (kind == '[') {  // CSI: parameters and intermediates, then one final byte
                while (i < s.size() && static_cast<unsigned char>(s[i]) >= 0x20 &&
                       static_cast<unsigned char>(s[i]) <= 0x3F)
                    ++i;
                while (i < s.size() && static_cast<unsigned char>(s[i]) >= 0x20 &&
                       static_cast<unsigned char>(s[i]) <= 0x2F)
                    ++i;
                if (i < s.size() && static_cast<unsigned char>(s[i]) >= 0x40 &&
                    static_cast<unsigned char>(s[i]) <= 0x7E)
                    ++i;
            } else if (kind == ']' || kind == 'P' || kind == '_' || kind == '^' || kind == 'X') {
                // OSC, DCS, APC, PM, SOS: a string up to BEL or ESC backslash
                while (i < s.size() && s[i] != '\a' && s[i] != '\x1B')
                    ++i;
                if (i < s.size() && s[i] == '\a') ++i;
                if (i + 1 < s.size() && s[i] == '\x1B' && s[i + 1] == '\\') i += 2;
            }
            continue;
        }
        if (c < 0x80) {
            if (!is_control(c) || c == '\n' || c == '\t') out += static_cast<char>(c);
            ++i;
            continue;
        }
        std::uint32_t cp = 0;
        const std::size_t len = detail::utf8_sequence_at(s, i, cp);
        if (len == 0) {
            out += "\xEF\xBF\xBD";  // U+FFFD for a byte that is not UTF-8
            ++i;
            continue;
        }
        // C1 controls (U+0080-U+009F, which include the one-character CSI) and the bidirectional
        // overrides and isolates, which reorder what the terminal shows.
        const bool dropped = (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
                             (cp >= 0x2066 && cp <= 0x2069);
        if (!dropped) out.append(s.substr(i, len));
        i += len;
    }
    return out;
}

std::string csv_field(std::string_view s) {
    std::string text(s);
    bool number = !s.empty();
    {
        std::size_t i = s.size() > 1 && s[0] == '-' ? 1 : 0;
        bool digits = false, dot = false;
        for (; i < s.size() && number; ++i) {
            if (s[i] >= '0' && s[i] <= '9')
                digits = true;
            else if (s[i] == '.' && digits && !dot && i + 1 < s.size())
                dot = true;
            else
                number = false;
        }
        number = number && digits;
    }
    if (!number && !s.empty() &&
        (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r'))
        text.insert(0, 1, '\'');
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string out = "\"";
    for (const char c : text)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string dot_quoted(std::string_view text) {
    const std::string s = terminal_safe(text);  // no escape sequences, and valid UTF-8 for dot
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (!is_control(static_cast<unsigned char>(c))) {
            out += c;
        }
    }
    return out + "\"";
}

std::string markdown_text(std::string_view text) {
    const std::string s = terminal_safe(text);  // no escape sequences or stray control bytes
    std::string out;
    for (const char c : s) {
        if (const char* entity = html_entity(c); entity && c != '"')
            out += entity;
        else if (c == '|' || c == '[' || c == ']' || c == '`' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n')
            out += ' ';
        else if (!is_control(static_cast<unsigned char>(c)) || c == '\t')
            out += c;
    }
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    return out;
}

std::string html_escape(std::string_view s) {
    std::string out;
    for (const char c : s) {
        if (const char* entity = html_entity(c))
            out += entity;
        else
            out += c;
    }
    return out;
}

std::string uri_segment(std::string_view text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            out += ch;
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::string clip(std::string_view text, std::size_t limit) {
    std::string out;
    std::size_t n = 0;
    for (const char c : text) {
        const bool starts_char = (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        if (starts_char && n >= limit) return out + "...";
        out += c;
        if (starts_char) ++n;
    }
    return out;
}

}  // namespace rapport
