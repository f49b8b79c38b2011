//! Sentence boundaries in English prose, by rule, in one pass over the words.
//!
//! A boundary can only fall after a word that ends in `.`, `?`, `!` or an ellipsis (closing quotes
//! and brackets may follow the mark), before a list marker that continues a list (`2.` after
//! `1.`, `b)` after `a)`, any bullet `•`), or at a blank line. Whether a period ends the sentence
//! depends on the word it closes and on the word that follows:
//!
//! - titles (Mr., Dr., Mt., Gen.) and e.g./i.e./vs. never end one;
//! - No., p., Fig. and month abbreviations do not end one before a number ("Nov. 3", "p. A3"),
//!   and do before a capital ("voted no. Rep. Cole", "in Dec. Economists");
//! - Inc., Jr., St., a.m., dotted acronyms (U.S., D.C.) and initials end one only when the next word
//!   usually opens a sentence ("the U.S. How about you?") and not before a name ("the U.S. Army");
//!   etc. ends one before any capital;
//! - any other word, number, URL or e-mail address ends one before a capital, a digit or an
//!   opening quote, never before a lowercase word;
//! - `?` and `!` (also doubled, `?!`) end one unless a lowercase word follows ("Yahoo! in");
//! - an ellipsis right after a word ("waited… Then") ends one before a capital; a spaced one
//!   (`. . .`) is an omission inside the sentence, unless it follows a period or has a fourth dot.
//!
//! It leaves out structure (headings, lists on their own lines: the article readers find those),
//! languages other than English and text with no spaces between sentences.

mod abbrev;
#[cfg(test)]
mod tests;

use abbrev::Abbrev;

/// Splits prose into sentences, trimmed, in order, as slices of `text`.
///
/// Every word of `text` is in exactly one sentence, in its original order.
///
/// ```
/// let s = aloud::segment::sentences::split("Dr. Okafor arrived at 9 a.m. on Monday. She left.");
/// assert_eq!(s, ["Dr. Okafor arrived at 9 a.m. on Monday.", "She left."]);
/// ```
pub fn split(text: &str) -> Vec<&str> {
    let mut s = State {
        text,
        out: Vec::new(),
        start: 0,
        end: 0,
        words: 0,
        first: "",
        last_marker: None,
    };
    let mut cur = next_word(text, 0);
    while let Some(w) = cur {
        let ws = &text[w.start..w.end];
        let after_bullet = s.words == 1 && s.first.chars().all(|c| BULLETS.contains(&c));
        if s.words > 0
            && (w.blank_before || starts_with_bullet(ws) || (!after_bullet && s.continues_list(ws)))
        {
            s.close();
        }
        if w.blank_before {
            // A list does not continue across paragraphs.
            s.last_marker = None;
        }
        let marker_slot = s.words == 0 || after_bullet;
        let is_marker = marker_slot
            && match parse_marker(ws) {
                Some(m) => {
                    s.last_marker = Some(m);
                    true
                }
                None => false,
            };
        s.add(w);
        let mut nxt = next_word(text, w.end);
        if is_lone_dot(ws) {
            // A spaced ellipsis opening the sentence (or a stray period): take the whole run.
            let run = dot_run(text, w);
            s.extend(run.last, run.count - 1);
            if run.count != 3 && opens(next_info(text, run.after)) {
                s.close();
            }
            nxt = run.after;
        } else if let Some(n) = nxt.filter(|n| is_lone_dot(&text[n.start..n.end])) {
            let run = dot_run(text, n);
            let attached = strip_closers(ws).ends_with('.');
            let opens = opens(next_info(text, run.after));
            if attached && run.count == 3 && opens {
                // "compounds. . . . The": the period ends it; the ellipsis opens the next one.
                s.close();
            } else {
                s.extend(run.last, run.count);
                if (attached || run.count != 3) && opens {
                    s.close();
                }
                nxt = run.after;
            }
        } else if !is_marker && s.ends_after(ws, nxt) {
            s.close();
        }
        cur = nxt;
    }
    s.close();
    s.out
}

/// A whitespace-delimited word of the text, as a byte range.
#[derive(Debug, Clone, Copy)]
struct Word {
    start: usize,
    end: usize,
    /// A blank line (two line breaks, or a paragraph separator) comes before it.
    blank_before: bool,
}

/// The sentence being built and the output so far.
struct State<'t> {
    text: &'t str,
    out: Vec<&'t str>,
    start: usize,
    end: usize,
    words: usize,
    /// The sentence's first word.
    first: &'t str,
    /// The list marker that opened the latest list item.
    last_marker: Option<Marker>,
}

