//! Playing an audio file (MP3, Ogg Vorbis, FLAC, WAV or AAC in MP4/M4B, as `aloud export` writes
//! them, or any other) with the player's controls: each chapter of the file is a section, so section skip
//! moves between chapters, and each chapter is cut into pieces of at most [`PIECE_SECONDS`] that
//! play as its "utterances", with no pause between them, handed to the player by
//! [`FilePieces`], the file's [`Source`] (keyed by position, like a voice's).
//!
//! The pieces are what positions count: resuming lands at most [`PIECE_SECONDS`] before where the
//! listener stopped, and ←/→ move by a piece. A piece is decoded (to mono) when the player asks
//! for it, on the prefetcher's thread: pieces played in order are decoded one after the other,
//! and a piece elsewhere (a chapter skip, a resume) is reached by seeking, so that memory holds
//! only the few pieces the player keeps ready (about 5 MB per 30 s at 44.1 kHz), however long
//! the file, and a jump to any chapter decodes one piece. A file whose container does not say
//! how long it is gets decoded once at open to count its samples (nothing is kept). Its resume
//! key is a BLAKE3 hash of the file's bytes, so a file keeps its position when it is moved or
//! renamed, and an edited file starts afresh. MP4 and M4B files (AAC) play like the others, their
//! chapters read from the file ([`crate::media::mp4`]).

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::cursor::Position;
use super::source::Source;
use crate::audio::Audio;
use crate::media::chapters::{read_chapters, Chapter};
use crate::media::decode::{self, DecodeError};
use crate::segment::{Pause, Script, ScriptSection, Utterance, UtteranceKind};
use crate::synth::SynthError;

/// The longest piece of a chapter, in seconds: how far back a resumed file can start.
pub const PIECE_SECONDS: u64 = 30;

/// File extensions that `aloud listen` plays as audio rather than reads as an article.
pub const EXTENSIONS: &[&str] = &[
    "mp3", "ogg", "oga", "flac", "wav", "m4b", "m4a", "aac", "mp4",
];

/// True when `path` names an audio file by its extension.
pub fn is_audio_path(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Why an audio file cannot be played.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FileError {
    /// The file could not be read.
    #[error("cannot read {path}: {reason} (check the path)")]
    Read {
        /// The file.
        path: String,
        /// The underlying error.
        reason: std::io::Error,
    },
    /// The file could not be decoded.
    #[error("cannot play {path}: {reason}; convert it to MP3, Ogg, FLAC, WAV or M4B")]
    Decode {
        /// The file.
        path: String,
        /// The decoder's error.
        reason: DecodeError,
    },
    /// The file holds no samples.
    #[error("{path} holds no audio to play")]
    Empty {
        /// The file.
        path: String,
    },
}

/// An audio file ready to play: its chapters as a script, its resume key and how to decode it.
#[derive(Debug)]
pub struct AudioFile {
    /// One section per chapter, its utterances the chapter's pieces.
    pub script: Script,
    /// The key positions are saved under: `audio:` and the BLAKE3 hash of the file's bytes.
    pub key: String,
    /// Why the file's chapters could not be read (it plays as one section), for the listener.
    pub chapter_warning: Option<String>,
    path: PathBuf,
    /// The stream opened to read the file's length, handed to the first [`FilePieces`].
    stream: Mutex<Option<decode::Stream>>,
    sample_rate: u32,
    /// Per section, each piece's range of samples.
    ranges: Vec<Vec<(usize, usize)>>,
    /// Per section, each piece's length in seconds.
    durations: Vec<Vec<f64>>,
}

impl AudioFile {
    /// Hashes the file at `path`, reads its chapters (none: one section named after the file)
    /// and its length: from the container when it says, else by decoding it once (without
    /// keeping the samples).
    pub fn open(path: &Path) -> Result<AudioFile, FileError> {
        let shown = path.display().to_string();
        let key = content_key(path, &shown)?;
        let Measured {
            stream,
            title,
            total,
            sample_rate,
        } = Measured::open(path, &shown)?;
        // A chapter table that cannot be read leaves the file playable as one section.
        let (chapters, chapter_warning) = match read_chapters(path) {
            Ok(c) => (c, None),
            Err(e) => (Vec::new(), Some(format!("{e}; playing it as one section"))),
        };
        // The title tag names the file in `aloud history`; else the file's name.
        let name = title.unwrap_or_else(|| {
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| shown.clone())
        });
        let parts = chapter_spans(&chapters, &name, total, sample_rate);
        let mut sections = Vec::with_capacity(parts.len());
        let mut ranges = Vec::with_capacity(parts.len());
        let mut durations = Vec::with_capacity(parts.len());
        for (title, start, end) in &parts {
            let (section, pieces, lengths) = chapter_pieces(title, *start, *end, sample_rate);
            sections.push(section);
            ranges.push(pieces);
            durations.push(lengths);
        }
        Ok(AudioFile {
            script: Script {
                title: Some(name),
                byline: None,
                sections,
            },
            key,
            chapter_warning,
            path: path.to_path_buf(),
            stream: Mutex::new(Some(stream)),
            sample_rate,
            ranges,
            durations,
        })
    }

    /// Each piece's length with its pause, in seconds, per section (for the player's times).
    pub fn durations(&self) -> Vec<Vec<f64>> {
        self.durations.clone()
    }

    /// The source that hands the player each piece's audio, decoding it when asked.
    pub fn pieces(&self) -> FilePieces {
        let stream = self.stream.lock().unwrap_or_else(|p| p.into_inner()).take();
        FilePieces {
            path: self.path.clone(),
            stream,
            sample_rate: self.sample_rate,
            ranges: self.ranges.clone(),
            durations: self.durations.clone(),
            carry: Vec::new(),
            carry_at: 0,
        }
    }
}

