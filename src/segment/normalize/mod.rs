//! Spoken forms: rewrites an utterance as written into what a voice should say. Numbers, money,
//! dates, times, units, abbreviations, acronyms, symbols, URLs and e-mail addresses become words
//! a speech engine reads correctly ("$41.5 million" → "forty-one point five million dollars",
//! "Dr. Rao" → "Doctor Rao", "US" → "U.S."). A user [`Lexicon`] is applied first.
//!
//! How it works: the utterance is split into tokens (words, digit runs, single symbols; see
//! `tokens`), then a left-to-right pass tries, at each token, the rules in a fixed order
//! (URLs and e-mails, phone numbers, dates and times, money, addresses, other numbers,
//! abbreviations, acronyms, symbols). A rule looks at a few tokens around the position and either
//! rewrites a stretch of tokens or leaves the token as written. No rule looks further than a few
//! tokens, so the pass is linear in the text; regular expressions are compiled once. The pass
//! also leaves out the period of an initial before a name ("U.S. Senate"), which voices would
//! take for a sentence's end.
//!
//! What it leaves out: it does not guess at words the speech engine cannot say (that is what the
//! lexicon is for), does not detect the language, and reads everything as US English.
//!
//! Symbols with nothing to say (bullets, arrows) are dropped; an utterance that would come out
//! empty that way (a lone "•") keeps its text as written, and one the rules leave alone (a lone
//! "—") stays as it is, so a non-empty utterance never has an empty spoken form.

use super::Lexicon;

mod abbrev;
mod acronyms;
mod address;
mod datetime;
mod electronic;
mod explain;
mod money;
mod numbers;
mod numeric;
mod phone;
mod symbols;
mod tokens;
mod units;

pub use explain::changes;
use tokens::{Kind, Tok};

/// The spoken form of `text`: the lexicon first, then the rules.
pub fn spoken(text: &str, lexicon: &Lexicon) -> String {
    let replaced = lexicon.apply(text);
    let out = rules(&replaced);

    let trimmed = out.trim();
    if trimmed.is_empty() {
        // Nothing left to say (a lone "•" is dropped): keep the text as written.
        text.trim().to_string()
    } else {
        trimmed.to_string()
    }
}

/// Words before a lone initial that make it a label, not a person's initial: after them a
/// period before a capital may end a sentence ("top of Group A. England were second").
const LABEL_NOUNS: &[&str] = &[
    "Group",
    "Gate",
    "Ward",
    "Hall",
    "Unit",
    "Section",
    "Terminal",
    "Proposition",
    "Prop",
    "Plan",
    "Compound",
    "Gen",
    "Generation",
    "Vitamin",
    "Type",
    "Class",
    "Grade",
    "Level",
    "Phase",
    "Block",
    "Zone",
    "Row",
    "Team",
    "Pool",
    "Option",
    "Part",
    "Stage",
    "Platform",
    "Pier",
    "Lot",
    "Building",
    "Room",
    "Area",
    "Wing",
    "Site",
    "Sector",
    "Division",
    "League",
    "Tier",
    "Category",
    "Box",
    "Door",
    "Floor",
    "Model",
    "Series",
    "Channel",
    "Line",
    "Route",
    "Track",
    "Court",
    "Field",
    "Studio",
    "Figure",
    "Table",
    "Chapter",
    "Article",
    "Title",
    "Book",
    "Volume",
    "Game",
    "Round",
    "Match",
    "Period",
    "Quarter",
    "Wave",
    "Step",
    "Version",
    "Formula",
    "Exhibit",
    "Schedule",
    "Appendix",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Hepatitis",
    "Camp",
    "Lane",
];

