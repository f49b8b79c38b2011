//! Running a Piper model: one inference per utterance through the shared ONNX Runtime session
//! of [`crate::synth::onnx`], the model checked against its configuration.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
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

/// A Piper model loaded with its configuration.
struct Model {
    onnx: Arc<onnx::Model>,
    config: Arc<PiperConfig>,
    path: PathBuf,
    config_path: PathBuf,
    /// Whether the model takes a speaker id (`sid`).
    has_sid: bool,
}

/// The model for `spec` (shared, or with `own_threads` threads of its own), checked: its inputs
/// are Piper's, and a multi-speaker configuration has a model that takes a speaker.
fn load_model(
    spec: &PiperSpec,
    config: Option<Arc<PiperConfig>>,
    own_threads: Option<usize>,
) -> Result<Model, PiperError> {
    let config = match config {
        Some(c) => c,
        None => Arc::new(PiperConfig::load(&spec.config)?),
    };
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
    let loaded = onnx::load(&spec.model, spec.onnxruntime.as_deref(), own_threads);
    if let Some(handle) = warm_up {
        let _ = handle.join();
    }
    let onnx = loaded?;
    let path = &spec.model;
    for needed in ["input", "input_lengths", "scales"] {
        if !onnx.has_input(needed) {
            return Err(model_error(
                path,
                format!(
                    "it has no input {needed:?} (inputs: {}): it is not a Piper voice model",
                    onnx.inputs().join(", ")
                ),
            ));
        }
    }
    let has_sid = onnx.has_input("sid");
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
    Ok(Model {
        onnx,
        config,
        path: path.clone(),
        config_path: spec.config.clone(),
        has_sid,
    })
}

fn model_error(path: &Path, reason: String) -> PiperError {
    PiperError::Model {
        path: path.display().to_string(),
        reason,
    }
}

impl Model {
    /// Runs the model on `ids`; returns the raw samples.
    fn infer(&self, ids: &[i64], length_scale: f32, sid: Option<i64>) -> Result<Vec<f32>, String> {
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
        self.onnx.run(inputs)
    }

    /// After a failed inference: whether the model fails on any input, which means the
    /// configuration was made for another model (its ids do not fit the model's symbol table).
    /// The test run uses the largest id of the map.
    fn mismatch(&self, sid: Option<i64>) -> Option<String> {
        let probe = [
            self.config.ids_of('^').unwrap_or(&[1]),
            &[self.config.max_id()],
            self.config.ids_of('$').unwrap_or(&[2]),
        ]
        .concat();
        self.infer(&probe, self.config.length_scale, sid)
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

/// A Piper voice. Cheap to clone; clones share the loaded model.
///
/// Parallel work ([`Synthesizer::fork`]): one session with two threads gives the first utterance
/// soonest, but two one-thread sessions side by side give about a tenth more throughput than it
/// (measured with `examples/bench_piper.rs`), and a two-thread session beside a one-thread one
/// gains nothing, as the three threads fight over two cores. So a fork loads a one-thread session
/// of its own on its first utterance (on its worker's thread, so the first utterance is not held
/// up by it), and from then on every instance of the voice does the same.
#[derive(Clone)]
pub struct PiperSynth {
    model: Arc<Model>,
    speaker: Option<i64>,
    spec: PiperSpec,
    /// Set when a fork starts working: every instance then moves to a one-thread session.
    parallel: Arc<AtomicBool>,
    /// Whether `model` is a one-thread session of this instance's own.
    own: bool,
}

impl std::fmt::Debug for PiperSynth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PiperSynth")
            .field("model", &self.model.path)
            .field("speaker", &self.speaker)
            .field("own", &self.own)
            .finish()
    }
}

impl PiperSynth {
    /// Loads the voice (or reuses its model if this process loaded it already): ONNX Runtime,
    /// the configuration and the model, checked against each other with a short test run.
    pub fn new(spec: &PiperSpec) -> Result<PiperSynth, PiperError> {
        let model = Arc::new(load_model(spec, None, None)?);
        let speaker = model.config.speaker_id(spec.speaker.as_deref())?;
        Ok(PiperSynth {
            model,
            speaker,
            spec: spec.clone(),
            parallel: Arc::new(AtomicBool::new(false)),
            own: false,
        })
    }

