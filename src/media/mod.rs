//! Audio files as media: decoding them into [`crate::audio::Audio`] ([`decode`], a packet at a
//! time with symphonia), and reading what they say about themselves: chapters and tags
//! ([`chapters`]: ID3v2, Vorbis comments in Ogg and FLAC, WAV cue points, MP4 chapter tracks and Nero lists: [`mp4`]).
//!
//! The player reads audio files through here, the command voices decode what they wrote, and the
//! exporters share the container primitives ([`ogg`], [`vorbis_comment`]) with the readers, so
//! that what export writes and what a reader expects are defined once. Nothing here writes files.

pub mod chapters;
pub mod decode;
pub mod mp4;
pub mod ogg;
pub mod vorbis_comment;

pub use chapters::{read_chapters, Chapter, ChapterError, Tags};
pub use decode::{decode_bytes, decode_file, DecodeError, Stream};
