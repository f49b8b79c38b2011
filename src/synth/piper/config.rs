//! A Piper voice's `.onnx.json` configuration and the text → phoneme ids recipe it defines.
//!
//! Only the fields aloud uses are read: `audio.sample_rate`, `espeak.voice`, `inference`
//! (`noise_scale`, `length_scale`, `noise_w`), `phoneme_type`, `phoneme_id_map`, `num_symbols`,
//! `num_speakers` and `speaker_id_map`. Phoneme ids follow Piper: BOS `^`, PAD `_`, then each
//! phoneme's ids followed by PAD, then EOS `$`, over the NFD-normalized IPA; clauses are joined
//! with their punctuation re-added (a space after `, : ;`, and between clauses). Nothing here
//! needs ONNX Runtime.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

use super::PiperError;
use crate::synth::espeak::PhonemeClause;

/// Beginning of the utterance.
pub const PHONEME_BOS: char = '^';
/// End of the utterance.
pub const PHONEME_EOS: char = '$';
/// Padding after every phoneme.
pub const PHONEME_PAD: char = '_';

#[derive(Debug, Clone, Deserialize)]
struct RawConfig {
    audio: RawAudio,
    #[serde(default)]
    espeak: Option<RawEspeak>,
    #[serde(default)]
    inference: RawInference,
    #[serde(default)]
    phoneme_type: Option<String>,
    phoneme_id_map: HashMap<String, Vec<i64>>,
    #[serde(default)]
    num_symbols: Option<i64>,
    #[serde(default)]
    num_speakers: Option<i64>,
    #[serde(default)]
    speaker_id_map: HashMap<String, i64>,
    #[serde(default)]
    language: Option<RawLanguage>,
}

#[derive(Debug, Clone, Deserialize)]
struct RawAudio {
    sample_rate: u32,
}

#[derive(Debug, Clone, Deserialize)]
struct RawEspeak {
    voice: String,
}

#[derive(Debug, Clone, Deserialize)]
struct RawLanguage {
    code: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
struct RawInference {
    #[serde(default = "default_noise_scale")]
    noise_scale: f32,
    #[serde(default = "default_length_scale")]
    length_scale: f32,
    #[serde(default = "default_noise_w")]
    noise_w: f32,
}

fn default_noise_scale() -> f32 {
    0.667
}
fn default_length_scale() -> f32 {
    1.0
}
fn default_noise_w() -> f32 {
    0.8
}

impl Default for RawInference {
    fn default() -> Self {
        RawInference {
            noise_scale: default_noise_scale(),
            length_scale: default_length_scale(),
            noise_w: default_noise_w(),
        }
    }
}

/// How a voice turns text into phonemes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhonemeType {
    /// IPA from espeak-ng with this espeak voice (`en-us`).
    Espeak(String),
    /// The text's own characters (NFD).
    Text,
}

/// A Piper voice configuration, checked.
#[derive(Debug, Clone)]
pub struct PiperConfig {
    /// Samples per second of the model's output.
    pub sample_rate: u32,
    /// How text becomes phonemes.
    pub phonemes: PhonemeType,
    /// Generator noise.
    pub noise_scale: f32,
    /// Phoneme length at the model's natural pace (> 1 is slower).
    pub length_scale: f32,
    /// Phoneme width noise.
    pub noise_w: f32,
    /// Number of speakers (1 for single-speaker voices).
    pub num_speakers: i64,
    /// Speaker names to ids.
    pub speaker_id_map: HashMap<String, i64>,
    /// The number of symbols the model knows, when the file says.
    pub num_symbols: Option<i64>,
    /// The language code (`en_US`), when the file says.
    pub language: Option<String>,
    map: HashMap<char, Vec<i64>>,
}