impl<'t> State<'t> {
    fn add(&mut self, w: Word) {
        if self.words == 0 {
            self.start = w.start;
            self.first = &self.text[w.start..w.end];
        }
        self.words += 1;
        self.end = w.end;
    }

    /// Adds `count` more words ending with `last`.
    fn extend(&mut self, last: Word, count: usize) {
        if self.words == 0 {
            self.start = last.start;
        }
        self.words += count;
        self.end = last.end;
    }

    fn close(&mut self) {
        if self.words > 0 {
            self.out.push(&self.text[self.start..self.end]);
        }
        self.words = 0;
        self.first = "";
    }

    /// True when `word` is the next marker of the list the latest item opened.
    fn continues_list(&self, word: &str) -> bool {
        if self.last_marker.is_none() || !word.ends_with(['.', ')']) {
            return false;
        }
        match (self.last_marker, parse_marker(word)) {
            (Some(last), Some(m)) => {
                m.numeric == last.numeric && m.style == last.style && m.value == last.value + 1
            }
            _ => false,
        }
    }

    /// True when the sentence is a short introductory phrase so far ("At 5 a.m.").
    fn is_intro_fragment(&self) -> bool {
        self.words <= 3 && abbrev::is_intro_preposition(strip_openers(self.first))
    }

    /// Whether the sentence ends after `word` (just added), given the word that follows.
    fn ends_after(&self, word: &str, next: Option<Word>) -> bool {
        // Most words end in a letter or digit: no mark, nothing to decide.
        if word
            .as_bytes()
            .last()
            .is_none_or(|&b| b.is_ascii_alphanumeric() || b == b',')
        {
            return false;
        }
        let core = strip_closers(word);
        let Some(last) = core.chars().next_back() else {
            return false;
        };
        let next = next_info(self.text, next);
        if next.start == Start::End {
            return false;
        }
        let continues = next.start == Start::Lower;
        match last {
            '?' | '!' | '‽' => return !continues,
            '…' => return !continues && !is_only_dots(strip_openers(core)),
            '.' => {}
            _ => return false,
        }
        let stem = &core[..core.len() - 1];
        if stem.ends_with('.') || stem.ends_with('…') {
            // An ellipsis: a standalone one is an omission unless it has a fourth dot.
            let bare = strip_openers(stem);
            if is_only_dots(bare) && dot_count(bare) < 3 {
                return false;
            }
            return !continues;
        }
        if continues {
            return false;
        }
        let stem = strip_openers(stem);
        match word_class(stem) {
            Class::Word | Class::Number => true,
            Class::Abbrev(Abbrev::Title | Abbrev::Never) => false,
            Class::Abbrev(Abbrev::Etc) => true,
            Class::Abbrev(Abbrev::BeforeNumber) => !next.has_digit && !self.is_intro_fragment(),
            Class::Abbrev(Abbrev::Ambiguous) => {
                next.start != Start::Digit && next.starter && !self.is_intro_fragment()
            }
            Class::Initial => next.starter,
        }
    }
}

/// What kind of word a period closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// An ordinary word, URL or e-mail address.
    Word,
    /// A number, amount or version ("100.00", "$5", "2.0").
    Number,
    /// A single capital letter: an initial, or the pronoun "I".
    Initial,
    /// A known abbreviation, a dotted acronym or a short symbol word ("N°").
    Abbrev(Abbrev),
}

fn word_class(stem: &str) -> Class {
    if let Some(a) = abbrev::classify(stem) {
        return Class::Abbrev(a);
    }
    if is_dotted_acronym(stem) {
        return Class::Abbrev(Abbrev::Ambiguous);
    }
    let mut chars = stem.chars();
    let first = chars.next();
    let second = chars.next();
    match (first, second) {
        (Some(c), None) if c.is_uppercase() => return Class::Initial,
        (Some(c), None) if c.is_lowercase() => return Class::Abbrev(Abbrev::BeforeNumber),
        _ => {}
    }
    let bytes = stem.as_bytes();
    let digit_at = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    if digit_at(0)
        || (matches!(first, Some('$' | '€' | '£' | '¥' | '-' | '+')) && {
            let skip = first.map_or(0, char::len_utf8);
            digit_at(skip)
        })
    {
        return Class::Number;
    }
    if stem.chars().count() <= 3 && !stem.chars().all(char::is_alphanumeric) {
        return Class::Abbrev(Abbrev::BeforeNumber);
    }
    Class::Word
}