    /// Moves to a one-thread session of this instance's own once the voice works in parallel.
    /// If that session cannot be loaded, the shared one goes on serving.
    fn settle_session(&mut self, forked: bool) {
        if self.own {
            return;
        }
        if forked {
            self.parallel.store(true, Ordering::Relaxed);
        } else if !self.parallel.load(Ordering::Relaxed) {
            return;
        }
        let config = Some(Arc::clone(&self.model.config));
        if let Ok(model) = load_model(&self.spec, config, Some(1)) {
            self.model = Arc::new(model);
        }
        self.own = true;
    }

    /// The voice's configuration.
    pub fn config(&self) -> &PiperConfig {
        &self.model.config
    }

    /// The phonemes aloud feeds the model for `text` (IPA joined over clauses, before NFD).
    pub fn phonemes(&self, text: &str) -> Result<String, SynthError> {
        match &self.model.config.phonemes {
            PhonemeType::Espeak(voice) => Ok(join_clauses(&espeak::phonemize(voice, text)?)),
            PhonemeType::Text => Ok(text.to_string()),
        }
    }

    /// The phoneme ids aloud feeds the model for `text`, and the phonemes left out.
    pub fn phoneme_ids(&self, text: &str) -> Result<(Vec<i64>, Vec<char>), SynthError> {
        let (ids, unknown) = self.model.config.phoneme_ids(&self.phonemes(text)?);
        Ok((ids, unknown.into_iter().collect()))
    }
}

/// Scales `samples` to [`PEAK`] times `volume`, then trims leading and trailing near-silence
/// (keeping a few milliseconds around the speech).
fn finish(mut samples: Vec<f32>, volume: f32, rate: u32) -> Vec<f32> {
    let peak = samples.iter().fold(0.0f32, |m, s| m.max(s.abs()));
    if peak < 1e-6 || !peak.is_finite() {
        return Vec::new();
    }
    let gain = PEAK / peak * volume.clamp(0.0, 2.0);
    for s in &mut samples {
        *s = (*s * gain).clamp(-1.0, 1.0);
    }
    let threshold = 0.01 * volume.clamp(0.05, 2.0);
    let Some(first) = samples.iter().position(|s| s.abs() > threshold) else {
        return Vec::new();
    };
    let last = samples
        .iter()
        .rposition(|s| s.abs() > threshold)
        .unwrap_or(first);
    let start = first.saturating_sub(rate as usize * 5 / 1000);
    let end = (last + 1 + rate as usize * 20 / 1000).min(samples.len());
    samples.truncate(end);
    samples.drain(..start);
    samples
}

impl Synthesizer for PiperSynth {
    fn synthesize(&mut self, spoken: &str, settings: &VoiceSettings) -> Result<Audio, SynthError> {
        let rate = self.model.config.sample_rate;
        let empty = Audio {
            sample_rate: rate,
            samples: Vec::new(),
        };
        if spoken.trim().is_empty() {
            return Ok(empty);
        }
        self.settle_session(false);
        let (ids, unknown) = self.phoneme_ids(spoken)?;
        self.model.warn_unknown(unknown);
        // Only BOS, PAD and EOS: nothing to say.
        if ids.len() <= 3 {
            return Ok(empty);
        }
        let pace = (NATURAL_WPM as f32 / settings.rate_wpm.max(1) as f32).clamp(0.25, 4.0);
        let length_scale = self.model.config.length_scale * pace;
        let raw = match self.model.infer(&ids, length_scale, self.speaker) {
            Ok(raw) => raw,
            Err(reason) => {
                // A configuration that does not belong to the model fails on every utterance:
                // stop with one clear line instead of skipping them all.
                if let Some(mismatch) = self.model.mismatch(self.speaker) {
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
        })
    }

    fn sample_rate(&self) -> u32 {
        self.model.config.sample_rate
    }

    /// Another instance of the voice for a parallel worker. It loads its one-thread session on
    /// its first utterance, and from then on every instance runs on one thread (see
    /// [`PiperSynth`]).
    fn fork(&self) -> Option<Box<dyn Synthesizer>> {
        Some(Box::new(Fork(PiperSynth {
            own: false,
            ..self.clone()
        })))
    }
}

/// A forked [`PiperSynth`]: the same voice, which moves to a session of its own on its first
/// utterance.
struct Fork(PiperSynth);

impl Synthesizer for Fork {
    fn synthesize(&mut self, spoken: &str, settings: &VoiceSettings) -> Result<Audio, SynthError> {
        self.0.settle_session(true);
        self.0.synthesize(spoken, settings)
    }

    fn sample_rate(&self) -> u32 {
        self.0.sample_rate()
    }

    fn fork(&self) -> Option<Box<dyn Synthesizer>> {
        self.0.fork()
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
