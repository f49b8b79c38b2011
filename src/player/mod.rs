//! Playing a [`Script`]: section skip, pause, speed and volume, with synthesis running ahead.
//!
//! [`play`] is one loop. It asks the [`prefetch::Prefetcher`] for audio a few utterances ahead
//! of the playhead (and the first utterance of the neighbouring sections, so a skip finds its audio
//! ready), stretches it to the current speed ([`speed`]), queues it on an [`AudioSink`] with the
//! segmenter's pause after each utterance as silence, and keeps the sink one utterance ahead so
//! a section plays without gaps. It learns where the listener is by counting back from what the
//! sink has not played yet, moves a [`cursor::Cursor`] accordingly, and answers [`Command`]s from
//! a [`Controls`] source (keys in a terminal, a script in tests), moving where [`navigate`] says. What the listener should see
//! or what should be saved is pushed to an [`Observer`] as [`PlayerEvent`]s; drawing the status
//! line and reading keys (the program's terminal side) and saving positions (`crate::resume`)
//! live elsewhere; [`controls`] has the sources of commands that need no terminal. A synthesis error that is not fatal skips its utterance with a warning; a fatal one
//! stops the run.
//!
//! Voices that play their own audio (the OS voices, [`crate::synth::self_voiced`]) cannot be queued
//! on a sink: [`play_with`] takes a [`Backend`] that is either PCM (prefetcher and sink, the loop
//! above, in `pcm`) or a self-voiced engine, driven utterance by utterance by [`self_voiced`]
//! with the same cursor, navigation, commands, view and events.

use std::time::{Duration, Instant};

use crate::segment::Script;
use crate::synth::self_voiced::{Heard, SelfVoiced};
use crate::synth::{SynthError, VoiceSettings};

pub mod controls;
pub mod cursor;
pub mod file;
pub mod navigate;
mod pcm;
pub mod prefetch;
pub mod ring;
#[cfg(feature = "playback")]
pub mod rodio_sink;
pub mod self_voiced;
pub mod sink;
pub mod source;
pub mod speed;
mod timeline;

use cursor::Position;
use prefetch::Prefetcher;
use sink::AudioSink;

/// Silence queued before the first utterance, in milliseconds (rodio's first frames after an
/// empty queue are not resampled and would cut the start of the first word).
pub const LEAD_MILLIS: u32 = 50;

/// "Previous section" restarts the current section when more than this far into it.
pub const RESTART_SECTION_AFTER: Duration = Duration::from_secs(3);

/// What a listener can ask the player to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Pause, or resume when paused.
    TogglePause,
    /// Skip to the next utterance.
    NextUtterance,
    /// Go back to the previous utterance.
    PreviousUtterance,
    /// Skip to the start of the next section (in the last section: end the article).
    NextSection,
    /// Go back to the start of the previous section, or of this one when well into it.
    PreviousSection,
    /// Go to the start of section `n` (from 0).
    JumpToSection(usize),
    /// Go to this utterance (a click or a search in the reader view); ignored when it does not
    /// exist.
    JumpTo(Position),
    /// Go to the very beginning.
    FromStart,
    /// Speak faster by one step.
    Faster,
    /// Speak slower by one step.
    Slower,
    /// Louder by one step.
    Louder,
    /// Quieter by one step.
    Quieter,
    /// Silence the voice, or give it back its volume.
    ToggleMute,
    /// Show the outline.
    Outline,
    /// Show the keys.
    Help,
    /// Stop and remember the position.
    Quit,
    /// Stopped by a signal (Ctrl-C, SIGTERM); like `Quit`.
    Interrupt,
}

/// A command and when it was given (for the skip-latency figure).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Request {
    /// What to do.
    pub command: Command,
    /// When the key was read.
    pub at: Instant,
}

impl Request {
    /// `command`, given now.
    pub fn now(command: Command) -> Request {
        Request {
            command,
            at: Instant::now(),
        }
    }
}

/// Where commands come from. Polled between sink waits; must not block.
pub trait Controls {
    /// The next command, if one is waiting.
    fn poll(&mut self, view: &View) -> Option<Request>;
}

/// No commands ever: play through.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoControls;

