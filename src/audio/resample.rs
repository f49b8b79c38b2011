//! Sample-rate conversion for voices whose audio does not come at the rate the output wants
//! (a command voice writing 16 kHz or 48 kHz, mixed voices in one export).
//!
//! A windowed-sinc interpolator: each output sample is the input convolved with a Blackman-windowed
//! sinc of 16 zero crossings, its cutoff lowered to the output's Nyquist frequency when
//! downsampling so that nothing aliases. Exact enough for speech, simple enough to read; it works
//! on whole utterances (no streaming state) and does not try to be fast for music-length input.

use super::Audio;

/// Zero crossings of the sinc on each side of the centre.
const ZERO_CROSSINGS: f64 = 16.0;

/// `audio` converted to `rate` samples per second (a clone when the rate already matches).
pub fn resample(audio: &Audio, rate: u32) -> Audio {
    if audio.sample_rate == rate || audio.sample_rate == 0 || rate == 0 || audio.samples.is_empty()
    {
        return Audio {
            sample_rate: if audio.samples.is_empty() {
                rate
            } else {
                audio.sample_rate
            },
            samples: audio.samples.clone(),
            words: audio.words.clone(),
        };
    }
    let from = audio.sample_rate as f64;
    let to = rate as f64;
    let step = from / to;
    // Cutoff relative to the input's Nyquist frequency, a little under the lower Nyquist.
    let cutoff = (to / from).min(1.0) * 0.95;
    let half = (ZERO_CROSSINGS / cutoff).ceil() as i64;
    let input = &audio.samples;
    let n_in = input.len() as i64;
    let n_out = ((input.len() as f64) * to / from).round() as usize;
    let mut out = Vec::with_capacity(n_out);
    for n in 0..n_out {
        let t = n as f64 * step;
        let centre = t.floor() as i64;
        let mut acc = 0.0f64;
        let lo = (centre - half + 1).max(0);
        let hi = (centre + half).min(n_in - 1);
        for k in lo..=hi {
            let x = t - k as f64;
            let w = blackman(x / half as f64);
            acc += input[k as usize] as f64 * cutoff * sinc(cutoff * x) * w;
        }
        out.push(acc as f32);
    }
    let words = audio
        .words
        .iter()
        .map(|m| crate::audio::WordMark {
            sample: (m.sample as f64 * to / from).round() as usize,
            word: m.word,
        })
        .collect();
    Audio {
        sample_rate: rate,
        samples: out,
        words,
    }
}

fn sinc(x: f64) -> f64 {
    if x.abs() < 1e-9 {
        1.0
    } else {
        let px = std::f64::consts::PI * x;
        px.sin() / px
    }
}

/// Blackman window over `-1..=1` (0 outside).
fn blackman(x: f64) -> f64 {
    if x.abs() >= 1.0 {
        return 0.0;
    }
    let p = std::f64::consts::PI * (x + 1.0);
    0.42 - 0.5 * p.cos() + 0.08 * (2.0 * p).cos()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sine(rate: u32, freq: f64, secs: f64) -> Audio {
        let n = (rate as f64 * secs) as usize;
        Audio {
            sample_rate: rate,
            samples: (0..n)
                .map(|i| {
                    (0.5 * (std::f64::consts::TAU * freq * i as f64 / rate as f64).sin()) as f32
                })
                .collect(),
            words: Vec::new(),
        }
    }

    /// Amplitude of `freq` in `a` (correlation with a sine and a cosine), ignoring the edges.
    fn level_at(a: &Audio, freq: f64) -> f64 {
        let skip = a.samples.len() / 10;
        let body = &a.samples[skip..a.samples.len() - skip];
        let (mut s, mut c) = (0.0, 0.0);
        for (i, x) in body.iter().enumerate() {
            let ph = std::f64::consts::TAU * freq * (i + skip) as f64 / a.sample_rate as f64;
            s += *x as f64 * ph.sin();
            c += *x as f64 * ph.cos();
        }
        2.0 * (s * s + c * c).sqrt() / body.len() as f64
    }

    #[test]
    fn upsampling_keeps_a_tone_and_the_duration() {
        let a = sine(16_000, 440.0, 0.5);
        let b = resample(&a, 22_050);
        assert_eq!(b.sample_rate, 22_050);
        assert_eq!(b.samples.len(), 11_025);
        assert!((level_at(&b, 440.0) - 0.5).abs() < 0.02);
    }

    #[test]
    fn downsampling_removes_what_the_new_rate_cannot_hold() {
        // 15 kHz fits at 48 kHz but not at 22.05 kHz: it must vanish, not fold back to 7.05 kHz.
        let a = sine(48_000, 15_000.0, 0.5);
        let b = resample(&a, 22_050);
        assert!(level_at(&b, 22_050.0 - 15_000.0) < 0.01);
        assert!(b.rms() < 0.02, "rms {}", b.rms());
        let speech_band = resample(&sine(48_000, 1_000.0, 0.5), 22_050);
        assert!((level_at(&speech_band, 1_000.0) - 0.5).abs() < 0.02);
    }

    #[test]
    fn same_rate_is_unchanged() {
        let a = sine(22_050, 300.0, 0.1);
        assert_eq!(resample(&a, 22_050), a);
    }
}
