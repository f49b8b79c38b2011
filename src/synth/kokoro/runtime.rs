//! Running Kokoro: the model on the shared ONNX Runtime session of [`crate::synth::onnx`], one
//! inference per utterance (or per batch of a very long one).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use super::phonemes::{self, MAX_TOKENS};
use super::{read_style, style_row, KokoroError, KokoroSpec, NATURAL_WPM, SAMPLE_RATE};
use crate::synth::onnx::{self, OnnxError};
use crate::synth::{espeak, Audio, SynthError, Synthesizer, VoiceSettings};

/// Symbols already warned about in this process, by model.
static WARNED: Mutex<Vec<(PathBuf, char)>> = Mutex::new(Vec::new());

impl From<OnnxError> for KokoroError {
    fn from(e: OnnxError) -> Self {
        match e {
            OnnxError::Runtime(m) => KokoroError::Runtime(m),
            OnnxError::Model { path, reason } => KokoroError::Model {
                path,
                reason: format!(
                    "{reason} (is it a complete Kokoro .onnx file? install it again with `aloud voices install kokoro`)"
                ),
            },
            OnnxError::NotBuilt => KokoroError::NotBuilt,
        }
    }
}

/// What a voice is besides its session.
struct Voice {
    style: Vec<f32>,
    espeak: String,
    model_path: PathBuf,
    /// The model's name for its token input (`tokens`; some exports say `input_ids`).
    tokens_input: &'static str,
}

/// A Kokoro voice. Cheap to clone; clones share the loaded model. A
/// [fork](Synthesizer::fork) runs on a one-thread session of its own (see [`onnx::Slot`]).
#[derive(Clone)]
pub struct KokoroSynth {
    slot: onnx::Slot,
    voice: Arc<Voice>,
}

impl std::fmt::Debug for KokoroSynth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KokoroSynth")
            .field("model", &self.voice.model_path)
            .field("espeak", &self.voice.espeak)
            .field("slot", &self.slot)
            .finish()
    }
}

impl KokoroSynth {
    /// Loads the voice: its style file, ONNX Runtime and the model (or the model this process
    /// loaded already), checked to take Kokoro's inputs.
    pub fn new(spec: &KokoroSpec) -> Result<KokoroSynth, KokoroError> {
        let style = read_style(&spec.style)?;
        if std::fs::metadata(&spec.model).is_err() {
            return Err(KokoroError::File {
                what: "model",
                path: spec.model.display().to_string(),
                reason: "no such file".into(),
            });
        }
        // espeak-ng loads its data (about 10 ms) on the other core while the model loads.
        let espeak_voice = spec.espeak.clone();
        let warm_up = std::thread::spawn(move || espeak::phonemize(&espeak_voice, "a"));
        let loaded = onnx::Slot::shared(&spec.model, spec.onnxruntime.as_deref());
        let warmed = warm_up.join();
        let slot = loaded?;
        if let Ok(Err(e)) = warmed {
            // An unknown espeak-ng voice or a missing library stops here, before any audio.
            return Err(KokoroError::Runtime(e.to_string()));
        }
        let model = slot.current();
        let tokens_input = if model.has_input("tokens") {
            "tokens"
        } else {
            "input_ids"
        };
        for needed in [tokens_input, "style", "speed"] {
            if !model.has_input(needed) {
                return Err(KokoroError::Model {
                    path: spec.model.display().to_string(),
                    reason: format!(
                        "it has no input {needed:?} (inputs: {}): it is not a Kokoro model; install it with `aloud voices install kokoro`",
                        model.inputs().join(", ")
                    ),
                });
            }
        }
        Ok(KokoroSynth {
            slot,
            voice: Arc::new(Voice {
                style,
                espeak: spec.espeak.clone(),
                model_path: spec.model.clone(),
                tokens_input,
            }),
        })
    }

    /// The phonemes aloud feeds the model for `text`, vocabulary symbols only.
    pub fn phonemes(&self, text: &str) -> Result<String, SynthError> {
        Ok(phonemes::known(&phonemes::phonemize(
            text,
            &self.voice.espeak,
        )?))
    }

    /// The token ids for `text` (without the padding), and the symbols left out.
    pub fn token_ids(&self, text: &str) -> Result<(Vec<i64>, Vec<char>), SynthError> {
        Ok(phonemes::tokenize(&phonemes::phonemize(
            text,
            &self.voice.espeak,
        )?))
    }
}

impl Voice {
    /// Runs `model` on one batch of tokens; returns the raw samples.
    fn infer(&self, model: &onnx::Model, ids: &[i64], speed: f32) -> Result<Vec<f32>, String> {
        let mut tokens = Vec::with_capacity(ids.len() + 2);
        tokens.push(0);
        tokens.extend_from_slice(ids);
        tokens.push(0);
        let n = tokens.len();
        let style = style_row(&self.style, ids.len()).to_vec();
        let inputs: onnx::Inputs<'_> = vec![
            (self.tokens_input.into(), onnx::tensor(&[1, n], tokens)?),
            ("style".into(), onnx::tensor(&[1, style.len()], style)?),
            ("speed".into(), onnx::tensor(&[1], vec![speed])?),
        ];
        model.run(inputs)
    }

    /// Warns once per process about each symbol the vocabulary lacks.
    fn warn_unknown(&self, unknown: &[char]) {
        let mut warned = WARNED.lock().unwrap_or_else(|p| p.into_inner());
        for &c in unknown {
            if c.is_whitespace() || warned.iter().any(|(p, w)| *w == c && *p == self.model_path) {
                continue;
            }
            warned.push((self.model_path.clone(), c));
            eprintln!(
                "aloud: warning: the Kokoro model has no symbol {c:?} (U+{:04X}): skipped",
                c as u32
            );
        }
    }
}

