//! Playing an audio file (MP3, Ogg Vorbis, FLAC or WAV, as `aloud export` writes them, or any
//! other) with the player's controls: each chapter of the file is a section, so section skip
//! moves between chapters, and each chapter is cut into pieces of at most [`PIECE_SECONDS`] that
//! play as its "utterances", with no pause between them, handed to the player by a
//! [`FileSynth`] instead of being synthesized.
//!
//! The pieces are what positions count: resuming lands at most [`PIECE_SECONDS`] before where the
//! listener stopped, and ←/→ move by a piece. The file is decoded whole (to mono) before playing
//! starts. Its resume key is a BLAKE3 hash of the file's bytes, so a file keeps its position when
//! it is moved or renamed, and an edited file starts afresh. Not covered: M4B/AAC (this build's
//! symphonia has no AAC decoder), streaming very long files without decoding them first.

use std::path::Path;
use std::sync::Arc;

use crate::decode::{self, DecodeError};
use crate::export::readback::read_chapters;
use crate::segment::{Pause, Script, ScriptSection, Utterance, UtteranceKind};
use crate::synth::{Audio, SynthError, Synthesizer, VoiceSettings};

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
    #[error("cannot read {path}: {source} (check the path)")]
    Read {
        /// The file.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file could not be decoded.
    #[error("cannot play {path}: {source}; convert it to MP3, Ogg, FLAC or WAV")]
    Decode {
        /// The file.
        path: String,
        /// The decoder's error.
        source: DecodeError,
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
    samples: Arc<Vec<f32>>,
    sample_rate: u32,
    /// Per piece, in order, the range of `samples` it plays.
    ranges: Vec<(usize, usize)>,
    /// Per section, each piece's length in seconds.
    durations: Vec<Vec<f64>>,
}

impl AudioFile {
    /// Reads, hashes and decodes the file at `path` and reads its chapters (none: one section
    /// named after the file).
    pub fn open(path: &Path) -> Result<AudioFile, FileError> {
        let shown = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| FileError::Read {
            path: shown.clone(),
            source,
        })?;
        let key = format!("audio:{}", blake3::hash(&bytes).to_hex());
        let (audio, title) =
            decode::decode_bytes_with_title(bytes).map_err(|source| FileError::Decode {
                path: shown.clone(),
                source,
            })?;
        if audio.samples.is_empty() || audio.sample_rate == 0 {
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
        let total = audio.samples.len();
        let rate = u64::from(audio.sample_rate);
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
        let mut ranges = Vec::new();
        let mut durations = Vec::with_capacity(parts.len());
        for (title, start, end) in &parts {
            let n = (end - start).div_ceil(piece.max(1)).max(1);
            let len = (end - start).div_ceil(n);
            let mut utterances = Vec::with_capacity(n);
            let mut lengths = Vec::with_capacity(n);
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
                    text,
                    // What the player hands the synthesizer: the piece's number.
                    spoken: ranges.len().to_string(),
                    kind: UtteranceKind::Sentence,
                    pause: if k + 1 < n {
                        Pause::Continuous
                    } else {
                        Pause::Clause
                    },
                });
                let pause = utterances[k].pause.millis() as f64 / 1000.0;
                lengths.push((to - from) as f64 / rate as f64 + pause);
                ranges.push((from, to));
            }
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
            sample_rate: audio.sample_rate,
            ranges,
            durations,
            samples: Arc::new(audio.samples),
        })
    }

    /// Each piece's length with its pause, in seconds, per section (for the player's times).
    pub fn durations(&self) -> Vec<Vec<f64>> {
        self.durations.clone()
    }

    /// The synthesizer that hands the player each chapter's audio.
    pub fn synth(&self) -> FileSynth {
        FileSynth {
            samples: Arc::clone(&self.samples),
            sample_rate: self.sample_rate,
            ranges: self.ranges.clone(),
        }
    }
}

/// Answers "synthesize utterance N" of an [`AudioFile`]'s script with piece N's audio.
#[derive(Debug)]
pub struct FileSynth {
    samples: Arc<Vec<f32>>,
    sample_rate: u32,
    ranges: Vec<(usize, usize)>,
}

impl Synthesizer for FileSynth {
    fn synthesize(&mut self, spoken: &str, _: &VoiceSettings) -> Result<Audio, SynthError> {
        let range = spoken
            .parse::<usize>()
            .ok()
            .and_then(|i| self.ranges.get(i))
            .and_then(|&(s, e)| self.samples.get(s..e));
        match range {
            Some(samples) => Ok(Audio {
                sample_rate: self.sample_rate,
                samples: samples.to_vec(),
            }),
            None => Err(SynthError::Engine(format!(
                "no piece {spoken:?} in this audio file"
            ))),
        }
    }

    fn sample_rate(&self) -> u32 {
        self.sample_rate
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
        let mut synth = file.synth();
        let mut joined = Vec::new();
        for u in pieces {
            let audio = synth
                .synthesize(&u.spoken, &VoiceSettings::default())
                .unwrap();
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
    fn a_file_that_is_not_audio_is_refused_with_a_hint() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("fake.mp3");
        std::fs::write(&p, "not audio at all").unwrap();
        let err = AudioFile::open(&p).unwrap_err().to_string();
        assert!(err.contains("convert it"), "{err}");
    }
}
