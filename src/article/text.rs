//! Plain-text reader: recovers an article's structure from its lines, the way a person sees it.
//!
//! Lines are grouped by blank lines. Inside a group, hard-wrapped prose is joined back into one
//! paragraph (a line broken because the next word did not fit, or one that stops mid-sentence
//! before a lowercase continuation), while lines that stand on their own (rows of a flattened
//! table, list items) stay separate. Then each unit is classified:
//!
//! - the first line is the title, and a "By …" line right after it the byline;
//! - a heading is a short line without closing punctuation that stands alone between blank lines
//!   (or opens a group of prose), an ALL CAPS line, a numbered heading (`2. The afternoon
//!   problem`) or a line underlined with `===` / `---`;
//! - inside an FAQ section, question lines are questions of that section, not new sections;
//! - bullet and numbered lines are list items, and consecutive standalone lines inside a group are
//!   table rows; cells separated by tabs are read "cell, cell, cell".
//!
//! A line that starts with a footnote mark (`[1] Text`, `[^1]: Text`, `¹ Text`) is a footnote's
//! text, read at the end of its section. Boilerplate lines are dropped before anything else, and so are a site menu copied above the
//! title (a first group of three or more one- to three-word lines), the entries of a table of
//! contents that repeat a later heading, and the headlines under "Related articles" and the like:
//! none of them reaches the listener. Title Case questions ("What Comes Next?") are headings
//! outside an FAQ. The reader never fails and runs in time linear in its input; it does not guess
//! at multi-column layouts or at tables whose cells are spread over several lines.

mod classify;
mod lines;

use super::{Block, BlockKind, Document, Section};

pub use classify::byline;
pub(crate) use classify::{asks, is_faq_heading};
pub(crate) use lines::{ends_sentence, is_toc_marker};

/// Parses plain text into a document.
pub fn parse(text: &str) -> Document {
    let groups = lines::groups(text);
    let units = lines::units(&groups);
    let mut roles = classify::roles(&units, groups.len());
    drop_contents_entries(&units, &mut roles);

    let mut doc = Document {
        sections: vec![Section::default()],
        ..Document::default()
    };
    let mut in_faq = false;
    for (unit, role) in units.iter().zip(roles) {
        match role {
            classify::Role::Menu => {}
            classify::Role::Title => doc.title = Some(unit.text.clone()),
            classify::Role::Byline => doc.byline = Some(unit.text.clone()),
            classify::Role::Heading(level) => {
                if in_faq && classify::asks(&unit.text, true) {
                    push(&mut doc, BlockKind::Question, &unit.text);
                    continue;
                }
                let heading = unit.text.trim_end_matches(':').trim_end().to_string();
                in_faq = classify::is_faq_heading(&heading);
                doc.sections.push(Section {
                    heading: Some(heading),
                    level,
                    blocks: Vec::new(),
                });
            }
            classify::Role::Block(_) if super::footnotes::definition(&unit.text).is_some() => {
                let note = super::footnotes::definition(&unit.text).unwrap_or_default();
                push(&mut doc, BlockKind::Footnote, note);
            }
            classify::Role::Block(kind) => {
                // Inside an FAQ, question lines are questions and answers are prose.
                let kind = match kind {
                    _ if in_faq && classify::asks(&unit.text, false) => BlockKind::Question,
                    BlockKind::TableRow if in_faq && !unit.cells => BlockKind::Paragraph,
                    other => other,
                };
                push(&mut doc, kind, &unit.text);
            }
        }
    }
    doc.prune();
    doc
}

/// Drops the entries of a table of contents that repeat a heading that comes later: the
/// listener will hear each heading where its section starts. Other entries are kept.
fn drop_contents_entries(units: &[lines::Unit], roles: &mut [classify::Role]) {
    if !units.iter().any(|u| u.toc) {
        return;
    }
    let key = |u: &lines::Unit| {
        let text = u.text.get(u.number_len..).unwrap_or(&u.text);
        text.trim_end_matches(':').trim().to_lowercase()
    };
    let mut last_heading = std::collections::HashMap::new();
    for (i, (u, role)) in units.iter().zip(roles.iter()).enumerate() {
        if matches!(role, classify::Role::Heading(_)) {
            last_heading.insert(key(u), i);
        }
    }
    for (i, (u, role)) in units.iter().zip(roles.iter_mut()).enumerate() {
        if u.toc && last_heading.get(&key(u)).is_some_and(|&h| h > i) {
            *role = classify::Role::Menu;
        }
    }
}

fn push(doc: &mut Document, kind: BlockKind, text: &str) {
    if let Some(section) = doc.sections.last_mut() {
        section.blocks.push(Block::new(kind, text));
    }
}

#[cfg(test)]
mod tests;
