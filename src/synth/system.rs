//! The operating system's voices through the `tts` crate (built with the `system-voice`
//! feature): speech-dispatcher on Linux, AVFoundation on macOS, WinRT on Windows.
//!
//! [`SystemSpeaker`] is a [`SelfVoiced`]: it asks the OS to speak one utterance and turns the
//! crate's begin/end/stop callbacks (which arrive on the OS's thread) into [`Heard`] events over
//! a channel, dropping those of utterances it has moved past. [`system_voices`] lists what the
//! OS offers. The OS plays the audio itself and hands back no samples (DESIGN.md §3), so these
//! voices cannot be exported; without an audio server speech-dispatcher never reports an end,
//! which the player handles with a timeout. Not covered: screen readers (Tolk), and reading the
//! current OS voice (speech-dispatcher's backend does not implement it).

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use tts::{Tts, UtteranceId};

use super::self_voiced::{EngineRange, Heard, SelfVoiced};
use super::{SynthError, VoiceSettings};

/// What to tell a user when no speech service answers.
const NO_SERVICE: &str = "no speech service answered (on Linux: install speech-dispatcher and \
                          speech-dispatcher-espeak-ng), or pick another voice with --voice";

/// A voice the OS offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemVoiceInfo {
    /// The name to put in a voice file's `[system] voice`.
    pub name: String,
    /// The engine's identifier (often the same as the name).
    pub id: String,
    /// Its language (BCP 47).
    pub language: String,
}

fn connect() -> Result<Tts, SynthError> {
    Tts::default().map_err(|e| SynthError::Unavailable(format!("{NO_SERVICE} ({e})")))
}

/// The voices the OS offers, sorted by language and name.
pub fn system_voices() -> Result<Vec<SystemVoiceInfo>, SynthError> {
    let tts = connect()?;
    let mut list: Vec<SystemVoiceInfo> = tts
        .voices()
        .map_err(|e| SynthError::Unavailable(format!("the speech service lists no voices: {e}")))?
        .into_iter()
        .map(|v| SystemVoiceInfo {
            name: v.name(),
            id: v.id(),
            language: v.language().to_string(),
        })
        .collect();
    list.sort_by(|a, b| (&a.language, &a.name).cmp(&(&b.language, &b.name)));
    Ok(list)
}

/// An OS voice driven utterance by utterance.
pub struct SystemSpeaker {
    tts: Tts,
    rx: Receiver<(Heard, String)>,
    /// The id (as its `Debug` text, the one form every platform's id has) of the utterance
    /// started last.
    current: Option<String>,
    /// The settings last sent to the engine, so unchanged ones are not sent again.
    applied: Option<VoiceSettings>,
    started: Instant,
}

impl std::fmt::Debug for SystemSpeaker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SystemSpeaker")
            .field("current", &self.current)
            .finish_non_exhaustive()
    }
}

fn forward(tx: &Sender<(Heard, String)>, what: Heard) -> Box<dyn FnMut(UtteranceId)> {
    let tx = tx.clone();
    Box::new(move |id| {
        let _ = tx.send((what, format!("{id:?}")));
    })
}

impl SystemSpeaker {
    /// Connects to the OS speech service and selects `voice` (an OS voice's name or id, case
    /// ignored; `default` or empty keeps the service's default).
    pub fn open(voice: &str) -> Result<SystemSpeaker, SynthError> {
        let mut tts = connect()?;
        let features = tts.supported_features();
        if !features.utterance_callbacks {
            return Err(SynthError::Unavailable(
                "this system's speech service does not report when an utterance ends; \
                 pick another voice with --voice"
                    .into(),
            ));
        }
        let (tx, rx) = mpsc::channel();
        let hooked = tts
            .on_utterance_begin(Some(forward(&tx, Heard::Began)))
            .and_then(|_| tts.on_utterance_end(Some(forward(&tx, Heard::Ended))))
            .and_then(|_| tts.on_utterance_stop(Some(forward(&tx, Heard::Stopped))));
        hooked.map_err(|e| SynthError::Unavailable(format!("{NO_SERVICE} ({e})")))?;
        let wanted = voice.trim();
        if !wanted.is_empty() && !wanted.eq_ignore_ascii_case("default") {
            let voices = tts.voices().map_err(|e| {
                SynthError::Unavailable(format!("the speech service lists no voices: {e}"))
            })?;
            let found = voices.iter().find(|v| {
                v.name().eq_ignore_ascii_case(wanted) || v.id().eq_ignore_ascii_case(wanted)
            });
            let Some(found) = found else {
                return Err(SynthError::Unavailable(format!(
                    "the system has no voice {wanted:?}: `aloud voices --system` lists its voices"
                )));
            };
            tts.set_voice(found)
                .map_err(|e| SynthError::Unavailable(format!("cannot select {wanted:?}: {e}")))?;
        }
        Ok(SystemSpeaker {
            tts,
            rx,
            current: None,
            applied: None,
            started: Instant::now(),
        })
    }

    /// Sends rate, pitch and volume when they differ from what the engine has.
    fn apply(&mut self, settings: &VoiceSettings) {
        if self.applied == Some(*settings) {
            return;
        }
        let f = self.tts.supported_features();
        let t = &mut self.tts;
        // A setting the engine refuses is not worth failing the utterance for: it speaks with
        // its own value instead.
        if f.rate {
            let r = EngineRange {
                min: t.min_rate(),
                normal: t.normal_rate(),
                max: t.max_rate(),
            };
            let _ = t.set_rate(r.rate(settings.rate_wpm as f32));
        }
        if f.pitch {
            let r = EngineRange {
                min: t.min_pitch(),
                normal: t.normal_pitch(),
                max: t.max_pitch(),
            };
            let _ = t.set_pitch(r.pitch(settings.pitch));
        }
        if f.volume {
            let r = EngineRange {
                min: t.min_volume(),
                normal: t.normal_volume(),
                max: t.max_volume(),
            };
            let _ = t.set_volume(r.volume(settings.volume));
        }
        self.applied = Some(*settings);
    }
}

impl SelfVoiced for SystemSpeaker {
    fn speak(&mut self, text: &str, settings: &VoiceSettings) -> Result<(), SynthError> {
        self.apply(settings);
        // Drop the news of earlier utterances before the new one can produce any.
        while self.rx.try_recv().is_ok() {}
        match self.tts.speak(text, true) {
            Ok(id) => {
                self.current = id.map(|id| format!("{id:?}"));
                Ok(())
            }
            Err(e) => Err(SynthError::Engine(format!(
                "the system voice refused to speak: {e}"
            ))),
        }
    }

    fn stop(&mut self) -> Result<(), SynthError> {
        self.tts
            .stop()
            .map(|_| ())
            .map_err(|e| SynthError::Engine(format!("the system voice did not stop: {e}")))
    }

    fn wait(&mut self, timeout: Duration) -> Option<Heard> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok((what, id)) => {
                    // Without an id from `speak` every event counts.
                    if self.current.as_ref().is_none_or(|c| *c == id) {
                        return Some(what);
                    }
                }
                Err(RecvTimeoutError::Timeout) => return None,
                Err(RecvTimeoutError::Disconnected) => {
                    // No callback can come any more: still take the time the caller gave.
                    std::thread::sleep(left);
                    return None;
                }
            }
        }
    }

    fn clock(&self) -> Duration {
        self.started.elapsed()
    }
}

impl Drop for SystemSpeaker {
    fn drop(&mut self) {
        let _ = self.tts.stop();
    }
}
