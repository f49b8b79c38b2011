//! Kokoro-82M voices, run in-process: espeak-ng phonemes → Kokoro tokens → the model in ONNX
//! Runtime → 24 kHz PCM.
//!
//! A Kokoro voice is the shared model (`kokoro-v1.0.int8.onnx`, 92 MB, Apache-2.0) plus a style
//! file of its own: 510 × 256 `f32` (522,240 bytes), one style vector per utterance length. For
//! an utterance of N tokens the model takes `tokens` `[1, N+2]` (0 at both ends), `style`
//! `[1, 256]` = row N−1 of the voice's file, and `speed` `[1]`, and returns the audio.
//! [`phonemes`] turns text into tokens as the reference implementation does (espeak-ng IPA with
//! stress, punctuation kept, the 114-symbol vocabulary; unknown symbols are dropped with one
//! warning per model and symbol); an utterance of more than 510 tokens is synthesized in batches
//! cut at sentence, then clause, then word boundaries, joined with the pause their punctuation
//! calls for. [`catalog`] knows the English voices of the pack. The rate setting maps to `speed`
//! (175 words per minute is 1.0, clamped to 0.5–2.0); pitch is not a control the model has.
//! Each utterance is trimmed of the model's leading and trailing silence; its level is the
//! model's, times the volume. The inference part ([`runtime`]) needs the `neural` feature, like
//! Piper, and shares its runtime ([`crate::synth::onnx`]). Not covered: other languages of the
//! pack (they need other phonemizers), word timings (this export has no duration output).

use std::path::{Path, PathBuf};

pub mod catalog;
pub mod phonemes;
#[cfg(feature = "neural")]
pub mod runtime;

#[cfg(feature = "neural")]
pub use runtime::KokoroSynth;

/// The sample rate of Kokoro's output.
pub const SAMPLE_RATE: u32 = 24_000;

/// Rows in a voice's style file (one per utterance length in tokens).
pub const STYLE_ROWS: usize = 510;

/// Values in one style vector.
pub const STYLE_WIDTH: usize = 256;

/// The size of a voice's style file in bytes.
pub const STYLE_BYTES: u64 = (STYLE_ROWS * STYLE_WIDTH * 4) as u64;

/// The speaking rate at which Kokoro speaks with `speed` 1, in words per minute.
pub const NATURAL_WPM: u32 = 175;

/// Where a Kokoro voice's files are, as a voice file (or the installed pack) gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KokoroSpec {
    /// The `.onnx` model.
    pub model: PathBuf,
    /// The voice's style file (510 × 256 `f32`, little-endian).
    pub style: PathBuf,
    /// The espeak-ng voice that phonemizes (`en-us`, `en-gb`).
    pub espeak: String,
    /// The ONNX Runtime library to load, when the voice file names one.
    pub onnxruntime: Option<PathBuf>,
}

/// Why a Kokoro voice cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KokoroError {
    /// A file the voice needs is missing or unreadable.
    #[error("cannot read the Kokoro {what} {path}: {reason}: install it with `aloud voices install kokoro`")]
    File {
        /// `model` or `voice style`.
        what: &'static str,
        /// The path.
        path: String,
        /// The system's message.
        reason: String,
    },
    /// The style file is not 510 × 256 values.
    #[error("{path} is not a Kokoro voice style ({size} bytes, expected {STYLE_BYTES}): it is damaged or another kind of file; install the voices again with `aloud voices install kokoro`")]
    Style {
        /// The path.
        path: String,
        /// Its size.
        size: u64,
    },
    /// ONNX Runtime could not be found or loaded.
    #[error("{0}")]
    Runtime(String),
    /// The model could not be loaded or is not Kokoro.
    #[error("cannot use the Kokoro model {path}: {reason}")]
    Model {
        /// The model path.
        path: String,
        /// What went wrong and how to fix it.
        reason: String,
    },
    /// This build was made without the `neural` feature.
    #[error(
        "this aloud was built without neural voices: rebuild with `cargo build --features neural`"
    )]
    NotBuilt,
}

impl From<KokoroError> for super::SynthError {
    fn from(e: KokoroError) -> Self {
        super::SynthError::Unavailable(e.to_string())
    }
}

/// The style vectors in `path`: [`STYLE_ROWS`] × [`STYLE_WIDTH`] values, checked by size.
pub fn read_style(path: &Path) -> Result<Vec<f32>, KokoroError> {
    let bytes = std::fs::read(path).map_err(|e| KokoroError::File {
        what: "voice style",
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    if bytes.len() as u64 != STYLE_BYTES {
        return Err(KokoroError::Style {
            path: path.display().to_string(),
            size: bytes.len() as u64,
        });
    }
    Ok(bytes
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect())
}

/// The style row for an utterance of `tokens` tokens (row N−1, the last for longer ones).
pub fn style_row(style: &[f32], tokens: usize) -> &[f32] {
    let row = tokens.clamp(1, STYLE_ROWS) - 1;
    &style[row * STYLE_WIDTH..(row + 1) * STYLE_WIDTH]
}

/// Checks that a Kokoro voice could run here without loading its model: both files are there,
/// the style has the right size, and ONNX Runtime can be found.
pub fn check(spec: &KokoroSpec) -> Result<(), KokoroError> {
    if let Err(e) = std::fs::metadata(&spec.model) {
        return Err(KokoroError::File {
            what: "model",
            path: spec.model.display().to_string(),
            reason: e.to_string(),
        });
    }
    let size = std::fs::metadata(&spec.style)
        .map_err(|e| KokoroError::File {
            what: "voice style",
            path: spec.style.display().to_string(),
            reason: e.to_string(),
        })?
        .len();
    if size != STYLE_BYTES {
        return Err(KokoroError::Style {
            path: spec.style.display().to_string(),
            size,
        });
    }
    #[cfg(feature = "neural")]
    {
        crate::synth::onnx::locate_library(spec.onnxruntime.as_deref())
            .map(|_| ())
            .map_err(|e| KokoroError::Runtime(e.to_string()))
    }
    #[cfg(not(feature = "neural"))]
    {
        Err(KokoroError::NotBuilt)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_style_file_of_the_wrong_size_is_refused_with_the_fix() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("af_test.bin");
        std::fs::write(&p, vec![0u8; 1000]).unwrap();
        let err = read_style(&p).unwrap_err().to_string();
        assert!(err.contains("1000 bytes, expected 522240"), "{err}");
        assert!(err.contains("aloud voices install kokoro"), "{err}");
    }

    #[test]
    fn the_style_row_follows_the_token_count() {
        let style: Vec<f32> = (0..STYLE_ROWS * STYLE_WIDTH).map(|i| i as f32).collect();
        assert_eq!(style_row(&style, 1)[0], 0.0);
        assert_eq!(style_row(&style, 3)[0], (2 * STYLE_WIDTH) as f32);
        assert_eq!(style_row(&style, 9999)[0], (509 * STYLE_WIDTH) as f32);
        assert_eq!(style_row(&style, 0)[0], 0.0);
    }
}
