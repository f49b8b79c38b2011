//! Running a Piper model: one inference per utterance through the shared ONNX Runtime session
//! of [`crate::synth::onnx`], the model checked against its configuration.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::config::{join_clauses, PhonemeType, PiperConfig};
use super::{PiperError, PiperSpec, NATURAL_WPM};
use crate::synth::espeak;
use crate::synth::onnx::{self, OnnxError};
use crate::synth::{Audio, SynthError, Synthesizer, VoiceSettings};

/// The peak level each utterance is normalized to (Piper normalizes to 1.0).
const PEAK: f32 = 0.95;

/// Phonemes already warned about in this process, by model (every session of a model shares
/// them, so a parallel export warns once).
static WARNED: Mutex<Vec<(PathBuf, char)>> = Mutex::new(Vec::new());

impl From<OnnxError> for PiperError {
    fn from(e: OnnxError) -> Self {
        match e {
            OnnxError::Runtime(m) => PiperError::Runtime(m),
            OnnxError::Model { path, reason } => PiperError::Model {
                path,
                reason: format!(
                    "{reason} (is it a complete Piper .onnx file? re-install the voice)"
                ),
            },
            OnnxError::NotBuilt => PiperError::NotBuilt,
        }
    }
}

/// What a Piper voice is besides its session: the configuration and what the model takes.
struct Voice {
    config: Arc<PiperConfig>,
    path: PathBuf,
    config_path: PathBuf,
    /// Whether the model takes a speaker id (`sid`).
    has_sid: bool,
}

/// Loads `spec`'s model (shared) and checks it: its inputs are Piper's, and a multi-speaker
/// configuration has a model that takes a speaker.
fn load_voice(spec: &PiperSpec) -> Result<(onnx::Slot, Voice), PiperError> {
    let config = Arc::new(PiperConfig::load(&spec.config)?);
    if std::fs::metadata(&spec.model).is_err() {
        return Err(PiperError::File {
            what: "model",
            path: spec.model.display().to_string(),
            reason: "no such file".into(),
        });
    }
    // espeak-ng takes about 10 ms to load its data on first use: let it do that on the other
    // core while the model loads, instead of before the first utterance.
    let warm_up = match &config.phonemes {
        PhonemeType::Espeak(voice) => {
            let voice = voice.clone();
            Some(std::thread::spawn(move || {
                let _ = espeak::phonemize(&voice, "a");
            }))
        }
        PhonemeType::Text => None,
    };
    let loaded = onnx::Slot::shared(&spec.model, spec.onnxruntime.as_deref());
    if let Some(handle) = warm_up {
        let _ = handle.join();
    }
    let slot = loaded?;
    let model = slot.current();
    let path = &spec.model;
    for needed in ["input", "input_lengths", "scales"] {
        if !model.has_input(needed) {
            return Err(model_error(
                path,
                format!(
                    "it has no input {needed:?} (inputs: {}): it is not a Piper voice model",
                    model.inputs().join(", ")
                ),
            ));
        }
    }
    let has_sid = model.has_input("sid");
    if config.num_speakers > 1 && !has_sid {
        return Err(model_error(
            path,
            format!(
                "{} says {} speakers but the model takes no speaker id: the .onnx.json does not belong to this model",
                spec.config.display(),
                config.num_speakers
            ),
        ));
    }
    let voice = Voice {
        config,
        path: path.clone(),
        config_path: spec.config.clone(),
        has_sid,
    };
    Ok((slot, voice))
}

fn model_error(path: &Path, reason: String) -> PiperError {
    PiperError::Model {
        path: path.display().to_string(),
        reason,
    }
}

impl Voice {
    /// Runs `model` on `ids`; returns the raw samples.
    fn infer(
        &self,
        model: &onnx::Model,
        ids: &[i64],
        length_scale: f32,
        sid: Option<i64>,
    ) -> Result<Vec<f32>, String> {
        let n = ids.len();
        let mut inputs: onnx::Inputs<'_> = vec![
            ("input".into(), onnx::tensor(&[1, n], ids.to_vec())?),
            ("input_lengths".into(), onnx::tensor(&[1], vec![n as i64])?),
            (
                "scales".into(),
                onnx::tensor(
                    &[3],
                    vec![self.config.noise_scale, length_scale, self.config.noise_w],
                )?,
            ),
        ];
        if self.has_sid {
            inputs.push(("sid".into(), onnx::tensor(&[1], vec![sid.unwrap_or(0)])?));
        }
        model.run(inputs)
    }

    /// After a failed inference: whether the model fails on any input, which means the
    /// configuration was made for another model (its ids do not fit the model's symbol table).
    /// The test run uses the largest id of the map.
    fn mismatch(&self, model: &onnx::Model, sid: Option<i64>) -> Option<String> {
        let probe = [
            self.config.ids_of('^').unwrap_or(&[1]),
            &[self.config.max_id()],
            self.config.ids_of('$').unwrap_or(&[2]),
        ]
        .concat();
        self.infer(model, &probe, self.config.length_scale, sid)
            .err()
            .map(|e| {
                format!(
                    "cannot use the Piper model {}: {} does not match it (a test run failed: {e}); \
                     re-install the voice so that both files come from the same release",
                    self.path.display(),
                    self.config_path.display()
                )
            })
    }

    /// Warns once per run about each phoneme the voice's map does not know.
    fn warn_unknown(&self, unknown: impl IntoIterator<Item = char>) {
        let mut warned = WARNED.lock().unwrap_or_else(|p| p.into_inner());
        for c in unknown {
            if !warned.iter().any(|(p, w)| *w == c && *p == self.path) {
                warned.push((self.path.clone(), c));
                eprintln!(
                    "aloud: warning: the Piper voice {} has no phoneme {c:?} (U+{:04X}): skipped",
                    self.path
                        .file_stem()
                        .map_or_else(String::new, |s| s.to_string_lossy().into_owned()),
                    c as u32
                );
            }
        }
    }
}

