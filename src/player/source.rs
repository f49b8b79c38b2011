//! Where the player's audio comes from, keyed by position: a [`Source`] gives the audio of an
//! utterance of the script, in any order the player asks. [`Spoken`] synthesizes the script's
//! utterances with a voice; an audio file's pieces are another source
//! ([`super::file::FilePieces`]). Sources that know each utterance's exact length in advance
//! (a file) say so, and the player's times use those lengths instead of estimates.

use crate::audio::Audio;
use crate::segment::Script;
use crate::synth::{SynthError, Synthesizer, VoiceSettings};

use super::cursor::Position;

/// The audio of each position of a script.
///
/// # Protocol
/// - [`Source::audio`] returns a position's audio without the pause after it, at
///   [`Source::sample_rate`]; a position the script does not have gives empty audio.
/// - Errors follow [`SynthError`]'s rules: not fatal means skip this utterance.
/// - A source runs on the prefetcher's worker thread, hence `Send`.
pub trait Source: Send {
    /// The sample rate of every [`Audio`] returned.
    fn sample_rate(&self) -> u32;

    /// The audio of `pos`.
    fn audio(&mut self, pos: Position) -> Result<Audio, SynthError>;

    /// Each position's length with its pause, in seconds, per section, when the source knows it
    /// in advance; `None` lets the player estimate from the words.
    fn durations(&self) -> Option<Vec<Vec<f64>>> {
        None
    }
}

/// A script's utterances spoken by a synthesizer.
pub struct Spoken {
    synth: Box<dyn Synthesizer>,
    spoken: Vec<Vec<String>>,
    settings: VoiceSettings,
}

impl std::fmt::Debug for Spoken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Spoken")
            .field("sections", &self.spoken.len())
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl Spoken {
    /// `script`'s spoken forms, said by `synth` with `settings`.
    pub fn new(script: &Script, synth: Box<dyn Synthesizer>, settings: VoiceSettings) -> Spoken {
        Spoken {
            synth,
            spoken: script
                .sections
                .iter()
                .map(|s| s.utterances.iter().map(|u| u.spoken.clone()).collect())
                .collect(),
            settings,
        }
    }
}

impl Source for Spoken {
    fn sample_rate(&self) -> u32 {
        self.synth.sample_rate()
    }

    fn audio(&mut self, pos: Position) -> Result<Audio, SynthError> {
        let text = self
            .spoken
            .get(pos.section)
            .and_then(|s| s.get(pos.utterance))
            .map(String::as_str)
            .unwrap_or("");
        self.synth.synthesize(text, &self.settings)
    }
}
