//! The tokenizer of the normalizer: splits an utterance into words, digit runs and single
//! punctuation or symbol characters, remembering whether whitespace came before each. It does no
//! interpretation (a decimal point is just a `.` between two digit runs); the rules do that.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters, with apostrophes (`'` or `’`) inside: `Iran’s`, `don't`.
    Word,
    /// ASCII digits.
    Digits,
    /// Any other single non-space character.
    Punct,
}

/// One token: a slice of the utterance.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok<'a> {
    pub kind: Kind,
    pub text: &'a str,
    /// Byte offset of the token in the utterance.
    pub start: usize,
    /// Whitespace (or the start of the text) comes right before it.
    pub sp: bool,
}

impl Tok<'_> {
    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }
    pub fn is(&self, s: &str) -> bool {
        self.text == s
    }
    /// A word starting with an uppercase letter.
    pub fn is_capitalized(&self) -> bool {
        self.kind == Kind::Word && self.text.chars().next().is_some_and(char::is_uppercase)
    }
    /// A word of uppercase letters only (apostrophes aside).
    pub fn is_all_caps(&self) -> bool {
        self.kind == Kind::Word
            && self
                .text
                .chars()
                .all(|c| c.is_uppercase() || c == '\'' || c == '’')
    }
    /// The first character.
    pub fn ch(&self) -> char {
        self.text.chars().next().unwrap_or(' ')
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Splits `text` into tokens. Linear in the length of the text.
pub(crate) fn tokenize(text: &str) -> Vec<Tok<'_>> {
    let mut toks = Vec::with_capacity(text.len() / 4 + 1);
    let mut it = text.char_indices().peekable();
    let mut sp = true;
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            sp = true;
            continue;
        }
        let (kind, end) = if c.is_ascii_digit() {
            let mut end = i + 1;
            while let Some(&(j, d)) = it.peek() {
                if !d.is_ascii_digit() {
                    break;
                }
                end = j + 1;
                it.next();
            }
            (Kind::Digits, end)
        } else if c.is_alphabetic() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = it.peek() {
                if d.is_alphabetic() || is_mark(d) {
                    end = j + d.len_utf8();
                    it.next();
                } else if is_apostrophe(d) {
                    // An apostrophe belongs to the word only when a letter follows it.
                    let after = text[j + d.len_utf8()..].chars().next();
                    if after.is_some_and(char::is_alphabetic) {
                        end = j + d.len_utf8();
                        it.next();
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
            (Kind::Word, end)
        } else {
            (Kind::Punct, i + c.len_utf8())
        };
        toks.push(Tok {
            kind,
            text: &text[i..end],
            start: i,
            sp,
        });
        sp = false;
    }
    toks
}

/// Combining marks (accents written as separate code points) stay inside words.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}
#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<(Kind, &str, bool)> {
        tokenize(s).iter().map(|t| (t.kind, t.text, t.sp)).collect()
    }

    #[test]
    fn typographic_apostrophe_stays_inside_a_word() {
        assert_eq!(
            kinds("Iran’s talks"),
            vec![(Kind::Word, "Iran’s", true), (Kind::Word, "talks", true)]
        );
    }

    #[test]
    fn number_glued_to_unit_is_two_tokens_without_space() {
        assert_eq!(
            kinds("12kg"),
            vec![(Kind::Digits, "12", true), (Kind::Word, "kg", false)]
        );
    }

    #[test]
    fn closing_quote_after_word_is_punctuation() {
        assert_eq!(
            kinds("'talks’"),
            vec![
                (Kind::Punct, "'", true),
                (Kind::Word, "talks", false),
                (Kind::Punct, "’", false)
            ]
        );
    }
}
