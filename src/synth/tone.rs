//! A deterministic test synthesizer: a tone whose length follows the text, so the player and
//! export can be tested without a real engine.
//!
//! Each word lasts `60 / rate_wpm` seconds and is a sine burst whose frequency depends on the
//! word's position (so different utterances sound different in a capture), with a short
//! fade in and out. Same text and settings, same samples, on every machine.

use super::{Audio, SynthError, Synthesizer, VoiceSettings};

/// The sample rate [`ToneSynth`] produces.
pub const TONE_RATE: u32 = 22_050;

/// The deterministic tone synthesizer.
#[derive(Debug, Clone, Default)]
pub struct ToneSynth {
    /// When set, utterances containing this text fail with a skippable error (for tests of the
    /// recovery path).
    pub fail_on: Option<String>,
}

impl ToneSynth {
    /// A tone synthesizer that never fails.
    pub fn new() -> ToneSynth {
        ToneSynth::default()
    }

    /// How many samples `spoken` produces at `settings`.
    pub fn samples_for(spoken: &str, settings: &VoiceSettings) -> usize {
        let words = spoken.split_whitespace().count() as u64;
        let per_word = TONE_RATE as u64 * 60 / settings.rate_wpm.max(1) as u64;
        (words * per_word) as usize
    }
}

impl Synthesizer for ToneSynth {
    fn synthesize(&mut self, spoken: &str, settings: &VoiceSettings) -> Result<Audio, SynthError> {
        if let Some(bad) = &self.fail_on {
            if spoken.contains(bad.as_str()) {
                return Err(SynthError::Utterance {
                    text: spoken.chars().take(40).collect(),
                    reason: "the tone synthesizer was told to fail here".into(),
                });
            }
        }
        let n = Self::samples_for(spoken, settings);
        let words = spoken.split_whitespace().count().max(1);
        let per_word = n / words;
        let amp = 0.3 * settings.volume.clamp(0.0, 2.0);
        let base = 180.0 + settings.pitch as f32 * 2.0;
        let fade = (TONE_RATE as usize / 200).min(per_word / 2).max(1);
        let mut samples = Vec::with_capacity(n);
        for i in 0..n {
            let word = i / per_word.max(1);
            let in_word = i % per_word.max(1);
            let freq = base + (word % 5) as f32 * 40.0;
            let env = if in_word < fade {
                in_word as f32 / fade as f32
            } else if per_word - in_word <= fade {
                (per_word - in_word) as f32 / fade as f32
            } else {
                1.0
            };
            let t = i as f32 / TONE_RATE as f32;
            samples.push(amp * env * (std::f32::consts::TAU * freq * t).sin());
        }
        Ok(Audio {
            sample_rate: TONE_RATE,
            samples,
            words: Vec::new(),
        })
    }

    fn sample_rate(&self) -> u32 {
        TONE_RATE
    }

    fn fork(&self) -> Option<Box<dyn Synthesizer>> {
        Some(Box::new(self.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_follows_word_count_and_rate() {
        let mut t = ToneSynth::new();
        let s = VoiceSettings {
            rate_wpm: 120,
            ..VoiceSettings::default()
        };
        let a = t.synthesize("one two three four", &s).unwrap();
        assert_eq!(a.samples.len(), 4 * TONE_RATE as usize / 2);
        assert!(a.rms() > 0.1);
    }

    #[test]
    fn same_text_gives_same_samples() {
        let s = VoiceSettings::default();
        let a = ToneSynth::new().synthesize("hello there", &s).unwrap();
        let b = ToneSynth::new().synthesize("hello there", &s).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn empty_text_gives_empty_audio() {
        let a = ToneSynth::new()
            .synthesize("  ", &VoiceSettings::default())
            .unwrap();
        assert!(a.samples.is_empty());
    }

    #[test]
    fn fail_on_is_a_skippable_error() {
        let mut t = ToneSynth {
            fail_on: Some("boom".into()),
        };
        let err = t
            .synthesize("a boom here", &VoiceSettings::default())
            .unwrap_err();
        assert!(!err.is_fatal());
    }
}
