//! Stage 3 of the pipeline: turning an utterance's spoken form into PCM audio.
//!
//! A [`Synthesizer`] takes the spoken text of one utterance plus [`VoiceSettings`] and returns
//! [`Audio`] (from [`crate::audio`], re-exported here): mono `f32` samples at the engine's sample
//! rate, without the pause that follows the utterance (aloud inserts silence itself, the same for
//! every engine: [`crate::audio::timing`]). Engines: [`tone`] (deterministic, for tests),
//! [`espeak`] (libespeak-ng in-process, the built-in voice), [`kokoro`] and [`piper`] (neural
//! voices on ONNX Runtime, [`onnx`], in-process) and [`command`] (any program that writes speech
//! audio). [`pool`] runs several in parallel and keeps the order, [`worker`] hosts one in a child
//! process (for engines with global state). Engines that play their own audio and return none
//! (the operating system's voices) are [`speaking::SelfVoiced`]s instead; `system` (feature
//! `system-voice`) is one.

pub use crate::audio::{extend_i16_le, f32_from_i16_le, peak, to_i16, trim_silence, Audio};

pub mod command;
pub mod espeak;
pub mod kokoro;
pub mod onnx;
pub mod piper;
pub mod pool;
pub mod self_voiced;
#[cfg(feature = "system-voice")]
pub mod system;
pub mod tone;
pub mod worker;

/// How a voice should speak. Engines map these to their own ranges.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VoiceSettings {
    /// Speaking rate in words per minute.
    pub rate_wpm: u32,
    /// Pitch, 0–100 (50 is the voice's normal pitch).
    pub pitch: u8,
    /// Volume, 0.0–2.0 (1.0 is the voice's normal level).
    pub volume: f32,
}

impl Default for VoiceSettings {
    fn default() -> Self {
        VoiceSettings {
            rate_wpm: 175,
            pitch: 50,
            volume: 1.0,
        }
    }
}

/// Why synthesis failed. [`SynthError::is_fatal`] tells the caller whether to skip the utterance
/// or stop.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum SynthError {
    /// This utterance could not be spoken (the engine rejected the text, a command voice failed
    /// once). Skip it, warn, and go on with the next.
    #[error("could not speak {text:?}: {reason}")]
    Utterance {
        /// The spoken text (shortened).
        text: String,
        /// What went wrong.
        reason: String,
    },
    /// The engine cannot run at all here (library, data or program missing). Stop the run; the
    /// message says what to install.
    #[error("{0}")]
    Unavailable(String),
    /// The engine broke in a way that will affect every later utterance. Stop the run.
    #[error("voice engine failed: {0}")]
    Engine(String),
}

impl SynthError {
    /// True when no later utterance can succeed either: the caller should stop.
    pub fn is_fatal(&self) -> bool {
        !matches!(self, SynthError::Utterance { .. })
    }
}

/// A speech engine.
///
/// # Protocol
/// - The caller hands one utterance's *spoken* form at a time, in the order it wants them; the
///   engine returns the speech without leading or trailing pause (trimming its own silence where it
///   adds some), mono, at a fixed [`Synthesizer::sample_rate`].
/// - An `Err` that is not [fatal](SynthError::is_fatal) means "skip this utterance": the caller
///   warns and continues. A fatal error means stop: every later call would fail too.
/// - Empty or whitespace-only text returns empty audio, not an error.
/// - Implementations are `Send`: a synthesizer may be moved to a worker thread and used there.
///   They need not be `Sync`; to synthesize in parallel create one per thread with
///   [`Synthesizer::fork`] where the engine allows it.
pub trait Synthesizer: Send {
    /// Speaks `spoken` with `settings`.
    fn synthesize(&mut self, spoken: &str, settings: &VoiceSettings) -> Result<Audio, SynthError>;

    /// The sample rate of every [`Audio`] this synthesizer returns.
    fn sample_rate(&self) -> u32;

    /// Another independent instance for a parallel worker, or `None` when the engine can only
    /// run one at a time in this process.
    fn fork(&self) -> Option<Box<dyn Synthesizer>> {
        None
    }
}
