// Making untrusted text (scenario files, session files, the progress record, arguments) safe for
// each place it is written: a terminal, CSV, Graphviz DOT, Markdown, HTML and URIs. One function
// per format; every writer of that format uses it.
#pragma once

#include <string>
#include <string_view>

namespace rapport {

// For a terminal: escape sequences (CSI, OSC, DCS... and two-byte ESC x) are removed, other control
// characters (C0 but newline and tab, DEL, C1) are dropped, and bytes that are not UTF-8 become
// U+FFFD, so text from a file cannot move the cursor, recolour, retitle or rewrite the terminal.
[[nodiscard]] std::string terminal_safe(std::string_view text);

// One CSV field (RFC 4180): quoted when it holds a comma, a quote, CR or LF (quotes doubled).
// A field that starts with =, +, -, @, tab or CR is prefixed with ' so that a spreadsheet shows
// it as text rather than running it as a formula (OWASP CSV injection); a plain number such as
// -3 or 12.5 is left as it is.
[[nodiscard]] std::string csv_field(std::string_view text);

// A Graphviz DOT quoted string, quotes included: `"` and `\` escaped, a newline written as `\n`
// (a line break in a label), escape sequences and other control characters dropped (as by
// terminal_safe, which also makes it valid UTF-8). Every attribute and id uses it.
[[nodiscard]] std::string dot_quoted(std::string_view text);

// Text for Markdown prose: HTML (`<`, `>`, `&`) written as entities, link and image brackets,
// backticks, backslashes and table pipes escaped, newlines folded to spaces, escape sequences
// and control characters dropped (as by terminal_safe).
[[nodiscard]] std::string markdown_text(std::string_view text);

// Text for HTML content or a quoted attribute value.
[[nodiscard]] std::string html_escape(std::string_view text);

// One segment of a URI path (RFC 3986): every byte but the unreserved characters (letters,
// digits, `-`, `.`, `_`, `~`) percent-encoded, so that an id from a file or the record (spaces,
// `/`, `#`, `?`, non-ASCII) makes a valid IRI (xAPI activity ids).
[[nodiscard]] std::string uri_segment(std::string_view text);

// At most `limit` characters (UTF-8 aware), with "..." when cut.
[[nodiscard]] std::string clip(std::string_view text, std::size_t limit);

}  // namespace rapport
