//! html reader — STAND-IN ONLY (from the `article` branch, so that reading compiles and can be
//! tested end to end): headings and paragraphs in document order, no main-content extraction.
//! The real reader-mode extractor is owned by the `html` branch and replaces this file at merge.

use super::{boilerplate::is_boilerplate, Block, BlockKind, Document, Section};

/// Parses an HTML page into a document (stand-in: `h1` is the title, `h2`–`h6` start sections,
/// `p` and `li` are blocks).
pub fn parse(html: &str) -> Document {
    let page = scraper::Html::parse_document(html);
    let mut doc = Document {
        sections: vec![Section::default()],
        ..Document::default()
    };
    let Ok(sel) = scraper::Selector::parse("h1, h2, h3, h4, h5, h6, p, li") else {
        return doc;
    };
    for el in page.select(&sel) {
        let text = super::collapse_whitespace(&el.text().collect::<String>());
        let name = el.value().name();
        if is_boilerplate(&text) {
            continue;
        }
        if name == "h1" && doc.title.is_none() {
            doc.title = Some(text);
        } else if let Some(level) = name.strip_prefix('h') {
            doc.sections.push(Section {
                heading: Some(text),
                level: level.parse().unwrap_or(2),
                blocks: vec![],
            });
        } else if let Some(s) = doc.sections.last_mut() {
            let kind = if name == "li" {
                BlockKind::ListItem
            } else {
                BlockKind::Paragraph
            };
            s.blocks.push(Block::new(kind, &text));
        }
    }
    doc.prune();
    doc
}
