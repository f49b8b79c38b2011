//! Stage 2 of the pipeline: turning a [`Document`] into a [`Script`] of utterances.
//!
//! Each section becomes a [`ScriptSection`] whose utterances a voice can say well: one sentence
//! each ([`sentences`]), long sentences split at clause punctuation ([`clauses`]), headings, list
//! items and table rows on their own, and a pause after each utterance that grows from clause to
//! sentence to paragraph to heading. Every utterance keeps the text as written, for display, and its
//! spoken form ([`normalize`]) for the voice. This stage knows nothing about audio.

use serde::{Deserialize, Serialize};

use crate::article::{Block, BlockKind, Document, Section};

pub mod clauses;
pub mod lexicon;
pub mod normalize;
pub mod sentences;

pub use lexicon::Lexicon;

/// An article ready to be spoken: sections of utterances.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Script {
    /// The article title.
    pub title: Option<String>,
    /// The byline, when known.
    pub byline: Option<String>,
    /// Sections in order; the lead (no heading) comes first when there is one.
    pub sections: Vec<ScriptSection>,
}

/// One section of a [`Script`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ScriptSection {
    /// The heading, or `None` for the lead.
    pub title: Option<String>,
    /// What is said, in order. A heading is also the section's first utterance.
    pub utterances: Vec<Utterance>,
}

/// One stretch of speech: what is shown, what is said, and the pause that follows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Utterance {
    /// The text as written, shown to the user.
    pub text: String,
    /// What the voice is given.
    pub spoken: String,
    /// What this utterance is.
    pub kind: UtteranceKind,
    /// The pause after it.
    pub pause: Pause,
}

/// What an utterance is; decides nothing by itself but helps display and pausing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UtteranceKind {
    /// The article title.
    Title,
    /// A section heading.
    Heading,
    /// A sentence (or part of a long one) of prose.
    Sentence,
    /// A list item.
    ListItem,
    /// A table row.
    TableRow,
    /// A question in an FAQ.
    Question,
    /// A spoken note standing in for something unreadable.
    Note,
}

/// The silence after an utterance, from shortest to longest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pause {
    /// After a clause of a split sentence.
    Clause,
    /// After a sentence.
    Sentence,
    /// After the last sentence of a paragraph, list item or row.
    Paragraph,
    /// After a heading or the title.
    Heading,
    /// After the last utterance of a section.
    SectionEnd,
    /// None: the next utterance continues the same sound (pieces of an audio file).
    Continuous,
}

impl Script {
    /// `§n/total` and section `section`'s heading (or the article's title for a lead without
    /// heading), as the listener sees where they are.
    pub fn section_label(&self, section: usize) -> String {
        let heading = self
            .sections
            .get(section)
            .and_then(|s| s.title.as_deref())
            .or(self.title.as_deref())
            .unwrap_or("(untitled)");
        // Printed in the terminal: nothing in a heading may control it.
        let heading = crate::printable::strip_controls(heading);
        format!("§{}/{} {}", section + 1, self.sections.len(), heading)
    }
}

impl Utterance {
    /// Estimated seconds of its speech and of the pause after it, said at `rate_wpm` (see
    /// [`crate::audio::timing`]).
    pub fn estimate(&self, rate_wpm: u32) -> (f64, f64) {
        let words = self.spoken.split_whitespace().count();
        (
            crate::audio::timing::speech_secs(words, rate_wpm),
            crate::audio::timing::pause_millis(self.pause.millis(), rate_wpm) as f64 / 1000.0,
        )
    }
}

impl Pause {
    /// The default length of this pause in milliseconds, at normal speed.
    pub fn millis(self) -> u32 {
        PauseLengths::default().millis(self)
    }
}

/// How long each kind of pause lasts, in milliseconds at the normal rate (the listener can set
/// them in `config.toml`, `[pauses]`); listening and export use the same lengths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PauseLengths {
    /// After a clause of a split sentence.
    pub clause: u32,
    /// After a sentence.
    pub sentence: u32,
    /// After the last sentence of a paragraph, list item or row.
    pub paragraph: u32,
    /// After a heading or the title.
    pub heading: u32,
    /// After the last utterance of a section.
    pub section: u32,
}

impl Default for PauseLengths {
    fn default() -> Self {
        PauseLengths {
            clause: 150,
            sentence: 350,
            paragraph: 600,
            heading: 800,
            section: 1200,
        }
    }
}