/// A Piper voice. Cheap to clone; clones share the loaded model. A [fork](Synthesizer::fork)
/// runs on a one-thread session of its own (see [`onnx::Slot`]).
#[derive(Clone)]
pub struct PiperSynth {
    slot: onnx::Slot,
    voice: Arc<Voice>,
    speaker: Option<i64>,
}

impl std::fmt::Debug for PiperSynth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PiperSynth")
            .field("model", &self.voice.path)
            .field("speaker", &self.speaker)
            .field("slot", &self.slot)
            .finish()
    }
}

impl PiperSynth {
    /// Loads the voice (or reuses its model if this process loaded it already): ONNX Runtime,
    /// the configuration and the model, checked against each other.
    pub fn new(spec: &PiperSpec) -> Result<PiperSynth, PiperError> {
        let (slot, voice) = load_voice(spec)?;
        let speaker = voice.config.speaker_id(spec.speaker.as_deref())?;
        Ok(PiperSynth {
            slot,
            voice: Arc::new(voice),
            speaker,
        })
    }

    /// The voice's configuration.
    pub fn config(&self) -> &PiperConfig {
        &self.voice.config
    }

    /// The phonemes aloud feeds the model for `text` (IPA joined over clauses, before NFD).
    pub fn phonemes(&self, text: &str) -> Result<String, SynthError> {
        match &self.voice.config.phonemes {
            PhonemeType::Espeak(voice) => Ok(join_clauses(&espeak::phonemize(voice, text)?)),
            PhonemeType::Text => Ok(text.to_string()),
        }
    }

    /// The phoneme ids aloud feeds the model for `text`, and the phonemes left out.
    pub fn phoneme_ids(&self, text: &str) -> Result<(Vec<i64>, Vec<char>), SynthError> {
        let (ids, unknown) = self.voice.config.phoneme_ids(&self.phonemes(text)?);
        Ok((ids, unknown.into_iter().collect()))
    }
}

/// Scales `samples` to [`PEAK`] times `volume`, then trims leading and trailing near-silence
/// (keeping a few milliseconds around the speech).
fn finish(mut samples: Vec<f32>, volume: f32, rate: u32) -> Vec<f32> {
    let peak = crate::synth::peak(&samples);
    if peak < 1e-6 {
        return Vec::new();
    }
    let gain = PEAK / peak * volume.clamp(0.0, 2.0);
    for s in &mut samples {
        *s = (*s * gain).clamp(-1.0, 1.0);
    }
    crate::synth::trim_silence(&mut samples, rate, 0.01 * volume.clamp(0.05, 2.0));
    samples
}

impl Synthesizer for PiperSynth {
    fn synthesize(&mut self, spoken: &str, settings: &VoiceSettings) -> Result<Audio, SynthError> {
        let rate = self.voice.config.sample_rate;
        let empty = Audio {
            sample_rate: rate,
            samples: Vec::new(),
            words: Vec::new(),
        };
        if spoken.trim().is_empty() {
            return Ok(empty);
        }
        let (ids, unknown) = self.phoneme_ids(spoken)?;
        self.voice.warn_unknown(unknown);
        // Only BOS, PAD and EOS: nothing to say.
        if ids.len() <= 3 {
            return Ok(empty);
        }
        let pace = (NATURAL_WPM as f32 / settings.rate_wpm.max(1) as f32).clamp(0.25, 4.0);
        let length_scale = self.voice.config.length_scale * pace;
        let model = self.slot.model();
        let raw = match self.voice.infer(model, &ids, length_scale, self.speaker) {
            Ok(raw) => raw,
            Err(reason) => {
                // A configuration that does not belong to the model fails on every utterance:
                // stop with one clear line instead of skipping them all.
                if let Some(mismatch) = self.voice.mismatch(model, self.speaker) {
                    return Err(SynthError::Engine(mismatch));
                }
                return Err(SynthError::Utterance {
                    text: spoken.chars().take(40).collect(),
                    reason: format!("the Piper model failed: {reason}"),
                });
            }
        };
        Ok(Audio {
            sample_rate: rate,
            samples: finish(raw, settings.volume, rate),
            words: Vec::new(),
        })
    }

    fn sample_rate(&self) -> u32 {
        self.voice.config.sample_rate
    }

    /// Another instance of the voice for a parallel worker, on a one-thread session of its own
    /// from its first utterance (see [`onnx::Slot`]).
    fn fork(&self) -> Option<Box<dyn Synthesizer>> {
        Some(Box::new(PiperSynth {
            slot: self.slot.fork(),
            ..self.clone()
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finish_normalizes_the_peak_and_trims_silence() {
        let mut raw = vec![0.0f32; 1000];
        raw.extend([0.2, -0.4, 0.1]);
        raw.extend(vec![0.0f32; 2000]);
        let out = finish(raw, 1.0, 1000);
        let peak = out.iter().fold(0.0f32, |m, s| m.max(s.abs()));
        assert!((peak - PEAK).abs() < 1e-6);
        // 5 ms before (5 samples at 1 kHz), 20 ms after.
        assert_eq!(out.len(), 5 + 3 + 20);
        assert!(finish(vec![0.0; 100], 1.0, 1000).is_empty());
    }

    #[test]
    fn volume_scales_after_normalization() {
        let out = finish(vec![0.5, -0.25], 0.5, 1000);
        assert!((out[0] - PEAK * 0.5).abs() < 1e-6);
    }
}
