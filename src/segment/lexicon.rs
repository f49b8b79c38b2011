//! A user lexicon: words the listener wants said differently, applied to every utterance before
//! the spoken-form rules, so any name can be fixed ("Pezeshkian" → "Pe-zesh-key-on").
//!
//! The file is TOML. Top-level entries replace exact words; an optional `[regex]` table holds
//! regular expressions (Rust `regex` syntax, `$1` for groups), applied in file order after the
//! words:
//!
//! ```toml
//! Pezeshkian = "Pe-zesh-key-on"
//! "C++" = "C plus plus"
//! nginx = "engine x"
//!
//! [regex]
//! '\bIRGC-QF\b' = "I.R.G.C. Quds Force"
//! ```
//!
//! Case rules: a key matches whole words only and is case-sensitive ("Nice" the city does not
//! change "nice"), except that a key written all in lowercase also matches the word with a capital
//! first letter (at the start of a sentence) and the replacement then gets a capital too. A
//! possessive `'s` (or `’s`) after a key is kept: "Pezeshkian’s" → "Pe-zesh-key-on's". Keys that
//! are not a single word ("C++", "Dr. No") match where no letter or digit touches them.
//!
//! What it leaves out: replacements are plain text read by the rules like any other text (write
//! numbers as words if you want them said a particular way); there is no phonetic alphabet.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use regex::Regex;

/// Why a lexicon could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LexiconError {
    /// The file could not be read.
    #[error("cannot read lexicon {}: {reason} (check the path given with --lexicon)", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        reason: std::io::Error,
    },
    /// The file is not valid TOML, or an entry is not `word = "replacement"`.
    #[error("{}:{line}:{column}: {message} (entries look like: word = \"replacement\")", path.display())]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A pattern in `[regex]` is not a valid regular expression.
    #[error("{}:{line}: invalid regular expression {pattern:?}: {message} (write patterns in 'single quotes' so backslashes are kept)", path.display())]
    Regex {
        /// The file.
        path: PathBuf,
        /// 1-based line of the pattern.
        line: usize,
        /// The pattern as written.
        pattern: String,
        /// The regex engine's complaint, on one line.
        message: String,
    },
}

/// Words the user wants said differently. Cheap to clone; [`Lexicon::apply`] is linear in the
/// text for word entries.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// Single-word keys (with their capitalized variants) → replacement.
    words: HashMap<String, String>,
    /// Keys that are not one word, and one regex matching any of them (longest first).
    phrases: HashMap<String, String>,
    phrase_re: Option<Regex>,
    /// `[regex]` entries in file order.
    regexes: Vec<(Regex, String)>,
}

/// Letters, digits and apostrophes inside a word (as the rules see words).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_single_word(key: &str) -> bool {
    !key.is_empty() && key.chars().all(is_word_char)
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

impl Lexicon {
    /// An empty lexicon.
    pub fn new() -> Lexicon {
        Lexicon::default()
    }

    /// Number of entries (words, phrases and patterns).
    pub fn len(&self) -> usize {
        self.words.len() + self.phrases.len() + self.regexes.len()
    }

    /// No entries at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds (or replaces) an exact-word entry. Adding many entries that are not single words
    /// one by one rebuilds their matcher each time; [`Lexicon::parse`] builds it once.
    pub fn insert(&mut self, key: &str, replacement: &str) {
        if self.add(key, replacement) {
            self.rebuild_phrases();
        }
    }

    /// Adds an entry; true when it is a phrase (the phrase matcher needs rebuilding).
    fn add(&mut self, key: &str, replacement: &str) -> bool {
        if key.is_empty() {
            return false;
        }
        if is_single_word(key) {
            self.words.insert(key.to_string(), replacement.to_string());
            if key.chars().all(|c| !c.is_uppercase()) {
                let cap = capitalize(key);
                if cap != key {
                    self.words.insert(cap, capitalize(replacement));
                }
            }
            false
        } else {
            self.phrases
                .insert(key.to_string(), replacement.to_string());
            true
        }
    }

    /// Adds a regular-expression entry, applied after earlier ones.
    pub fn insert_regex(&mut self, pattern: &str, replacement: &str) -> Result<(), regex::Error> {
        let re = Regex::new(pattern)?;
        self.regexes.push((re, replacement.to_string()));
        Ok(())
    }

    /// Adds every entry of `other`, which wins where both have the same key.
    pub fn merge(&mut self, other: Lexicon) {
        self.words.extend(other.words);
        if !other.phrases.is_empty() {
            self.phrases.extend(other.phrases);
            self.rebuild_phrases();
        }
        self.regexes.extend(other.regexes);
    }

