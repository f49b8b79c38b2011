//! Markdown reader: CommonMark with tables (pulldown-cmark) into a [`Document`].
//!
//! ATX and setext headings start sections; the heading that opens the document (or a front-matter
//! `title:`) is the title. Inside an FAQ section, question headings and question paragraphs are
//! questions of that section. A table of contents is not read where its entries repeat headings,
//! nor are the links listed under "Related articles" and the like. Paragraphs, list items, block quotes and table rows become blocks; a
//! table row is one block, "cell, cell, Header: cell". Links are read as their text, images and
//! raw HTML are dropped, and a code block is replaced by a short spoken note. Front matter is
//! skipped. The event stream is walked with an explicit stack, so deep nesting cannot overflow.
//! A paragraph that is only bold text (`**…**`, `__…__`) and reads like a heading becomes a
//! section heading when body text follows it ([`super::subhead`]); a paragraph made only of links
//! (a row of links to other pages, a lone "Read the full story" link) is not read. Footnote
//! definitions become [`BlockKind::Footnote`] blocks at the end of the section that first refers to
//! them (or where they stand, when nothing does).

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use std::collections::HashMap;

use super::boilerplate::{
    is_address_line, is_boilerplate, is_share_label, is_share_row, opens_link_list,
};
use super::subhead::looks_like_subhead;
use super::{collapse_whitespace, footnotes, Block, BlockKind, Document, Section};

/// The note spoken in place of a code block.
pub const CODE_NOTE: &str = "A code block is skipped.";

/// Cells longer than this are read without their column's header name.
const MAX_PREFIXED_CELL: usize = 60;

/// A block container whose kind decides what its text becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    Item,
    Quote,
}

/// Where text events currently go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sink {
    /// Into the current block.
    Block,
    /// Dropped (image alt text, code, raw HTML).
    Skip,
    /// Into the front matter.
    Meta,
}

#[derive(Default)]
struct Table {
    headers: Vec<String>,
    cells: Vec<String>,
    cell: String,
    /// Data rows read so far.
    rows: usize,
}

struct Builder {
    doc: Document,
    text: String,
    containers: Vec<Container>,
    /// Nesting depth of elements whose text is dropped.
    skip_depth: usize,
    in_meta: bool,
    meta: String,
    table: Option<Table>,
    /// True once anything readable has been produced (blocks or headings).
    seen_content: bool,
    /// The first H1 and first heading seen after content, for a title of last resort.
    first_h1: Option<String>,
    first_heading: Option<String>,
    /// The level of the FAQ heading whose section we are in, if any.
    faq_level: Option<u8>,
    /// Whether list items now are entries of a table of contents.
    in_toc: bool,
    /// Whether list items now are links to other articles ("Related articles").
    in_links: bool,
    /// Whether blocks now may be the networks listed after a share label ("Share this:").
    in_share: bool,
    /// Where those entries went: (section, block) indices.
    toc_blocks: Vec<(usize, usize)>,
    /// Nesting of `**…**` and links around the text being collected.
    strong_depth: usize,
    link_depth: usize,
    /// What the current block holds: bold text, text outside bold, links, text outside links.
    strong_text: bool,
    outside_strong: bool,
    links: usize,
    outside_link: bool,
    /// A bold-only paragraph that becomes a heading if body text follows it.
    pending_subhead: Option<String>,
    /// The level of the last heading from the source (bold subheads go one below it).
    last_level: u8,
    /// The label of the footnote definition being read.
    footnote: Option<String>,
    /// The section where each footnote label is first referred to.
    footnote_refs: HashMap<String, usize>,
    /// Footnote texts: label, the section they stand in, the block.
    notes: Vec<(String, usize, Block)>,
    /// Where each line after the first starts in `text` (at a soft or hard line break).
    line_starts: Vec<usize>,
}