/// The key a file's positions are saved under: `audio:` and the BLAKE3 hash of its bytes.
fn content_key(path: &Path, shown: &str) -> Result<String, FileError> {
    let read_error = |reason| FileError::Read {
        path: shown.to_string(),
        reason,
    };
    let mut hasher = blake3::Hasher::new();
    hasher
        .update_reader(std::fs::File::open(path).map_err(read_error)?)
        .map_err(read_error)?;
    Ok(format!("audio:{}", hasher.finalize().to_hex()))
}

/// A file opened for decoding, with its length in samples (never 0) and its title tag.
struct Measured {
    stream: decode::Stream,
    title: Option<String>,
    total: usize,
    sample_rate: u32,
}

impl Measured {
    /// Opens `path` and learns its length: from the container when it says, else by decoding
    /// it once (without keeping the samples) and opening it again.
    fn open(path: &Path, shown: &str) -> Result<Measured, FileError> {
        let decode_error = |reason| FileError::Decode {
            path: shown.to_string(),
            reason,
        };
        let mut stream = decode::Stream::open_file(path).map_err(decode_error)?;
        let title = stream.title.take();
        let (total, sample_rate) = match stream.frames() {
            Some(frames) if frames > 0 && stream.sample_rate() > 0 => {
                (frames as usize, stream.sample_rate())
            }
            _ => {
                // No length in the header: count the samples, then start again.
                let mut scratch = Vec::new();
                let mut total = 0;
                while stream.next_into(&mut scratch).map_err(decode_error)? {
                    total += scratch.len();
                    scratch.clear();
                }
                let rate = stream.sample_rate();
                stream = decode::Stream::open_file(path).map_err(decode_error)?;
                stream.title = None;
                (total, rate)
            }
        };
        if total == 0 || sample_rate == 0 {
            return Err(FileError::Empty {
                path: shown.to_string(),
            });
        }
        Ok(Measured {
            stream,
            title,
            total,
            sample_rate,
        })
    }
}

/// Each chapter's title and range of samples, empty chapters left out; no chapters (or none
/// left): one section named `name` over the whole file. The last one runs to the end.
fn chapter_spans(
    chapters: &[Chapter],
    name: &str,
    total: usize,
    sample_rate: u32,
) -> Vec<(String, usize, usize)> {
    let rate = u64::from(sample_rate);
    let at = |ms: u64| ((ms.saturating_mul(rate) / 1000) as usize).min(total);
    let mut parts: Vec<(String, usize, usize)> = chapters
        .iter()
        .map(|c| (c.title.clone(), at(c.start_ms), at(c.end_ms)))
        .filter(|(_, s, e)| e > s)
        .collect();
    if parts.is_empty() {
        parts.push((name.to_string(), 0, total));
    } else if let Some(last) = parts.last_mut() {
        // The last chapter runs to the end of the audio, whatever its rounded end says.
        last.2 = total;
    }
    parts
}

