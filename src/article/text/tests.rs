//! Tests of the plain-text reader on whole (small) articles.

use super::parse;
use crate::article::{BlockKind, Document};

fn headings(doc: &Document) -> Vec<&str> {
    doc.sections
        .iter()
        .filter_map(|s| s.heading.as_deref())
        .collect()
}

/// Every block as (section heading or "", kind, text).
fn blocks(doc: &Document) -> Vec<(&str, BlockKind, &str)> {
    doc.sections
        .iter()
        .flat_map(|s| {
            s.blocks
                .iter()
                .map(move |b| (s.heading.as_deref().unwrap_or(""), b.kind, b.text.as_str()))
        })
        .collect()
}

const P: BlockKind = BlockKind::Paragraph;

#[test]
fn iran_talks_outline_matches_what_a_reader_sees() {
    let doc = parse(include_str!("../../../examples/iran-talks.txt"));
    assert_eq!(
        doc.title.as_deref(),
        Some("Iran US Negotiations: What to Expect from Upcoming Talks in Istanbul")
    );
    assert_eq!(doc.sections[0].heading, None);
    assert_eq!(doc.sections[0].blocks.len(), 2);
    assert_eq!(
        headings(&doc),
        [
            "Iran’s Engagement in Negotiations with the US",
            "Impacts of Pezeshkian’s Statements on Regional Dynamics",
            "Concerns Surrounding the Iran Nuclear Deal",
            "Tensions Rise Amidst Military Threats from the US",
            "Protests and Internal Dynamics within Iran",
            "The Role of Friendly Governments in Mediating Talks",
            "Historical Context of US-Iran Relations",
            "The Potential Outcomes of US-Iran Talks",
            "Frequently Asked Questions",
            "Key Points Details",
            "Summary",
        ]
    );
    let kinds = |h: &str| -> Vec<BlockKind> {
        blocks(&doc)
            .into_iter()
            .filter(|b| b.0 == h)
            .map(|b| b.1)
            .collect()
    };
    let faq = kinds("Frequently Asked Questions");
    assert_eq!(faq.len(), 10);
    assert!(faq.iter().step_by(2).all(|k| *k == BlockKind::Question));
    assert_eq!(kinds("Key Points Details"), [BlockKind::TableRow; 6]);
}

#[test]
fn first_line_is_the_title_and_text_before_the_first_heading_is_the_lead() {
    let doc = parse("A Title\n\nThe lead says this.\n\nA Heading\n\nThe body says that.\n");
    assert_eq!(doc.title.as_deref(), Some("A Title"));
    assert_eq!(
        blocks(&doc),
        [
            ("", P, "The lead says this."),
            ("A Heading", P, "The body says that.")
        ]
    );
}

#[test]
fn a_long_first_paragraph_is_not_a_title() {
    let first = "This article starts straight away with a long sentence of prose that nobody \
                 would mistake for a title, because it runs on and on and it ends with a full \
                 stop like a sentence.";
    let doc = parse(&format!("{first}\n\nMore text.\n"));
    assert_eq!(doc.title, None);
    assert_eq!(blocks(&doc)[0].2, first);
}

#[test]
fn heading_line_between_blank_lines_starts_a_section_but_a_sentence_does_not() {
    let doc = parse("T\n\nIntro.\n\nWhy it matters\n\nBecause.\n\nIt matters.\n\nMore.\n");
    assert_eq!(headings(&doc), ["Why it matters"]);
}

#[test]
fn all_caps_line_is_a_heading_even_directly_above_prose() {
    let doc = parse("T\n\nIntro.\n\nBACKGROUND\nThe project began in a garage.\n");
    assert_eq!(headings(&doc), ["BACKGROUND"]);
    assert_eq!(
        blocks(&doc)[1],
        ("BACKGROUND", P, "The project began in a garage.")
    );
}

#[test]
fn numbered_lines_between_paragraphs_are_headings() {
    let doc = parse(
        "T\n\nIntro.\n\n1. The morning shift\n\nIt starts early.\n\n2. The afternoon problem\n\nIt drags on.\n",
    );
    assert_eq!(
        headings(&doc),
        ["1. The morning shift", "2. The afternoon problem"]
    );
}

