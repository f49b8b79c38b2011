//! Tests of the plain-text reader on whole articles.

use super::parse;
use crate::article::{BlockKind, Document};

fn headings(doc: &Document) -> Vec<&str> {
    doc.sections
        .iter()
        .filter_map(|s| s.heading.as_deref())
        .collect()
}

#[test]
fn iran_talks_outline_matches_what_a_reader_sees() {
    let text = include_str!("../../../examples/iran-talks.txt");
    let doc = parse(text);
    assert_eq!(
        doc.title.as_deref(),
        Some("Iran US Negotiations: What to Expect from Upcoming Talks in Istanbul")
    );
    assert_eq!(doc.sections[0].heading, None);
    assert_eq!(doc.sections[0].blocks.len(), 2);
    eprintln!("{:#?}", headings(&doc));
    let _ = BlockKind::Question;
}
