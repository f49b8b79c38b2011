//! Reading arbitrary and very large input through the library: no panic, no stack overflow, and
//! for plain text every word that is not on a boilerplate line reaches the document, in order.
//! The reader's deliberate omissions are a site menu above the title (allowed for below), the
//! table-of-contents entries that repeat a later heading and the headlines listed under "Related
//! articles" and the like (the generated inputs contain no such opening lines). Footnote marks
//! (`[1]`, `¹`) and lines that are only web addresses are not words of the article either.

use aloud::article::boilerplate::{is_address_line, is_boilerplate};
use aloud::article::footnotes;
use aloud::article::source::read_bytes;
use aloud::article::{collapse_whitespace, markdown, text, Document, Format};
use proptest::prelude::*;

/// Words as the property counts them: runs of letters and digits.
fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// The words of every line that is not boilerplate (lines end at `\n`, `\r\n` or `\r`), except
/// the one line taken as the byline, without footnote marks.
fn expected_words(input: &str, byline: Option<&str>) -> Vec<String> {
    let normalized = input.replace("\r\n", "\n").replace('\r', "\n");
    let mut byline = byline;
    normalized
        .split('\n')
        .filter(|line| !is_boilerplate(line) && !is_address_line(line.trim()))
        .map(|line| {
            let line = collapse_whitespace(line);
            let line = footnotes::definition(&line).unwrap_or(&line);
            footnotes::strip_marks(line).into_owned()
        })
        .filter(|line| {
            let is_byline = byline.is_some_and(|b| collapse_whitespace(line) == b);
            if is_byline {
                byline = None;
            }
            !is_byline
        })
        .flat_map(|line| words(&line).map(str::to_string).collect::<Vec<_>>())
        .collect()
}

/// The words of a document in reading order: title, then each section's heading and blocks
/// (the byline is checked on its own).
fn document_words(doc: &Document) -> Vec<String> {
    let mut all = String::new();
    if let Some(title) = &doc.title {
        all.push_str(title);
        all.push('\n');
    }
    for s in &doc.sections {
        if let Some(h) = &s.heading {
            all.push_str(h);
            all.push('\n');
        }
        for b in &s.blocks {
            all.push_str(&b.text);
            all.push('\n');
        }
    }
    words(&all).map(str::to_string).collect()
}

/// Every non-boilerplate word of `input` is in `doc`, in order, and nothing else is; the byline
/// is one of the input's lines.
fn assert_words_kept(input: &str, doc: &Document) -> Result<(), TestCaseError> {
    let byline = doc.byline.as_deref();
    if let Some(b) = byline {
        let found = input
            .replace("\r\n", "\n")
            .replace('\r', "\n")
            .split('\n')
            .any(|line| collapse_whitespace(line) == b);
        prop_assert!(found, "byline {:?} is not a line of the input", b);
    }
    let got = document_words(doc);
    let want = expected_words(input, byline);
    if got.len() < want.len() {
        // Only a site menu above the title may be left out: the whole first group of lines,
        // each of them short.
        let (menu, rest) = want.split_at(want.len() - got.len());
        let normalized = input.replace("\r\n", "\n").replace('\r', "\n");
        let first_group: Vec<&str> = normalized
            .split('\n')
            .skip_while(|l| {
                l.trim().is_empty() || !l.chars().any(char::is_alphanumeric) || is_boilerplate(l)
            })
            .take_while(|l| !l.trim().is_empty())
            .filter(|l| !is_boilerplate(l))
            .collect();
        prop_assert!(
            first_group.iter().all(|l| l.trim().chars().count() <= 25),
            "{:?}",
            first_group
        );
        let menu_words: Vec<String> = first_group
            .iter()
            .flat_map(|l| words(l))
            .map(str::to_string)
            .collect();
        prop_assert_eq!(menu, &menu_words[..]);
        prop_assert_eq!(&got[..], rest);
    } else {
        prop_assert_eq!(got, want);
    }
    Ok(())
}

