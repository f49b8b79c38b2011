//! Splitting a sentence that is too long to say in one breath into clauses.
//!
//! A sentence longer than the cap is cut at the clause punctuation nearest its middle, then each
//! half again until every piece fits. Punctuation is tried from strongest to weakest: `;`, `:` and
//! dashes; a comma before a conjunction or relative word (", and", ", which"); any other comma;
//! the same marks inside a quotation or brackets. Commas inside a name or date ("Dayton, Ohio",
//! "Nov. 3, 2025") and marks inside numbers ("8,200", "6:30") are never cuts. A stretch with no
//! usable punctuation is wrapped at word boundaries into pieces of about equal length, preferring
//! a boundary before a conjunction ("and", "which"), then before a preposition ("to", "in"), and
//! avoiding one inside a name ("John F. Kennedy") or between a number and its word
//! ("41.5 million").
//!
//! The first piece can be given its own, smaller cap: it is then cut at the sentence's first
//! clause, so that speech can start before the whole sentence is synthesized.
//!
//! Everything is linear in the length of the sentence except the halving, which is
//! `O(n log n)`. A word longer than the cap is never broken.

use super::sentences::{space_len, utf8_len};

/// Splits `sentence` into trimmed pieces: the first no longer than `first_cap` characters, the
/// others no longer than `cap`, except single words that are longer on their own.
///
/// ```
/// use aloud::segment::clauses::split_long;
/// let s = "The talks resumed on Monday in Oman; both sides said progress was slow.";
/// assert_eq!(
///     split_long(s, 50, 50),
///     ["The talks resumed on Monday in Oman;", "both sides said progress was slow."]
/// );
/// ```
pub fn split_long(sentence: &str, first_cap: usize, cap: usize) -> Vec<&str> {
    split(sentence, first_cap, cap, false)
}

/// Like [`split_long`], for the article's opening utterance: the first piece may also end at a
/// colon, semicolon or dash after as few as 12 characters ("Harbour Strike:").
pub fn split_opening(sentence: &str, first_cap: usize, cap: usize) -> Vec<&str> {
    split(sentence, first_cap, cap, true)
}

fn split(sentence: &str, first_cap: usize, cap: usize, strong_head: bool) -> Vec<&str> {
    let s = sentence.trim();
    let cap = cap.max(1);
    let first_cap = first_cap.clamp(1, cap);
    let mut out = Vec::new();
    if s.is_empty() {
        return out;
    }
    if fits(s, first_cap) {
        out.push(s);
        return out;
    }
    let cands = Candidates::find(s);
    let mut start = 0;
    if first_cap < cap {
        if let Some(cut) = head_cut(s, &cands, first_cap, strong_head) {
            out.push(s[..cut.end].trim_end());
            start = cut.next;
        }
    }
    split_range(s, &cands, start, s.len(), cap, &mut out);
    out
}

/// Fewest bytes on either side of a punctuation cut.
const MIN_PART: usize = 20;
/// Fewest characters in a first piece cut at a clause.
const MIN_HEAD: usize = 24;
/// Fewest characters in a first piece cut at a colon, a semicolon or a dash, which close a phrase
/// of their own ("Harbour Strike: What Changes …").
const MIN_STRONG_HEAD: usize = 12;
/// Punctuation levels, strongest first: 0 `;` `:` dashes, 1 comma before a conjunction,
/// 2 other comma, 3 any of these inside quotes or brackets.
const LEVELS: usize = 4;

/// A place to cut: the first piece ends at `end`, the second starts at `next`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cut {
    end: usize,
    next: usize,
}

/// Whether the scan is inside double quotes or brackets.
#[derive(Debug, Clone, Copy, Default)]
struct Quotes {
    straight: bool,
    curly: u32,
    brackets: u32,
}

impl Quotes {
    fn update(&mut self, c: char) {
        match c {
            '"' => self.straight = !self.straight,
            '“' => self.curly += 1,
            '”' => self.curly = self.curly.saturating_sub(1),
            '(' | '[' => self.brackets += 1,
            ')' | ']' => self.brackets = self.brackets.saturating_sub(1),
            _ => {}
        }
    }