#[test]
fn consecutive_numbered_lines_are_a_list_not_headings() {
    for text in [
        "T\n\nSteps:\n\n1. Mix the flour\n2. Add the eggs\n3. Bake it\n\nDone.\n",
        "T\n\nSteps:\n\n1. Mix the flour\n\n2. Add the eggs\n\n3. Bake it\n\nDone.\n",
    ] {
        let doc = parse(text);
        assert!(headings(&doc).is_empty(), "{text:?}");
        let items: Vec<_> = blocks(&doc)
            .into_iter()
            .filter(|b| b.1 == BlockKind::ListItem)
            .map(|b| b.2)
            .collect();
        assert_eq!(
            items,
            ["1. Mix the flour", "2. Add the eggs", "3. Bake it"],
            "{text:?}"
        );
    }
}

#[test]
fn setext_underlines_make_headings() {
    let doc = parse("Main Title\n==========\n\nLead.\n\nPart one\n--------\nText one.\n\nPart two\n========\n\nText two.\n");
    assert_eq!(doc.title.as_deref(), Some("Main Title"));
    assert_eq!(headings(&doc), ["Part one", "Part two"]);
    assert_eq!(doc.sections[1].level, 2);
    assert_eq!(doc.sections[2].level, 1);
}

#[test]
fn faq_questions_are_questions_inside_the_faq_section() {
    let doc = parse(
        "T\n\nIntro.\n\nFAQ\n\nIs it free?\n\nYes, always.\n\nHow do I join\n\nJust turn up.\n\nContact\n\nWrite to us.\n",
    );
    assert_eq!(headings(&doc), ["FAQ", "Contact"]);
    assert_eq!(
        blocks(&doc)[1..],
        [
            ("FAQ", BlockKind::Question, "Is it free?"),
            ("FAQ", P, "Yes, always."),
            ("FAQ", BlockKind::Question, "How do I join"),
            ("FAQ", P, "Just turn up."),
            ("Contact", P, "Write to us."),
        ]
    );
}

#[test]
fn a_question_outside_an_faq_is_just_prose() {
    let doc = parse("T\n\nIntro.\n\nWhat happens now?\n\nNobody knows.\n");
    assert!(headings(&doc).is_empty());
    assert_eq!(blocks(&doc)[1], ("", P, "What happens now?"));
}

#[test]
fn byline_after_title_and_dateline_is_the_byline_and_the_date_is_kept() {
    let doc = parse("The Title\n\nMarch 3, 2025\n\nBy Jane Doe\n\nThe text.\n");
    assert_eq!(doc.title.as_deref(), Some("The Title"));
    assert_eq!(doc.byline.as_deref(), Some("By Jane Doe"));
    assert_eq!(
        blocks(&doc),
        [("", P, "March 3, 2025"), ("", P, "The text.")]
    );
}

#[test]
fn hard_wrapped_paragraphs_are_joined_and_separate_paragraphs_are_not() {
    let text = "T\n\nThe harbour master said on Friday that the channel would be dredged\n\
                again next spring, after two ships ran aground in the same month.\n\n\
                Fishermen welcomed the decision.\n";
    let doc = parse(text);
    assert_eq!(
        blocks(&doc),
        [
            (
                "",
                P,
                "The harbour master said on Friday that the channel would be dredged again \
                 next spring, after two ships ran aground in the same month."
            ),
            ("", P, "Fishermen welcomed the decision."),
        ]
    );
}

#[test]
fn consecutive_standalone_lines_under_a_caption_are_table_rows() {
    let doc = parse(
        "T\n\nIntro.\n\nKey Facts Details\nPopulation The town has about nine thousand people.\n\
         Founded The first houses were built around 1650.\n\nEnd\n\nBye.\n",
    );
    assert_eq!(headings(&doc), ["Key Facts Details", "End"]);
    assert_eq!(
        blocks(&doc)[1..3],
        [
            (
                "Key Facts Details",
                BlockKind::TableRow,
                "Population The town has about nine thousand people."
            ),
            (
                "Key Facts Details",
                BlockKind::TableRow,
                "Founded The first houses were built around 1650."
            ),
        ]
    );
}