/// "U.S", "Ph.D", "a.m", "N.Y": letters in groups of one or two separated by single dots.
fn is_dotted_acronym(stem: &str) -> bool {
    let mut groups = 0;
    for group in stem.split('.') {
        if group.is_empty() || group.len() > 2 || !group.bytes().all(|b| b.is_ascii_alphabetic()) {
            return false;
        }
        groups += 1;
    }
    groups >= 2
}

/// How the word after a possible boundary starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    Upper,
    /// Lowercase, or punctuation that continues the sentence (a dash, a closing quote, `&`).
    Lower,
    Digit,
    /// A letter without case or a currency sign.
    Other,
    /// No word follows.
    End,
}

#[derive(Debug, Clone, Copy)]
struct NextInfo {
    start: Start,
    /// The word usually opens a sentence ("The", "He", "However", "Mr.") or opens a quotation
    /// with a capital.
    starter: bool,
    /// The word holds a digit ("12", "A3", "S1").
    has_digit: bool,
}

fn next_info(text: &str, w: Option<Word>) -> NextInfo {
    let Some(w) = w else {
        return NextInfo {
            start: Start::End,
            starter: false,
            has_digit: false,
        };
    };
    let word = &text[w.start..w.end];
    let open = strip_openers(word);
    let mut chars = open.chars();
    let start = match chars.next() {
        Some(c) if c.is_uppercase() => Start::Upper,
        // A brand written in camel case ("iPhone", "eBay") starts like a capitalized word.
        Some(c) if c.is_lowercase() && chars.next().is_some_and(char::is_uppercase) => Start::Upper,
        Some(c) if c.is_lowercase() => Start::Lower,
        Some(c) if c.is_ascii_digit() => Start::Digit,
        Some(c) if c.is_alphanumeric() || matches!(c, '$' | '€' | '£' | '¥' | '#' | '@') => {
            Start::Other
        }
        _ => Start::Lower,
    };
    let quoted = open.len() < word.len()
        && matches!(word.chars().next(), Some('"' | '“' | '‘' | '\'' | '«'));
    let letters = open
        .find(|c: char| !c.is_alphabetic())
        .map_or(open, |i| &open[..i]);
    let starter = start == Start::Upper && (quoted || abbrev::is_starter(letters));
    let has_digit = open.bytes().any(|b| b.is_ascii_digit());
    NextInfo {
        start,
        starter,
        has_digit,
    }
}

/// True when the next word can open a sentence (it is there and does not start in lowercase).
fn opens(next: NextInfo) -> bool {
    !matches!(next.start, Start::Lower | Start::End)
}

/// The next word at or after byte `i`.
fn next_word(text: &str, mut i: usize) -> Option<Word> {
    let b = text.as_bytes();
    let mut breaks = 0;
    while i < b.len() {
        let n = space_len(b, i);
        if n == 0 {
            break;
        }
        if b[i] == b'\n' {
            breaks += 1;
        } else if n == 3 && b[i + 2] == 0xA9 && b[i + 1] == 0x80 {
            breaks += 2; // U+2029 PARAGRAPH SEPARATOR
        }
        i += n;
    }
    if i >= b.len() {
        return None;
    }
    let start = i;
    // Whether the word so far has a dot, slash or `@` (an abbreviation, URL or address).
    let mut dotted = false;
    while i < b.len() {
        let c = b[i];
        // Letters and digits are neither a space nor a mark: the common case, decided at once.
        if c.is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        if space_len(b, i) != 0 {
            break;
        }
        if matches!(c, b'.' | b'?' | b'!') && !dotted && glued_boundary(text, start, i) {
            // "ended.The next": the sentence ends inside the word; the rest is the next word.
            i += 1;
            break;
        }
        dotted |= matches!(c, b'.' | b'/' | b'@' | b':');
        i += utf8_len(c);
    }
    Some(Word {
        start,
        end: i.min(b.len()),
        blank_before: breaks >= 2,
    })
}

/// True when the mark at byte `at` (`.`, `?`, `!`) ends a sentence although no space follows it:
/// a lowercase word of two letters or more before it ("ended"), and after it a capitalized word
/// that usually opens a sentence ("The", "But", "It"), or any capitalized word inside an opening
/// quote. "e.g.the", "U.S.", "3.5", "example.com" and "Node.js" never split.
fn glued_boundary(text: &str, start: usize, at: usize) -> bool {
    let b = text.as_bytes();
    if at < start + 2 || !b[at - 1].is_ascii_lowercase() || !b[at - 2].is_ascii_lowercase() {
        return false;
    }
    let rest = &text[at + 1..];
    let open = rest.trim_start_matches(['"', '“', '‘', '\'', '(']);
    let quoted = open.len() < rest.len();
    let mut chars = open.chars();
    if !chars.next().is_some_and(|c| c.is_ascii_uppercase())
        || !chars.next().is_some_and(|c| c.is_ascii_lowercase())
    {
        return false;
    }
    let letters = open
        .find(|c: char| !c.is_ascii_alphabetic())
        .map_or(open, |i| &open[..i]);
    quoted || abbrev::is_starter(letters)
}