    fn inside(self) -> bool {
        self.straight || self.curly > 0 || self.brackets > 0
    }
}

/// All punctuation cuts of a sentence, by level, each in text order.
struct Candidates {
    by_level: [Vec<Cut>; LEVELS],
}

impl Candidates {
    fn find(s: &str) -> Candidates {
        Candidates::find_counting(s).0
    }

    /// [`Candidates::find`], also returning how many bytes were examined for closing marks: at
    /// most the sentence's length, since each run of closing quotes and brackets, and the
    /// character that ends it, is scanned once.
    fn find_counting(s: &str) -> (Candidates, usize) {
        let mut by_level: [Vec<Cut>; LEVELS] = Default::default();
        let mut closers = ClosersRun::default();
        let bytes = s.as_bytes();
        let mut quotes = Quotes::default();
        let mut i = 0;
        while i < bytes.len() {
            // Only ASCII marks and the lead byte of curly quotes and dashes matter; both are
            // character boundaries.
            if !matches!(
                bytes[i],
                b'"' | b'(' | b')' | b'[' | b']' | b';' | b':' | b',' | b'-' | 0xE2
            ) {
                i += 1;
                continue;
            }
            let Some(c) = s[i..].chars().next() else {
                break;
            };
            let after = i + c.len_utf8();
            quotes.update(c);
            // A mark counts when a space follows it, perhaps after closing quotes or brackets.
            let closed = closers.end(s, after);
            let space_follows = s[closed..].starts_with(char::is_whitespace);
            let prev = s[..i].chars().next_back();
            let next = s[after..].chars().next();
            let at_word_start = prev.is_none_or(char::is_whitespace);
            let level = match c {
                ';' | ':' if space_follows && !at_word_start => Some(0),
                '—' | '―'
                    if !(prev.is_some_and(|p| p.is_ascii_digit())
                        && next.is_some_and(|n| n.is_ascii_digit())) =>
                {
                    if space_follows {
                        Some(0)
                    } else if !at_word_start && next.is_some_and(|n| !n.is_whitespace()) {
                        // "balance—on": cut right after the dash.
                        let level = if quotes.inside() { LEVELS - 1 } else { 0 };
                        by_level[level].push(Cut {
                            end: after,
                            next: after,
                        });
                        None
                    } else {
                        None
                    }
                }
                // A spaced dash between numbers is a range or a sum ("10 - 20"): no cut.
                '–' | '-'
                    if space_follows
                        && at_word_start
                        && i > 0
                        && !(s[..i].trim_end().ends_with(|p: char| p.is_ascii_digit())
                            && s[after..]
                                .trim_start()
                                .starts_with(|n: char| n.is_ascii_digit())) =>
                {
                    Some(0)
                }
                ',' if space_follows && !at_word_start => {
                    comma_level(word_before(s, i), word_at(s, skip_space(s, closed)))
                }
                _ => None,
            };
            if let Some(level) = level {
                let mut after_closers = quotes;
                s[after..closed]
                    .chars()
                    .for_each(|c| after_closers.update(c));
                let level = if after_closers.inside() {
                    LEVELS - 1
                } else {
                    level
                };
                by_level[level].push(Cut {
                    end: closed,
                    next: skip_space(s, closed),
                });
            }
            i = after;
        }
        (Candidates { by_level }, closers.scanned)
    }

    /// The cut of `level` nearest `mid` whose end lies in `lo..=hi`.
    fn nearest(&self, level: usize, lo: usize, hi: usize, mid: usize) -> Option<Cut> {
        let v = &self.by_level[level];
        let i = v.partition_point(|c| c.end < mid);
        let ok = |c: &&Cut| c.end >= lo && c.end <= hi;
        let before = i.checked_sub(1).and_then(|j| v.get(j)).filter(ok);
        let after = v.get(i).filter(ok);
        match (before, after) {
            (Some(b), Some(a)) => Some(if mid - b.end <= a.end - mid { *b } else { *a }),
            (b, a) => b.or(a).copied(),
        }
    }