impl PauseLengths {
    /// The longest pause that may be set, in milliseconds.
    pub const MAX: u32 = 10_000;

    /// The length of `pause`, in milliseconds at the normal rate.
    pub fn millis(&self, pause: Pause) -> u32 {
        match pause {
            Pause::Clause => self.clause,
            Pause::Sentence => self.sentence,
            Pause::Paragraph => self.paragraph,
            Pause::Heading => self.heading,
            Pause::SectionEnd => self.section,
            Pause::Continuous => 0,
        }
    }

    /// Each length with its key in `config.toml`.
    pub fn named(&self) -> [(&'static str, u32); 5] {
        [
            ("clause", self.clause),
            ("sentence", self.sentence),
            ("paragraph", self.paragraph),
            ("heading", self.heading),
            ("section", self.section),
        ]
    }
}

/// How to segment.
#[derive(Debug, Clone)]
pub struct SegmentOptions {
    /// Longest utterance, in characters, before it is split at a clause.
    pub max_chars: usize,
    /// Longest first utterance of each section (so audio starts fast after a skip).
    pub first_max_chars: usize,
    /// Longest opening utterance of the article (its title, or else its first sentence), so that
    /// the first audio comes fast even from a slow neural voice: a neural voice takes about
    /// 3.5 ms per character on 2 cores, so 48 characters is under 0.2 s.
    pub opening_max_chars: usize,
    /// Words the user wants said differently, applied before the rules.
    pub lexicon: Lexicon,
    /// Leave footnote texts out (`--skip footnotes`); otherwise they are read at the end of their
    /// section after [`FOOTNOTES_NOTE`].
    pub skip_footnotes: bool,
}

/// What is said before a section's footnotes.
pub const FOOTNOTES_NOTE: &str = "Notes.";

impl SegmentOptions {
    /// These options with the opening cut like any section's first sentence, as aloud did before
    /// it had an opening cap: the segmentation that positions saved by those versions count in.
    pub fn without_opening_cap(&self) -> SegmentOptions {
        SegmentOptions {
            opening_max_chars: self.first_max_chars,
            ..self.clone()
        }
    }
}

impl Default for SegmentOptions {
    fn default() -> Self {
        SegmentOptions {
            max_chars: 250,
            first_max_chars: 120,
            opening_max_chars: 48,
            lexicon: Lexicon::default(),
            skip_footnotes: false,
        }
    }
}

/// Turns a document into a script.
///
/// Every block gives at least one utterance and no utterance spans two blocks, so headings, list
/// items, table rows and questions never merge with what follows. Prose blocks are split into
/// sentences; table rows, notes, titles and headings are not. Any piece longer than
/// [`SegmentOptions::max_chars`] is split at clauses; the first sentence of each section is cut at
/// its first clause when longer than [`SegmentOptions::first_max_chars`], and the article's opening
/// utterance (the title, else the first sentence) when longer than
/// [`SegmentOptions::opening_max_chars`] (at a clause mark if there is one early enough, else at
/// the best word boundary).
pub fn segment(doc: &Document, opts: &SegmentOptions) -> Script {
    let mut script = Script {
        title: doc.title.clone(),
        byline: doc.byline.clone(),
        sections: Vec::with_capacity(doc.sections.len() + 1),
    };
    // An article that is only a title (one line, or a lone heading) is read as its title.
    let title_only = [Section::default()];
    let sections = if doc.sections.is_empty() && doc.title.is_some() {
        &title_only[..]
    } else {
        &doc.sections[..]
    };
    for (i, section) in sections.iter().enumerate() {
        let mut out = ScriptSection {
            title: section.heading.clone(),
            utterances: Vec::new(),
        };
        if let Some(title) = doc
            .title
            .as_ref()
            .filter(|t| i == 0 && !same_words(t, section))
        {
            // The title is the article's first utterance, also before a first heading: kept
            // short like a first sentence.
            let (kind, pause) = (UtteranceKind::Title, Pause::Heading);
            push_pieces(&mut out, opts, title, kind, pause, Cap::Opening);
        }
        if let Some(h) = &section.heading {
            // A heading is cut only to open the article with a short cap.
            let cap = if opening(&script, &out) && opts.opening_max_chars < opts.first_max_chars {
                Cap::Opening
            } else {
                Cap::Any
            };
            push_pieces(
                &mut out,
                opts,
                h,
                UtteranceKind::Heading,
                Pause::Heading,
                cap,
            );
        }
        let mut first = true;
        // Footnotes come last in their section, after a short note, unless they are skipped.
        let notes_note = Block::new(BlockKind::Note, FOOTNOTES_NOTE);
        let mut blocks: Vec<&Block> = section
            .blocks
            .iter()
            .filter(|b| b.kind != BlockKind::Footnote)
            .collect();
        if !opts.skip_footnotes && blocks.len() < section.blocks.len() {
            blocks.push(&notes_note);
            blocks.extend(
                section
                    .blocks
                    .iter()
                    .filter(|b| b.kind == BlockKind::Footnote),
            );
        }
        for block in blocks {
            let kind = match block.kind {
                BlockKind::Paragraph | BlockKind::Quote | BlockKind::Footnote => {
                    UtteranceKind::Sentence
                }
                BlockKind::ListItem => UtteranceKind::ListItem,
                BlockKind::TableRow => UtteranceKind::TableRow,
                BlockKind::Question => UtteranceKind::Question,
                BlockKind::Note => UtteranceKind::Note,
            };
            let sentences = match block.kind {
                BlockKind::TableRow | BlockKind::Note => vec![block.text.trim()],
                _ => sentences::split(&block.text),
            };
            let n = sentences.len();
            for (j, sentence) in sentences.into_iter().enumerate() {
                let pause = if j + 1 < n {
                    Pause::Sentence
                } else {
                    Pause::Paragraph
                };
                let before = out.utterances.len();
                // A table row is read whole: cutting it for a fast start would split a cell.
                let cap = if kind == UtteranceKind::TableRow || !first {
                    Cap::Any
                } else if opening(&script, &out) {
                    Cap::Opening
                } else {
                    Cap::First
                };
                push_pieces(&mut out, opts, sentence, kind, pause, cap);
                first &= out.utterances.len() == before;
            }
        }
        if let Some(last) = out.utterances.last_mut() {
            last.pause = Pause::SectionEnd;
        }
        if !out.utterances.is_empty() {
            script.sections.push(out);
        }
    }
    script
}

/// Whether `title` says the same words as `section`'s heading (then it is read once, as the
/// heading): letters and digits compared, case, punctuation and quote marks aside ("Why We
/// Can't Wait" and "Why We Can’t Wait:" are the same).
fn same_words(title: &str, section: &Section) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    section
        .heading
        .as_deref()
        .is_some_and(|h| words(h) == words(title))
}

