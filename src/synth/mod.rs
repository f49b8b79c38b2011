//! Stage 3 of the pipeline: turning an utterance's spoken form into PCM audio.
//!
//! A [`Synthesizer`] takes the spoken text of one utterance plus [`VoiceSettings`] and returns
//! [`Audio`]: mono `f32` samples at the engine's sample rate, without the pause that follows the
//! utterance (aloud inserts silence itself, so pauses are the same for every engine). Engines:
//! [`tone`] (deterministic, for tests), [`espeak`] (libespeak-ng in-process, the default),
//! [`piper`] (neural voices through ONNX Runtime, in-process) and [`command`] (any program that
//! writes speech audio). [`pool`] runs several in parallel and keeps the order, [`worker`] hosts
//! one in a child process (for engines with global state), [`resample`] converts sample rates,
//! and [`pause_millis`] says how long the silence after an utterance lasts. Engines that play
//! their own audio and return none (the operating system's voices) are
//! [`speaking::SpeakingEngine`]s instead; `system` (feature `system-voice`) is one.

use std::time::Duration;

use crate::segment::Pause;

pub mod command;
pub mod espeak;
pub mod kokoro;
pub mod onnx;
pub mod piper;
pub mod pool;
pub mod resample;
pub mod speaking;
#[cfg(feature = "system-voice")]
pub mod system;
pub mod tone;
pub mod worker;

/// Mono PCM audio.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Audio {
    /// Samples per second.
    pub sample_rate: u32,
    /// Samples in `-1.0..=1.0`.
    pub samples: Vec<f32>,
}

impl Audio {
    /// Silence of `millis` milliseconds at `sample_rate`.
    pub fn silence(sample_rate: u32, millis: u32) -> Audio {
        Audio {
            sample_rate,
            samples: vec![0.0; (sample_rate as u64 * millis as u64 / 1000) as usize],
        }
    }

    /// How long the audio lasts.
    pub fn duration(&self) -> Duration {
        if self.sample_rate == 0 {
            return Duration::ZERO;
        }
        Duration::from_secs_f64(self.samples.len() as f64 / self.sample_rate as f64)
    }

    /// Root-mean-square level of the samples (0 for silence).
    pub fn rms(&self) -> f32 {
        if self.samples.is_empty() {
            return 0.0;
        }
        let sum: f64 = self.samples.iter().map(|s| (*s as f64) * (*s as f64)).sum();
        (sum / self.samples.len() as f64).sqrt() as f32
    }
}

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

/// The largest absolute sample (0 for silence; samples that are not finite do not count).
pub fn peak(samples: &[f32]) -> f32 {
    samples
        .iter()
        .filter(|s| s.is_finite())
        .fold(0.0f32, |m, s| m.max(s.abs()))
}

/// Drops leading and trailing near-silence (samples at most `threshold` in size), keeping 5 ms
/// before the first louder sample and 20 ms after the last. All-quiet audio becomes empty.
pub fn trim_silence(samples: &mut Vec<f32>, rate: u32, threshold: f32) {
    let loud = |s: &f32| s.abs() > threshold;
    let Some(first) = samples.iter().position(loud) else {
        samples.clear();
        return;
    };
    let last = samples.iter().rposition(loud).unwrap_or(first);
    let start = first.saturating_sub(rate as usize * 5 / 1000);
    let end = (last + 1 + rate as usize * 20 / 1000).min(samples.len());
    samples.truncate(end);
    samples.drain(..start);
}

/// `x` in `-1.0..=1.0` as a 16-bit sample, rounded to nearest and clipped (NaN gives 0).
/// Written without `f32::round`, which is a library call, because it runs once per sample.
pub fn to_i16(x: f32) -> i16 {
    let v = x * 32768.0;
    let r = if v >= 0.0 { v + 0.5 } else { v - 0.5 };
    // `as` truncates toward zero and saturates at the i16 range.
    r as i16
}

/// Appends `samples` to `out` as 16-bit little-endian PCM.
pub fn extend_i16_le(out: &mut Vec<u8>, samples: &[f32]) {
    let start = out.len();
    out.resize(start + samples.len() * 2, 0);
    for (dst, s) in out[start..].chunks_exact_mut(2).zip(samples) {
        dst.copy_from_slice(&to_i16(*s).to_le_bytes());
    }
}

/// 16-bit little-endian PCM as samples in `-1.0..1.0` (an odd last byte is ignored).
pub fn f32_from_i16_le(bytes: &[u8]) -> Vec<f32> {
    bytes
        .chunks_exact(2)
        .map(|b| i16::from_le_bytes([b[0], b[1]]) as f32 / 32768.0)
        .collect()
}

/// The silence after an utterance, in milliseconds: the pause's length at the normal rate
/// (175 words per minute), scaled so that a slower voice pauses longer and a faster one shorter
/// (at most by half or double).
pub fn pause_millis(pause: Pause, settings: &VoiceSettings) -> u32 {
    let scale = (175.0 / settings.rate_wpm.max(1) as f64).clamp(0.5, 2.0);
    (pause.millis() as f64 * scale).round() as u32
}

/// [`pause_millis`] in samples at `sample_rate`.
pub fn pause_samples(pause: Pause, settings: &VoiceSettings, sample_rate: u32) -> usize {
    (sample_rate as u64 * pause_millis(pause, settings) as u64 / 1000) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_keep_their_length_at_the_normal_rate_and_stretch_when_slower() {
        let normal = VoiceSettings::default();
        assert_eq!(pause_millis(Pause::Sentence, &normal), 350);
        let slow = VoiceSettings {
            rate_wpm: 140,
            ..normal
        };
        assert_eq!(pause_millis(Pause::Sentence, &slow), 438);
        let very_fast = VoiceSettings {
            rate_wpm: 600,
            ..normal
        };
        assert_eq!(pause_millis(Pause::Heading, &very_fast), 400);
        assert_eq!(pause_samples(Pause::Clause, &normal, 22_050), 3_307);
    }

    #[test]
    fn samples_convert_to_16_bit_by_rounding_and_clipping() {
        let got: Vec<i16> = [
            0.0,
            0.5,
            -0.5,
            1.0,
            -1.0,
            2.0,
            -2.0,
            0.4 / 32768.0,
            -0.6 / 32768.0,
            f32::NAN,
        ]
        .iter()
        .map(|x| to_i16(*x))
        .collect();
        assert_eq!(
            got,
            vec![0, 16384, -16384, 32767, -32768, 32767, -32768, 0, -1, 0]
        );
        let mut bytes = vec![9];
        extend_i16_le(&mut bytes, &[0.5, -1.0]);
        assert_eq!(bytes, vec![9, 0x00, 0x40, 0x00, 0x80]);
    }
}