    /// The earliest cut of a level in `levels` whose end lies in `lo..=hi`.
    fn first(&self, levels: std::ops::Range<usize>, lo: usize, hi: usize) -> Option<Cut> {
        levels
            .filter_map(|l| {
                let v = &self.by_level[l];
                v.get(v.partition_point(|c| c.end < lo))
                    .filter(|c| c.end <= hi)
            })
            .min_by_key(|c| c.end)
            .copied()
    }
}

/// The level of a cut at a comma between `prev` and `next` (words), or `None` when the comma is
/// part of a name, a date or a number.
fn comma_level(prev: &str, next: &str) -> Option<usize> {
    let next_core = next.trim_start_matches(['"', '“', '‘', '(', '\'']);
    let letters = next_core
        .find(|c: char| !c.is_alphabetic())
        .map_or(next_core, |i| &next_core[..i]);
    if is_conjunction(letters) && next_core.starts_with(|c: char| c.is_lowercase()) {
        return Some(1);
    }
    let starts_upper = |w: &str| {
        w.trim_start_matches(['"', '“', '('])
            .starts_with(char::is_uppercase)
    };
    let ends_digit = prev.ends_with(|c: char| c.is_ascii_digit());
    let next_digit = next_core.starts_with(|c: char| c.is_ascii_digit());
    if (starts_upper(prev) && starts_upper(next))
        || (ends_digit && next_digit)
        || (next.ends_with('.') && next.len() <= 5 && starts_upper(next))
    {
        return None;
    }
    Some(2)
}

/// Words that open a clause after a comma.
fn is_conjunction(w: &str) -> bool {
    matches!(
        w,
        "and"
            | "but"
            | "or"
            | "nor"
            | "so"
            | "yet"
            | "while"
            | "whereas"
            | "which"
            | "who"
            | "whom"
            | "whose"
            | "where"
            | "when"
            | "because"
            | "although"
            | "though"
            | "since"
            | "unless"
            | "until"
            | "after"
            | "before"
            | "if"
            | "as"
            | "including"
            | "according"
            | "saying"
            | "adding"
            | "despite"
            | "particularly"
            | "especially"
            | "suggesting"
            | "leading"
            | "raising"
            | "thus"
            | "even"
            | "then"
            | "wherein"
    )
}

/// Prepositions and "that": words before which a sentence can be cut when it has no
/// punctuation or conjunction to cut at.
fn is_function_word(w: &str) -> bool {
    matches!(
        w,
        "that"
            | "to"
            | "in"
            | "on"
            | "at"
            | "for"
            | "with"
            | "from"
            | "by"
            | "of"
            | "into"
            | "over"
            | "under"
            | "about"
            | "against"
            | "between"
            | "through"
            | "during"
            | "without"
            | "amid"
            | "toward"
            | "towards"
            | "across"
            | "among"
            | "than"
    )
}

/// How good a word boundary between `prev` and `next` is as a cut, best first: 3 after a comma,
/// semicolon, colon or dash; 4 before a conjunction or relative word; 5 before another function
/// word; 6 elsewhere; 7 inside a name, after an abbreviation or between a number and its word.
fn boundary_level(prev: &str, next: &str) -> u8 {
    let upper = |w: &str| {
        w.trim_start_matches(['"', '“', '(', '\''])
            .starts_with(char::is_uppercase)
    };
    if prev.ends_with([',', ';', ':', '—', '–']) || prev == "-" {
        return 3;
    }
    if prev.ends_with('.')
        || prev.contains(|c: char| c.is_ascii_digit())
        || matches!(prev, "$" | "€" | "£")
        || (upper(prev) && upper(next))
    {
        return 7;
    }
    if is_conjunction(next) {
        4
    } else if is_function_word(next) {
        5
    } else {
        6
    }
}

