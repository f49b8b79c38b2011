//! aloud reads articles aloud.
//!
//! The pipeline has four stages, each a module:
//!
//! 1. [`article`] reads plain text, Markdown, HTML or a URL into a [`article::Document`]: a title
//!    and sections with headings and blocks, boilerplate removed.
//! 2. [`segment`] turns the document into a [`segment::Script`]: per section, utterances that a
//!    voice can say well (one sentence each, long ones split at clauses), each with its text as
//!    written, its spoken form and the pause after it.
//! 3. [`synth`] turns an utterance into PCM through a [`synth::Synthesizer`]; [`voices`] describes
//!    the voices a user can pick and builds their synthesizers.
//! 4. [`player`] plays a script with section skip, pause and resume ([`resume`] keeps positions
//!    across runs, [`queue`] the articles to play next), and [`export`] writes it to audio files.
//!
//! Below the stages, [`audio`] holds PCM audio and the one estimate of how long speech and
//! pauses last, and [`media`] decodes audio files and reads their chapters. [`outline`] renders a
//! script for the terminal or as JSON; [`cache`] keeps synthesized utterances so that nothing is
//! spoken twice; [`atomic`] is how every file aloud writes reaches its name whole.
//!
//! ```
//! use aloud::article::text;
//! use aloud::segment::{segment, SegmentOptions};
//!
//! let doc = text::parse("A Title\n\nThe lead. It has two sentences.\n\nA Heading\n\nMore text.\n");
//! let script = segment(&doc, &SegmentOptions::default());
//! assert_eq!(script.title.as_deref(), Some("A Title"));
//! assert_eq!(script.sections[1].title.as_deref(), Some("A Heading"));
//! ```

pub mod article;
pub mod atomic;
pub mod audio;
pub mod cache;
pub mod config;
pub mod dates;
pub mod dirs;
pub mod export;
pub mod media;
pub mod outline;
pub mod player;
pub mod printable;
pub mod queue;
pub mod resume;
pub mod segment;
pub mod synth;
pub mod voices;
