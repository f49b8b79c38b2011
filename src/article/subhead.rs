//! Subheads written as bold text: a paragraph that is only `<strong>…</strong>` (or `<b>`) in
//! HTML, a line that is only `**…**` or `__…__` in Markdown or plain text. Small sites write their
//! section headings this way; when such a paragraph reads like a heading (short, no closing
//! punctuation, starting with a capital) and body text follows it, the readers make it a section
//! heading. A bold lead-in inside a paragraph is not a subhead: the paragraph has other text.

use super::boilerplate::is_boilerplate;

/// Longest bold subhead, in words and characters.
pub const MAX_WORDS: usize = 12;
const MAX_CHARS: usize = 100;

/// True when `text` (the bold paragraph's text, without its markers) reads like a heading:
/// at most [`MAX_WORDS`] words, no closing punctuation (`.`, `!`, `?`, `:`, `;`, `,`, `…`),
/// a capital or digit first, at least one letter, and not a byline or boilerplate.
pub fn looks_like_subhead(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() || t.len() > MAX_CHARS * 4 || t.chars().count() > MAX_CHARS {
        return false;
    }
    if t.split_whitespace().nth(MAX_WORDS).is_some() {
        return false;
    }
    let bare = t.trim_end_matches(['"', '\'', '”', '’', '»', ')', ']', ' ']);
    if bare.ends_with(['.', '!', '?', ';', ':', ',', '…']) {
        return false;
    }
    if !t.chars().any(char::is_alphabetic) {
        return false;
    }
    let capital = t
        .chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(|c| !c.is_lowercase());
    capital && super::text::byline(t).is_none() && !is_boilerplate(t)
}

/// The text inside a line wrapped whole in `**…**` or `__…__` (plain text written with Markdown
/// emphasis), when there is one and it has no other bold markers inside.
pub fn bold_line(line: &str) -> Option<&str> {
    let t = line.trim();
    let inner = t
        .strip_prefix("**")
        .and_then(|r| r.strip_suffix("**"))
        .or_else(|| t.strip_prefix("__").and_then(|r| r.strip_suffix("__")))?;
    let inner_trimmed = inner.trim();
    let ok = !inner_trimmed.is_empty()
        && inner_trimmed.len() == inner.len()
        && !inner.contains("**")
        && !inner.contains("__");
    ok.then_some(inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_capitalised_unpunctuated_bold_text_is_a_subhead() {
        assert!(looks_like_subhead("What the council decided"));
        assert!(looks_like_subhead("The 2025 budget in numbers"));
        assert!(!looks_like_subhead("What the council decided."));
        assert!(!looks_like_subhead("Note:"));
        assert!(!looks_like_subhead("Is it free?"));
        assert!(!looks_like_subhead("and then it rained"));
        assert!(!looks_like_subhead("By Jane Doe"));
        assert!(!looks_like_subhead("Advertisement"));
        assert!(!looks_like_subhead(&"Word ".repeat(13)));
    }

    #[test]
    fn bold_lines_are_only_bold() {
        assert_eq!(bold_line("**Ferry times**"), Some("Ferry times"));
        assert_eq!(bold_line("  __Ferry times__ "), Some("Ferry times"));
        assert_eq!(bold_line("**Ferry** times"), None);
        assert_eq!(bold_line("**A** and **B**"), None);
        assert_eq!(bold_line("** spaced **"), None);
        assert_eq!(bold_line("****"), None);
    }
}
