//! A step of the generator as its documentation shows it: name, title, one-paragraph
//! explanation. The copy rules carry the same three fields plus their `apply`.

/// A documented generator step (a progenitor setting or an output rewrite).
#[derive(Debug, Clone, Copy)]
pub struct Explained {
    /// Short name, as the header and the book show it.
    pub name: &'static str,
    /// What it does, in a few words.
    pub title: &'static str,
    /// Why and how, in one Markdown paragraph (no line breaks).
    pub explanation: &'static str,
}
