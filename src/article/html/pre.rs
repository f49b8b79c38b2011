//! Prose written in `<pre>`: plain-text documents put on the web as they are (an Internet-Draft,
//! a mailing-list post, a plain-text essay) are read as paragraphs instead of being skipped as
//! code. Text is prose when it is mostly words in sentences with almost none of the symbols code
//! is made of. Hard-wrapped lines are joined; blank lines end paragraphs; a short line with no
//! closing punctuation before a paragraph is a subhead. A paginated document's running headers
//! and footers (columns set apart by wide gaps, "[Page 4]"), dot leaders of a table of contents
//! and paragraphs of drawing characters (ASCII diagrams) are not read.

use crate::article::collapse_whitespace;

/// What a `<pre>` of prose holds, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Part {
    /// A short line before a paragraph: a heading when body text follows it.
    Subhead(String),
    Paragraph(String),
}

/// Fewest words for a `<pre>` to be read as prose (a short one is a command or a snippet).
const MIN_WORDS: usize = 40;

/// Characters that code, markup and diagrams are written with and prose hardly uses.
fn is_code_char(c: char) -> bool {
    matches!(
        c,
        '{' | '}'
            | '['
            | ']'
            | '('
            | ')'
            | ';'
            | '='
            | '<'
            | '>'
            | '$'
            | '\\'
            | '|'
            | '_'
            | '#'
            | '*'
            | '+'
            | '^'
            | '~'
            | '`'
    )
}

/// How a stretch of text is made: words, words that end a sentence, letters, code characters
/// and characters other than spaces.
#[derive(Default, Clone, Copy)]
struct Make {
    words: usize,
    stops: usize,
    letters: usize,
    code: usize,
    chars: usize,
}

impl Make {
    fn of(text: &str) -> Make {
        let mut m = Make::default();
        for w in text.split_whitespace() {
            let wordy = w.chars().any(char::is_alphabetic);
            m.words += usize::from(wordy);
            m.stops += usize::from(wordy && w.ends_with(['.', '?', '!', ':']));
            for c in w.chars() {
                m.chars += 1;
                if c.is_alphabetic() {
                    m.letters += 1;
                } else if is_code_char(c) {
                    m.code += 1;
                }
            }
        }
        m
    }

    /// Mostly letters, almost no code characters.
    fn wordy(&self) -> bool {
        self.letters * 10 >= self.chars * 7 && self.code * 25 <= self.chars
    }
}

/// The paragraphs of `raw`, the text of a `<pre>` as written, when it is prose; `None` for code,
/// data and drawings. Each paragraph is judged alone, so an example of code or a diagram in a
/// plain-text document is left out and the prose around it read.
pub(crate) fn prose(raw: &str) -> Option<Vec<Part>> {
    let mut paragraphs: Vec<(String, bool)> = Vec::new();
    let mut lines: Vec<&str> = Vec::new();
    let mut end = |lines: &mut Vec<&str>| {
        if !lines.is_empty() {
            paragraphs.push((collapse_whitespace(&lines.join(" ")), lines.len() == 1));
            lines.clear();
        }
    };
    for line in raw.lines() {
        let line = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{c}');
        if line.is_empty() {
            end(&mut lines);
        } else if !(is_running_head(line) || line.contains(". . .") || line.contains("....")) {
            lines.push(line);
        }
    }
    end(&mut lines);
    let all = Make::of(raw);
    let mut read = Make::default();
    let mut parts = Vec::new();
    for (text, one_line) in paragraphs {
        let m = Make::of(&text);
        if !m.wordy() {
            continue;
        }
        read.words += m.words;
        read.stops += m.stops;
        let closed = text.ends_with(['.', ',', ';', ':', '?', '!', '"', '”', ')']);
        parts.push(if one_line && text.len() <= 80 && !closed {
            Part::Subhead(text)
        } else {
            Part::Paragraph(text)
        });
    }
    // Prose: enough words, most of the block's, in sentences.
    let prose =
        read.words >= MIN_WORDS && read.words * 2 >= all.words && read.stops * 30 >= read.words;
    if !prose {
        return None;
    }
    // A subhead only where its paragraph follows: the last line of a page is no heading.
    let mut out = Vec::with_capacity(parts.len());
    let mut parts = parts.into_iter().peekable();
    while let Some(p) = parts.next() {
        match p {
            Part::Subhead(s) if !matches!(parts.peek(), Some(Part::Paragraph(_))) => {
                out.push(Part::Paragraph(s));
            }
            other => out.push(other),
        }
    }
    Some(out)
}

/// A page's running header or footer: "Nottingham   Expires May 2, 2015   [Page 4]", text set in
/// columns by two or more gaps of four spaces, or ending with a page number in brackets.
fn is_running_head(line: &str) -> bool {
    let page = line.ends_with(']')
        && line.rfind("[Page ").is_some_and(|at| {
            line[at + 6..line.len() - 1]
                .bytes()
                .all(|b| b.is_ascii_digit())
        });
    page || wide_gaps(line) >= 2
}

/// How many runs of four or more spaces stand between words of `line`.
fn wide_gaps(line: &str) -> usize {
    line.split("    ")
        .filter(|s| !s.trim().is_empty())
        .count()
        .saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DRAFT: &str = "\
Internet-Draft          Listening to Articles            March 2026


1.  Introduction

   This document describes how a reader of articles finds the parts of
   a page that a listener wants to hear. It is written for people who
   build such readers, and for those who publish pages that are read.

   Pages differ a great deal. Some mark their article, and many do not;
   the reader has to guess from the text itself where the story is.

   +--------+     +--------+
   | page   | --> | reader |
   +--------+     +--------+

2.  Terms

   A section is a heading and the paragraphs under it. A note is a
   short text that a mark in a sentence refers to.



Author                    Expires September 2026                [Page 2]
";

    #[test]
    fn a_plain_text_document_is_read_as_paragraphs_under_its_headings() {
        let parts = prose(DRAFT).expect("prose");
        assert_eq!(
            parts,
            [
                Part::Subhead("1. Introduction".into()),
                Part::Paragraph(
                    "This document describes how a reader of articles finds the parts of a \
                     page that a listener wants to hear. It is written for people who build \
                     such readers, and for those who publish pages that are read."
                        .into()
                ),
                Part::Paragraph(
                    "Pages differ a great deal. Some mark their article, and many do not; the \
                     reader has to guess from the text itself where the story is."
                        .into()
                ),
                Part::Subhead("2. Terms".into()),
                Part::Paragraph(
                    "A section is a heading and the paragraphs under it. A note is a short \
                     text that a mark in a sentence refers to."
                        .into()
                ),
            ]
        );
    }

    #[test]
    fn code_and_data_are_not_prose() {
        let code =
            "fn main() {\n    let x = vec![1, 2, 3];\n    println!(\"{x:?}\");\n}\n".repeat(12);
        assert_eq!(prose(&code), None);
        let data = "2024-01-01  12.5  13.1  0.4\n".repeat(40);
        assert_eq!(prose(&data), None);
        let shell = "$ cargo build --release\n$ ls target/release\n".repeat(20);
        assert_eq!(prose(&shell), None);
        // Too short to tell.
        assert_eq!(prose("Install it. Then run it."), None);
    }
}