/// Whether nothing has been said yet: the next utterance opens the article.
fn opening(script: &Script, current: &ScriptSection) -> bool {
    script.sections.is_empty() && current.utterances.is_empty()
}

/// Which cap the first piece of a text has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cap {
    /// The article's opening utterance: [`SegmentOptions::opening_max_chars`].
    Opening,
    /// A section's first sentence: [`SegmentOptions::first_max_chars`].
    First,
    /// Any other: [`SegmentOptions::max_chars`].
    Any,
}

/// Pushes `text` as one utterance, or as several split at clauses when it is longer than
/// `max_chars` (the first piece within the cap `first`); `pause` follows the last piece.
fn push_pieces(
    out: &mut ScriptSection,
    opts: &SegmentOptions,
    text: &str,
    kind: UtteranceKind,
    pause: Pause,
    first: Cap,
) {
    let pieces = match first {
        // A short opening cap cuts after a short head too ("Harbour Strike:"); with the section
        // cap (as aloud did before it had one) the opening is cut like any first sentence.
        Cap::Opening if opts.opening_max_chars < opts.first_max_chars => {
            clauses::split_opening(text, opts.opening_max_chars, opts.max_chars)
        }
        Cap::Opening | Cap::First => {
            clauses::split_long(text, opts.first_max_chars, opts.max_chars)
        }
        Cap::Any => clauses::split_long(text, opts.max_chars, opts.max_chars),
    };
    let m = pieces.len();
    for (k, piece) in pieces.into_iter().enumerate() {
        let pause = if k + 1 < m { Pause::Clause } else { pause };
        push(out, opts, piece, kind, pause);
    }
}

fn push(
    out: &mut ScriptSection,
    opts: &SegmentOptions,
    text: &str,
    kind: UtteranceKind,
    pause: Pause,
) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    let spoken = normalize::spoken(text, &opts.lexicon);
    out.utterances.push(Utterance {
        text: text.to_string(),
        spoken,
        kind,
        pause,
    });
}

#[cfg(test)]
mod tests;