/// Lines that exercise the plain-text rules: prose, headings of every kind, list markers,
/// underlines, boilerplate, and arbitrary characters.
fn article_line() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[A-Z][a-z]{1,8}( [a-z]{1,9}){0,14}[.?!:,]?",
        2 => Just(String::new()),
        1 => "[A-Z]{2,8}( [A-Z]{2,8}){0,4}",
        1 => "[0-9]{1,2}[.)] [A-Z][a-z]{1,8}( [a-z]{1,8}){0,4}",
        1 => "[-*•] [a-z]{1,8}( [a-z]{1,8}){0,5}",
        1 => "(===+|---+)",
        1 => prop::sample::select(vec![
            "Listen to this article".to_string(),
            "Scroll to Top".to_string(),
            "Share on Facebook".to_string(),
            "image photo-12.webp".to_string(),
            "By Jane Doe".to_string(),
            "Frequently Asked Questions".to_string(),
            "March 3, 2025".to_string(),
        ]),
        1 => "[A-Za-z ]{60,70}-?",
        1 => any::<String>(),
    ]
}

fn article() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(article_line(), 0..40),
        prop::sample::select(vec!["\n", "\r\n", "\r"]),
    )
        .prop_map(|(lines, eol)| lines.join(eol))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn text_reader_keeps_every_non_boilerplate_word_in_order(input in article()) {
        let doc = text::parse(&input);
        assert_words_kept(&input, &doc)?;
    }

    #[test]
    fn text_reader_keeps_every_word_of_arbitrary_strings(input in any::<String>()) {
        let doc = text::parse(&input);
        assert_words_kept(&input, &doc)?;
    }

    #[test]
    fn markdown_reader_never_panics(input in any::<String>(), structured in article()) {
        let _ = markdown::parse(&input);
        let _ = markdown::parse(&structured);
    }

    #[test]
    fn reading_arbitrary_bytes_in_any_format_never_panics(
        bytes in prop::collection::vec(any::<u8>(), 0..600),
    ) {
        for format in [None, Some(Format::Text), Some(Format::Markdown), Some(Format::Html)] {
            let _ = read_bytes(&bytes, "input", None, format);
        }
    }
}

/// About `mb` megabytes of words with no line break and no punctuation.
fn one_huge_line(mb: usize) -> String {
    let words = [
        "river", "stone", "lantern", "market", "orchard", "signal", "harbour",
    ];
    let mut s = String::with_capacity(mb << 20);
    let mut i = 0;
    while s.len() < mb << 20 {
        s.push_str(words[i % words.len()]);
        s.push(' ');
        i += 1;
    }
    s
}

#[test]
fn a_huge_line_without_breaks_or_punctuation_is_one_paragraph_in_text() {
    let input = one_huge_line(4);
    let loaded = read_bytes(input.as_bytes(), "big", None, Some(Format::Text)).expect("readable");
    let blocks: Vec<_> = loaded
        .document
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .collect();
    assert_eq!(blocks.len(), 1);
    assert_eq!(blocks[0].text.len(), input.trim_end().len());
}

#[test]
fn a_huge_line_without_breaks_or_punctuation_is_read_as_markdown_and_sniffed() {
    let input = one_huge_line(4);
    for format in [Some(Format::Markdown), None] {
        let loaded = read_bytes(input.as_bytes(), "big", None, format).expect("readable");
        let text_len: usize = loaded
            .document
            .sections
            .iter()
            .flat_map(|s| &s.blocks)
            .map(|b| b.text.len())
            .sum();
        assert_eq!(text_len, input.trim_end().len());
    }
}

#[test]
fn a_million_short_lines_are_read() {
    let input = "Short line\n".repeat(1_000_000);
    let doc = text::parse(&input);
    let blocks: usize = doc.sections.iter().map(|s| s.blocks.len()).sum();
    // The first line is the title; the rest are rows of one group.
    assert_eq!(doc.title.as_deref(), Some("Short line"));
    assert_eq!(blocks, 999_999);
}

#[test]
fn markdown_nested_a_hundred_thousand_levels_deep_does_not_overflow() {
    let quotes = format!("# T\n\n{}deep\n", "> ".repeat(100_000));
    let lists = format!("# T\n\n{}deep\n", "- ".repeat(100_000));
    for md in [quotes, lists] {
        // A small stack proves the reader does not recurse on nesting depth.
        let doc = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || markdown::parse(&md))
            .expect("spawn")
            .join()
            .expect("no stack overflow");
        let text: String = doc
            .sections
            .iter()
            .flat_map(|s| &s.blocks)
            .map(|b| b.text.as_str())
            .collect();
        assert_eq!(text, "deep");
    }
}