/// A chapter from sample `start` to `end` cut into even pieces of at most [`PIECE_SECONDS`]:
/// its section (one utterance a piece, the first named by the chapter's title, the others by
/// the title and where they start), each piece's range of samples and each one's length in
/// seconds with its pause.
fn chapter_pieces(
    title: &str,
    start: usize,
    end: usize,
    sample_rate: u32,
) -> (ScriptSection, Vec<(usize, usize)>, Vec<f64>) {
    let rate = u64::from(sample_rate);
    let piece = (PIECE_SECONDS * rate) as usize;
    let n = (end - start).div_ceil(piece.max(1)).max(1);
    let len = (end - start).div_ceil(n);
    let mut utterances = Vec::with_capacity(n);
    let mut lengths = Vec::with_capacity(n);
    let mut pieces = Vec::with_capacity(n);
    for k in 0..n {
        let from = start + k * len;
        let to = (from + len).min(end);
        let text = if k == 0 {
            title.to_string()
        } else {
            let secs = (from - start) as u64 / rate;
            format!("{title} ({}:{:02})", secs / 60, secs % 60)
        };
        let pause = if k + 1 < n {
            Pause::Continuous
        } else {
            Pause::Clause
        };
        lengths.push((to - from) as f64 / rate as f64 + pause.millis() as f64 / 1000.0);
        pieces.push((from, to));
        utterances.push(Utterance {
            spoken: text.clone(),
            text,
            kind: UtteranceKind::Sentence,
            pause,
        });
    }
    let section = ScriptSection {
        title: Some(title.to_string()),
        utterances,
    };
    (section, pieces, lengths)
}

/// An [`AudioFile`]'s pieces as the player's [`Source`]: the audio of position (chapter,
/// piece), decoded when asked. A piece that starts where the previous one asked for ended is
/// decoded on from there (so that pieces played in order join without a seam); any other piece
/// is sought. What a packet decodes beyond the piece is kept for the next one.
#[derive(Debug)]
pub struct FilePieces {
    path: PathBuf,
    /// Opened at the first piece when the [`AudioFile`] had handed its stream on already.
    stream: Option<decode::Stream>,
    sample_rate: u32,
    ranges: Vec<Vec<(usize, usize)>>,
    durations: Vec<Vec<f64>>,
    /// Samples decoded and not handed on yet, starting at sample `carry_at` of the file.
    carry: Vec<f32>,
    carry_at: usize,
}

/// How far ahead of the decoder a piece may start and still be reached by decoding on rather
/// than by seeking, in seconds.
const DECODE_ON_SECONDS: usize = 2;

impl FilePieces {
    /// Samples `from..to` of the file (to its end when `to` is `None`).
    fn samples(&mut self, from: usize, to: Option<usize>) -> Result<Vec<f32>, DecodeError> {
        let stream = match &mut self.stream {
            Some(s) => s,
            None => self.stream.insert(decode::Stream::open_file(&self.path)?),
        };
        let decoded_to = self.carry_at + self.carry.len();
        let near = DECODE_ON_SECONDS * self.sample_rate as usize;
        if from < self.carry_at || from > decoded_to + near {
            stream.seek(from as u64)?;
            self.carry.clear();
            self.carry_at = stream.position() as usize;
        }
        while to.is_none_or(|to| self.carry_at + self.carry.len() < to) {
            if !stream.next_into(&mut self.carry)? {
                break;
            }
        }
        let start = from.saturating_sub(self.carry_at).min(self.carry.len());
        let end = to.map_or(self.carry.len(), |to| {
            to.saturating_sub(self.carry_at).min(self.carry.len())
        });
        let out = self.carry[start..end.max(start)].to_vec();
        self.carry.drain(..end.max(start));
        self.carry_at += end.max(start);
        Ok(out)
    }
}

impl Source for FilePieces {
    fn sample_rate(&self) -> u32 {
        self.sample_rate
    }

    fn audio(&mut self, pos: Position) -> Result<Audio, SynthError> {
        let Some(&(from, to)) = self
            .ranges
            .get(pos.section)
            .and_then(|s| s.get(pos.utterance))
        else {
            return Err(SynthError::Engine(format!(
                "no piece {}.{} in this audio file",
                pos.section + 1,
                pos.utterance + 1
            )));
        };
        // The last piece runs to the end of what decodes, whatever the header said.
        let last = pos.section + 1 == self.ranges.len()
            && pos.utterance + 1 == self.ranges[pos.section].len();
        let to = (!last).then_some(to);
        match self.samples(from, to) {
            Ok(samples) => Ok(Audio {
                sample_rate: self.sample_rate,
                samples,
                words: Vec::new(),
            }),
            Err(e) => {
                // Start afresh at the next piece asked for.
                self.stream = None;
                self.carry.clear();
                self.carry_at = 0;
                Err(SynthError::Engine(format!(
                    "the audio file cannot be decoded at {}:{:02}: {e}",
                    from / self.sample_rate.max(1) as usize / 60,
                    from / self.sample_rate.max(1) as usize % 60
                )))
            }
        }
    }