/// Cuts the first clause off a long first sentence: with `strong_head`, a colon, semicolon or dash
/// after at least [`MIN_STRONG_HEAD`] characters; else the earliest clause mark that leaves a head
/// of at least [`MIN_HEAD`] characters within `first_cap`, else the best word boundary within it.
fn head_cut(s: &str, cands: &Candidates, first_cap: usize, strong_head: bool) -> Option<Cut> {
    let byte_at = |n: usize| s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    let limit = byte_at(first_cap);
    let min = byte_at(MIN_HEAD);
    let tail_ok = |c: &Cut| c.next < s.len();
    if strong_head {
        if let Some(c) = cands
            .first(0..1, byte_at(MIN_STRONG_HEAD), min.min(limit))
            .filter(tail_ok)
        {
            return Some(c);
        }
    }
    if let Some(c) = cands.first(0..3, min, limit).filter(tail_ok) {
        return Some(c);
    }
    if let Some(c) = cands.first(3..4, min, limit).filter(tail_ok) {
        return Some(c);
    }
    // No clause mark: cut at a word boundary near the middle, within the cap.
    let chars = s.chars().count();
    let target = byte_at((first_cap * 3 / 4).min(chars / 2));
    best_boundary(s, byte_at(first_cap / 3), limit, target).or_else(|| {
        // The first word alone is longer than the cap: it is the first piece.
        let mut words = Words::new(s, 0, s.len());
        let (_, end) = words.next()?;
        let (next, _) = words.next()?;
        Some(Cut { end, next })
    })
}

/// The best word boundary of the head of `s` ending within `lo..=hi` (bytes): lowest level,
/// nearest `target` among equals.
fn best_boundary(s: &str, lo: usize, hi: usize, target: usize) -> Option<Cut> {
    let mut best: Option<(u8, usize, Cut)> = None;
    let mut words = Words::new(s, 0, s.len());
    let mut prev = words.next()?;
    for w in words {
        if prev.1 > hi {
            break;
        }
        if prev.1 >= lo {
            let level = boundary_level(&s[prev.0..prev.1], &s[w.0..w.1]);
            let distance = prev.1.abs_diff(target);
            if best.is_none_or(|(l, d, _)| (level, distance) < (l, d)) {
                let cut = Cut {
                    end: prev.1,
                    next: w.0,
                };
                best = Some((level, distance, cut));
            }
        }
        prev = w;
    }
    best.map(|(_, _, c)| c)
}

/// Splits `s[a..b]` into pieces of at most `cap` characters, cutting at punctuation nearest the
/// middle of each too-long piece, and pushes them in order.
fn split_range<'s>(
    s: &'s str,
    cands: &Candidates,
    a: usize,
    b: usize,
    cap: usize,
    out: &mut Vec<&'s str>,
) {
    // Ranges still to split, last one on top; processed left to right.
    let mut stack = vec![(a, b)];
    while let Some((a, b)) = stack.pop() {
        let piece = s[a..b].trim();
        if piece.is_empty() {
            continue;
        }
        if fits(piece, cap) {
            out.push(piece);
            continue;
        }
        let (lo, hi) = (a + MIN_PART, b.saturating_sub(MIN_PART));
        let mid = a + (b - a) / 2;
        let cut = (lo < hi)
            .then(|| (0..LEVELS).find_map(|l| cands.nearest(l, lo, hi, mid)))
            .flatten();
        match cut {
            Some(c) => {
                stack.push((c.next, b));
                stack.push((a, c.end));
            }
            None => wrap_words(s, a, b, cap, out),
        }
    }
}

