//! Properties of the segmenter on generated text: no word is lost or reordered, no utterance is
//! longer than the cap when it could be split, and no input makes it panic.

use aloud::article::{Block, BlockKind, Document, Section};
use aloud::segment::{clauses, segment, sentences, SegmentOptions};
use proptest::prelude::*;

/// Text that looks like news prose: words, abbreviations, numbers, quotes, end marks, dashes,
/// list markers, odd spaces and non-ASCII letters.
fn prose() -> impl Strategy<Value = String> {
    let token = prop::sample::select(vec![
        "The",
        "talks",
        "U.S.",
        "Dr.",
        "Mr.",
        "a.m.",
        "p.m.",
        "etc.",
        "Inc.",
        "No.",
        "J.",
        "E.U.",
        "said.",
        "ended!",
        "why?",
        "Yes?!",
        "“We",
        "agree,”",
        "(and",
        "so.)",
        "8,200",
        "3.5",
        "$41.5",
        "million.",
        "1.",
        "2)",
        "a.",
        "•",
        "—",
        "–",
        "-",
        "...",
        "…",
        ".",
        ". . .",
        "Tehran;",
        "Oman:",
        "but",
        "which",
        "Ünïcödé",
        "東京は",
        "晴れ。",
        "e.g.",
        "https://x.example/a.b",
        "jo@x.org.",
        "'quoted.'",
        "[...]",
        "and",
        "it",
        "He",
        "\u{a0}",
        "\n",
        "\n\n",
        "\u{2029}",
        "“Why?”",
        "N°.",
        "(a)",
        "⁃9.",
        "é.",
        "b)",
    ]);
    let word = prop_oneof![
        8 => token.prop_map(str::to_string),
        2 => "[A-Za-z]{1,12}[.,;:!?]?",
        1 => "\\PC{1,6}",
    ];
    let sep = prop::sample::select(vec![" ", " ", " ", "  ", "\n", "\t", "\u{2003}"]);
    prop::collection::vec((word, sep), 0..120).prop_map(|v| {
        v.into_iter()
            .flat_map(|(w, s)| [w, s.to_string()])
            .collect::<String>()
    })
}

fn words(s: &str) -> Vec<&str> {
    s.split_whitespace().collect()
}

fn non_space(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn one_paragraph_doc(text: &str) -> Document {
    Document {
        title: None,
        byline: None,
        sections: vec![Section {
            heading: None,
            level: 0,
            blocks: vec![Block::new(BlockKind::Paragraph, text)],
        }],
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn sentence_split_keeps_every_word_in_order(text in prose()) {
        let got = sentences::split(&text);
        let joined: Vec<&str> = got.iter().flat_map(|s| s.split_whitespace()).collect();
        prop_assert_eq!(joined, words(&text));
        prop_assert!(got.iter().all(|s| !s.is_empty() && s.trim() == *s));
    }

    #[test]
    fn sentence_split_keeps_every_word_of_arbitrary_unicode(text in any::<String>()) {
        let got = sentences::split(&text);
        let joined: Vec<&str> = got.iter().flat_map(|s| s.split_whitespace()).collect();
        prop_assert_eq!(joined, words(&text));
    }

    #[test]
    fn clause_split_keeps_every_character_and_respects_the_caps(
        text in prose(),
        cap in 1usize..300,
        first in 1usize..300,
    ) {
        let got = clauses::split_long(&text, first, cap);
        prop_assert_eq!(non_space(&got.concat()), non_space(&text));
        for (i, piece) in got.iter().enumerate() {
            let limit = if i == 0 { first.min(cap) } else { cap };
            prop_assert!(
                piece.chars().count() <= limit || !piece.contains(char::is_whitespace),
                "piece {} of {} chars over cap {}: {:?}", i, piece.chars().count(), limit, piece
            );
        }
    }

    #[test]
    fn segment_never_exceeds_the_cap_when_it_can_split(text in prose(), cap in 20usize..260) {
        let opts = SegmentOptions { max_chars: cap, first_max_chars: cap / 2, ..SegmentOptions::default() };
        let doc = one_paragraph_doc(&text);
        let script = segment(&doc, &opts);
        let mut all = String::new();
        for u in script.sections.iter().flat_map(|s| &s.utterances) {
            prop_assert!(
                u.text.chars().count() <= cap || !u.text.contains(char::is_whitespace),
                "{} chars over cap {}: {:?}", u.text.chars().count(), cap, u.text
            );
            all.push_str(&u.text);
        }
        // Every character of the block (its text without footnote marks) is said.
        prop_assert_eq!(non_space(&all), non_space(&doc.sections[0].blocks[0].text));
    }

    #[test]
    fn segment_does_not_panic_on_arbitrary_unicode(text in any::<String>(), title in "\\PC{0,40}") {
        let mut doc = one_paragraph_doc(&text);
        doc.title = Some(title);
        doc.sections.push(Section {
            heading: Some(text.clone()),
            level: 2,
            blocks: vec![Block::new(BlockKind::ListItem, &text), Block::new(BlockKind::TableRow, &text)],
        });
        let opts = SegmentOptions { max_chars: 7, first_max_chars: 3, ..SegmentOptions::default() };
        let _ = segment(&doc, &opts);
        let _ = segment(&doc, &SegmentOptions::default());
    }
}

#[test]
fn example_article_has_no_utterance_over_the_cap_and_no_merged_heading() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/iran-talks.txt");
    let text = std::fs::read_to_string(path).expect("example article");
    let doc = aloud::article::text::parse(&text);
    let opts = SegmentOptions::default();
    let script = segment(&doc, &opts);
    for s in &script.sections {
        for u in &s.utterances {
            assert!(u.text.chars().count() <= opts.max_chars, "{:?}", u.text);
        }
        if let Some(h) = &s.title {
            // The heading is an utterance of its own, exactly as written.
            assert!(s.utterances.iter().any(|u| &u.text == h), "{h:?} merged");
        }
    }
}

/// Text made of long runs: closing and opening quotes, parentheses, dots, dashes, digits with
/// separators, currency and percent signs, letters of several scripts, emoji and spaces.
fn runs() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[\"'”’»)]{1,400}",
        "[\"'“‘«(]{1,400}",
        "[.?!…]{1,400}",
        "[-–—/]{1,200}",
        "[0-9][0-9.,:/-]{0,300}",
        "[$€£%°]{1,50}[0-9]{0,20}",
        "[a-zA-Z]{1,30}",
        "[а-яА-Я]{1,30}",
        "[α-ωΑ-Ω]{1,30}",
        "[一-龥]{1,30}",
        "[\\u{1F600}-\\u{1F64F}]{1,10}",
        " {1,5}",
    ];
    proptest::collection::vec(piece, 1..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn long_runs_of_punctuation_digits_and_scripts_segment_without_losing_words(text in runs()) {
        let doc = one_paragraph_doc(&text);
        let script = segment(&doc, &SegmentOptions::default());
        // Every utterance has something to say, and no written word is lost or reordered.
        // (No square brackets: `[1]` is a footnote mark, left out on purpose.)
        let mut written: Vec<String> = Vec::new();
        for u in script.sections.iter().flat_map(|s| &s.utterances) {
            prop_assert!(!u.text.trim().is_empty());
            prop_assert!(!u.spoken.trim().is_empty() || !u.text.chars().any(char::is_alphanumeric));
            written.extend(u.text.split_whitespace().map(str::to_string));
        }
        let input: Vec<String> = text.split_whitespace().map(str::to_string).collect();
        prop_assert_eq!(non_space(&written.concat()), non_space(&input.concat()));
    }
}
