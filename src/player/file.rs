//! Playing an audio file (MP3, Ogg Vorbis, FLAC or WAV, as `aloud export` writes them, or any
//! other) with the player's controls: each chapter of the file is a section, so section skip
//! moves between chapters, and each chapter is cut into pieces of at most [`PIECE_SECONDS`] that
//! play as its "utterances", with no pause between them, handed to the player by
//! [`FilePieces`], the file's [`Source`] (keyed by position, like a voice's).
//!
//! The pieces are what positions count: resuming lands at most [`PIECE_SECONDS`] before where the
//! listener stopped, and ←/→ move by a piece. The file is decoded (to mono) from the start on a
//! thread of its own while it plays, so playing starts once the first piece is decoded; a piece
//! further on waits until decoding gets there (MP3 decodes at several hundred times real time).
//! The decoded samples stay in memory (an hour at 22,050 Hz is 320 MB). A file whose container does
//! not say how long it is gets decoded whole first. Its resume key is a BLAKE3 hash of the file's
//! bytes, so a file keeps its position when it is moved or renamed, and an edited file starts
//! afresh. Not covered: M4B/AAC (this build's symphonia has no AAC decoder), seeking without
//! decoding what comes before.

use std::path::Path;
use std::sync::{Arc, Condvar, Mutex};

use super::cursor::Position;
use super::source::Source;
use crate::audio::Audio;
use crate::media::chapters::read_chapters;
use crate::media::decode::{self, DecodeError};
use crate::segment::{Pause, Script, ScriptSection, Utterance, UtteranceKind};
use crate::synth::SynthError;

/// The longest piece of a chapter, in seconds: how far back a resumed file can start.
pub const PIECE_SECONDS: u64 = 30;

/// File extensions that `aloud listen` plays as audio rather than reads as an article.
pub const EXTENSIONS: &[&str] = &["mp3", "ogg", "oga", "flac", "wav", "m4b", "m4a"];

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
    #[error("cannot play {path}: {reason}; convert it to MP3, Ogg, FLAC or WAV")]
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

/// An audio file ready to play: its chapters as a script, its resume key and its audio.
#[derive(Debug)]
pub struct AudioFile {
    /// One section per chapter, its utterances the chapter's pieces.
    pub script: Script,
    /// The key positions are saved under: `audio:` and the BLAKE3 hash of the file's bytes.
    pub key: String,
    samples: Arc<Decoding>,
    sample_rate: u32,
    /// Per section, each piece's range of samples.
    ranges: Vec<Vec<(usize, usize)>>,
    /// Per section, each piece's length in seconds.
    durations: Vec<Vec<f64>>,
}

impl AudioFile {
    /// Hashes the file at `path`, reads its chapters (none: one section named after the file)
    /// and starts decoding it: on a thread of its own when the file says how long it is, so that
    /// playing starts at once, else whole, before this returns.
    pub fn open(path: &Path) -> Result<AudioFile, FileError> {
        let shown = path.display().to_string();
        let read_error = |reason| FileError::Read {
            path: shown.clone(),
            reason,
        };
        let mut hasher = blake3::Hasher::new();
        hasher
            .update_reader(std::fs::File::open(path).map_err(read_error)?)
            .map_err(read_error)?;
        let key = format!("audio:{}", hasher.finalize().to_hex());
        let decode_error = |reason| FileError::Decode {
            path: shown.clone(),
            reason,
        };
        let mut stream = decode::Stream::open_file(path).map_err(decode_error)?;
        let title = stream.title.take();
        let (samples, total, sample_rate) = match stream.frames() {
            Some(frames) if frames > 0 && stream.sample_rate() > 0 => {
                let rate = stream.sample_rate();
                (
                    Decoding::start(stream, frames as usize),
                    frames as usize,
                    rate,
                )
            }
            _ => {
                let audio = stream.read_all().map_err(decode_error)?;
                let total = audio.samples.len();
                (
                    Arc::new(Decoding::done(audio.samples)),
                    total,
                    audio.sample_rate,
                )
            }
        };
        if total == 0 || sample_rate == 0 {
            return Err(FileError::Empty { path: shown });
        }
        // A chapter table that cannot be read leaves the file playable as one section.
        let chapters = read_chapters(path).unwrap_or_default();
        // The title tag names the file in `aloud history`; else the file's name.
        let name = title.unwrap_or_else(|| {
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| shown.clone())
        });
        let rate = u64::from(sample_rate);
        let at = |ms: u64| ((ms.saturating_mul(rate) / 1000) as usize).min(total);
        let mut parts: Vec<(String, usize, usize)> = chapters
            .iter()
            .map(|c| (c.title.clone(), at(c.start_ms), at(c.end_ms)))
            .filter(|(_, s, e)| e > s)
            .collect();
        if parts.is_empty() {
            parts.push((name.clone(), 0, total));
        } else if let Some(last) = parts.last_mut() {
            // The last chapter runs to the end of the audio, whatever its rounded end says.
            last.2 = total;
        }
        let piece = (PIECE_SECONDS * rate) as usize;
        let mut sections = Vec::with_capacity(parts.len());
        let mut ranges = Vec::with_capacity(parts.len());
        let mut durations = Vec::with_capacity(parts.len());
        for (title, start, end) in &parts {
            let n = (end - start).div_ceil(piece.max(1)).max(1);
            let len = (end - start).div_ceil(n);
            let mut utterances = Vec::with_capacity(n);
            let mut lengths = Vec::with_capacity(n);
            let mut pieces = Vec::with_capacity(n);
            for k in 0..n {
                let from = start + k * len;
                let to = (from + len).min(*end);
                let text = if k == 0 {
                    title.clone()
                } else {
                    let secs = (from - start) as u64 / rate;
                    format!("{title} ({}:{:02})", secs / 60, secs % 60)
                };
                utterances.push(Utterance {
                    spoken: text.clone(),
                    text,
                    kind: UtteranceKind::Sentence,
                    pause: if k + 1 < n {
                        Pause::Continuous
                    } else {
                        Pause::Clause
                    },
                });
                let pause = utterances[k].pause.millis() as f64 / 1000.0;
                lengths.push((to - from) as f64 / rate as f64 + pause);
                pieces.push((from, to));
            }
            ranges.push(pieces);
            sections.push(ScriptSection {
                title: Some(title.clone()),
                utterances,
            });
            durations.push(lengths);
        }
        Ok(AudioFile {
            script: Script {
                title: Some(name),
                byline: None,
                sections,
            },
            key,
            sample_rate,
            ranges,
            durations,
            samples,
        })
    }

    /// Each piece's length with its pause, in seconds, per section (for the player's times).
    pub fn durations(&self) -> Vec<Vec<f64>> {
        self.durations.clone()
    }

    /// The source that hands the player each piece's audio.
    pub fn pieces(&self) -> FilePieces {
        FilePieces {
            samples: Arc::clone(&self.samples),
            sample_rate: self.sample_rate,
            ranges: self.ranges.clone(),
            durations: self.durations.clone(),
        }
    }
}

