//! `aloud listen FILE.mp3` (and `aloud resume` of one): an audio file played with the same
//! controls as an article, its chapters as sections, its position saved under a hash of its
//! bytes (see [`aloud::player::file`]).

use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};

use aloud::player::file::AudioFile;
use aloud::synth::VoiceSettings;

use super::find_section;
use super::listen::{play_article, Ended, PlayVoice, Playback, VoiceSource};

/// The file's chapters as the player's voice: no engine, no cache.
fn voice(file: &AudioFile) -> impl FnOnce() -> Result<PlayVoice> {
    let pieces = file.pieces();
    move || {
        Ok(PlayVoice {
            name: "audio file".into(),
            source: VoiceSource::File(Box::new(pieces)),
            settings: VoiceSettings::default(),
            cache: None,
            tip: false,
            slow: false,
        })
    }
}

/// Plays the audio file at `path` (saved in the history as `source`) from `section` (a number or
/// heading words), from its start, or from its saved position.
pub(super) fn play_file(
    path: &Path,
    source: &str,
    play: &Playback,
    section: Option<&str>,
    from_start: bool,
    started: Instant,
) -> Result<Ended> {
    let file = AudioFile::open(path).context("opening the audio file")?;
    if let Some(w) = &file.chapter_warning {
        eprintln!("aloud: warning: {w}");
    }
    let section = match section {
        Some(s) => Some(find_section(&file.script, s)?),
        None => None,
    };
    play_article(
        &file.script,
        source,
        super::Keys {
            key: file.key.clone(),
            legacy: None,
        },
        voice(&file),
        play,
        section,
        from_start,
        started,
    )
}
