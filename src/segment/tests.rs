//! Unit tests of the segmenter's driver: which utterances a document gives and the pauses after
//! them.

use super::*;
use crate::article::{Block, Section};

/// A section written as its heading and its blocks.
type SectionSpec<'a> = (Option<&'a str>, Vec<(BlockKind, &'a str)>);

fn doc(title: Option<&str>, sections: Vec<SectionSpec>) -> Document {
    Document {
        title: title.map(str::to_string),
        byline: None,
        sections: sections
            .into_iter()
            .map(|(heading, blocks)| Section {
                heading: heading.map(str::to_string),
                level: u8::from(heading.is_some()) * 2,
                blocks: blocks
                    .into_iter()
                    .map(|(kind, text)| Block::new(kind, text))
                    .collect(),
            })
            .collect(),
    }
}

fn texts(s: &ScriptSection) -> Vec<&str> {
    s.utterances.iter().map(|u| u.text.as_str()).collect()
}

fn pauses(s: &ScriptSection) -> Vec<Pause> {
    s.utterances.iter().map(|u| u.pause).collect()
}

#[test]
fn each_sentence_of_a_paragraph_is_one_utterance() {
    let d = doc(
        None,
        vec![(
            None,
            vec![(BlockKind::Paragraph, "Dr. Lee spoke. The crowd listened.")],
        )],
    );
    let script = segment(&d, &SegmentOptions::default());
    assert_eq!(
        texts(&script.sections[0]),
        ["Dr. Lee spoke.", "The crowd listened."]
    );
}

#[test]
fn pauses_grow_from_sentence_to_paragraph_to_heading_to_section_end() {
    let d = doc(
        Some("Flood Report"),
        vec![
            (
                None,
                vec![
                    (BlockKind::Paragraph, "Rain fell. Rivers rose."),
                    (BlockKind::Paragraph, "Schools closed."),
                ],
            ),
            (
                Some("Aftermath"),
                vec![(BlockKind::Paragraph, "Roads reopened.")],
            ),
        ],
    );
    let script = segment(&d, &SegmentOptions::default());
    assert_eq!(
        texts(&script.sections[0]),
        [
            "Flood Report",
            "Rain fell.",
            "Rivers rose.",
            "Schools closed."
        ]
    );
    assert_eq!(
        pauses(&script.sections[0]),
        [
            Pause::Heading,
            Pause::Sentence,
            Pause::Paragraph,
            Pause::SectionEnd
        ]
    );
    assert_eq!(texts(&script.sections[1]), ["Aftermath", "Roads reopened."]);
    assert_eq!(
        pauses(&script.sections[1]),
        [Pause::Heading, Pause::SectionEnd]
    );
}

#[test]
fn heading_list_items_and_rows_never_merge_with_the_next_sentence() {
    let d = doc(
        None,
        vec![(
            Some("What changed"),
            vec![
                (BlockKind::ListItem, "Fares rose"),
                (BlockKind::ListItem, "Routes were cut"),
                (BlockKind::TableRow, "Line 4, 12 stops, closed"),
                (BlockKind::Question, "Why did fares rise"),
                (BlockKind::Paragraph, "costs went up."),
            ],
        )],
    );
    let script = segment(&d, &SegmentOptions::default());
    let s = &script.sections[0];
    assert_eq!(
        texts(s),
        [
            "What changed",
            "Fares rose",
            "Routes were cut",
            "Line 4, 12 stops, closed",
            "Why did fares rise",
            "costs went up."
        ]
    );
    let kinds: Vec<UtteranceKind> = s.utterances.iter().map(|u| u.kind).collect();
    assert_eq!(
        kinds,
        [
            UtteranceKind::Heading,
            UtteranceKind::ListItem,
            UtteranceKind::ListItem,
            UtteranceKind::TableRow,
            UtteranceKind::Question,
            UtteranceKind::Sentence
        ]
    );
    assert!(s.utterances[1..4]
        .iter()
        .all(|u| u.pause == Pause::Paragraph));
}

#[test]
fn table_row_with_periods_stays_one_utterance() {
    let d = doc(
        None,
        vec![(
            None,
            vec![(BlockKind::TableRow, "Dr. Ito, 4.5 hrs. Mon., approved. Yes")],
        )],
    );
    let script = segment(&d, &SegmentOptions::default());
    assert_eq!(script.sections[0].utterances.len(), 1);
}

#[test]
fn long_sentence_is_split_with_clause_pauses_inside() {
    let clause = "regional council reviewed the transport budget for the coming year";
    let sentence = format!("The {clause}; so {clause}; and {clause}; then {clause}.");
    let d = doc(
        None,
        vec![(
            None,
            vec![(
                BlockKind::Paragraph,
                &format!("It began. {sentence} It ended."),
            )],
        )],
    );
    let opts = SegmentOptions {
        max_chars: 100,
        ..SegmentOptions::default()
    };
    let script = segment(&d, &opts);
    let s = &script.sections[0];
    assert!(s.utterances.iter().all(|u| u.text.chars().count() <= 100));
    let p = pauses(s);
    assert_eq!(p.first(), Some(&Pause::Sentence));
    assert_eq!(p.last(), Some(&Pause::SectionEnd));
    assert_eq!(p[p.len() - 2], Pause::Sentence, "{p:?}");
    assert!(
        p[1..p.len() - 2].iter().all(|&x| x == Pause::Clause),
        "{p:?}"
    );
}

#[test]
fn first_utterance_of_each_section_is_cut_at_its_first_clause() {
    let long = "In a shift of strategy announced on Monday, the president said his government would open talks with its neighbors, urged on by friendly governments.";
    let d = doc(
        Some("Talks"),
        vec![
            (None, vec![(BlockKind::Paragraph, long)]),
            (Some("Reaction"), vec![(BlockKind::Paragraph, long)]),
        ],
    );
    let script = segment(&d, &SegmentOptions::default());
    for s in &script.sections {
        let first = s
            .utterances
            .iter()
            .find(|u| u.kind == UtteranceKind::Sentence)
            .map(|u| u.text.as_str());
        assert_eq!(first, Some("In a shift of strategy announced on Monday,"));
    }
}

#[test]
fn only_the_first_sentence_of_a_section_is_kept_short() {
    let long = "In a shift of strategy announced on Monday, the president said his government would open talks with its neighbors, urged on by friendly governments.";
    let d = doc(
        None,
        vec![(
            None,
            vec![(BlockKind::Paragraph, &format!("{long} {long}"))],
        )],
    );
    let script = segment(&d, &SegmentOptions::default());
    let t = texts(&script.sections[0]);
    assert_eq!(t.len(), 3, "{t:?}");
    assert_eq!(t[2], long);
}

#[test]
fn long_title_is_cut_at_its_first_clause_and_pauses_like_a_heading() {
    let title = "Talks resume in Oman after a year of silence, as both governments face pressure at home to reach a deal before the summer";
    let d = doc(
        Some(title),
        vec![(None, vec![(BlockKind::Paragraph, "Text.")])],
    );
    let script = segment(&d, &SegmentOptions::default());
    let u = &script.sections[0].utterances;
    assert_eq!(u[0].text, "Talks resume in Oman after a year of silence,");
    assert_eq!(
        (u[0].kind, u[0].pause),
        (UtteranceKind::Title, Pause::Clause)
    );
    assert_eq!(
        (u[1].kind, u[1].pause),
        (UtteranceKind::Title, Pause::Heading)
    );
}

#[test]
fn a_table_row_opening_a_section_is_never_cut_for_a_fast_start() {
    let row = "Where the talks will be held and when they start, Delegations are due to meet in the old harbour town on Friday after weeks of shuttle diplomacy.";
    let d = doc(
        Some("Talks"),
        vec![(Some("Key facts"), vec![(BlockKind::TableRow, row)])],
    );
    let script = segment(&d, &SegmentOptions::default());
    let rows: Vec<&str> = script.sections[0]
        .utterances
        .iter()
        .filter(|u| u.kind == UtteranceKind::TableRow)
        .map(|u| u.text.as_str())
        .collect();
    assert_eq!(rows, vec![row]);
}

#[test]
fn the_opening_title_is_cut_after_a_short_head_ending_in_a_colon() {
    let title = "Harbour Strike: What Changes for Shipping Firms in the North";
    let d = doc(
        Some(title),
        vec![(None, vec![(BlockKind::Paragraph, "Text.")])],
    );
    let script = segment(&d, &SegmentOptions::default());
    let t = texts(&script.sections[0]);
    assert_eq!(
        t[..2],
        [
            "Harbour Strike:",
            "What Changes for Shipping Firms in the North"
        ]
    );
    assert_eq!(script.sections[0].utterances[0].pause, Pause::Clause);
}

#[test]
fn without_a_title_the_opening_sentence_is_kept_within_the_opening_cap() {
    let long = "The committee that oversees the regional water supply met again yesterday to discuss the long dry summer ahead.";
    let d = doc(
        None,
        vec![
            (None, vec![(BlockKind::Paragraph, long)]),
            (Some("Later"), vec![(BlockKind::Paragraph, long)]),
        ],
    );
    let opts = SegmentOptions::default();
    let script = segment(&d, &opts);
    let opening = texts(&script.sections[0]);
    assert!(opening.len() >= 2, "{opening:?}");
    assert!(
        opening[0].chars().count() <= opts.opening_max_chars,
        "{opening:?}"
    );
    assert_eq!(opening.join(" "), long, "no word lost or moved");
    // Only the opening: the same sentence later in the article is within the section cap.
    let later = texts(&script.sections[1]);
    assert_eq!(later, ["Later", long]);
}

#[test]
fn without_the_opening_cap_the_opening_is_cut_like_any_first_sentence() {
    let title = "Harbour Strike: What Changes for Shipping Firms in the North";
    let d = doc(
        Some(title),
        vec![(None, vec![(BlockKind::Paragraph, "Text.")])],
    );
    let script = segment(&d, &SegmentOptions::default().without_opening_cap());
    assert_eq!(texts(&script.sections[0])[0], title);
}

#[test]
fn the_title_is_read_before_a_first_heading_once() {
    let d = doc(
        Some("The Long Road Home"),
        vec![(
            Some("Part One"),
            vec![(BlockKind::Paragraph, "She left at dawn.")],
        )],
    );
    let script = segment(&d, &SegmentOptions::default());
    assert_eq!(
        texts(&script.sections[0]),
        ["The Long Road Home", "Part One", "She left at dawn."]
    );
    assert_eq!(script.sections[0].utterances[0].kind, UtteranceKind::Title);
    assert_eq!(script.sections[0].title.as_deref(), Some("Part One"));
    // A heading that says the title again is read once.
    let d = doc(
        Some("Harbor Lights"),
        vec![(
            Some("harbor  lights"),
            vec![(BlockKind::Paragraph, "They came on.")],
        )],
    );
    let script = segment(&d, &SegmentOptions::default());
    assert_eq!(
        texts(&script.sections[0]),
        ["harbor  lights", "They came on."]
    );
    // Quote marks and punctuation aside.
    let d = doc(
        Some("Why We Can't Wait"),
        vec![(
            Some("Why We Can’t Wait:"),
            vec![(BlockKind::Paragraph, "Now.")],
        )],
    );
    let script = segment(&d, &SegmentOptions::default());
    assert_eq!(texts(&script.sections[0]), ["Why We Can’t Wait:", "Now."]);
}

#[test]
fn an_article_that_is_only_a_title_is_read_as_its_title() {
    let d = doc(Some("The mayor resigned."), vec![]);
    let script = segment(&d, &SegmentOptions::default());
    assert_eq!(script.sections.len(), 1);
    assert_eq!(texts(&script.sections[0]), ["The mayor resigned."]);
    assert!(segment(&doc(None, vec![]), &SegmentOptions::default())
        .sections
        .is_empty());
}
