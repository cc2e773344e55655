//! Text in XML and HTML: the one escaper of the workspace (`vsee-contract`'s JUnit reports,
//! `vsee-publish`'s schemas site).

/// Escapes text for XML 1.0 and HTML, in element content and in quoted attribute values
/// alike: `&`, `<`, `>`, `"` and `'` become references, and the characters XML 1.0 cannot
/// carry at all (controls other than tab and line breaks, U+FFFE, U+FFFF) become U+FFFD.
///
/// `'` is written `&#39;`, a numeric reference that every XML and HTML parser reads; the
/// named `&apos;` is not defined in HTML 4.
///
/// ```
/// assert_eq!(
///     vsee_spec::markup::escape("a<b & \"c\" 'd'\u{1}"),
///     "a&lt;b &amp; &quot;c&quot; &#39;d&#39;\u{FFFD}"
/// );
/// ```
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_and_characters_xml_cannot_carry_are_escaped() {
        assert_eq!(escape("plain text"), "plain text");
        assert_eq!(escape("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&#39;f");
        assert_eq!(escape("tab\tline\nreturn\r"), "tab\tline\nreturn\r");
        assert_eq!(escape("\u{0}\u{1F}\u{FFFE}\u{FFFF}"), "\u{FFFD}".repeat(4));
        assert_eq!(escape("é 😀"), "é 😀");
    }
}