/// Wraps `s[a..b]` at word boundaries into pieces of about equal length, each at most `cap`
/// characters (a longer single word stays whole). Linear in `b - a`.
fn wrap_words<'s>(s: &'s str, a: usize, b: usize, cap: usize, out: &mut Vec<&'s str>) {
    let total = s[a..b].chars().count();
    let pieces = total.div_ceil(cap).max(1);
    let target = total.div_ceil(pieces).min(cap);
    let hi = (target + target / 5).min(cap);
    let lo = target * 2 / 3;
    let mut start = skip_space(s, a);
    while start < b {
        let mut len = 0; // characters from `start` to the end of the last word taken
        let mut last_end = start;
        let mut prev: Option<(usize, usize)> = None;
        let mut best: Option<(u8, Cut)> = None;
        let mut cut = None;
        for w in Words::new(s, start, b) {
            let gap = if prev.is_some() {
                s[last_end..w.0].chars().count()
            } else {
                0
            };
            let wlen = s[w.0..w.1].chars().count();
            if let Some(p) = prev {
                let here = Cut {
                    end: p.1,
                    next: w.0,
                };
                if len >= lo {
                    let level = boundary_level(&s[p.0..p.1], &s[w.0..w.1]);
                    if best.is_none_or(|(l, _)| level <= l) {
                        best = Some((level, here));
                    }
                }
                if len + gap + wlen > hi {
                    cut = Some(best.map_or(here, |(_, c)| c));
                    break;
                }
            }
            len += gap + wlen;
            last_end = w.1;
            prev = Some(w);
        }
        match cut {
            Some(c) => {
                out.push(s[start..c.end].trim_end());
                start = c.next;
            }
            None => {
                let rest = s[start..b].trim();
                if !rest.is_empty() {
                    out.push(rest);
                }
                break;
            }
        }
    }
}

/// Whitespace-separated words of `s[from..to]` as byte ranges.
struct Words<'s> {
    s: &'s str,
    i: usize,
    to: usize,
}

impl<'s> Words<'s> {
    fn new(s: &'s str, from: usize, to: usize) -> Words<'s> {
        Words { s, i: from, to }
    }
}

impl Iterator for Words<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let b = self.s.as_bytes();
        let mut i = self.i;
        while i < self.to {
            match space_len(b, i) {
                0 => break,
                n => i += n,
            }
        }
        if i >= self.to {
            self.i = self.to;
            return None;
        }
        let start = i;
        while i < self.to && space_len(b, i) == 0 {
            i += utf8_len(b[i]);
        }
        self.i = i.min(self.to);
        Some((start, self.i))
    }
}

/// The first byte at or after `i` that is not whitespace.
fn skip_space(s: &str, i: usize) -> usize {
    s[i..]
        .find(|c: char| !c.is_whitespace())
        .map_or(s.len(), |k| i + k)
}

/// The closing quotes and brackets that may follow a mark.
const CLOSERS: [char; 6] = ['"', '”', '’', '\'', ')', ']'];

/// The last run of closing marks found, so that the marks of one run (a row of `"` or `)`,
/// which are closers themselves) do not each rescan the rest of it: the scan stays linear.
#[derive(Debug, Default)]
struct ClosersRun {
    /// Where the last scan started.
    from: usize,
    /// The first byte after the run found by the last scan.
    end: usize,
    /// Bytes examined by all scans.
    scanned: usize,
}

impl ClosersRun {
    /// The first byte at or after `i` that is not a closing quote or bracket.
    fn end(&mut self, s: &str, i: usize) -> usize {
        // Every byte in `from..end` belongs to the run, so from any `i` in there (or at its end)
        // the run ends at the same place.
        if self.from < self.end && (self.from..=self.end).contains(&i) {
            return self.end;
        }
        let rest = &s[i..];
        let len = rest.len() - rest.trim_start_matches(CLOSERS).len();
        // The run and the character that ends it.
        self.scanned += len + rest[len..].chars().next().map_or(0, char::len_utf8);
        self.from = i;
        self.end = i + len;
        self.end
    }
}

/// The word that ends at byte `i`.
fn word_before(s: &str, i: usize) -> &str {
    let w = &s[..i];
    let start = w
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace())
        .map_or(0, |(k, c)| k + c.len_utf8());
    &w[start..]
}

/// The word starting at `i`.
fn word_at(s: &str, i: usize) -> &str {
    let w = &s[i..];
    &w[..w.find(char::is_whitespace).unwrap_or(w.len())]
}

/// True when `s` has at most `cap` characters.
fn fits(s: &str, cap: usize) -> bool {
    s.len() <= cap || s.chars().count() <= cap
}

#[cfg(test)]
mod tests;