/// Parses Markdown into a document.
pub fn parse(md: &str) -> Document {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES;
    let mut b = Builder {
        doc: Document {
            sections: vec![Section::default()],
            ..Document::default()
        },
        text: String::new(),
        containers: Vec::new(),
        skip_depth: 0,
        in_meta: false,
        meta: String::new(),
        table: None,
        seen_content: false,
        first_h1: None,
        first_heading: None,
        faq_level: None,
        in_toc: false,
        in_links: false,
        in_share: false,
        toc_blocks: Vec::new(),
        strong_depth: 0,
        link_depth: 0,
        strong_text: false,
        outside_strong: false,
        links: 0,
        outside_link: false,
        pending_subhead: None,
        last_level: 0,
        footnote: None,
        footnote_refs: HashMap::new(),
        notes: Vec::new(),
        line_starts: Vec::new(),
    };
    for event in Parser::new_ext(md, options) {
        b.event(event);
    }
    b.flush();
    b.finish()
}

impl Builder {
    fn sink(&self) -> Sink {
        if self.in_meta {
            Sink::Meta
        } else if self.skip_depth > 0 {
            Sink::Skip
        } else {
            Sink::Block
        }
    }

    fn push_text(&mut self, s: &str) {
        match self.sink() {
            Sink::Skip => {}
            Sink::Meta => self.meta.push_str(s),
            Sink::Block => match &mut self.table {
                Some(t) => t.cell.push_str(s),
                None => {
                    if s.chars().any(char::is_alphanumeric) {
                        if self.strong_depth > 0 {
                            self.strong_text = true;
                        } else {
                            self.outside_strong = true;
                        }
                        if self.link_depth == 0 {
                            self.outside_link = true;
                        }
                    }
                    self.text.push_str(s);
                }
            },
        }
    }

    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) => self.push_text(&t),
            Event::SoftBreak | Event::HardBreak => {
                self.push_text(" ");
                if self.sink() == Sink::Block && self.table.is_none() {
                    self.line_starts.push(self.text.len());
                }
            }
            Event::InlineHtml(h) => {
                if h.trim_start().to_ascii_lowercase().starts_with("<br") {
                    self.push_text(" ");
                }
            }
            Event::FootnoteReference(label) => {
                // After a bold subhead the block being read opens the subhead's section, which
                // starts only when the block ends.
                let at = self.doc.sections.len().saturating_sub(1)
                    + usize::from(self.pending_subhead.is_some() && self.footnote.is_none());
                self.footnote_refs.entry(label.to_string()).or_insert(at);
            }
            Event::Html(_) | Event::DisplayMath(_) | Event::TaskListMarker(_) => {}
            Event::Rule => self.flush(),
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Paragraph | Tag::Heading { .. } => self.flush(),
            Tag::BlockQuote(_) => {
                self.flush();
                self.containers.push(Container::Quote);
            }
            Tag::Item => {
                self.flush();
                self.containers.push(Container::Item);
            }
            Tag::List(_) => self.flush(),
            Tag::FootnoteDefinition(label) => {
                self.flush();
                self.footnote = Some(label.to_string());
            }
            Tag::Strong => self.strong_depth += 1,
            Tag::Link { .. } => {
                self.link_depth += 1;
                self.links += 1;
            }
            Tag::CodeBlock(_) | Tag::HtmlBlock => {
                self.flush();
                self.skip_depth += 1;
            }
            Tag::Image { .. } => self.skip_depth += 1,
            Tag::MetadataBlock(_) => self.in_meta = true,
            Tag::Table(_) => {
                self.flush();
                self.table = Some(Table::default());
            }
            Tag::TableHead => {
                if let Some(t) = &mut self.table {
                    t.cells.clear();
                }
            }
            Tag::TableRow => {
                if let Some(t) = &mut self.table {
                    t.cells.clear();
                }
            }
            Tag::TableCell => {
                if let Some(t) = &mut self.table {
                    t.cell.clear();
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.end_paragraph(),
            TagEnd::List(_) => self.flush(),
            TagEnd::FootnoteDefinition => {
                self.flush();
                self.footnote = None;
            }
            TagEnd::Strong => self.strong_depth = self.strong_depth.saturating_sub(1),
            TagEnd::Link => self.link_depth = self.link_depth.saturating_sub(1),
            TagEnd::Heading(level) => self.heading(level),
            TagEnd::BlockQuote(_) | TagEnd::Item => {
                self.flush();
                self.containers.pop();
            }
            TagEnd::CodeBlock => {
                self.skip_depth = self.skip_depth.saturating_sub(1);
                if self.skip_depth == 0 {
                    self.push_block(BlockKind::Note, CODE_NOTE);
                }
            }
            TagEnd::HtmlBlock | TagEnd::Image => {
                self.skip_depth = self.skip_depth.saturating_sub(1);
            }
            TagEnd::MetadataBlock(_) => {
                self.in_meta = false;
                if self.doc.title.is_none() {
                    self.doc.title = front_matter_title(&self.meta);
                }
            }
            TagEnd::TableCell => {
                if let Some(t) = &mut self.table {
                    let cell = collapse_whitespace(&t.cell);
                    t.cells.push(cell);
                    t.cell.clear();
                }
            }
            TagEnd::TableHead => {
                if let Some(t) = &mut self.table {
                    t.headers = std::mem::take(&mut t.cells);
                }
            }
            TagEnd::TableRow => {
                let row = self.table.as_mut().map(|t| {
                    let row = table_row(&t.headers, &t.cells);
                    t.cells.clear();
                    t.rows += 1;
                    row
                });
                if let Some(row) = row {
                    self.push_block(BlockKind::TableRow, &row);
                }
            }
            TagEnd::Table => {
                // A table with a header and no data rows is read as that one row.
                if let Some(t) = self.table.take() {
                    if t.rows == 0 {
                        let row = table_row(&[], &t.headers);
                        self.push_block(BlockKind::TableRow, &row);
                    }
                }
            }
            _ => {}
        }
    }

    /// The kind a paragraph gets from its innermost container.
    fn container_kind(&self) -> BlockKind {
        match self.containers.last() {
            Some(Container::Item) => BlockKind::ListItem,
            Some(Container::Quote) => BlockKind::Quote,
            None => BlockKind::Paragraph,
        }
    }

    /// Ends a paragraph: a bold-only one that reads like a heading waits to see what follows;
    /// one made only of links is not read.
    fn end_paragraph(&mut self) {
        let plain = self.containers.is_empty() && self.footnote.is_none();
        if plain && self.note_lines() {
            return;
        }
        if plain && self.strong_text && !self.outside_strong && self.faq_level.is_none() {
            let text = collapse_whitespace(&self.text);
            if looks_like_subhead(&text) && (self.seen_content || self.doc.title.is_some()) {
                if let Some(earlier) = self.pending_subhead.take() {
                    self.push_block(BlockKind::Paragraph, &earlier);
                }
                self.pending_subhead = Some(text);
                self.text.clear();
                self.reset_inline();
                return;
            }
        }
        if plain && self.links > 0 && !self.outside_link {
            let text = collapse_whitespace(&self.text);
            if self.links >= 2 || !super::text::ends_sentence(&text) {
                self.text.clear();
                self.reset_inline();
                return;
            }
        }
        self.flush();
    }

    /// A paragraph whose first line is a footnote's own text written as plain text would write
    /// it (`[1]: Text`, `[2] Text`, which Markdown does not take for a footnote): each such line
    /// becomes a note, and a line that does not start with a mark continues the note before it.
    fn note_lines(&mut self) -> bool {
        let text = &self.text;
        let first_end = self.line_starts.first().copied().unwrap_or(text.len());
        if footnotes::labelled_definition(text.get(..first_end).unwrap_or("")).is_none() {
            return false;
        }
        // (`line_starts` is cleared wherever `text` is, so each cut is a boundary in it.)
        let mut cuts = vec![0];
        cuts.extend(self.line_starts.iter().copied());
        cuts.push(text.len());
        let mut notes: Vec<(String, String)> = Vec::new();
        for line in cuts.windows(2).filter_map(|w| text.get(w[0]..w[1])) {
            match footnotes::labelled_definition(line) {
                Some((label, note)) => notes.push((label.to_string(), note.to_string())),
                None => match notes.last_mut() {
                    Some((_, note)) => {
                        note.push(' ');
                        note.push_str(line.trim());
                    }
                    None => return false,
                },
            }
        }
        self.text.clear();
        self.reset_inline();
        for (label, note) in notes {
            self.footnote = Some(label);
            self.push_block(BlockKind::Paragraph, &note);
        }
        self.footnote = None;
        true
    }

    fn reset_inline(&mut self) {
        self.line_starts.clear();
        self.strong_text = false;
        self.outside_strong = false;
        self.links = 0;
        self.outside_link = false;
    }

    /// Ends the block being collected, if it has text.
    fn flush(&mut self) {
        self.reset_inline();
        if self.text.trim().is_empty() {
            self.text.clear();
            return;
        }
        let text = std::mem::take(&mut self.text);
        let kind = self.container_kind();
        self.push_block(kind, &text);
    }

    /// The level a bold subhead gets: one below the last heading, else 2.
    fn subhead_level(&self) -> u8 {
        if self.last_level == 0 {
            2
        } else {
            (self.last_level + 1).min(6)
        }
    }

    fn push_block(&mut self, kind: BlockKind, text: &str) {
        let mut block = Block::new(kind, text);
        if self.faq_level.is_some()
            && kind == BlockKind::Paragraph
            && super::text::asks(&block.text, false)
        {
            block.kind = BlockKind::Question;
        }
        if block.text.is_empty() || is_boilerplate(&block.text) || is_address_line(&block.text) {
            self.in_toc |= super::text::is_toc_marker(&block.text);
            self.in_links |= opens_link_list(&block.text);
            self.in_share |= is_share_label(&block.text);
            return;
        }
        if self.in_share && is_share_row(&block.text) {
            return;
        }
        self.in_share = false;
        if self.footnote.is_some() {
            let label = self.footnote.clone().unwrap_or_default();
            let at = self.doc.sections.len().saturating_sub(1);
            block.kind = BlockKind::Footnote;
            self.notes.push((label, at, block));
            return;
        }
        if let Some(subhead) = self.pending_subhead.take() {
            // Body text follows the bold paragraph: it was a subhead.
            let level = self.subhead_level();
            self.start_section(subhead, level);
        }
        // Marks written as plain text ("[1]", where Markdown found no definition of its own).
        if text.contains('[') {
            let here = self.doc.sections.len().saturating_sub(1);
            for label in footnotes::cited_labels(text) {
                if !self.footnote_refs.contains_key(label) {
                    self.footnote_refs.insert(label.to_string(), here);
                }
            }
        }
        self.in_toc &= block.kind == BlockKind::ListItem;
        self.in_links &= block.kind == BlockKind::ListItem;
        if self.in_links {
            // A headline under "Related articles" belongs to another page.
            return;
        }
        if !self.seen_content && self.doc.title.is_some() && self.doc.byline.is_none() {
            if let Some(by) = super::text::byline(&block.text) {
                self.doc.byline = Some(by);
                return;
            }
        }
        self.seen_content = true;
        let at = self.doc.sections.len().saturating_sub(1);
        if let Some(s) = self.doc.sections.last_mut() {
            if self.in_toc {
                self.toc_blocks.push((at, s.blocks.len()));
            }
            s.blocks.push(block);
        }
    }

    fn heading(&mut self, level: HeadingLevel) {
        self.reset_inline();
        let text = collapse_whitespace(&std::mem::take(&mut self.text));
        if let Some(earlier) = self.pending_subhead.take() {
            // A bold paragraph right before a heading is not a subhead.
            self.push_block(BlockKind::Paragraph, &earlier);
        }
        if text.is_empty() || is_boilerplate(&text) {
            self.in_toc |= super::text::is_toc_marker(&text);
            self.in_links |= opens_link_list(&text);
            self.in_share |= is_share_label(&text);
            return;
        }
        self.in_toc = false;
        self.in_links = false;
        self.in_share = false;
        if !self.containers.is_empty() {
            // A heading inside a list or quote is read as part of it.
            let kind = self.container_kind();
            self.push_block(kind, &text);
            return;
        }
        if !self.seen_content && self.doc.title.is_none() {
            self.doc.title = Some(text);
            return;
        }
        let level = level as u8;
        if let Some(faq) = self.faq_level {
            // Inside an FAQ, a question heading is a question of the FAQ, not a new section.
            if super::text::asks(&text, true) {
                self.seen_content = true;
                if let Some(s) = self.doc.sections.last_mut() {
                    s.blocks.push(Block::new(BlockKind::Question, &text));
                }
                return;
            }
            if level <= faq {
                self.faq_level = None;
            }
        }
        if super::text::is_faq_heading(&text) {
            self.faq_level = Some(level);
        }
        if level == 1 && self.first_h1.is_none() {
            self.first_h1 = Some(text.clone());
        }
        if self.first_heading.is_none() {
            self.first_heading = Some(text.clone());
        }
        self.last_level = level;
        self.start_section(text, level);
    }

    fn start_section(&mut self, heading: String, level: u8) {
        self.seen_content = true;
        self.doc.sections.push(Section {
            heading: Some(heading),
            level,
            blocks: Vec::new(),
        });
    }

    fn finish(mut self) -> Document {
        if let Some(earlier) = self.pending_subhead.take() {
            self.push_block(BlockKind::Paragraph, &earlier);
        }
        if self.doc.title.is_none() {
            self.doc.title = self.first_h1.take().or(self.first_heading.take());
        }
        self.drop_contents_entries();
        // Each footnote is read at the end of the section that first refers to it.
        for (label, stands_in, block) in std::mem::take(&mut self.notes) {
            let at = self.footnote_refs.get(&label).copied().unwrap_or(stands_in);
            // (A subhead that never got its body leaves no section: the last one takes the note.)
            let last = self.doc.sections.len().saturating_sub(1);
            if let Some(s) = self.doc.sections.get_mut(at.min(last)) {
                s.blocks.push(block);
            }
        }
        self.doc.prune();
        self.doc
    }
}