/// The samples of a file decoded so far, filled by a thread of their own ([`Decoding::start`]).
#[derive(Debug, Default)]
struct Decoded {
    samples: Vec<f32>,
    done: bool,
    error: Option<String>,
}

/// A file's samples as they are decoded, for the pieces to wait on.
#[derive(Debug, Default)]
struct Decoding {
    state: Mutex<Decoded>,
    grew: Condvar,
}

impl Decoding {
    /// All the samples, decoded already.
    fn done(samples: Vec<f32>) -> Decoding {
        Decoding {
            state: Mutex::new(Decoded {
                samples,
                done: true,
                error: None,
            }),
            grew: Condvar::new(),
        }
    }

    /// Decodes `stream` (about `frames` samples) on a thread of its own, handing on the samples
    /// about four times a second of audio. The thread stops early when nobody holds the
    /// samples any more.
    fn start(mut stream: decode::Stream, frames: usize) -> Arc<Decoding> {
        let shared = Arc::new(Decoding {
            state: Mutex::new(Decoded {
                samples: Vec::with_capacity(frames),
                ..Decoded::default()
            }),
            grew: Condvar::new(),
        });
        let mine = Arc::clone(&shared);
        let batch = (stream.sample_rate() as usize / 4).max(1);
        std::thread::spawn(move || {
            let mut chunk = Vec::with_capacity(batch * 2);
            loop {
                let step = stream.next_into(&mut chunk);
                let finished = !matches!(step, Ok(true));
                if chunk.len() >= batch || finished {
                    let mut state = mine.state.lock().unwrap_or_else(|p| p.into_inner());
                    state.samples.append(&mut chunk);
                    if let Err(e) = step {
                        state.error = Some(e.to_string());
                    }
                    state.done = finished;
                    drop(state);
                    mine.grew.notify_all();
                }
                if finished || Arc::strong_count(&mine) == 1 {
                    return;
                }
            }
        });
        shared
    }

    /// Samples `from..to` (to the end when `to` is `None`), once decoded that far.
    fn take(&self, from: usize, to: Option<usize>) -> Result<Vec<f32>, String> {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        while !state.done && to.is_none_or(|to| state.samples.len() < to) {
            state = self.grew.wait(state).unwrap_or_else(|p| p.into_inner());
        }
        let len = state.samples.len();
        match &state.error {
            Some(e) if to.is_none_or(|to| len < to) => Err(e.clone()),
            _ => {
                let end = to.map_or(len, |to| to.min(len));
                Ok(state
                    .samples
                    .get(from.min(end)..end)
                    .unwrap_or(&[])
                    .to_vec())
            }
        }
    }
}

/// An [`AudioFile`]'s pieces as the player's [`Source`]: the audio of position (chapter,
/// piece), waiting for the decoding thread to get that far.
#[derive(Debug)]
pub struct FilePieces {
    samples: Arc<Decoding>,
    sample_rate: u32,
    ranges: Vec<Vec<(usize, usize)>>,
    durations: Vec<Vec<f64>>,
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
        match self.samples.take(from, to) {
            Ok(samples) => Ok(Audio {
                sample_rate: self.sample_rate,
                samples,
            }),
            Err(e) => Err(SynthError::Engine(format!(
                "the audio file cannot be decoded past {}:{:02}: {e}",
                from / self.sample_rate.max(1) as usize / 60,
                from / self.sample_rate.max(1) as usize % 60
            ))),
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
