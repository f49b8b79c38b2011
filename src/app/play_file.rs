//! `aloud listen FILE.mp3` (and `aloud resume` of one): an audio file played with the same
//! controls as an article, its chapters as sections, its position saved under a hash of its
//! bytes (see [`aloud::player::file`]).

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};

use aloud::player::file::AudioFile;
use aloud::synth::VoiceSettings;

use super::listen::{play_article, PlayVoice, Playback, VoiceSource};
use super::{find_section, source_of};
use crate::cli::{ListenArgs, ResumeArgs};

fn open(path: &Path) -> Result<AudioFile> {
    AudioFile::open(path).context("opening the audio file")
}

/// The file's chapters as the player's voice: no engine, no cache.
fn voice(file: &AudioFile) -> impl FnOnce() -> Result<PlayVoice> {
    let pieces = file.pieces();
    move || {
        Ok(PlayVoice {
            name: "audio file".into(),
            source: VoiceSource::File(pieces),
            settings: VoiceSettings::default(),
            cache: None,
            tip: false,
            slow: false,
        })
    }
}

/// `aloud listen FILE` for an audio file.
pub(super) fn listen_file(path: &Path, args: &ListenArgs, started: Instant) -> Result<ExitCode> {
    let file = open(path)?;
    let section = match &args.section {
        Some(s) => Some(find_section(&file.script, s)?),
        None => None,
    };
    play_article(
        &file.script,
        &source_of(&args.input.input),
        super::Keys {
            key: file.key.clone(),
            legacy: None,
        },
        voice(&file),
        &Playback::of(&args.play),
        section,
        args.from_start,
        started,
    )
}

/// `aloud resume` when the last thing listened to was an audio file.
pub(super) fn resume_file(path: &Path, args: &ResumeArgs, started: Instant) -> Result<ExitCode> {
    let file = open(path)?;
    play_article(
        &file.script,
        &path.to_string_lossy(),
        super::Keys {
            key: file.key.clone(),
            legacy: None,
        },
        voice(&file),
        &Playback::of(&args.play),
        None,
        false,
        started,
    )
}