impl PiperConfig {
    /// Reads and checks the configuration at `path`.
    pub fn load(path: &Path) -> Result<PiperConfig, PiperError> {
        let text = std::fs::read_to_string(path).map_err(|e| PiperError::File {
            what: "configuration",
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        PiperConfig::parse(&text).map_err(|reason| PiperError::Config {
            path: path.display().to_string(),
            reason,
        })
    }

    /// Parses and checks a configuration's JSON text; `Err` says what is wrong.
    pub fn parse(text: &str) -> Result<PiperConfig, String> {
        let raw: RawConfig = serde_json::from_str(text).map_err(|e| {
            format!("{e} (expected the .onnx.json that came with the model, with audio.sample_rate and phoneme_id_map)")
        })?;
        if !(1_000..=192_000).contains(&raw.audio.sample_rate) {
            return Err(format!(
                "audio.sample_rate {} is not a plausible rate",
                raw.audio.sample_rate
            ));
        }
        let phonemes = match raw.phoneme_type.as_deref() {
            None | Some("espeak") => PhonemeType::Espeak(
                raw.espeak
                    .map(|e| e.voice)
                    .filter(|v| !v.trim().is_empty())
                    .ok_or_else(|| "espeak.voice is missing".to_string())?,
            ),
            Some("text") => PhonemeType::Text,
            Some(other) => {
                return Err(format!(
                "phoneme_type {other:?} is not supported by aloud (only \"espeak\" and \"text\")"
            ))
            }
        };
        let mut map = HashMap::new();
        for (key, ids) in &raw.phoneme_id_map {
            let mut chars = key.chars();
            // Multi-character keys (vowel clusters of some newer voices) never match a single
            // phoneme here; they are ignored.
            if let (Some(c), None) = (chars.next(), chars.next()) {
                if ids.is_empty() || ids.iter().any(|i| *i < 0) {
                    return Err(format!(
                        "phoneme {key:?} has no valid ids in phoneme_id_map"
                    ));
                }
                if let Some(n) = raw.num_symbols {
                    if let Some(bad) = ids.iter().find(|i| **i >= n) {
                        return Err(format!(
                            "phoneme {key:?} has id {bad}, but num_symbols is {n}"
                        ));
                    }
                }
                map.insert(c, ids.clone());
            }
        }
        for special in [PHONEME_BOS, PHONEME_EOS, PHONEME_PAD] {
            if !map.contains_key(&special) {
                return Err(format!("phoneme_id_map has no {special:?}"));
            }
        }
        let i = &raw.inference;
        for (name, v) in [
            ("noise_scale", i.noise_scale),
            ("length_scale", i.length_scale),
            ("noise_w", i.noise_w),
        ] {
            if !(v.is_finite() && (0.0..=10.0).contains(&v)) {
                return Err(format!("inference.{name} {v} is out of range"));
            }
        }
        if i.length_scale <= 0.0 {
            return Err("inference.length_scale must be above 0".into());
        }
        Ok(PiperConfig {
            sample_rate: raw.audio.sample_rate,
            phonemes,
            noise_scale: i.noise_scale,
            length_scale: i.length_scale,
            noise_w: i.noise_w,
            num_speakers: raw.num_speakers.unwrap_or(1).max(1),
            speaker_id_map: raw.speaker_id_map,
            num_symbols: raw.num_symbols,
            language: raw.language.and_then(|l| l.code),
            map,
        })
    }

    /// The ids of one phoneme, if the map knows it.
    pub fn ids_of(&self, phoneme: char) -> Option<&[i64]> {
        self.map.get(&phoneme).map(Vec::as_slice)
    }

    /// The largest id in the map.
    pub fn max_id(&self) -> i64 {
        self.map.values().flatten().copied().max().unwrap_or(0)
    }

    /// Phoneme ids for `phonemes` (IPA, normalized to NFD here): `^ _ (id _)* $`. Phonemes the
    /// map does not know are left out and returned in the set.
    pub fn phoneme_ids(&self, phonemes: &str) -> (Vec<i64>, BTreeSet<char>) {
        let mut unknown = BTreeSet::new();
        let pad = self.ids_of(PHONEME_PAD).unwrap_or(&[]);
        let mut ids = Vec::with_capacity(phonemes.len() * 2 + 3);
        ids.extend_from_slice(self.ids_of(PHONEME_BOS).unwrap_or(&[]));
        ids.extend_from_slice(pad);
        for c in phonemes.nfd() {
            match self.ids_of(c) {
                Some(found) => {
                    ids.extend_from_slice(found);
                    ids.extend_from_slice(pad);
                }
                None => {
                    unknown.insert(c);
                }
            }
        }
        ids.extend_from_slice(self.ids_of(PHONEME_EOS).unwrap_or(&[]));
        (ids, unknown)
    }

    /// The speaker id for `speaker` (a number or a name from `speaker_id_map`), `None` for a
    /// single-speaker voice.
    pub fn speaker_id(&self, speaker: Option<&str>) -> Result<Option<i64>, PiperError> {
        if self.num_speakers <= 1 {
            return Ok(None);
        }
        let Some(s) = speaker.map(str::trim).filter(|s| !s.is_empty()) else {
            return Ok(Some(0));
        };
        let id = match s.parse::<i64>() {
            Ok(n) => n,
            Err(_) => *self.speaker_id_map.get(s).ok_or_else(|| PiperError::Config {
                path: "the voice file".into(),
                reason: format!(
                    "speaker {s:?} is not in the voice's speaker_id_map: give a number from 0 to {}",
                    self.num_speakers - 1
                ),
            })?,
        };
        if !(0..self.num_speakers).contains(&id) {
            return Err(PiperError::Config {
                path: "the voice file".into(),
                reason: format!(
                    "speaker {id} is out of range: this voice has speakers 0 to {}",
                    self.num_speakers - 1
                ),
            });
        }
        Ok(Some(id))
    }
}

/// The phonemes of one utterance from its clauses, as Piper joins them: each clause's IPA
/// (language-switch marks removed) followed by its punctuation; a space after `, : ;` and before
/// each further clause.
pub fn join_clauses(clauses: &[PhonemeClause]) -> String {
    let mut out = String::new();
    for (i, clause) in clauses.iter().enumerate() {
        out.push_str(crate::synth::espeak::strip_language_flags(&clause.phonemes).trim());
        if let Some(t) = clause.terminator {
            out.push(t);
        }
        let more = i + 1 < clauses.len();
        if more || matches!(clause.terminator, Some(',' | ':' | ';')) {
            out.push(' ');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"{
        "audio": {"sample_rate": 16000},
        "espeak": {"voice": "en-us"},
        "inference": {"noise_scale": 0.5, "length_scale": 1.2, "noise_w": 0.7},
        "phoneme_type": "espeak",
        "num_symbols": 20,
        "num_speakers": 1,
        "phoneme_id_map": {"_": [0], "^": [1], "$": [2], " ": [3], ".": [4], ",": [5],
                           "a": [6], "b": [7], "ˈ": [8], "́": [9], "aɪ": [10]}
    }"#;

    fn clause(p: &str, t: Option<char>) -> PhonemeClause {
        PhonemeClause {
            phonemes: p.into(),
            terminator: t,
        }
    }

    #[test]
    fn ids_are_bos_pad_then_each_phoneme_and_pad_then_eos() {
        let c = PiperConfig::parse(SMALL).unwrap();
        let (ids, unknown) = c.phoneme_ids("ˈab.");
        assert_eq!(ids, [1, 0, 8, 0, 6, 0, 7, 0, 4, 0, 2]);
        assert!(unknown.is_empty());
    }

    #[test]
    fn accented_letters_are_decomposed_into_their_own_phonemes() {
        let c = PiperConfig::parse(SMALL).unwrap();
        // "á" is U+00E1; NFD makes it "a" + U+0301, both in the map.
        let (ids, _) = c.phoneme_ids("\u{e1}");
        assert_eq!(ids, [1, 0, 6, 0, 9, 0, 2]);
    }

    #[test]
    fn unknown_phonemes_are_skipped_and_reported() {
        let c = PiperConfig::parse(SMALL).unwrap();
        let (ids, unknown) = c.phoneme_ids("aʔb");
        assert_eq!(ids, [1, 0, 6, 0, 7, 0, 2]);
        assert_eq!(unknown.into_iter().collect::<String>(), "ʔ");
    }

    #[test]
    fn settings_come_from_the_file_and_missing_inference_uses_piper_defaults() {
        let c = PiperConfig::parse(SMALL).unwrap();
        assert_eq!(c.sample_rate, 16000);
        assert_eq!((c.noise_scale, c.length_scale, c.noise_w), (0.5, 1.2, 0.7));
        assert_eq!(c.phonemes, PhonemeType::Espeak("en-us".into()));
        let bare = SMALL.replace(
            r#""inference": {"noise_scale": 0.5, "length_scale": 1.2, "noise_w": 0.7},"#,
            "",
        );
        let d = PiperConfig::parse(&bare).unwrap();
        assert_eq!(
            (d.noise_scale, d.length_scale, d.noise_w),
            (0.667, 1.0, 0.8)
        );
    }

    #[test]
    fn a_map_without_padding_or_with_ids_beyond_the_symbols_is_rejected() {
        let no_pad = SMALL.replace(r#""_": [0], "#, "");
        assert!(PiperConfig::parse(&no_pad).unwrap_err().contains("'_'"));
        let too_big = SMALL.replace(r#""b": [7]"#, r#""b": [70]"#);
        let err = PiperConfig::parse(&too_big).unwrap_err();
        assert!(err.contains("70") && err.contains("num_symbols"), "{err}");
    }

    #[test]
    fn a_file_that_is_not_a_piper_config_says_what_it_expected() {
        let err = PiperConfig::parse("{\"hello\": 1}").unwrap_err();
        assert!(err.contains("audio"), "{err}");
        let err = PiperConfig::parse(&SMALL.replace("\"espeak\",", "\"pinyin\",")).unwrap_err();
        assert!(err.contains("pinyin"), "{err}");
    }

    #[test]
    fn clauses_are_joined_with_their_punctuation_as_piper_does() {
        let joined = join_clauses(&[
            clause("həlˈoʊ", Some(',')),
            clause("(en)wˈɜːld(en)", Some('.')),
            clause("ɔːl ɹˈaɪt", Some('?')),
        ]);
        assert_eq!(joined, "həlˈoʊ, wˈɜːld. ɔːl ɹˈaɪt?");
        assert_eq!(join_clauses(&[clause("ə", Some(','))]), "ə, ");
        assert_eq!(join_clauses(&[clause("ə", None), clause("b", None)]), "ə b");
    }

    #[test]
    fn speakers_are_picked_by_number_or_name_within_range() {
        let multi = SMALL
            .replace(r#""num_speakers": 1"#, r#""num_speakers": 3"#)
            .replace(
                r#""phoneme_type""#,
                r#""speaker_id_map": {"amy": 2}, "phoneme_type""#,
            );
        let c = PiperConfig::parse(&multi).unwrap();
        assert_eq!(c.speaker_id(None).unwrap(), Some(0));
        assert_eq!(c.speaker_id(Some("1")).unwrap(), Some(1));
        assert_eq!(c.speaker_id(Some("amy")).unwrap(), Some(2));
        assert!(c.speaker_id(Some("3")).is_err());
        assert!(c.speaker_id(Some("bob")).is_err());
        let single = PiperConfig::parse(SMALL).unwrap();
        assert_eq!(single.speaker_id(Some("5")).unwrap(), None);
    }
}
