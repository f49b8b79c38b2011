//! The English voices of Kokoro v1.0: name, language, gender and a line about each. The quality
//! grades are the ones Kokoro's authors published with the voices (A best, F worst), from how
//! much and how clean the training audio was.

/// Whether a voice sounds female or male.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    /// A female voice.
    Female,
    /// A male voice.
    Male,
}

impl Gender {
    /// `female` or `male`.
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Female => "female",
            Gender::Male => "male",
        }
    }
}

/// One Kokoro voice as shipped in the voice pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownVoice {
    /// The name in the voice pack (`af_heart`).
    pub name: &'static str,
    /// A word or two about how it sounds.
    pub note: &'static str,
    /// The authors' quality grade.
    pub grade: &'static str,
}

/// The voice chosen when Kokoro is installed and no voice is configured.
pub const DEFAULT: &str = "af_heart";

/// Every English voice of the pack, best first within each group.
pub const ENGLISH: &[KnownVoice] = &[
    v("af_heart", "warm, clear", "A"),
    v("af_bella", "bright, lively", "A-"),
    v("af_nicole", "soft, close to the microphone", "B-"),
    v("af_aoede", "even", "C+"),
    v("af_kore", "calm", "C+"),
    v("af_sarah", "light", "C+"),
    v("af_alloy", "plain", "C"),
    v("af_nova", "crisp", "C"),
    v("af_sky", "airy", "C-"),
    v("af_jessica", "casual", "D"),
    v("af_river", "low", "D"),
    v("am_fenrir", "deep", "C+"),
    v("am_michael", "steady", "C+"),
    v("am_puck", "lively", "C+"),
    v("am_echo", "plain", "D"),
    v("am_eric", "firm", "D"),
    v("am_liam", "young", "D"),
    v("am_onyx", "dark", "D"),
    v("am_santa", "jolly", "D-"),
    v("am_adam", "rough", "F+"),
    v("bf_emma", "clear, measured", "B-"),
    v("bf_isabella", "warm", "C"),
    v("bf_alice", "light", "D"),
    v("bf_lily", "soft", "D"),
    v("bm_george", "deep, formal", "C"),
    v("bm_fable", "storyteller", "C"),
    v("bm_lewis", "low", "D+"),
    v("bm_daniel", "plain", "D"),
];

const fn v(name: &'static str, note: &'static str, grade: &'static str) -> KnownVoice {
    KnownVoice { name, note, grade }
}

/// The language of a voice from its name's first letter: `a` American, `b` British English.
pub fn language_of(name: &str) -> Option<&'static str> {
    match name.as_bytes().first() {
        Some(b'a') => Some("en-US"),
        Some(b'b') => Some("en-GB"),
        _ => None,
    }
}

/// The espeak-ng voice that phonemizes for a language (`en-GB` → `en-gb`, else `en-us`).
pub fn espeak_voice(language: &str) -> &'static str {
    if language.eq_ignore_ascii_case("en-GB") {
        "en-gb"
    } else {
        "en-us"
    }
}

/// The gender of a voice from its name's second letter (`f`/`m`).
pub fn gender_of(name: &str) -> Option<Gender> {
    match name.as_bytes().get(1) {
        Some(b'f') => Some(Gender::Female),
        Some(b'm') => Some(Gender::Male),
        _ => None,
    }
}

/// Whether `name` is an English voice of the pack (`af_`, `am_`, `bf_`, `bm_`).
pub fn is_english(name: &str) -> bool {
    language_of(name).is_some() && gender_of(name).is_some() && name.get(2..3) == Some("_")
}

/// The one-line description `aloud voices` shows.
pub fn describe(name: &str) -> String {
    let accent = match language_of(name) {
        Some("en-GB") => "British",
        _ => "American",
    };
    let gender = gender_of(name).map_or("", Gender::as_str);
    match ENGLISH.iter().find(|k| k.name == name) {
        Some(k) => format!(
            "Kokoro neural voice, {accent} English, {gender}, {} (grade {})",
            k.note, k.grade
        ),
        None => format!("Kokoro neural voice, {accent} English, {gender}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_give_language_and_gender() {
        assert_eq!(language_of("bf_emma"), Some("en-GB"));
        assert_eq!(gender_of("am_michael"), Some(Gender::Male));
        assert!(is_english("af_heart"));
        assert!(!is_english("jf_alpha"));
        assert!(!is_english("a"));
        assert_eq!(espeak_voice("en-GB"), "en-gb");
        assert_eq!(ENGLISH.len(), 28);
        assert!(ENGLISH.iter().all(|k| is_english(k.name)));
        assert!(describe("af_heart").contains("American English, female"));
    }
}