impl Builder {
    /// Drops table-of-contents entries that repeat a later heading (the listener hears each
    /// heading where its section starts); other entries stay.
    fn drop_contents_entries(&mut self) {
        if self.toc_blocks.is_empty() {
            return;
        }
        let mut last_heading = std::collections::HashMap::new();
        for (i, s) in self.doc.sections.iter().enumerate() {
            if let Some(h) = &s.heading {
                last_heading.insert(h.to_lowercase(), i);
            }
        }
        // Remove from the back so that earlier indices stay valid.
        for &(section, block) in self.toc_blocks.iter().rev() {
            let Some(s) = self.doc.sections.get_mut(section) else {
                continue;
            };
            let repeated = s.blocks.get(block).is_some_and(|b| {
                last_heading
                    .get(&b.text.to_lowercase())
                    .is_some_and(|&h| h > section)
            });
            if repeated {
                s.blocks.remove(block);
            }
        }
    }
}

/// One table row as it is read: cells joined with commas; cells after the first are prefixed
/// with their column's header name when they are short enough for the name to help.
fn table_row(headers: &[String], cells: &[String]) -> String {
    let mut out = String::new();
    for (i, cell) in cells.iter().enumerate() {
        if cell.is_empty() {
            continue;
        }
        if !out.is_empty() {
            if out.ends_with(['.', ',', ';', ':', '!', '?']) {
                out.push(' ');
            } else {
                out.push_str(", ");
            }
        }
        let header = headers.get(i).map(String::as_str).unwrap_or("");
        if i > 0 && !header.is_empty() && cell.chars().count() <= MAX_PREFIXED_CELL {
            out.push_str(header);
            out.push_str(": ");
        }
        out.push_str(cell);
    }
    out
}

