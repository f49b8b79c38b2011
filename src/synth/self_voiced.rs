//! Engines that speak by themselves instead of returning samples: the operating system's voices
//! (speech-dispatcher, macOS, Windows) reached through the `tts` crate (see `synth::system`,
//! built with the `system-voice` feature).
//!
//! A [`SelfVoiced`] is told to speak one utterance and reports back with [`Heard`] events:
//! the utterance began, ended, or was stopped. It hands out no audio, so it can be listened to
//! but never exported or cached, and nothing here can measure how far into an utterance the
//! listener is: the player estimates that from its own clock. This module also maps aloud's
//! voice settings (words per minute, pitch 0–100, volume 0–2) into an engine's own ranges
//! ([`EngineRange`]). What it leaves out: playing, choosing utterances, timeouts (the player
//! decides when an engine has been silent too long).

use std::time::Duration;

use super::{SynthError, VoiceSettings};

/// News about the utterance an engine was last asked to speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heard {
    /// The engine started speaking it.
    Began,
    /// It was spoken to the end.
    Ended,
    /// It was cut off (by [`SelfVoiced::stop`] or by the system).
    Stopped,
}

/// A speech engine that plays its own audio, one utterance at a time.
///
/// # Protocol
/// - [`SelfVoiced::speak`] starts an utterance and returns at once; anything still being
///   spoken is stopped first. Events of earlier utterances are never reported afterwards.
/// - [`SelfVoiced::wait`] returns the next event of the current utterance, or `None` when
///   none came within the timeout. Engines may never report an end (speech-dispatcher without an
///   audio server): callers must time out.
/// - [`SelfVoiced::clock`] is the time base the caller measures utterances and pauses with:
///   real time for operating-system voices, virtual time in tests.
pub trait SelfVoiced {
    /// Starts speaking `text` with `settings` (the caller has already applied its speed to
    /// `settings.rate_wpm`).
    fn speak(&mut self, text: &str, settings: &VoiceSettings) -> Result<(), SynthError>;

    /// Stops speaking at once.
    fn stop(&mut self) -> Result<(), SynthError>;

    /// Waits up to `timeout` for the next event of the utterance started last.
    fn wait(&mut self, timeout: Duration) -> Option<Heard>;

    /// Time since the engine was created.
    fn clock(&self) -> Duration;
}

/// An engine's range for one setting: its lowest, normal and highest value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EngineRange {
    /// The lowest value the engine accepts.
    pub min: f32,
    /// The value it speaks with by default.
    pub normal: f32,
    /// The highest value it accepts.
    pub max: f32,
}

impl EngineRange {
    fn clamp(&self, v: f32) -> f32 {
        let (lo, hi) = (self.min.min(self.max), self.max.max(self.min));
        if v.is_nan() {
            self.normal
        } else {
            v.clamp(lo, hi)
        }
    }

    /// `rate_wpm` in this range, taking 175 words per minute as the engine's normal rate.
    ///
    /// Engines whose normal rate is a positive factor (macOS 0.5, Windows 1.0) get the normal
    /// rate times `rate_wpm / 175`. Engines with a scale centred on 0 (speech-dispatcher,
    /// −100..100) get one half of the scale per doubling: 350 wpm is +50, 87 wpm is −50.
    pub fn rate(&self, rate_wpm: f32) -> f32 {
        let factor = (rate_wpm / 175.0).max(0.01);
        if self.normal > 0.0 {
            self.clamp(self.normal * factor)
        } else {
            let half = (self.max - self.normal) / 2.0;
            self.clamp(self.normal + factor.log2() * half)
        }
    }

    /// `pitch` (0–100, 50 normal) in this range: 0 is the lowest, 50 the normal, 100 the highest.
    pub fn pitch(&self, pitch: u8) -> f32 {
        let p = pitch.min(100) as f32;
        if p <= 50.0 {
            self.clamp(self.min + (self.normal - self.min) * p / 50.0)
        } else {
            self.clamp(self.normal + (self.max - self.normal) * (p - 50.0) / 50.0)
        }
    }

    /// `volume` (0–2, 1 normal) in this range: 0 is the lowest, 1 the normal, 2 the highest
    /// (no louder than normal when the engine's normal is its maximum).
    pub fn volume(&self, volume: f32) -> f32 {
        let v = volume.clamp(0.0, 2.0);
        if v <= 1.0 {
            self.clamp(self.min + (self.normal - self.min) * v)
        } else {
            self.clamp(self.normal + (self.max - self.normal) * (v - 1.0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEECHD: EngineRange = EngineRange {
        min: -100.0,
        normal: 0.0,
        max: 100.0,
    };
    const MACOS_RATE: EngineRange = EngineRange {
        min: 0.1,
        normal: 0.5,
        max: 2.0,
    };

    #[test]
    fn the_normal_rate_maps_to_the_engines_normal_and_doubling_to_half_its_scale() {
        assert_eq!(SPEECHD.rate(175.0), 0.0);
        assert!((SPEECHD.rate(350.0) - 50.0).abs() < 1e-3);
        assert!((SPEECHD.rate(87.5) + 50.0).abs() < 1e-3);
        assert_eq!(SPEECHD.rate(5000.0), 100.0);
        assert_eq!(MACOS_RATE.rate(175.0), 0.5);
        assert!((MACOS_RATE.rate(350.0) - 1.0).abs() < 1e-6);
        assert_eq!(MACOS_RATE.rate(20.0), 0.1);
    }

    #[test]
    fn pitch_50_is_normal_and_the_ends_reach_the_engines_limits() {
        assert_eq!(SPEECHD.pitch(50), 0.0);
        assert_eq!(SPEECHD.pitch(0), -100.0);
        assert_eq!(SPEECHD.pitch(100), 100.0);
        assert_eq!(SPEECHD.pitch(75), 50.0);
    }

    #[test]
    fn volume_one_is_normal_and_cannot_exceed_a_normal_that_is_the_maximum() {
        let speechd_volume = EngineRange {
            min: -100.0,
            normal: 100.0,
            max: 100.0,
        };
        assert_eq!(speechd_volume.volume(1.0), 100.0);
        assert_eq!(speechd_volume.volume(2.0), 100.0);
        assert_eq!(speechd_volume.volume(0.5), 0.0);
        assert_eq!(speechd_volume.volume(0.0), -100.0);
    }
}
