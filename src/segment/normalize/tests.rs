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

proptest! {
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
