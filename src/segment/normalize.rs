//! Spoken forms (in progress: the text as written).

use super::Lexicon;

/// The spoken form of `text`.
pub fn spoken(text: &str, lexicon: &Lexicon) -> String {
    let _ = lexicon;
    text.to_string()
}