    fn rebuild_phrases(&mut self) {
        if self.phrases.is_empty() {
            self.phrase_re = None;
            return;
        }
        // Longest first, so "Dr. No" wins over "Dr." where both match.
        let mut keys: Vec<&String> = self.phrases.keys().collect();
        keys.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        let alternatives: Vec<String> = keys.iter().map(|k| regex::escape(k)).collect();
        // Escaped literals always compile; a failure here would only mean a size limit.
        self.phrase_re = Regex::new(&alternatives.join("|")).ok();
    }

    /// Reads a lexicon file.
    pub fn load(path: &Path) -> Result<Lexicon, LexiconError> {
        let src = std::fs::read_to_string(path).map_err(|reason| LexiconError::Read {
            path: path.to_path_buf(),
            reason,
        })?;
        Lexicon::parse(&src, path)
    }

    /// Parses lexicon TOML; `path` is only used in error messages.
    pub fn parse(src: &str, path: &Path) -> Result<Lexicon, LexiconError> {
        let line_col = |offset: usize| {
            let before = &src[..offset.min(src.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            (line, column)
        };
        let syntax = |offset: usize, message: String| {
            let (line, column) = line_col(offset);
            LexiconError::Syntax {
                path: path.to_path_buf(),
                line,
                column,
                message,
            }
        };
        let table = toml::de::DeTable::parse(src).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            syntax(offset, e.message().trim().replace('\n', " "))
        })?;
        let mut entries: Vec<_> = table.get_ref().iter().collect();
        entries.sort_by_key(|(k, _)| k.span().start);
        let mut lex = Lexicon::default();
        let mut patterns = Vec::new();
        for (key, value) in entries {
            match value.get_ref() {
                toml::de::DeValue::String(s) => {
                    if key.get_ref().is_empty() {
                        return Err(syntax(key.span().start, "empty word".into()));
                    }
                    lex.add(key.get_ref(), s);
                }
                toml::de::DeValue::Table(t) if key.get_ref() == "regex" => {
                    let mut inner: Vec<_> = t.iter().collect();
                    inner.sort_by_key(|(k, _)| k.span().start);
                    for (pat, rep) in inner {
                        let Some(rep) = rep.get_ref().as_str() else {
                            return Err(syntax(
                                rep.span().start,
                                format!("the replacement for {:?} must be a string", pat.get_ref()),
                            ));
                        };
                        patterns.push((pat.get_ref().to_string(), rep.to_string(), pat.span().start));
                    }
                }
                other => {
                    return Err(syntax(
                        value.span().start,
                        format!(
                            "the replacement for {:?} must be a quoted string, found {} (only [regex] may be a table)",
                            key.get_ref(),
                            other.type_str()
                        ),
                    ))
                }
            }
        }
        lex.rebuild_phrases();
        for (pattern, rep, offset) in patterns {
            if let Err(e) = lex.insert_regex(&pattern, &rep) {
                let message = e.to_string();
                let message = message.lines().last().unwrap_or("").trim();
                let message = message
                    .strip_prefix("error: ")
                    .unwrap_or(message)
                    .to_string();
                return Err(LexiconError::Regex {
                    path: path.to_path_buf(),
                    line: line_col(offset).0,
                    pattern,
                    message,
                });
            }
        }
        Ok(lex)
    }

