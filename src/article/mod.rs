//! Stage 1 of the pipeline: reading an article into a [`Document`].
//!
//! Input arrives as bytes from a file, standard input or a URL ([`source`]); it is decoded to text
//! (UTF-8, UTF-16 with a BOM, or the charset an HTML page declares) and parsed by the reader for its
//! format: plain text ([`text`]), Markdown ([`markdown`]) or HTML ([`html`]). Every reader produces
//! the same `Document`: a title, an optional byline and a list of sections, each with an optional
//! heading and the blocks (paragraphs, list items, table rows, quotes, questions) a listener hears.
//! Boilerplate (share rows, "Listen to this article", image file names, copyright lines...) is
//! dropped here, in [`boilerplate`], so that no later stage has to know about it. A news feed
//! (RSS or Atom) is many articles, not one: [`feed`] reads its entries.

use serde::Serialize;

pub mod boilerplate;
pub mod feed;
pub mod footnotes;
pub mod html;
pub mod markdown;
pub mod repeats;
pub mod source;
pub mod subhead;
pub mod text;

pub use source::{read_input, Format, Input, ReadError, ReadOptions};

/// An article as a listener navigates it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Document {
    /// The article's title, when one was found.
    pub title: Option<String>,
    /// Who wrote it ("By Jane Doe"), when the page says so.
    pub byline: Option<String>,
    /// Sections in reading order. The lead before the first heading is a section whose
    /// `heading` is `None`.
    pub sections: Vec<Section>,
}

/// One navigable part of an article: a heading and what follows it up to the next heading.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Section {
    /// The heading text, or `None` for the lead.
    pub heading: Option<String>,
    /// Heading level, 1–6 (0 for the lead).
    pub level: u8,
    /// What the section says, in order.
    pub blocks: Vec<Block>,
}

/// A unit of text inside a section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    /// What kind of block this is; decides how it is split and paused.
    pub kind: BlockKind,
    /// The block's text on one line, whitespace collapsed.
    pub text: String,
}

/// The kinds of block a reader can produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// Running prose: split into sentences.
    Paragraph,
    /// One item of a list: its own utterance(s), never merged with what follows.
    ListItem,
    /// One row of a table, cells joined as "cell, cell, cell": one utterance.
    TableRow,
    /// A block quote: prose, read like a paragraph.
    Quote,
    /// A question inside an FAQ: its own utterance.
    Question,
    /// A short spoken note standing in for something that cannot be read (a code block).
    Note,
    /// The text of a footnote: read at the end of its section after a short spoken note
    /// ("Notes."), or not at all when footnotes are skipped.
    Footnote,
}

impl Block {
    /// A block of `kind` with `text`, whitespace collapsed to single spaces and footnote marks
    /// (`[1]`, `¹`, `↩`, `[citation needed]`) removed ([`footnotes::strip_marks`]).
    pub fn new(kind: BlockKind, text: &str) -> Block {
        let text = collapse_whitespace(text);
        let text = match footnotes::strip_marks(&text) {
            std::borrow::Cow::Borrowed(_) => text,
            std::borrow::Cow::Owned(stripped) => stripped,
        };
        Block { kind, text }
    }
}

impl Document {
    /// True when the document has no readable text at all.
    pub fn is_empty(&self) -> bool {
        self.sections
            .iter()
            .all(|s| s.heading.is_none() && s.blocks.is_empty())
            && self.title.is_none()
    }

    /// Removes terminal control characters and escape sequences from every text of the
    /// document (see [`crate::printable`]): a page's `&#27;[31m` is neither printed nor spoken.
    /// Blocks and headings left empty by it are dropped.
    pub fn strip_controls(&mut self) {
        fn clean(s: &mut String) {
            if let std::borrow::Cow::Owned(c) = crate::printable::strip_controls(s) {
                *s = collapse_whitespace(&c);
            }
        }
        fn clean_opt(s: &mut Option<String>) {
            if let Some(t) = s {
                clean(t);
                if t.is_empty() {
                    *s = None;
                }
            }
        }
        clean_opt(&mut self.title);
        clean_opt(&mut self.byline);
        for section in &mut self.sections {
            clean_opt(&mut section.heading);
            for block in &mut section.blocks {
                clean(&mut block.text);
            }
            section.blocks.retain(|b| !b.text.is_empty());
        }
        self.tidy();
    }

    /// Drops blocks that repeat text said elsewhere ([`repeats::drop_repeats`]: pull quotes,
    /// copied captions), sections that have neither heading nor blocks, and footnote marks from
    /// the title and headings (blocks lose theirs in [`Block::new`]). Every reader calls it last.
    pub fn prune(&mut self) {
        repeats::drop_repeats(self);
        self.tidy();
    }

    /// Drops empty sections and footnote marks from the title and headings.
    fn tidy(&mut self) {
        self.sections
            .retain(|s| s.heading.is_some() || !s.blocks.is_empty());
        let strip = |t: &mut String| {
            if let std::borrow::Cow::Owned(s) = footnotes::strip_marks(t) {
                *t = s;
            }
        };
        if let Some(t) = self.title.as_mut() {
            strip(t);
        }
        for s in &mut self.sections {
            if let Some(h) = s.heading.as_mut() {
                strip(h);
            }
        }
    }
}

/// Collapses every run of whitespace to one space and trims the ends.
pub fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}
