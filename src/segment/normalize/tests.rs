//! Whole-utterance claims and property tests for the normalizer.

use proptest::prelude::*;

use super::spoken;
use crate::segment::Lexicon;

fn say(s: &str) -> String {
    spoken(s, &Lexicon::default())
}

#[test]
fn money_in_a_sentence_reads_currency_after_the_scale() {
    assert_eq!(
        say("The fund raised $41.5 million in 2023."),
        "The fund raised forty-one point five million dollars in twenty twenty-three."
    );
}

#[test]
fn every_us_in_the_example_article_is_spoken_as_the_country() {
    let article = include_str!("../../../examples/iran-talks.txt");
    let count_us = |s: &str| {
        s.split(|c: char| !c.is_alphanumeric() && c != '.')
            .filter(|w| w.trim_end_matches('.') == "US")
            .count()
    };
    let written: usize = article.lines().map(count_us).sum();
    assert!(written > 40, "the article mentions the US {written} times");
    let mut said_country = 0;
    for line in article.lines() {
        let out = say(line);
        assert_eq!(count_us(&out), 0, "{out}");
        // "U.S." — or "U.S" before a capital, where the voice must not stop.
        said_country += out.matches("U.S").count();
    }
    assert_eq!(said_country, written);
}

#[test]
fn typographic_apostrophe_does_not_split_words() {
    assert_eq!(say("Iran’s talks"), "Iran's talks");
}

#[test]
fn lexicon_is_applied_before_the_rules() {
    let lex = Lexicon::parse(
        "Pezeshkian = \"Pe-zesh-key-on\"\nUS = \"America\"\n",
        std::path::Path::new("x"),
    )
    .unwrap();
    assert_eq!(
        spoken("Pezeshkian and the US", &lex),
        "Pe-zesh-key-on and the America"
    );
}

#[test]
fn empty_text_stays_empty() {
    assert_eq!(say(""), "");
    assert_eq!(say("   "), "");
}

#[test]
fn plain_prose_is_unchanged() {
    let s = "The quick brown fox, it seems, jumped over the lazy dog.";
    assert_eq!(say(s), s);
}

fn with_commas(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[test]
fn with_commas_groups_by_three() {
    assert_eq!(with_commas(1234567), "1,234,567");
    assert_eq!(with_commas(999), "999");
}

proptest! {
    #[test]
    fn separated_cardinals_are_all_words(n in 0u64..u64::MAX) {
        let out = say(&format!("{} people", with_commas(n)));
        prop_assert!(!out.contains(|c: char| c.is_ascii_digit()), "{n} -> {out}");
        prop_assert!(out.ends_with(" people"));
    }

    #[test]
    fn dollar_amounts_are_all_words_ending_in_a_unit(d in 0u32..100_000, c in 0u32..100) {
        let out = say(&format!("${d}.{c:02}"));
        prop_assert!(!out.contains(|ch: char| ch.is_ascii_digit()), "{out}");
        prop_assert!(
            ["dollar", "dollars", "cent", "cents"].iter().any(|u| out.ends_with(u)),
            "{out}"
        );
    }

    #[test]
    fn lowercase_prose_without_abbreviations_is_left_as_written(
        words in proptest::collection::vec("[a-z]{1,9}", 1..12),
    ) {
        // Lower-case abbreviations are read in full ("vs", "aka", "yoy").
        prop_assume!(!words.iter().any(|w| matches!(w.as_str(), "vs" | "aka" | "yoy" | "qoq")));
        let text = format!("{}.", words.join(" "));
        prop_assert_eq!(say(&text), text);
    }

    #[test]
    fn years_in_running_text_are_all_words(y in 1100u32..2200) {
        let out = say(&format!("It happened in {y}."));
        prop_assert!(!out.contains(|ch: char| ch.is_ascii_digit()), "{out}");
    }

    #[test]
    fn never_panics_and_never_empty_for_non_empty_input(s in "\\PC{0,60}") {
        let out = say(&s);
        if !s.trim().is_empty() {
            prop_assert!(!out.trim().is_empty(), "{:?} -> {:?}", s, out);
        }
    }

    #[test]
    fn never_panics_on_number_like_input(s in "[0-9$€£.,:/+()%° -]{0,30}[a-zA-Z. ]{0,8}") {
        let out = say(&s);
        if !s.trim().is_empty() {
            prop_assert!(!out.trim().is_empty(), "{:?} -> {:?}", s, out);
        }
    }
}

#[test]
fn initials_inside_an_utterance_do_not_end_it_for_the_voice() {
    assert_eq!(say("The U.S. Senate voted."), "The U.S Senate voted.");
    assert_eq!(say("John F. Kennedy spoke"), "John F Kennedy spoke");
    assert_eq!(say("It came to the US Senate"), "It came to the U.S Senate");
    assert_eq!(
        say("in Washington, D.C. Tuesday"),
        "in Washington, D.C Tuesday"
    );
    // Before a lowercase word, and at the end, the period stays.
    assert_eq!(say("the U.S. economy"), "the U.S. economy");
    assert_eq!(say("He left the U.S."), "He left the U.S.");
    assert_eq!(say("the CEO Tim Cook"), "the C.E.O Tim Cook");
    // A lone letter after a label or a lower-case word may end a sentence.
    assert_eq!(
        say("top of Group A. England were second"),
        "top of Group A. England were second"
    );
    assert_eq!(
        say("low in vitamin D. Researchers"),
        "low in vitamin D. Researchers"
    );
    assert_eq!(say("in Apt. 4B. The door"), "in Apartment four B. The door");
    // A period written after a word of several letters ends a sentence inside the utterance.
    assert_eq!(
        say("our new President and CEO. When you woke up"),
        "our new President and C.E.O. When you woke up"
    );
}

#[test]
fn symbols_a_listener_should_not_hear_spelled() {
    assert_eq!(
        say("it costs ~$100 now"),
        "it costs about one hundred dollars now"
    );
    assert_eq!(
        say("a margin of +/- 3 points"),
        "a margin of plus or minus three points"
    );
    assert_eq!(say("every player* on defense"), "every player on defense");
    assert_eq!(say("*Terms apply."), "Terms apply.");
    assert_eq!(say("3 * 4 = 12"), "three times four equals twelve");
    assert_eq!(say("a 5* hotel"), "a five star hotel");
    assert_eq!(say("* See the full calendar"), "See the full calendar");
    assert_eq!(say("an A* in maths"), "an A-star in maths");
    // The letter "A" of a code keeps a hyphen, or the voice says the article "uh".
    assert_eq!(say("the A14 road"), "the A-fourteen road");
    assert_eq!(say("A&E waits"), "A-and E waits");
    assert_eq!(say("Plan A works"), "Plan A works");
    assert_eq!(say("5 +/- 2"), "five plus or minus two");
    assert_eq!(say("player* on 1 - 3 days"), "player on one to three days");
    assert_eq!(say("he said f*** off"), "he said f off");
    assert_eq!(say("AT&T said"), "A T and T said");
    assert_eq!(say("The A$ fell"), "The Australian dollar fell");
    assert_eq!(say("back in '08"), "back in oh eight");
    assert_eq!(say("the class of '99."), "the class of ninety-nine.");
}
