//! Footnote and citation marks, which a listener must not hear in the middle of a sentence:
//! `[1]`, `[^1]`, `[a]`, `[citation needed]`, `[note 2]`, superscript numbers written as Unicode
//! (`¹²³`) and the `↩` back-links of footnote lists. [`strip_marks`] removes them from a block's
//! text; [`definition`] recognises a line that is a footnote's own text (`[1] Text`, `[^1]: Text`,
//! `¹ Text`) in plain text. The texts themselves are [`super::BlockKind::Footnote`] blocks, which
//! the segmenter reads at the end of their section or skips.

use std::borrow::Cow;

/// Longest bracketed mark, in bytes (`[citation needed]` is 17).
const MAX_MARK: usize = 24;

/// The superscript digits, 0 to 9 (also what the HTML reader writes exponents with, and what
/// the normalizer reads powers from).
pub(crate) const SUPERSCRIPT_DIGITS: [char; 10] =
    ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

fn superscript_digit(c: char) -> bool {
    SUPERSCRIPT_DIGITS.contains(&c)
}

/// True for the inside of a bracketed reference mark: `1`, `12`, `^1`, `^note`, `1–3`, `1, 2`,
/// `citation needed`, `note 2`, `n 3`, and a single letter (`a`) when `after_punctuation` (inside
/// a sentence, "which is [a] big one" and "give[s]" are an editor's insertions, read as written).
fn is_mark(inner: &str, after_punctuation: bool) -> bool {
    if let Some(label) = inner.strip_prefix('^') {
        return !label.is_empty()
            && label
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_'));
    }
    let lower = inner.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "citation needed" | "clarification needed" | "according to whom?" | "who?" | "when?"
    ) {
        return true;
    }
    let numbers = lower
        .strip_prefix("note ")
        .or_else(|| lower.strip_prefix("n "))
        .unwrap_or(&lower);
    let single_letter =
        after_punctuation && numbers.len() == 1 && numbers.chars().all(|c| c.is_ascii_lowercase());
    single_letter
        || !numbers.is_empty()
            && numbers.starts_with(|c: char| c.is_ascii_digit())
            && numbers.len() <= 8
            && numbers
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ',' | ' ' | '-' | '–'))
}

/// `text` without footnote marks and back-links. A mark at the very start stays (it numbers a
/// footnote's own text); superscript digits go only where they mark a note (after punctuation, or
/// after a word of three or more letters), so "m²" and "km³" keep theirs.
pub fn strip_marks(text: &str) -> Cow<'_, str> {
    if !might_have_marks(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let len = c.len_utf8();
        if c == '[' && !out.trim().is_empty() {
            if let Some(close) = rest.get(1..).and_then(|r| r.find(']')) {
                let inner = &rest[1..1 + close];
                let after_punctuation = out.ends_with(['.', ',', ';', ':', '"', '”', '’', ')']);
                if close <= MAX_MARK && is_mark(inner, after_punctuation) {
                    rest = &rest[close + 2..];
                    continue;
                }
            }
        }
        if c == '↩' {
            rest = rest[len..].trim_start_matches(['\u{FE0E}', '\u{FE0F}']);
            continue;
        }
        if superscript_digit(c) && marks_note(&out) {
            rest = rest[len..].trim_start_matches(superscript_digit);
            continue;
        }
        out.push(c);
        rest = &rest[len..];
    }
    // A mark removed before a space or punctuation leaves a space too many.
    Cow::Owned(tidy(&out))
}

/// Whether `text` has a `[`, a `↩` or a superscript digit: one pass over its bytes, looking
/// only at `[` and the lead bytes of those characters (0xC2 for ¹²³, 0xE2 for the rest).
fn might_have_marks(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr3_iter(b'[', 0xC2, 0xE2, b).any(|i| {
        let (b1, b2) = (b.get(i + 1).copied(), b.get(i + 2).copied());
        match b[i] {
            b'[' => true,
            0xC2 => matches!(b1, Some(0xB2 | 0xB3 | 0xB9)),
            _ => matches!(
                (b1, b2),
                (Some(0x86), Some(0xA9)) | (Some(0x81), Some(0xB0 | 0xB4..=0xB9))
            ),
        }
    })
}

/// Whether a superscript number after `before` marks a note.
fn marks_note(before: &str) -> bool {
    let Some(last) = before.chars().next_back() else {
        return false;
    };
    if matches!(
        last,
        '.' | ',' | ';' | ':' | '"' | '”' | '’' | ')' | '!' | '?'
    ) {
        return true;
    }
    let word = before
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    word.chars().count() >= 3
}

/// Collapses the doubled spaces and the space before punctuation a removed mark leaves.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ' ' {
            match chars.peek() {
                Some(' ') => continue,
                Some('.' | ',' | ';' | ':' | '!' | '?') if !out.ends_with(' ') => continue,
                _ => {}
            }
        }
        out.push(c);
    }
    out.trim().to_string()
}

/// The text of a footnote written on a line of its own, without its number: `[1] Text`,
/// `[^1]: Text`, `¹ Text`, `^1 Text`.
pub fn definition(line: &str) -> Option<&str> {
    labelled_definition(line).map(|(_, text)| text)
}