impl Controls for NoControls {
    fn poll(&mut self, _view: &View) -> Option<Request> {
        None
    }
}

/// The player's state as a listener would describe it.
#[derive(Debug, Clone, PartialEq)]
pub struct View {
    /// The utterance being heard.
    pub position: Position,
    /// How far into that utterance's speech (at the current speed).
    pub offset: Duration,
    /// How much of the utterance's speech has been heard, 0 to 1, measured on its audio
    /// (`None` for voices that speak by themselves: only the estimate is known).
    pub spoken_fraction: Option<f32>,
    /// The word being heard, as an index into the utterance's spoken words (split at
    /// whitespace), when the voice reported where its words start (libespeak-ng does).
    pub spoken_word: Option<usize>,
    /// Estimated time since the section started.
    pub section_elapsed: Duration,
    /// Whether playback is paused.
    pub paused: bool,
    /// Whether the output ran out of audio and waits for the voice (synthesis is behind).
    pub buffering: bool,
    /// Tempo factor.
    pub speed: f32,
    /// Volume factor.
    pub volume: f32,
    /// Estimated time left in the section, at the current speed.
    pub section_left: Duration,
    /// Estimated time left in the article, at the current speed.
    pub article_left: Duration,
    /// The sink's clock.
    pub clock: Duration,
}

/// What an [`Observer`] is told.
#[derive(Debug, Clone, PartialEq)]
pub enum PlayerEvent {
    /// Section `n` (from 0) started to be heard.
    SectionStarted(usize),
    /// The utterance at this position started to be heard (an utterance boundary).
    UtteranceStarted(Position),
    /// Playback paused.
    Paused,
    /// Playback resumed.
    Resumed,
    /// The speed changed to this factor.
    Speed(f32),
    /// The volume changed to this factor.
    Volume(f32),
    /// An utterance was skipped because the voice could not say it.
    Warning(String),
    /// The listener asked for the outline.
    ShowOutline,
    /// The listener asked for the keys.
    ShowHelp,
    /// Time passed (about five times a second): redraw a status line.
    Tick,
}

/// Receives what happens during playback (status line, saving positions).
pub trait Observer {
    /// Called for every event, with the state after it.
    fn on(&mut self, event: &PlayerEvent, view: &View);
}

/// An observer that ignores everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoObserver;

impl Observer for NoObserver {
    fn on(&mut self, _event: &PlayerEvent, _view: &View) {}
}

/// Both observers, in order.
impl<A: Observer, B: Observer> Observer for (A, B) {
    fn on(&mut self, event: &PlayerEvent, view: &View) {
        self.0.on(event, view);
        self.1.on(event, view);
    }
}

impl<O: Observer + ?Sized> Observer for &mut O {
    fn on(&mut self, event: &PlayerEvent, view: &View) {
        (**self).on(event, view);
    }
}

/// How to play.
#[derive(Debug, Clone)]
pub struct PlayOptions {
    /// Where to start.
    pub start: Position,
    /// The length of each kind of pause (the same as in an export).
    pub pauses: crate::segment::PauseLengths,
    /// Tempo factor, 0.5–3.
    pub speed: f32,
    /// Volume factor, 0–2.
    pub volume: f32,
    /// How many utterances past the next one to synthesize ahead, at most.
    pub lookahead: usize,
    /// How much audio to have synthesized ahead, in seconds (estimated): the utterances ahead
    /// are at least the next two and at most `lookahead`, and stop once they reach this. A slow
    /// voice wants more, so that a long sentence never catches the output up.
    pub lookahead_secs: f64,
    /// How long the loop sleeps between looks at the sink and the controls.
    pub tick: Duration,
    /// Words per minute of the voice, for time-left estimates and the length of pauses.
    pub estimate_wpm: u32,
}

impl Default for PlayOptions {
    fn default() -> Self {
        PlayOptions {
            start: Position::default(),
            pauses: crate::segment::PauseLengths::default(),
            speed: 1.0,
            volume: 1.0,
            lookahead: 3,
            lookahead_secs: f64::INFINITY,
            tick: Duration::from_millis(5),
            estimate_wpm: 175,
        }
    }
}