/// The period at token `i` ends an initial inside the utterance before a name, and is not
/// written out: speech engines take ". " before a capital for the end of a sentence and stop
/// there with a falling voice ("U.S. Senate", "John F. Kennedy", "D.C. Tuesday"). The letters
/// are said the same either way. A lone capital after a label ("Group A. England", "Plan B.
/// The"), after a lower-case word ("vitamin D. Researchers") or glued to digits ("Apt. 4B. The")
/// keeps its period: there it may end a sentence inside an utterance that holds several (a list
/// item, a question).
fn initial_runs_on(ctx: &Ctx, i: usize) -> bool {
    let (Some(dot), Some(letter), Some(next)) = (ctx.get(i), ctx.prev(i), ctx.get(i + 1)) else {
        return false;
    };
    if !dot.is(".") || dot.sp || !next.sp || !next.is_capitalized() {
        return false;
    }
    if letter.kind != Kind::Word || letter.text.chars().count() != 1 || !letter.is_all_caps() {
        return false;
    }
    let before = i.checked_sub(2).and_then(|k| ctx.get(k));
    // "U.S.", "D.C.", "J.R.R.": a dotted run of letters.
    if !letter.sp && before.is_some_and(|b| b.is(".")) {
        return true;
    }
    // "John F.": a lone initial after a capitalized name.
    letter.sp
        && before.is_some_and(|b| {
            b.kind == Kind::Word
                && b.is_capitalized()
                && b.text.chars().count() > 1
                && !b.is_all_caps()
                && !LABEL_NOUNS.contains(&b.text)
        })
}

/// A rewrite of `n` tokens into `say`.
pub(crate) struct Hit {
    pub n: usize,
    pub say: String,
}

impl Hit {
    pub fn new(n: usize, say: impl Into<String>) -> Option<Hit> {
        Some(Hit { n, say: say.into() })
    }
}

/// The utterance being normalized, with its tokens.
pub(crate) struct Ctx<'a> {
    pub text: &'a str,
    pub toks: Vec<Tok<'a>>,
    /// Most words are in capitals (a heading in capitals): acronym rules are off.
    pub shouting: bool,
}

impl<'a> Ctx<'a> {
    fn new(text: &'a str) -> Ctx<'a> {
        let toks = tokens::tokenize(text);
        // Words of two or more letters, in capitals or not.
        let (mut caps, mut other) = (0usize, 0usize);
        for t in toks
            .iter()
            .filter(|t| t.kind == Kind::Word && t.text.len() > 1)
        {
            if t.is_all_caps() {
                caps += 1;
            } else {
                other += 1;
            }
        }
        Ctx {
            text,
            toks,
            shouting: caps >= 3 && caps > 2 * other,
        }
    }

    pub fn get(&self, i: usize) -> Option<&Tok<'a>> {
        self.toks.get(i)
    }

    /// Token `i` exists and is attached to the token before it (no space).
    pub fn glued(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| !t.sp)
    }

    /// Nothing but punctuation is glued on at token `i` ("5m." ends there, "5mph" does not).
    pub fn free_after(&self, i: usize) -> bool {
        !self
            .toks
            .get(i)
            .is_some_and(|t| !t.sp && t.kind != Kind::Punct)
    }

    /// Token `i` exists, is glued to the previous one and has this text.
    pub fn glued_is(&self, i: usize, s: &str) -> bool {
        self.toks.get(i).is_some_and(|t| !t.sp && t.text == s)
    }

    /// Token `i` has this text (case-sensitive).
    pub fn is(&self, i: usize, s: &str) -> bool {
        self.toks.get(i).is_some_and(|t| t.text == s)
    }

    /// The token before `i`.
    pub fn prev(&self, i: usize) -> Option<&Tok<'a>> {
        i.checked_sub(1).and_then(|j| self.toks.get(j))
    }

    /// The text from token `i` to the end.
    pub fn rest(&self, i: usize) -> &'a str {
        self.toks.get(i).map_or("", |t| &self.text[t.start..])
    }

    /// How many tokens from `i` make up exactly `len` bytes of text, if a token ends there.
    pub fn tokens_in(&self, i: usize, len: usize) -> Option<usize> {
        let start = self.toks.get(i)?.start;
        let end = start + len;
        let mut j = i;
        while let Some(t) = self.toks.get(j) {
            if t.end() == end {
                return Some(j - i + 1);
            }
            if t.end() > end {
                return None;
            }
            j += 1;
        }
        None
    }

    /// Whether the utterance has an arithmetic operator ("=", "+", "×", "*", "÷"): then a
    /// spaced hyphen between numbers is minus, not a range.
    pub fn has_operator(&self) -> bool {
        // (An asterisk only between numbers: one next to a word marks a footnote or a bullet.)
        self.toks.iter().enumerate().any(|(k, t)| {
            matches!(t.text, "=" | "+" | "×" | "÷")
                || t.is("*")
                    && k > 0
                    && self.toks[k - 1].kind == Kind::Digits
                    && self.get(k + 1).is_some_and(|n| n.kind == Kind::Digits)
        })
    }

    /// Whether one of the `n` words before token `i` is in `set` (lowercase).
    pub fn recent_word_in(&self, i: usize, n: usize, set: &[&str]) -> bool {
        self.toks[..i.min(self.toks.len())]
            .iter()
            .rev()
            .filter(|t| t.kind == Kind::Word)
            .take(n)
            .any(|t| set.iter().any(|w| t.text.eq_ignore_ascii_case(w)))
    }
}