/// Trims the model's silence at both ends of a batch (anything 40 dB below its peak) and applies
/// the volume.
fn finish(mut samples: Vec<f32>, volume: f32) -> Vec<f32> {
    crate::audio::sanitize(&mut samples);
    let peak = crate::synth::peak(&samples);
    if peak < 1e-6 {
        return Vec::new();
    }
    crate::synth::trim_silence(&mut samples, SAMPLE_RATE, peak * 0.01);
    let gain = volume.clamp(0.0, 2.0);
    for s in &mut samples {
        *s = (*s * gain).clamp(-1.0, 1.0);
    }
    samples
}

/// The silence after a batch of a long utterance ending in a sentence mark, in milliseconds
/// (the reference implementation's).
const SENTENCE_PAUSE_MS: u32 = 250;
/// The silence after a batch ending in a clause mark.
const CLAUSE_PAUSE_MS: u32 = 100;

/// The silence after a batch of a long utterance, from its last symbol.
fn batch_pause(batch: &str) -> u32 {
    match batch.trim_end().chars().next_back() {
        Some('.' | '!' | '?' | '…') => SENTENCE_PAUSE_MS,
        Some(',' | ';' | ':' | '—') => CLAUSE_PAUSE_MS,
        _ => 0,
    }
}

impl Synthesizer for KokoroSynth {
    fn synthesize(&mut self, spoken: &str, settings: &VoiceSettings) -> Result<Audio, SynthError> {
        let mut audio = Audio {
            sample_rate: SAMPLE_RATE,
            samples: Vec::new(),
            words: Vec::new(),
        };
        if spoken.trim().is_empty() {
            return Ok(audio);
        }
        let raw = phonemes::phonemize(spoken, &self.voice.espeak)?;
        let (_, unknown) = phonemes::tokenize(&raw);
        self.voice.warn_unknown(&unknown);
        let known = phonemes::known(&raw);
        let speed = (settings.rate_wpm.max(1) as f32 / NATURAL_WPM as f32).clamp(0.5, 2.0);
        let batches = phonemes::batches(&known, MAX_TOKENS);
        let count = batches.len();
        let voice = Arc::clone(&self.voice);
        let model = self.slot.model();
        for (i, batch) in batches.iter().enumerate() {
            let (ids, _) = phonemes::tokenize(batch);
            if ids.is_empty() {
                continue;
            }
            let raw = match voice.infer(model, &ids, speed) {
                Ok(raw) => raw,
                Err(reason) => {
                    // A model that fails on a one-token probe fails on everything: stop.
                    if voice.infer(model, &[16], 1.0).is_err() {
                        return Err(SynthError::Engine(format!(
                            "the Kokoro model {} fails on every input ({reason}): install it again with `aloud voices install kokoro`",
                            voice.model_path.display()
                        )));
                    }
                    return Err(SynthError::Utterance {
                        text: spoken.chars().take(40).collect(),
                        reason: format!("the Kokoro model failed: {reason}"),
                    });
                }
            };
            audio.samples.extend(finish(raw, settings.volume));
            if i + 1 < count {
                let millis = batch_pause(batch);
                let frames = (SAMPLE_RATE as u64 * millis as u64 / 1000) as usize;
                audio.samples.extend(std::iter::repeat_n(0.0, frames));
            }
        }
        Ok(audio)
    }

    fn sample_rate(&self) -> u32 {
        SAMPLE_RATE
    }

    /// Another instance of the voice for a parallel worker, on a one-thread session of its own
    /// from its first utterance (see [`onnx::Slot`]).
    fn fork(&self) -> Option<Box<dyn Synthesizer>> {
        Some(Box::new(KokoroSynth {
            slot: self.slot.fork(),
            voice: Arc::clone(&self.voice),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finish_trims_quiet_ends_and_cleans_bad_samples() {
        let mut raw = vec![0.0001f32; 24_000];
        raw.extend([0.5, f32::NAN, -0.25, f32::INFINITY]);
        raw.extend(vec![0.0001f32; 24_000]);
        let out = finish(raw, 1.0);
        // 5 ms before (120 samples), 0.5 to -0.25 (3 samples), 20 ms after (480).
        assert_eq!(out.len(), 120 + 3 + 480);
        assert!(out.iter().all(|s| s.is_finite()));
        assert!(finish(vec![0.0; 100], 1.0).is_empty());
        let quieter = finish(vec![0.5], 0.5);
        assert_eq!(quieter, vec![0.25]);
    }

    #[test]
    fn batches_pause_after_their_punctuation() {
        assert_eq!(batch_pause("ə."), SENTENCE_PAUSE_MS);
        assert_eq!(batch_pause("ə, "), CLAUSE_PAUSE_MS);
        assert_eq!(batch_pause("ə"), 0);
    }
}