/// How playback ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The whole article was heard (or skipped to its end).
    Finished,
    /// The listener quit while this utterance was playing.
    Quit(Position),
    /// A signal stopped playback while this utterance was playing.
    Interrupted(Position),
}

/// What a run did, for the caller and the `--timings` figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// How it ended.
    pub outcome: Outcome,
    /// When the first speech sample was handed to the sink.
    pub first_sample: Option<Instant>,
    /// For each skip, the time from the command to the new position's first sample on the sink.
    pub skip_latencies: Vec<Duration>,
    /// Times a real-time output ran out of audio after the first sample (not counting the
    /// wait after a skip): the voice could not keep up.
    pub underruns: usize,
    /// How long those gaps lasted in all.
    pub starved: Duration,
    /// Each gap: the utterance the output waited for, and how long.
    pub gaps: Vec<(Position, Duration)>,
    /// Utterances skipped because the voice failed on them.
    pub skipped: usize,
    /// The final speed (the listener may have changed it).
    pub speed: f32,
    /// For a speaking engine: its events in the order they arrived, with the utterance and
    /// when (empty for PCM voices).
    pub speech_log: SpeechLog,
}

/// A speaking engine's events: utterance, event, arrival.
pub type SpeechLog = Vec<(Position, Heard, Instant)>;

/// How a run makes sound. The player owns it for the run; the output closes when it ends.
pub enum Backend {
    /// A voice or file that gives PCM: prepared ahead by `prefetch`, queued on `sink`.
    Pcm {
        /// Audio ahead of the playhead.
        prefetch: Prefetcher,
        /// Where the audio goes.
        sink: Box<dyn AudioSink>,
    },
    /// A voice that speaks by itself, one utterance at a time.
    SelfVoiced {
        /// The engine.
        engine: Box<dyn SelfVoiced>,
        /// The voice's settings (the run's speed and volume are applied on top).
        settings: VoiceSettings,
    },
}

impl std::fmt::Debug for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Backend::Pcm { .. } => "Backend::Pcm",
            Backend::SelfVoiced { .. } => "Backend::SelfVoiced",
        })
    }
}

/// Plays `script` through `backend` from `opts.start` until the end, a quit or a fatal voice
/// error.
pub fn play_with(
    script: &Script,
    backend: Backend,
    controls: &mut dyn Controls,
    observer: &mut dyn Observer,
    opts: &PlayOptions,
) -> Result<Report, PlayError> {
    match backend {
        Backend::Pcm { prefetch, mut sink } => {
            play(script, prefetch, sink.as_mut(), controls, observer, opts)
        }
        Backend::SelfVoiced {
            mut engine,
            settings,
        } => self_voiced::SelfVoicedRun::new(script, engine.as_mut(), settings, opts)
            .main_loop(controls, observer),
    }
}

/// Why playback stopped early.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PlayError {
    /// The voice cannot speak any more.
    #[error("the voice stopped working: {0} (try another voice with --voice)")]
    Voice(SynthError),
}

/// Plays `script` on `sink` from `opts.start`, with synthesis from `prefetch`, until the end, a
/// quit or a fatal voice error.
pub fn play(
    script: &Script,
    prefetch: Prefetcher,
    sink: &mut dyn AudioSink,
    controls: &mut dyn Controls,
    observer: &mut dyn Observer,
    opts: &PlayOptions,
) -> Result<Report, PlayError> {
    let mut run = pcm::Run::new(script, prefetch, sink, opts);
    run.main_loop(controls, observer)
}

#[cfg(test)]
pub(crate) mod tests {
    use crate::segment::{Pause, Script, ScriptSection, Utterance, UtteranceKind};

    /// A script from `(heading, utterances)` pairs; an empty heading is the lead.
    pub(crate) fn script_of(sections: &[(&str, &[&str])]) -> Script {
        Script {
            title: Some("Test".into()),
            byline: None,
            sections: sections
                .iter()
                .map(|(h, us)| ScriptSection {
                    title: (!h.is_empty()).then(|| h.to_string()),
                    utterances: us
                        .iter()
                        .map(|t| Utterance {
                            text: t.to_string(),
                            spoken: t.to_string(),
                            kind: UtteranceKind::Sentence,
                            pause: Pause::Sentence,
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}
