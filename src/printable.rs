//! Removing terminal control characters from text that came from outside — a web page, a file,
//! an audio file's tags, saved state — so that printing it cannot recolour, move or retitle the
//! listener's terminal, and a voice never hears it.
//!
//! [`strip_controls`] drops the C0 controls except newline and tab, DEL, the C1 controls, and
//! whole escape sequences: `ESC [ … final` (CSI, like the colour change `ESC[31m`), the string
//! sequences `ESC ] … BEL` (OSC, which can set the window title or write hyperlinks), `ESC P`,
//! `ESC X`, `ESC ^`, `ESC _` up to their terminator, and two-character escapes like `ESC c`.
//! Carriage return, vertical tab, form feed and NEL become a space, since they separate words.
//! Printable text, including every script and emoji, is left alone.

use std::borrow::Cow;

const ESC: char = '\u{1b}';
const BEL: char = '\u{7}';
/// The 8-bit forms of CSI, OSC, DCS, SOS, PM, APC and ST.
const CSI8: char = '\u{9b}';
const ST8: char = '\u{9c}';

/// True for a character [`strip_controls`] removes or replaces.
fn is_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || c == '\u{7f}'
}

/// `s` without terminal control characters and escape sequences (see the module docs).
///
/// ```
/// use aloud::printable::strip_controls;
/// assert_eq!(strip_controls("\u{1b}[31mRed\u{1b}[0m alert"), "Red alert");
/// assert_eq!(strip_controls("Title\u{1b}]0;pwned\u{7}!"), "Title!");
/// assert_eq!(strip_controls("plain — text"), "plain — text");
/// ```
pub fn strip_controls(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_control) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if !is_control(c) {
            out.push(c);
            continue;
        }
        match c {
            '\r' | '\u{b}' | '\u{c}' | '\u{85}' => out.push(' '),
            ESC => match chars.peek().copied() {
                Some('[') => {
                    chars.next();
                    skip_csi(&mut chars);
                }
                Some(']' | 'P' | 'X' | '^' | '_') => {
                    chars.next();
                    skip_string(&mut chars);
                }
                Some(n) if ('\u{20}'..='\u{7e}').contains(&n) => {
                    // Intermediate bytes, then one final byte.
                    while chars
                        .next_if(|n| ('\u{20}'..='\u{2f}').contains(n))
                        .is_some()
                    {}
                    chars.next_if(|n| ('\u{30}'..='\u{7e}').contains(n));
                }
                _ => {}
            },
            CSI8 => skip_csi(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            _ => {}
        }
    }
    Cow::Owned(out)
}

/// Skips the parameters and intermediates of a control sequence and its final byte.
fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while chars
        .next_if(|n| ('\u{20}'..='\u{3f}').contains(n))
        .is_some()
    {}
    chars.next_if(|n| ('\u{40}'..='\u{7e}').contains(n));
}

/// Skips a control string up to and including its terminator: BEL, `ESC \` or ST.
fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next() {
        match c {
            BEL | ST8 => return,
            ESC => {
                chars.next_if_eq(&'\\');
                return;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::strip_controls;

    #[test]
    fn colour_changes_and_titles_are_removed_whole() {
        assert_eq!(strip_controls("a\u{1b}[1;31mb\u{1b}[0mc"), "abc");
        assert_eq!(strip_controls("a\u{1b}]0;title\u{1b}\\b"), "ab");
        assert_eq!(strip_controls("a\u{9b}2Jb"), "ab");
        assert_eq!(strip_controls("a\u{1b}cb"), "ab");
        assert_eq!(strip_controls("a\u{1b}(Bb"), "ab");
    }

    #[test]
    fn other_controls_go_and_word_separators_become_spaces() {
        assert_eq!(
            strip_controls("a\u{0}b\u{7}c\u{7f}d\u{8}e\u{80}f"),
            "abcdef"
        );
        assert_eq!(
            strip_controls("one\rtwo\u{c}three\u{85}four"),
            "one two three four"
        );
        assert_eq!(
            strip_controls("keeps\nnew lines\tand tabs"),
            "keeps\nnew lines\tand tabs"
        );
    }

    #[test]
    fn an_escape_at_the_end_or_an_unterminated_string_removes_only_itself_and_what_follows() {
        assert_eq!(strip_controls("end\u{1b}"), "end");
        assert_eq!(strip_controls("end\u{1b}["), "end");
        assert_eq!(strip_controls("a\u{1b}]never ends"), "a");
    }

    #[test]
    fn printable_text_is_borrowed_unchanged() {
        let s = "Ünïcödé “quotes” — 日本語 🙂";
        assert!(matches!(strip_controls(s), std::borrow::Cow::Borrowed(_)));
    }
}