/// The `title:` of YAML or TOML front matter, quotes removed.
fn front_matter_title(meta: &str) -> Option<String> {
    meta.lines().find_map(|line| {
        let (key, value) = line.split_once([':', '='])?;
        if !key.trim().eq_ignore_ascii_case("title") {
            return None;
        }
        let v = value.trim().trim_matches(['"', '\'']).trim();
        (!v.is_empty()).then(|| collapse_whitespace(v))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(doc: &Document) -> Vec<(BlockKind, &str)> {
        doc.sections
            .iter()
            .flat_map(|s| s.blocks.iter().map(|b| (b.kind, b.text.as_str())))
            .collect()
    }

    fn headings(doc: &Document) -> Vec<&str> {
        doc.sections
            .iter()
            .filter_map(|s| s.heading.as_deref())
            .collect()
    }

    #[test]
    fn leading_h1_is_the_title_and_later_headings_are_sections() {
        let doc = parse("# The Title\n\nLead text.\n\n## First part\n\nBody.\n\nSecond part\n-----------\n\nMore.\n");
        assert_eq!(doc.title.as_deref(), Some("The Title"));
        assert_eq!(headings(&doc), ["First part", "Second part"]);
        assert_eq!(doc.sections[0].heading, None);
        assert_eq!(doc.sections[0].blocks[0].text, "Lead text.");
    }

    #[test]
    fn a_pull_quote_repeating_a_paragraph_is_read_once() {
        let doc = parse(
            "# Bridge\n\nThe mayor said the town would rebuild the bridge before the winter comes, \
             and the gallery applauded.\n\n> \"Rebuild the bridge before the winter comes\"\n\n\
             Work starts in May.\n",
        );
        let texts: Vec<&str> = doc.sections[0]
            .blocks
            .iter()
            .map(|b| b.text.as_str())
            .collect();
        assert_eq!(texts.len(), 2, "{texts:?}");
        assert!(texts[1].starts_with("Work starts"), "{texts:?}");
    }

    #[test]
    fn setext_title_is_recognised() {
        let doc = parse("A Setext Title\n==============\n\nText here.\n");
        assert_eq!(doc.title.as_deref(), Some("A Setext Title"));
    }

    #[test]
    fn without_a_leading_heading_the_first_h1_names_the_document() {
        let doc = parse("Some intro.\n\n## Part\n\nText.\n\n# Main\n\nMore.\n");
        assert_eq!(doc.title.as_deref(), Some("Main"));
        assert_eq!(headings(&doc), ["Part", "Main"]);
    }

    #[test]
    fn list_items_quotes_and_links_read_as_text() {
        let doc = parse(
            "# T\n\n- first [linked](http://x.example) item\n- second item\n  continued\n\n> A quoted line.\n",
        );
        assert_eq!(
            blocks(&doc),
            [
                (BlockKind::ListItem, "first linked item"),
                (BlockKind::ListItem, "second item continued"),
                (BlockKind::Quote, "A quoted line."),
            ]
        );
    }

    #[test]
    fn nested_list_items_stay_separate_and_in_order() {
        let doc = parse("# T\n\n- outer\n  - inner one\n  - inner two\n- last\n");
        assert_eq!(
            blocks(&doc).iter().map(|(_, t)| *t).collect::<Vec<_>>(),
            ["outer", "inner one", "inner two", "last"]
        );
    }

    #[test]
    fn table_rows_are_one_block_each_with_header_names_after_the_first_cell() {
        let doc = parse(
            "# T\n\n| City | Population | Country |\n|---|---|---|\n| Lyon | 500,000 | France |\n| Porto | 230,000 | Portugal |\n",
        );
        assert_eq!(
            blocks(&doc),
            [
                (
                    BlockKind::TableRow,
                    "Lyon, Population: 500,000, Country: France"
                ),
                (
                    BlockKind::TableRow,
                    "Porto, Population: 230,000, Country: Portugal"
                ),
            ]
        );
    }

    #[test]
    fn images_html_and_code_are_not_read_but_code_leaves_a_note() {
        let doc = parse(
            "# T\n\n![a chart of sales](chart.png)\n\n<div class=\"ad\">Buy now</div>\n\nBefore.\n\n```rust\nfn main() {}\n```\n\nAfter.\n",
        );
        assert_eq!(
            blocks(&doc),
            [
                (BlockKind::Paragraph, "Before."),
                (BlockKind::Note, CODE_NOTE),
                (BlockKind::Paragraph, "After."),
            ]
        );
    }

    #[test]
    fn front_matter_is_skipped_and_names_the_title() {
        let doc = parse("---\ntitle: \"From Front Matter\"\ndate: 2024-01-01\n---\n\nBody text.\n");
        assert_eq!(doc.title.as_deref(), Some("From Front Matter"));
        assert_eq!(blocks(&doc), [(BlockKind::Paragraph, "Body text.")]);
    }

    #[test]
    fn boilerplate_paragraphs_and_headings_are_dropped() {
        let doc = parse(
            "# T\n\nListen to this article\n\nReal text.\n\n## Share on Twitter\n\nScroll to Top\n",
        );
        assert_eq!(blocks(&doc), [(BlockKind::Paragraph, "Real text.")]);
        assert!(headings(&doc).is_empty());
    }

    #[test]
    fn byline_after_the_title_is_taken_out_of_the_text() {
        let doc = parse("# T\n\n*By Jane Doe*\n\nText.\n");
        assert_eq!(doc.byline.as_deref(), Some("By Jane Doe"));
        assert_eq!(blocks(&doc), [(BlockKind::Paragraph, "Text.")]);
    }

    #[test]
    fn faq_question_headings_and_paragraphs_are_questions_inside_the_faq() {
        let doc = parse(
            "# T\n\nIntro.\n\n## FAQ\n\n### Is it free?\n\nYes.\n\n**Can I bring a dog?**\n\nOn a lead.\n\n## Summary\n\nDone.\n",
        );
        assert_eq!(headings(&doc), ["FAQ", "Summary"]);
        assert_eq!(
            doc.sections[1]
                .blocks
                .iter()
                .map(|b| (b.kind, b.text.as_str()))
                .collect::<Vec<_>>(),
            [
                (BlockKind::Question, "Is it free?"),
                (BlockKind::Paragraph, "Yes."),
                (BlockKind::Question, "Can I bring a dog?"),
                (BlockKind::Paragraph, "On a lead."),
            ]
        );
    }

    #[test]
    fn table_of_contents_links_that_repeat_headings_are_not_read() {
        let doc = parse(
            "# T\n\n## Contents\n\n- [Harbour](#harbour)\n- [Ferry](#ferry)\n\nIntro.\n\n## Harbour\n\nBoats.\n\n## Ferry\n\nHourly.\n",
        );
        assert_eq!(
            blocks(&doc),
            [
                (BlockKind::Paragraph, "Intro."),
                (BlockKind::Paragraph, "Boats."),
                (BlockKind::Paragraph, "Hourly."),
            ]
        );
    }

    #[test]
    fn related_article_links_are_not_read() {
        let doc = parse(
            "# T\n\nText.\n\n## Related articles\n\n- [Ferry times change](/a)\n- [Budget vote](/b)\n\n## After\n\nMore.\n",
        );
        assert_eq!(
            blocks(&doc),
            [
                (BlockKind::Paragraph, "Text."),
                (BlockKind::Paragraph, "More.")
            ]
        );
    }

    #[test]
    fn deeply_nested_quotes_do_not_overflow_the_stack() {
        let md = format!("# T\n\n{}deep\n", "> ".repeat(20_000));
        let doc = parse(&md);
        assert_eq!(blocks(&doc), [(BlockKind::Quote, "deep")]);
    }
}