    fn durations(&self) -> Option<Vec<Vec<f64>>> {
        Some(self.durations.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audio_extensions_are_recognised_in_any_case() {
        assert!(is_audio_path(Path::new("talk.MP3")));
        assert!(is_audio_path(Path::new("/a/b/book.m4b")));
        assert!(!is_audio_path(Path::new("article.txt")));
        assert!(!is_audio_path(Path::new("mp3")));
    }

    fn write_wav(path: &Path, rate: u32, seconds: f64) -> Vec<f32> {
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: rate,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut w = hound::WavWriter::create(path, spec).unwrap();
        let n = (seconds * rate as f64) as usize;
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            let v = ((i % 97) as i16 - 48) * 300;
            w.write_sample(v).unwrap();
            out.push(v as f32 / 32768.0);
        }
        w.finalize().unwrap();
        out
    }

    #[test]
    fn a_long_chapter_plays_as_pieces_without_gaps_that_add_up_to_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("talk.wav");
        let original = write_wav(&p, 8000, 75.0);
        let file = AudioFile::open(&p).unwrap();
        // No chapters: one section named after the file, cut into three 25 s pieces.
        assert_eq!(file.script.sections.len(), 1);
        let pieces = &file.script.sections[0].utterances;
        assert_eq!(pieces.len(), 3);
        assert_eq!(pieces[0].text, "talk");
        assert_eq!(pieces[1].text, "talk (0:25)");
        assert_eq!(
            pieces.iter().map(|u| u.pause).collect::<Vec<_>>(),
            [Pause::Continuous, Pause::Continuous, Pause::Clause]
        );
        let mut source = file.pieces();
        let mut joined = Vec::new();
        for (k, _) in pieces.iter().enumerate() {
            let audio = source.audio(Position::new(0, k)).unwrap();
            assert!(audio.duration().as_secs_f64() <= PIECE_SECONDS as f64);
            joined.extend(audio.samples);
        }
        assert_eq!(joined.len(), original.len());
        assert!(joined
            .iter()
            .zip(&original)
            .all(|(a, b)| (a - b).abs() < 1e-3));
        let secs: f64 = file.durations()[0].iter().sum();
        assert!((secs - (75.0 + 0.15)).abs() < 1e-6, "{secs}");
    }

    #[test]
    fn pieces_asked_out_of_order_are_sought_and_give_the_same_samples() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("talk.wav");
        let original = write_wav(&p, 8000, 75.0);
        let file = AudioFile::open(&p).unwrap();
        let mut source = file.pieces();
        let ranges = file.ranges.clone();
        // Last, first, last again, middle: every one but the second needs a seek.
        for k in [2, 0, 2, 1] {
            let (from, to) = ranges[0][k];
            let audio = source.audio(Position::new(0, k)).unwrap();
            assert_eq!(audio.samples.len(), to - from, "piece {k}");
            assert!(
                audio
                    .samples
                    .iter()
                    .zip(&original[from..to])
                    .all(|(a, b)| (a - b).abs() < 1e-3),
                "piece {k} differs"
            );
        }
    }

    #[test]
    fn an_mp3_decoded_while_it_plays_gives_the_same_samples_as_decoding_it_whole() {
        use crate::export::{EncodeOptions, Format};
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("talk.mp3");
        {
            let mut f = std::fs::File::create(&p).unwrap();
            let mut enc = Format::Mp3
                .encoder(&mut f, &EncodeOptions::new(22_050))
                .unwrap();
            let tone: Vec<f32> = (0..22_050 * 70)
                .map(|i| (i as f32 * 0.05).sin() * 0.5)
                .collect();
            enc.write(&tone).unwrap();
            enc.finish().unwrap();
        }
        let whole = decode::decode_file(&p).unwrap().samples;
        let file = AudioFile::open(&p).unwrap();
        let pieces = &file.script.sections[0].utterances;
        assert_eq!(pieces.len(), 3, "70 s in pieces of at most 30 s");
        let mut source = file.pieces();
        let mut joined = Vec::new();
        for (k, _) in pieces.iter().enumerate() {
            joined.extend(source.audio(Position::new(0, k)).unwrap().samples);
        }
        assert_eq!(joined.len(), whole.len());
        assert!(joined == whole, "the pieces differ from the whole decode");
    }

    #[test]
    fn a_file_that_is_not_audio_is_refused_with_a_hint() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("fake.mp3");
        std::fs::write(&p, "not audio at all").unwrap();
        let err = AudioFile::open(&p).unwrap_err().to_string();
        assert!(err.contains("convert it"), "{err}");
    }
}