/// The output under construction: keeps words apart where a rewrite meets a word.
struct Out {
    s: String,
    /// The last thing written was a rewrite (so a glued word after it needs a space).
    after_rewrite: bool,
}

impl Out {
    fn space_if(&mut self, sp: bool) {
        if sp && !self.s.is_empty() && !self.s.ends_with(' ') {
            self.s.push(' ');
        }
    }

    fn ends_alnum(&self) -> bool {
        self.s
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
    }

    fn rewrite(&mut self, sp: bool, say: &str) {
        if say.is_empty() {
            // A dropped symbol: keep the words around it apart.
            self.space_if(sp);
            self.after_rewrite = false;
            return;
        }
        self.space_if(sp);
        if self.ends_alnum() && say.starts_with(char::is_alphanumeric) {
            // A code's letter "A" ("A14", "A&E"): a hyphen, or the voice reads the article "uh".
            let lone_a = self.s.ends_with('A')
                && !self.s[..self.s.len() - 1]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric);
            self.s.push(if lone_a { '-' } else { ' ' });
        }
        self.s.push_str(say);
        self.after_rewrite = true;
    }

    fn verbatim(&mut self, t: &Tok) {
        self.space_if(t.sp);
        if !t.sp && self.after_rewrite && t.kind != Kind::Punct && self.ends_alnum() {
            self.s.push(' ');
        }
        if t.kind == Kind::Word && t.text.contains('’') {
            self.s.push_str(&t.text.replace('’', "'"));
        } else {
            self.s.push_str(t.text);
        }
        self.after_rewrite = false;
    }
}

type Rule = fn(&Ctx, usize) -> Option<Hit>;

/// The rules in the order they are tried at each token.
const RULES: [Rule; 9] = [
    electronic::rule,
    phone::rule,
    datetime::rule,
    money::rule,
    address::rule,
    numeric::rule,
    abbrev::rule,
    acronyms::rule,
    symbols::rule,
];

/// Applies the rules (no lexicon).
/// `w` in ASCII lower case, written into `buf` without allocating (the word lists it is looked up
/// in hold short ASCII words); `None` when it is longer than `buf` or not ASCII.
pub(super) fn lower_in<'a>(w: &str, buf: &'a mut [u8; 16]) -> Option<&'a str> {
    let b = w.as_bytes();
    if b.len() > buf.len() || !w.is_ascii() {
        return None;
    }
    for (d, s) in buf.iter_mut().zip(b) {
        *d = s.to_ascii_lowercase();
    }
    std::str::from_utf8(&buf[..b.len()]).ok()
}

fn rules(text: &str) -> String {
    let ctx = Ctx::new(text);
    let mut out = Out {
        s: String::with_capacity(text.len() + text.len() / 2),
        after_rewrite: false,
    };
    let mut i = 0;
    'tokens: while i < ctx.toks.len() {
        let t = ctx.toks[i];
        for rule in RULES {
            if let Some(hit) = rule(&ctx, i) {
                if hit.n > 0 {
                    out.rewrite(t.sp, &hit.say);
                    i += hit.n;
                    continue 'tokens;
                }
            }
        }
        if !initial_runs_on(&ctx, i) {
            out.verbatim(&t);
        }
        i += 1;
    }
    out.s
}

#[cfg(test)]
mod tests;
