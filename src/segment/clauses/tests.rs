//! Unit tests of clause splitting, one claim per rule, on sentences written for them.

use super::split_long;

/// Splits with the same cap for every piece.
fn split(s: &str, cap: usize) -> Vec<&str> {
    split_long(s, cap, cap)
}

fn words(pieces: &[&str]) -> Vec<String> {
    pieces
        .iter()
        .flat_map(|p| p.split_whitespace())
        .map(str::to_string)
        .collect()
}

#[test]
fn sentence_within_the_cap_stays_whole() {
    let s = "The council met on Tuesday, and it voted to reopen the bridge.";
    assert_eq!(split(s, 250), [s]);
}

#[test]
fn long_sentence_splits_at_semicolon_before_comma() {
    let s = "The council met on Tuesday, after weeks of delay; it voted to reopen the bridge, which had been closed since the flood.";
    assert_eq!(
        split(s, 80),
        [
            "The council met on Tuesday, after weeks of delay;",
            "it voted to reopen the bridge, which had been closed since the flood."
        ]
    );
}

#[test]
fn comma_before_conjunction_is_preferred_to_a_plain_comma() {
    let s = "Flood waters rose overnight in the valley, forcing hundreds from their homes, and officials opened two shelters in the town hall.";
    assert_eq!(
        split(s, 100),
        [
            "Flood waters rose overnight in the valley, forcing hundreds from their homes,",
            "and officials opened two shelters in the town hall."
        ]
    );
}

#[test]
fn cut_nearest_the_middle_is_chosen() {
    let s = "One; the first clause here is long enough to matter; the second clause here is also long enough; and the last clause closes it.";
    let got = split(s, 90);
    assert_eq!(
        got,
        [
            "One; the first clause here is long enough to matter;",
            "the second clause here is also long enough; and the last clause closes it."
        ]
    );
}

#[test]
fn long_sentences_split_recursively_until_every_piece_fits() {
    let clause = "the committee reviewed the budget for the coming year";
    let s = [clause; 12].join(", and ") + ".";
    let got = split(&s, 120);
    assert!(got.len() >= 5, "{got:?}");
    assert!(got.iter().all(|p| p.chars().count() <= 120), "{got:?}");
    assert_eq!(words(&got), words(&[&s]));
}

#[test]
fn em_dash_is_a_clause_break() {
    let s = "It was a precarious balance—on one hand the need for dialogue, on the other the reality of military readiness.";
    assert_eq!(
        split(s, 90),
        [
            "It was a precarious balance—",
            "on one hand the need for dialogue, on the other the reality of military readiness."
        ]
    );
}

#[test]
fn a_spaced_dash_between_numbers_is_a_range_not_a_break() {
    // The opening utterance may end at a dash after 12 characters; not inside "10 - 20".
    let s = "Read pages 10 - 20 of the report - the council asked for it on Tuesday evening.";
    let got = super::split_opening(s, 40, 60);
    assert_eq!(
        got,
        [
            "Read pages 10 - 20 of the report -",
            "the council asked for it on Tuesday evening."
        ]
    );
}

#[test]
fn numbers_with_commas_and_decimals_are_never_cut() {
    let s = "The agency counted 8,200 new cases and 3.5 percent growth in the region during a week of heavy rain and floods";
    let got = split(s, 60);
    assert!(got.iter().all(|p| p.chars().count() <= 60), "{got:?}");
    for p in &got {
        assert!(
            !p.ends_with("8,") && !p.ends_with("3.5") && !p.starts_with("200"),
            "{got:?}"
        );
    }
    assert_eq!(words(&got), words(&[s]));
}

#[test]
fn comma_inside_a_place_name_or_date_is_not_a_cut() {
    let s = "The mayor of Dayton, Ohio, spoke on Nov. 3, 2025 about the new bridge that the state would pay for next year";
    let got = split(s, 70);
    for p in &got {
        assert!(!p.ends_with("Dayton,") && !p.ends_with("3,"), "{got:?}");
    }
}

#[test]
fn punctuation_inside_a_quotation_is_used_only_after_punctuation_outside() {
    let s = "After a long meeting on Sunday, the minister said that “we will talk, we will listen, and we will decide” about the new proposal.";
    assert_eq!(
        split(s, 100),
        [
            "After a long meeting on Sunday,",
            "the minister said that “we will talk, we will listen, and we will decide” about the new proposal."
        ]
    );
}

#[test]
fn closing_quote_after_a_comma_stays_with_the_first_piece() {
    let s = "“We have agreed on the framework for the talks in the coming weeks,” the foreign minister told reporters in the capital.";
    let got = split(s, 80);
    assert_eq!(
        got,
        [
            "“We have agreed on the framework for the talks in the coming weeks,”",
            "the foreign minister told reporters in the capital."
        ]
    );
}

