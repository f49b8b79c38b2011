//! The HTML reader on whole pages written for these tests (`tests/fixtures/*.html`): what a
//! listener hears, what never reaches them, and that no input makes the reader panic.

use std::path::{Path, PathBuf};

use aloud::article::{html, BlockKind, Document};
use proptest::prelude::*;

use crate::util::outline_json;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn read(name: &str) -> Document {
    let text = std::fs::read_to_string(fixture(name)).expect("fixture is readable UTF-8");
    html::parse(&text)
}

fn all_text(doc: &Document) -> String {
    let mut out = Vec::new();
    for s in &doc.sections {
        out.extend(s.heading.clone());
        out.extend(s.blocks.iter().map(|b| b.text.clone()));
    }
    out.join("\n")
}

fn headings(doc: &Document) -> Vec<&str> {
    doc.sections
        .iter()
        .filter_map(|s| s.heading.as_deref())
        .collect()
}

#[test]
fn blog_post_is_read_without_menus_comments_widgets_or_share_rows() {
    let doc = read("blog_post_with_comments_and_widgets.html");
    assert_eq!(doc.title.as_deref(), Some("Growing tomatoes on a balcony"));
    assert_eq!(doc.byline.as_deref(), Some("Rosa Field"));
    assert_eq!(
        headings(&doc),
        vec!["Choosing pots", "Watering and feeding"]
    );
    let text = all_text(&doc);
    assert!(text.contains("Tomatoes want more sun than most balconies get"));
    assert!(text.contains("stopped complaining about the drips."));
    for chrome in [
        "Skip to content",
        "Seeds",
        "fourth-floor",
        "Share this",
        "Twitter",
        "Peppers",
        "thoughts on",
        "never ripened",
        "Recent posts",
        "newsletter",
        "All rights reserved",
        "Posted in",
    ] {
        assert!(!text.contains(chrome), "{chrome:?} was read:\n{text}");
    }
}

#[test]
fn blog_post_keeps_lists_quotes_tables_and_notes_code() {
    let doc = read("blog_post_with_comments_and_widgets.html");
    let kinds = |kind: BlockKind| -> Vec<String> {
        doc.sections
            .iter()
            .flat_map(|s| &s.blocks)
            .filter(|b| b.kind == kind)
            .map(|b| b.text.clone())
            .collect()
    };
    assert_eq!(kinds(BlockKind::ListItem).len(), 2);
    assert_eq!(
        kinds(BlockKind::Quote),
        vec!["The best fertiliser is the gardener's shadow."]
    );
    assert_eq!(
        kinds(BlockKind::TableRow),
        vec![
            "May, Task: Plant out, Water: Every other day",
            "July, Task: Pinch side shoots, Water: Daily"
        ]
    );
    assert_eq!(kinds(BlockKind::Note), vec!["A code block is skipped."]);
}

#[test]
fn news_story_is_read_without_banners_ads_or_the_most_read_list() {
    let doc = read("news_story_with_most_read_and_cookie_banner.html");
    assert_eq!(
        doc.title.as_deref(),
        Some("Ferry service to the islands resumes after storm")
    );
    assert_eq!(doc.byline.as_deref(), Some("Tom Reyes"));
    assert_eq!(
        headings(&doc),
        vec!["Supplies ran low", "What happens next"]
    );
    let text = all_text(&doc);
    assert!(text.contains("The first ferry in four days left the harbour"));
    // The picture's caption is not read: the listener cannot see the picture.
    assert!(!text.contains("The morning ferry leaves the harbour on Thursday."));
    for chrome in [
        "cookies",
        "Sport",
        "Share on",
        "Advertisement",
        "Lena Marsh",
        ".jpg",
        "briefing",
        "Subscribe",
        "Most read",
        "Lifeboat",
        "Tags",
        "Privacy",
        "By Tom",
    ] {
        assert!(!text.contains(chrome), "{chrome:?} was read:\n{text}");
    }
}

#[test]
fn outline_of_an_html_file_shows_the_article_sections() {
    let path = fixture("news_story_with_most_read_and_cookie_banner.html");
    let v = outline_json(path.to_str().expect("UTF-8 path"), false);
    assert_eq!(
        v["title"],
        "Ferry service to the islands resumes after storm"
    );
    let titles: Vec<&str> = v["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .filter_map(|s| s["title"].as_str())
        .collect();
    assert_eq!(titles, vec!["Supplies ran low", "What happens next"]);
}

/// Fragments of markup, well-formed or not, to build tag soup from.
fn markup_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<div>".to_string()),
        Just("</div>".to_string()),
        Just("<p>".to_string()),
        Just("<h2>".to_string()),
        Just("</h2>".to_string()),
        Just("<table><tr><td>".to_string()),
        Just("<ul><li>".to_string()),
        Just("<pre>".to_string()),
        Just("<br>".to_string()),
        Just("<a href=\"#\">".to_string()),
        Just("<nav class=\"share\">".to_string()),
        Just("<script>".to_string()),
        Just("<!--".to_string()),
        Just("<title>".to_string()),
        Just("<meta property=\"og:title\" content=\"x\">".to_string()),
        "[a-z ,.]{0,30}",
        "\\PC{0,10}",
    ]
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_make_the_reader_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let doc = html::parse(&String::from_utf8_lossy(&bytes));
        for s in &doc.sections {
            for b in &s.blocks {
                prop_assert!(!b.text.is_empty());
            }
        }
    }

    #[test]
    fn tag_soup_never_makes_the_reader_panic(pieces in proptest::collection::vec(markup_piece(), 0..200)) {
        let doc = html::parse(&pieces.concat());
        for s in &doc.sections {
            prop_assert!(s.heading.is_some() || !s.blocks.is_empty());
        }
    }
}
