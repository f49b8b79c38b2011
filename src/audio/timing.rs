//! How long speech and pauses last, in one place: the outline's listening time, the player's
//! time left and position estimates, and the silence export writes after each utterance all come
//! from here, so that what a listener hears and what an exported file holds pause the same for
//! every voice.
//!
//! Speech is estimated from its word count at the voice's rate. A pause has a base length at the
//! normal rate ([`NATURAL_WPM`]), set by the segmenter for the structure it follows (clause,
//! sentence, paragraph, heading, section end), and is scaled like the speech around it: a slower
//! voice pauses longer and a faster one shorter, at most by half or double.

/// The speaking rate at which pauses have their base length, in words per minute.
pub const NATURAL_WPM: u32 = 175;

/// A pause of `base_millis` (its length at [`NATURAL_WPM`]) for a voice speaking at `rate_wpm`.
pub fn pause_millis(base_millis: u32, rate_wpm: u32) -> u32 {
    let scale = (NATURAL_WPM as f64 / rate_wpm.max(1) as f64).clamp(0.5, 2.0);
    (base_millis as f64 * scale).round() as u32
}

/// [`pause_millis`] in samples at `sample_rate`.
pub fn pause_samples(base_millis: u32, rate_wpm: u32, sample_rate: u32) -> usize {
    frames(pause_millis(base_millis, rate_wpm), sample_rate, 1.0)
}

/// Samples of silence lasting `millis` at `rate`, played `speed` times faster.
pub fn frames(millis: u32, rate: u32, speed: f32) -> usize {
    (millis as f64 / 1000.0 * rate as f64 / speed.max(0.01) as f64).round() as usize
}

/// Estimated seconds to say `words` words at `rate_wpm`.
pub fn speech_secs(words: usize, rate_wpm: u32) -> f64 {
    words as f64 * 60.0 / rate_wpm.max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_keep_their_length_at_the_normal_rate_and_stretch_when_slower() {
        assert_eq!(pause_millis(350, 175), 350);
        assert_eq!(pause_millis(350, 140), 438);
        assert_eq!(pause_millis(800, 600), 400);
        assert_eq!(pause_samples(150, 175, 22_050), 3_308);
        assert_eq!(frames(1000, 1000, 2.0), 500);
    }

    #[test]
    fn speech_lasts_words_at_the_rate() {
        assert_eq!(speech_secs(175, 175), 60.0);
        assert_eq!(speech_secs(10, 0), 600.0);
    }
}
