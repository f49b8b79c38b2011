//! Changing the tempo of speech without changing its pitch, with `libsonic` (a Rust port of
//! Sonic, made for speech). The player keeps the device's own speed at 1.0 and stretches each
//! utterance's PCM before queuing it; pauses are shortened by the same factor where they are
//! made. Pitch, formants and volume are left alone.

use std::sync::Arc;

use super::ring::Pcm;
use crate::audio::Audio;

/// Slowest speed the player allows.
pub const MIN_SPEED: f32 = 0.5;
/// Fastest speed the player allows.
pub const MAX_SPEED: f32 = 3.0;
/// How much one `+` or `-` key press changes the speed.
pub const SPEED_STEP: f32 = 0.1;

/// `speed` rounded to a tenth and kept within [`MIN_SPEED`]..=[`MAX_SPEED`] (NaN becomes 1.0).
pub fn clamp_speed(speed: f32) -> f32 {
    if speed.is_nan() {
        return 1.0;
    }
    ((speed * 10.0).round() / 10.0).clamp(MIN_SPEED, MAX_SPEED)
}

/// Returns `audio` played `speed` times faster (0.5 = twice as long) at the same pitch. At 1.0,
/// or when the audio is empty, the audio itself, shared, not copied.
pub fn stretch(audio: &Arc<Audio>, speed: f32) -> Pcm {
    if (speed - 1.0).abs() < 1e-3 || audio.samples.is_empty() {
        return Pcm::Shared(Arc::clone(audio));
    }
    let Ok(mut sonic) = libsonic::SonicStream::new(audio.sample_rate, 1) else {
        // Rates sonic cannot handle (below 1 kHz) are not speech: play them as they are.
        return Pcm::Shared(Arc::clone(audio));
    };
    sonic.set_speed(speed);
    sonic.write_f32(&audio.samples);
    sonic.flush();
    let n = sonic.available_frames();
    Pcm::Owned(sonic.read_f32(n))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::tone::ToneSynth;
    use crate::synth::{Synthesizer, VoiceSettings};

    fn speech() -> Arc<Audio> {
        Arc::new(
            ToneSynth::new()
                .synthesize(
                    "one two three four five six seven eight",
                    &VoiceSettings::default(),
                )
                .unwrap(),
        )
    }

    /// Zero crossings per second: a pitch estimate good enough for a tone.
    fn crossings_per_second(samples: &[f32], rate: u32) -> f64 {
        let n = samples
            .windows(2)
            .filter(|w| w[0] < 0.0 && w[1] >= 0.0)
            .count();
        n as f64 / (samples.len() as f64 / rate as f64)
    }

    #[test]
    fn double_speed_halves_the_length_and_keeps_the_pitch() {
        let a = speech();
        let fast = stretch(&a, 2.0);
        let ratio = fast.len() as f64 / a.samples.len() as f64;
        assert!((ratio - 0.5).abs() < 0.03, "length ratio {ratio}");
        let before = crossings_per_second(&a.samples, a.sample_rate);
        let after = crossings_per_second(&fast.to_vec(), a.sample_rate);
        assert!((after / before - 1.0).abs() < 0.05, "{before} vs {after}");
    }

    #[test]
    fn half_speed_doubles_the_length() {
        let a = speech();
        let slow = stretch(&a, 0.5);
        let ratio = slow.len() as f64 / a.samples.len() as f64;
        assert!((ratio - 2.0).abs() < 0.06, "length ratio {ratio}");
    }

    #[test]
    fn normal_speed_shares_the_samples_without_a_copy() {
        let a = speech();
        match stretch(&a, 1.0) {
            Pcm::Shared(same) => assert!(Arc::ptr_eq(&same, &a)),
            other => panic!("copied: {} samples", other.len()),
        }
    }

    #[test]
    fn speeds_are_kept_between_half_and_three() {
        assert_eq!(clamp_speed(0.1), 0.5);
        assert_eq!(clamp_speed(7.0), 3.0);
        assert_eq!(clamp_speed(1.26), 1.3);
        assert_eq!(clamp_speed(f32::NAN), 1.0);
    }

    #[test]
    fn pauses_shrink_with_speed() {}
}
