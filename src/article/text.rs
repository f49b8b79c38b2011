//! Plain-text reader (in progress: first line is the title, blank-line separated paragraphs).

use super::{Block, BlockKind, Document, Section};

/// Parses plain text into a document.
pub fn parse(text: &str) -> Document {
    let mut paras = text.split("\n\n").map(str::trim).filter(|p| !p.is_empty());
    let title = paras.next().map(str::to_string);
    let mut doc = Document {
        title,
        byline: None,
        sections: vec![Section::default()],
    };
    for p in paras {
        if p.len() < 80 && !p.ends_with('.') {
            doc.sections.push(Section {
                heading: Some(p.to_string()),
                level: 2,
                blocks: vec![],
            });
        } else if let Some(s) = doc.sections.last_mut() {
            s.blocks.push(Block::new(BlockKind::Paragraph, p));
        }
    }
    doc.prune();
    doc
}
