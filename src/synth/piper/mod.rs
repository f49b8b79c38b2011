//! Piper neural voices, run in-process: espeak-ng phonemes → phoneme ids → a VITS model in ONNX
//! Runtime → PCM.
//!
//! A Piper voice is two files: the model (`en_US-joe-medium.onnx`) and its configuration
//! (`en_US-joe-medium.onnx.json`), which gives the sample rate, the inference scales, the espeak-ng
//! voice to phonemize with and the `phoneme_id_map`. Text is turned into IPA by the same
//! libespeak-ng as the built-in voice ([`super::espeak::phonemize`], one clause at a time, the
//! clause punctuation that espeak-ng drops re-added), normalized to NFD so that accents are
//! phonemes of their own, and mapped to ids as Piper does: `^ _ (id _)* $`. A phoneme the map does
//! not know is skipped with one warning per phoneme and run. This part ([`config`]) is plain Rust
//! and always built.
//!
//! The inference part ([`runtime`], behind the cargo feature `neural`, on by default because it
//! builds with plain cargo, offline, with no system package) runs on the shared ONNX Runtime of
//! [`crate::synth::onnx`], found at run time; a machine without it gets one line saying how to
//! get it (`aloud voices install onnxruntime`). One inference per utterance, so audio streams
//! sentence by sentence. The model is loaded once per process and shared by every synthesizer
//! made with [`PiperSynth::new`]; its session uses one intra-op thread per core
//! (`ALOUD_ONNX_THREADS` overrides). The first load of a model writes a copy with its weights in
//! a file of their own into the cache ([`crate::synth::onnx::fastload`]), which later runs map
//! instead of copying: 70–80 ms instead of 145–210 ms. [`Synthesizer::fork`](crate::synth::Synthesizer::fork) gives instances
//! that move to one-thread sessions of their own once they start, so that an export on 2 cores
//! runs two utterances at a time (measured with `examples/bench_piper.rs`: the article in 0.85–0.9×
//! the time of one two-thread session, for twice the peak memory).
//! A configuration made for another model is caught on the first failed inference by a test run
//! with the map's largest id, and stops the run with one line. The voice's `length_scale` is
//! scaled by the rate setting (175 words per minute is the model's own pace), `noise_scale` and
//! `noise_w` are used as given, multi-speaker voices take a speaker id, and each utterance is
//! peak-normalized like Piper's own output (to 0.95), times the volume. Not covered: pitch (a VITS
//! model has no pitch control: the setting is ignored), phoneme types other than `espeak` and
//! `text`, GPU execution.

use std::path::PathBuf;

pub mod config;
#[cfg(feature = "neural")]
pub mod runtime;

pub use config::{PiperConfig, PHONEME_BOS, PHONEME_EOS, PHONEME_PAD};

#[cfg(feature = "neural")]
pub use runtime::PiperSynth;

/// The speaking rate at which a Piper model speaks with its own `length_scale`, in words per
/// minute (aloud's default rate).
pub const NATURAL_WPM: u32 = 175;

/// Where a Piper voice's files are, as a voice file gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PiperSpec {
    /// The `.onnx` model.
    pub model: PathBuf,
    /// Its `.onnx.json` configuration.
    pub config: PathBuf,
    /// The speaker, for multi-speaker voices: a number or a name from the voice's
    /// `speaker_id_map`; `None` picks speaker 0.
    pub speaker: Option<String>,
    /// The ONNX Runtime library to load, when the voice file names one.
    pub onnxruntime: Option<PathBuf>,
}

/// Why a Piper voice cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PiperError {
    /// A file the voice needs is missing or unreadable.
    #[error("cannot read the Piper {what} {path}: {reason}: re-install the voice (`aloud voices install NAME`) or fix the path in its voice file")]
    File {
        /// `model` or `configuration`.
        what: &'static str,
        /// The path.
        path: String,
        /// The system's message.
        reason: String,
    },
    /// The `.onnx.json` is not a usable Piper configuration.
    #[error("{path} is not a usable Piper voice configuration: {reason}")]
    Config {
        /// The path.
        path: String,
        /// What is wrong and how to fix it.
        reason: String,
    },
    /// ONNX Runtime could not be found or loaded.
    #[error("{0}")]
    Runtime(String),
    /// The model could not be loaded, or does not fit its configuration.
    #[error("cannot use the Piper model {path}: {reason}")]
    Model {
        /// The model path.
        path: String,
        /// What went wrong and how to fix it.
        reason: String,
    },
    /// This build was made without the `piper` feature.
    #[error(
        "this aloud was built without neural voices: rebuild with `cargo build --features neural`"
    )]
    NotBuilt,
}

impl From<PiperError> for super::SynthError {
    fn from(e: PiperError) -> Self {
        super::SynthError::Unavailable(e.to_string())
    }
}

/// Checks that a Piper voice could run here without loading its model: both files are there,
/// the configuration parses, and ONNX Runtime can be found.
pub fn check(spec: &PiperSpec) -> Result<(), PiperError> {
    if let Err(e) = std::fs::metadata(&spec.model) {
        return Err(PiperError::File {
            what: "model",
            path: spec.model.display().to_string(),
            reason: e.to_string(),
        });
    }
    let config = PiperConfig::load(&spec.config)?;
    config.speaker_id(spec.speaker.as_deref())?;
    #[cfg(feature = "neural")]
    {
        crate::synth::onnx::locate_library(spec.onnxruntime.as_deref())
            .map_err(|e| PiperError::Runtime(e.to_string()))?;
        Ok(())
    }
    #[cfg(not(feature = "neural"))]
    {
        Err(PiperError::NotBuilt)
    }
}