/// Byte length of the whitespace character at `i` (Unicode White_Space), or 0.
#[inline]
pub(super) fn space_len(b: &[u8], i: usize) -> usize {
    let at = |k: usize| b.get(i + k).copied().unwrap_or(0);
    match b[i] {
        b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => 1,
        0xC2 if matches!(at(1), 0x85 | 0xA0) => 2,
        0xE1 if at(1) == 0x9A && at(2) == 0x80 => 3,
        0xE2 if at(1) == 0x80 && matches!(at(2), 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF) => 3,
        0xE2 if at(1) == 0x81 && at(2) == 0x9F => 3,
        0xE3 if at(1) == 0x80 && at(2) == 0x80 => 3,
        _ => 0,
    }
}

/// Length of the UTF-8 sequence a lead byte starts.
#[inline]
pub(super) fn utf8_len(lead: u8) -> usize {
    match lead {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

/// A run of lone dots (`. . .`) starting at a word.
struct DotRun {
    count: usize,
    last: Word,
    after: Option<Word>,
}

fn dot_run(text: &str, first: Word) -> DotRun {
    let mut run = DotRun {
        count: 1,
        last: first,
        after: next_word(text, first.end),
    };
    while let Some(w) = run.after.filter(|w| is_lone_dot(&text[w.start..w.end])) {
        run.count += 1;
        run.last = w;
        run.after = next_word(text, w.end);
    }
    run
}

/// True for a word that is a single period, perhaps with closing quotes (`.`, `.”`).
fn is_lone_dot(word: &str) -> bool {
    word.starts_with('.') && strip_closers(word) == "."
}

fn is_only_dots(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c == '.' || c == '…')
}

fn dot_count(s: &str) -> usize {
    s.chars()
        .map(|c| match c {
            '.' => 1,
            '…' => 3,
            _ => 0,
        })
        .sum()
}

const CLOSERS: &[char] = &['"', '\'', '”', '’', ')', ']', '}', '»', '›'];
const OPENERS: &[char] = &['"', '\'', '“', '‘', '(', '[', '{', '«', '‹', '¿', '¡'];
const BULLETS: &[char] = &[
    '•', '◦', '▪', '▫', '‣', '⁃', '●', '○', '■', '□', '►', '▶', '➢', '✓', '✔',
];

fn strip_closers(s: &str) -> &str {
    s.trim_end_matches(CLOSERS)
}

fn strip_openers(s: &str) -> &str {
    s.trim_start_matches(OPENERS)
}

fn starts_with_bullet(word: &str) -> bool {
    word.as_bytes().first().is_some_and(|&b| b >= 0x80) && word.starts_with(BULLETS)
}

/// A list marker: `1.`, `2)`, `3.)`, `(4)`, `a.`, `b)`, `(c)`, perhaps after a bullet (`⁃9.`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Marker {
    numeric: bool,
    value: u32,
    /// `.`, `)`, `>` for `.)`, `(` for `(x)`.
    style: u8,
}

fn parse_marker(word: &str) -> Option<Marker> {
    let b = word.trim_start_matches(BULLETS).as_bytes();
    let (paren, body) = match b.split_first() {
        Some((b'(', rest)) => (true, rest),
        _ => (false, b),
    };
    let digits = body.iter().take_while(|c| c.is_ascii_digit()).count();
    let (numeric, value, rest) = match digits {
        1..=3 => {
            let value = body[..digits]
                .iter()
                .fold(0u32, |v, d| v * 10 + u32::from(d - b'0'));
            (true, value, &body[digits..])
        }
        0 => match body.first() {
            Some(c) if c.is_ascii_lowercase() => (false, u32::from(c - b'a'), &body[1..]),
            _ => return None,
        },
        _ => return None,
    };
    let style = match (paren, rest) {
        (true, b")") => b'(',
        (false, b".") => b'.',
        (false, b")") => b')',
        (false, b".)") => b'>',
        _ => return None,
    };
    Some(Marker {
        numeric,
        value,
        style,
    })
}