#[test]
fn run_without_punctuation_wraps_at_words_within_the_cap() {
    let s = "word ".repeat(200);
    let got = split(&s, 50);
    assert!(got.iter().all(|p| p.chars().count() <= 50), "{got:?}");
    assert_eq!(words(&got), words(&[&s]));
}

#[test]
fn wrapping_does_not_cut_inside_a_name_or_after_a_number() {
    let s = "Officials said the plan drawn up by President John F. Kennedy cost 41.5 million dollars in aid for farmers across the country over many years";
    let got = split(s, 60);
    for p in &got {
        assert!(
            !p.ends_with("John") && !p.ends_with("F.") && !p.ends_with("41.5"),
            "{got:?}"
        );
    }
    assert!(got.iter().all(|p| p.chars().count() <= 60), "{got:?}");
}

#[test]
fn wrapping_prefers_a_boundary_before_a_function_word() {
    let s = "Residents of the northern districts waited for hours in long lines outside the only open pharmacy";
    let got = split(s, 60);
    assert_eq!(got.len(), 2, "{got:?}");
    let second = got[1].split_whitespace().next().unwrap_or_default();
    assert!(
        ["in", "for", "outside", "of"].contains(&second) || second == "the",
        "{got:?}"
    );
}

#[test]
fn word_longer_than_the_cap_stays_whole() {
    let url = format!("https://example.org/{}", "a".repeat(80));
    let s = format!("See {url} for the full report on the vote");
    let got = split(&s, 40);
    assert!(got.contains(&url.as_str()), "{got:?}");
}

#[test]
fn first_piece_is_cut_at_the_first_clause() {
    let s = "In a shift of strategy on Monday, the president said his government would open talks, urged on by friendly governments in the region.";
    let got = split_long(s, 60, 250);
    assert_eq!(
        got,
        [
            "In a shift of strategy on Monday,",
            "the president said his government would open talks, urged on by friendly governments in the region."
        ]
    );
}

#[test]
fn first_piece_without_punctuation_is_wrapped_within_its_cap() {
    let s = "The president said his government would open talks with its neighbors in the region next month";
    let got = split_long(s, 50, 250);
    assert!(got[0].chars().count() <= 50, "{got:?}");
    assert_eq!(got.len(), 2, "{got:?}");
}

#[test]
fn huge_run_without_punctuation_is_split_in_linear_time() {
    // 2 MB of words: a quadratic split would not finish in test time.
    let s = "alpha beta gamma delta ".repeat(90_000);
    let got = split(&s, 250);
    assert!(got.iter().all(|p| p.chars().count() <= 250));
    assert_eq!(
        got.iter()
            .map(|p| p.split_whitespace().count())
            .sum::<usize>(),
        360_000
    );
}

#[test]
fn multibyte_text_is_cut_on_character_boundaries() {
    let s = "Ünïcödé wörds ñear thé cäp — ünd möre wörds àfter thé dàsh, ând ëvén möre wörds héré";
    let got = split(s, 30);
    assert!(got.iter().all(|p| p.chars().count() <= 30), "{got:?}");
    assert_eq!(words(&got), words(&[s]));
}

/// The closing marks at or after `i`, found the slow way.
fn closers_end_naive(s: &str, i: usize) -> usize {
    let rest = &s[i..];
    i + (rest.len() - rest.trim_start_matches(super::CLOSERS).len())
}

#[test]
fn a_long_run_of_closing_marks_is_scanned_once() {
    // Issue 17: 400,000 quotes after a word took over a minute, each quote rescanning the rest.
    for mark in ["\"", ")", "”", "\"),"] {
        let s = format!("x{}", mark.repeat(400_000 / mark.len()));
        let (_, scanned) = super::Candidates::find_counting(&s);
        assert!(
            scanned <= s.len(),
            "{mark:?}: {scanned} bytes examined for a sentence of {}",
            s.len()
        );
    }
}

#[test]
fn the_remembered_run_of_closers_ends_where_a_fresh_scan_does() {
    let s = "He said \"no\")) ”’, then “yes”]; ok' \"\" ) end";
    let mut run = super::ClosersRun::default();
    for (i, _) in s.char_indices() {
        assert_eq!(run.end(s, i), closers_end_naive(s, i), "at byte {i}");
    }
}

#[test]
fn a_sentence_of_closing_marks_splits_within_the_cap() {
    let s = format!("x{}", "\"".repeat(100_000));
    let pieces = split(&s, 250);
    assert_eq!(pieces.concat(), s);
}

proptest::proptest! {
    /// Every byte is examined for closing marks at most once, whatever the mix of marks.
    #[test]
    fn the_scan_for_closing_marks_is_linear(s in "[x \"”’')\\],;:—–-]{0,3000}") {
        let (_, scanned) = super::Candidates::find_counting(&s);
        proptest::prop_assert!(scanned <= s.len(), "{} bytes examined of {}", scanned, s.len());
    }
}