    /// Applies the lexicon to `text`: words, then phrases, then regular expressions.
    pub fn apply<'t>(&self, text: &'t str) -> Cow<'t, str> {
        if self.is_empty() {
            return Cow::Borrowed(text);
        }
        let mut out = Cow::Borrowed(text);
        if !self.words.is_empty() {
            if let Some(s) = self.apply_words(&out) {
                out = Cow::Owned(s);
            }
        }
        if let Some(re) = &self.phrase_re {
            if let Some(s) = self.apply_phrases(re, &out) {
                out = Cow::Owned(s);
            }
        }
        for (re, rep) in &self.regexes {
            if let Cow::Owned(s) = re.replace_all(&out, rep.as_str()) {
                out = Cow::Owned(s);
            }
        }
        out
    }

    /// Replaces whole words found in the map; `None` when nothing changed.
    fn apply_words(&self, text: &str) -> Option<String> {
        let mut out: Option<String> = None;
        let mut copied = 0;
        let mut chars = text.char_indices().peekable();
        while let Some((start, c)) = chars.next() {
            if !is_word_char(c) {
                continue;
            }
            let mut end = start + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if !is_word_char(d) {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
            let word = &text[start..end];
            if let Some(rep) = self.words.get(word) {
                let buf = out.get_or_insert_with(|| String::with_capacity(text.len() + 16));
                buf.push_str(&text[copied..start]);
                buf.push_str(rep);
                copied = end;
            }
        }
        let mut buf = out?;
        buf.push_str(&text[copied..]);
        Some(buf)
    }

    fn apply_phrases(&self, re: &Regex, text: &str) -> Option<String> {
        let mut out: Option<String> = None;
        let mut copied = 0;
        for m in re.find_iter(text) {
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            let key_starts_word = m.as_str().starts_with(is_word_char);
            let key_ends_word = m.as_str().ends_with(is_word_char);
            if (key_starts_word && before.is_some_and(is_word_char))
                || (key_ends_word && after.is_some_and(is_word_char))
            {
                continue;
            }
            let Some(rep) = self.phrases.get(m.as_str()) else {
                continue;
            };
            let buf = out.get_or_insert_with(|| String::with_capacity(text.len() + 16));
            buf.push_str(&text[copied..m.start()]);
            buf.push_str(rep);
            copied = m.end();
        }
        let mut buf = out?;
        buf.push_str(&text[copied..]);
        Some(buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex(src: &str) -> Lexicon {
        Lexicon::parse(src, Path::new("test.toml")).unwrap()
    }

    #[test]
    fn exact_word_is_replaced_as_a_whole_word_only() {
        let l = lex("Pezeshkian = \"Pe-zesh-key-on\"\n");
        assert_eq!(
            l.apply("President Pezeshkian said"),
            "President Pe-zesh-key-on said"
        );
        assert_eq!(l.apply("Pezeshkians"), "Pezeshkians");
    }

    #[test]
    fn possessive_after_a_key_is_kept() {
        let l = lex("Pezeshkian = \"Pe-zesh-key-on\"\n");
        assert_eq!(l.apply("Pezeshkian’s plan"), "Pe-zesh-key-on’s plan");
    }

    #[test]
    fn capitalized_key_does_not_match_lowercase_word() {
        let l = lex("Nice = \"Neess\"\n");
        assert_eq!(l.apply("Nice is nice"), "Neess is nice");
    }

    #[test]
    fn lowercase_key_also_matches_at_sentence_start() {
        let l = lex("nginx = \"engine x\"\n");
        assert_eq!(l.apply("Nginx and nginx"), "Engine x and engine x");
    }

    #[test]
    fn key_with_symbols_matches_where_no_letter_touches_it() {
        let l = lex("\"C++\" = \"C plus plus\"\n");
        assert_eq!(l.apply("I like C++."), "I like C plus plus.");
        assert_eq!(l.apply("AC++"), "AC++");
    }

    #[test]
    fn longer_phrase_wins_over_its_prefix() {
        let l = lex("\"Dr.\" = \"Drive\"\n\"Dr. No\" = \"Doctor No\"\n");
        assert_eq!(l.apply("Dr. No on Elm Dr."), "Doctor No on Elm Drive");
    }

    #[test]
    fn regex_table_applies_patterns_with_groups() {
        let l = lex("[regex]\n'(\\d+)x' = \"$1 times\"\n");
        assert_eq!(l.apply("a 3x zoom"), "a 3 times zoom");
    }

    #[test]
    fn regexes_apply_in_file_order() {
        let l = lex("[regex]\nb = \"c\"\na = \"b\"\n");
        assert_eq!(l.apply("a"), "b");
    }

    #[test]
    fn broken_toml_reports_path_and_line() {
        let e = Lexicon::parse("a = \"x\"\nb = \n", Path::new("lex.toml")).unwrap_err();
        let msg = e.to_string();
        assert!(msg.starts_with("lex.toml:2:"), "{msg}");
        assert!(!msg.contains('\n'), "{msg}");
    }

    #[test]
    fn non_string_value_is_an_error_naming_the_word() {
        let e = Lexicon::parse("a = \"x\"\nfoo = 3\n", Path::new("lex.toml")).unwrap_err();
        let msg = e.to_string();
        assert!(msg.starts_with("lex.toml:2:"), "{msg}");
        assert!(msg.contains("\"foo\""), "{msg}");
    }

    #[test]
    fn invalid_regex_reports_its_line() {
        let e = Lexicon::parse(
            "[regex]\n\"a\" = \"b\"\n\"(\" = \"x\"\n",
            Path::new("l.toml"),
        )
        .unwrap_err();
        let msg = e.to_string();
        assert!(msg.starts_with("l.toml:3:"), "{msg}");
        assert!(!msg.contains('\n'), "{msg}");
    }

    #[test]
    fn later_lexicon_wins_on_merge() {
        let mut a = lex("x = \"one\"\n");
        a.merge(lex("x = \"two\"\n"));
        assert_eq!(a.apply("x"), "two");
    }

    #[test]
    fn empty_lexicon_borrows_the_text() {
        assert!(matches!(Lexicon::default().apply("abc"), Cow::Borrowed(_)));
    }
}
