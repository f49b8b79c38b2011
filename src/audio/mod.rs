//! The ground floor: mono PCM audio and what every stage does with it. [`Audio`] is what a
//! voice returns and what the player and the encoders take; here are the conversions to and
//! from 16-bit PCM, peak level and silence trimming, [`resample`] between sample rates, and
//! [`timing`], the one estimate of how long utterances and pauses last, which the outline, the
//! player's timeline and export share. Nothing here knows about articles, voices or devices.

use std::time::Duration;

pub mod resample;
pub mod timing;

pub use resample::resample;

/// Mono PCM audio.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Audio {
    /// Samples per second.
    pub sample_rate: u32,
    /// Samples in `-1.0..=1.0`.
    pub samples: Vec<f32>,
    /// Where the spoken words start, in order, when the voice reports it (libespeak-ng does);
    /// empty otherwise.
    pub words: Vec<WordMark>,
}

/// Where one word of an utterance's spoken text starts in its audio.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordMark {
    /// The word's first sample.
    pub sample: usize,
    /// The word's index among the spoken text's words (split at whitespace).
    pub word: usize,
}

impl Audio {
    /// `samples` at `sample_rate`, without word marks.
    pub fn new(sample_rate: u32, samples: Vec<f32>) -> Audio {
        Audio {
            sample_rate,
            samples,
            words: Vec::new(),
        }
    }

    /// Silence of `millis` milliseconds at `sample_rate`.
    pub fn silence(sample_rate: u32, millis: u32) -> Audio {
        Audio::new(
            sample_rate,
            vec![0.0; (sample_rate as u64 * millis as u64 / 1000) as usize],
        )
    }

    /// The word being heard at `sample`, by the voice's word marks (`None` without marks or
    /// before the first word).
    pub fn word_at(&self, sample: usize) -> Option<usize> {
        let after = self.words.partition_point(|m| m.sample <= sample);
        after.checked_sub(1).map(|i| self.words[i].word)
    }

    /// The audio from `sample` on, its word marks moved with it (the word being heard at
    /// `sample` starts the rest).
    pub fn tail(&self, sample: usize) -> Audio {
        let from = sample.min(self.samples.len());
        let mut words: Vec<WordMark> = Vec::new();
        if let Some(word) = self.word_at(from) {
            words.push(WordMark { sample: 0, word });
        }
        words.extend(
            self.words
                .iter()
                .filter(|m| m.sample > from)
                .map(|m| WordMark {
                    sample: m.sample - from,
                    word: m.word,
                }),
        );
        Audio {
            sample_rate: self.sample_rate,
            samples: self.samples[from..].to_vec(),
            words,
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

/// Makes every sample safe for outputs and encoders: not-a-number and infinities become
/// silence, and everything is clamped to `-1.0..=1.0`. Voices are outside aloud's control; a
/// NaN would make LAME abort and a device click.
pub fn sanitize(samples: &mut [f32]) {
    for s in samples {
        *s = if s.is_finite() {
            s.clamp(-1.0, 1.0)
        } else {
            0.0
        };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_marks_name_the_word_heard_and_move_with_a_tail() {
        let mut a = Audio::new(1000, vec![0.0; 100]);
        a.words = vec![
            WordMark {
                sample: 10,
                word: 0,
            },
            WordMark {
                sample: 40,
                word: 1,
            },
            WordMark {
                sample: 70,
                word: 2,
            },
        ];
        assert_eq!(a.word_at(5), None);
        assert_eq!(a.word_at(10), Some(0));
        assert_eq!(a.word_at(69), Some(1));
        assert_eq!(a.word_at(99), Some(2));
        let rest = a.tail(50);
        assert_eq!(rest.samples.len(), 50);
        assert_eq!(
            rest.words,
            vec![
                WordMark { sample: 0, word: 1 },
                WordMark {
                    sample: 20,
                    word: 2
                }
            ]
        );
        assert_eq!(a.tail(500).samples.len(), 0);
    }

    #[test]
    fn sanitize_silences_nan_and_clamps() {
        let mut s = [f32::NAN, f32::INFINITY, -3.0, 0.25, f32::NEG_INFINITY];
        sanitize(&mut s);
        assert_eq!(s, [0.0, 0.0, -1.0, 0.25, 0.0]);
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