#[test]
fn a_short_line_at_the_very_end_is_not_a_heading() {
    let doc = parse("T\n\nIntro.\n\nThanks for reading\n");
    assert!(headings(&doc).is_empty());
}

#[test]
fn three_short_lines_in_a_row_are_list_items() {
    let doc = parse("T\n\nWe sell:\n\nApples\n\nPears\n\nPlums\n\nAll year.\n");
    assert!(headings(&doc).is_empty());
    let items = blocks(&doc)
        .into_iter()
        .filter(|b| b.1 == BlockKind::ListItem)
        .count();
    assert_eq!(items, 3);
}

#[test]
fn one_paragraph_per_line_without_blank_lines_keeps_headings() {
    let doc = parse(
        "Tiny Forests\nPlanners have planted dense patches of trees in several cities this year.\n\
         How it works\nVolunteers prepare the soil and plant saplings close together.\n",
    );
    assert_eq!(doc.title.as_deref(), Some("Tiny Forests"));
    assert_eq!(headings(&doc), ["How it works"]);
    assert!(blocks(&doc).iter().all(|b| b.1 == P));
}

#[test]
fn boilerplate_lines_never_reach_the_document() {
    let doc = parse(
        "T\n\nimage hero-shot.png\n\nListen to this article\n\nText.\nAdvertisement\nMore text.\n\n\
         Share on Facebook\nScroll to Top\n",
    );
    let all: Vec<&str> = blocks(&doc).into_iter().map(|b| b.2).collect();
    assert_eq!(all.join(" "), "Text. More text.");
}

#[test]
fn a_site_menu_above_the_title_is_not_read() {
    let doc =
        parse("Home\nNews\nSport\n\nLocal Library Extends Hours\n\nThe library stays open.\n");
    assert_eq!(doc.title.as_deref(), Some("Local Library Extends Hours"));
    assert_eq!(blocks(&doc), [("", P, "The library stays open.")]);
}

#[test]
fn short_lines_opening_an_untitled_text_are_kept() {
    let doc = parse(
        "Home\nNews\nSport\n\nThe library stays open until nine on weekdays, the council said.\n",
    );
    let words: usize = doc.title.iter().count() + blocks(&doc).len();
    assert_eq!(words, 4, "{doc:?}");
}

#[test]
fn a_tab_separated_table_is_read_row_by_row_as_cells() {
    let doc = parse(
        "T\n\nIntro.\n\nFAQ\n\nIs it open?\n\nYes.\n\nKey Points\tDetails\nHours\tNine to five.\nPrice\tFree\n",
    );
    let rows: Vec<&str> = blocks(&doc)
        .into_iter()
        .filter(|b| b.1 == BlockKind::TableRow)
        .map(|b| b.2)
        .collect();
    assert_eq!(
        rows,
        ["Key Points, Details", "Hours, Nine to five.", "Price, Free"]
    );
}

#[test]
fn a_title_case_question_between_paragraphs_is_a_heading() {
    let doc = parse("T\n\nIntro.\n\nWhat Comes Next for the Port?\n\nMore dredging.\n");
    assert_eq!(headings(&doc), ["What Comes Next for the Port?"]);
}

#[test]
fn a_heading_right_under_a_paragraph_still_starts_a_section() {
    let doc = parse("T\n\nThe first part ends here.\nThe Second Part\n\nIt goes on.\n");
    assert_eq!(headings(&doc), ["The Second Part"]);
}

#[test]
fn table_of_contents_entries_that_repeat_later_headings_are_not_read() {
    let doc = parse(
        "T\n\nTable of Contents\n\nThe Harbour\nThe Ferry\nA Note Not Repeated\n\nIntro text.\n\n\
         The Harbour\n\nBoats come and go.\n\nThe Ferry\n\nIt runs hourly.\n",
    );
    assert_eq!(headings(&doc), ["The Harbour", "The Ferry"]);
    assert_eq!(
        blocks(&doc),
        [
            ("", BlockKind::ListItem, "A Note Not Repeated"),
            ("", P, "Intro text."),
            ("The Harbour", P, "Boats come and go."),
            ("The Ferry", P, "It runs hourly."),
        ]
    );
}