/// A footnote's own line split into its label and its text: `[1]: Text` gives `("1", "Text")`,
/// `[^n]: Text` gives `("n", "Text")`. A superscript number gives no label (`""`).
pub fn labelled_definition(line: &str) -> Option<(&str, &str)> {
    let t = line.trim_start();
    let (label, rest) = if let Some(r) = t.strip_prefix('[') {
        let close = r.find(']')?;
        if close > MAX_MARK || !is_mark(&r[..close], true) {
            return None;
        }
        let after = &r[close + 1..];
        (
            label_of(&r[..close]),
            after.strip_prefix(':').unwrap_or(after),
        )
    } else if let Some(r) = t.strip_prefix('^') {
        let digits = r.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        (&r[..digits], &r[digits..])
    } else {
        let sup = t.chars().take_while(|&c| superscript_digit(c)).count();
        if sup == 0 {
            return None;
        }
        let bytes: usize = t.chars().take(sup).map(char::len_utf8).sum();
        ("", &t[bytes..])
    };
    let rest = rest.strip_prefix([' ', '\t'])?.trim();
    (rest.chars().any(char::is_alphabetic)).then_some((label, rest))
}

/// The label a bracketed mark refers to: `^1` and `1` both refer to note "1".
fn label_of(inner: &str) -> &str {
    inner.strip_prefix('^').unwrap_or(inner).trim()
}

/// The labels of the notes `text` cites with bracketed marks, in order: "as shown \[1\] and \[^2\]"
/// gives "1", "2"; "[1, 3]" gives "1", "3". A range ("[2–4]") names its ends only.
pub fn cited_labels(text: &str) -> Vec<&str> {
    let mut labels = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        rest = &rest[open + 1..];
        let Some(close) = rest.find(']') else { break };
        let inner = &rest[..close];
        if close <= MAX_MARK && is_mark(inner, false) {
            let inner = label_of(inner);
            let inner = inner.strip_prefix("note ").unwrap_or(inner);
            labels.extend(
                inner
                    .split([',', '-', '–'])
                    .map(str::trim)
                    .filter(|l| !l.is_empty()),
            );
        }
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_scan_finds_exactly_the_characters_a_mark_can_start_with() {
        // Every character whose UTF-8 form starts with a lead byte the scan looks at.
        let leads = ['\u{80}', '\u{BF}', '\u{2000}', '\u{2FFF}'];
        for c in (0x80u32..0x3000).filter_map(char::from_u32).chain(leads) {
            let text = format!("plain “text” {c} here");
            let expected = c == '↩' || superscript_digit(c);
            assert_eq!(might_have_marks(&text), expected, "{c:?}");
        }
        assert!(might_have_marks("a [1] b"));
        assert!(!might_have_marks("plain ASCII, no brackets"));
    }

    #[test]
    fn cited_labels_name_the_notes_a_text_refers_to() {
        assert_eq!(
            cited_labels("as shown [1] and [^crew], see [2, 4] and [6–7]"),
            ["1", "crew", "2", "4", "6", "7"]
        );
        assert_eq!(
            cited_labels("[note 3] then [citation needed]"),
            ["3", "citation needed"]
        );
        assert!(cited_labels("give[s] a [link](x) or [Update]").is_empty());
        assert_eq!(
            labelled_definition("[2]: The old gates."),
            Some(("2", "The old gates."))
        );
        assert_eq!(labelled_definition("[^n] Note."), Some(("n", "Note.")));
        assert_eq!(labelled_definition("² Note."), Some(("", "Note.")));
        assert_eq!(labelled_definition("[Update] The path."), None);
    }

    #[test]
    fn marks_inside_sentences_are_removed() {
        for (given, read) in [
            (
                "The dam was finished in 1931.[2] It still stands.",
                "The dam was finished in 1931. It still stands.",
            ),
            ("The dam[^a] was finished.", "The dam was finished."),
            (
                "The dam was finished.[b] It stands.",
                "The dam was finished. It stands.",
            ),
            (
                "It is [a] big one and will give[s] hope.",
                "It is [a] big one and will give[s] hope.",
            ),
            ("The dam [12] was finished.", "The dam was finished."),
            (
                "It rained for a month.[citation needed]",
                "It rained for a month.",
            ),
            (
                "Water rose by a metre.³ Then it fell.",
                "Water rose by a metre. Then it fell.",
            ),
            ("The valley¹ flooded.", "The valley flooded."),
            (
                "A 40 m² room and 3 km³ of water.",
                "A 40 m² room and 3 km³ of water.",
            ),
            ("Seen in 1931. ↩︎", "Seen in 1931."),
            (
                "Arrays use a[idx] and [brackets are kept] here.",
                "Arrays use a[idx] and [brackets are kept] here.",
            ),
            ("[1] Starts the note.", "[1] Starts the note."),
        ] {
            assert_eq!(strip_marks(given), read, "{given}");
        }
    }

    #[test]
    fn footnote_lines_are_recognised() {
        assert_eq!(definition("[1] Built by hand."), Some("Built by hand."));
        assert_eq!(definition("[^dam]: Built by hand."), Some("Built by hand."));
        assert_eq!(definition("¹ Built by hand."), Some("Built by hand."));
        assert_eq!(definition("^2 Built by hand."), Some("Built by hand."));
        assert_eq!(definition("[Editor's note] Built by hand."), None);
        assert_eq!(definition("1931 was a dry year."), None);
    }
}
