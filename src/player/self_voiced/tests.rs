//! The speaking loop against a fake engine on a virtual clock.

use std::collections::VecDeque;
use std::time::Duration;

use super::*;
use crate::player::controls::{ScriptedControls, Trigger};
use crate::player::tests::script_of;
use crate::player::NoObserver;

/// Speaks each word in 100 ms of virtual time; can be made to never end or to stay silent.
#[derive(Default)]
struct FakeEngine {
    now: Duration,
    events: VecDeque<(Duration, Heard)>,
    spoken: Vec<String>,
    never_ends: bool,
    silent: bool,
}

impl SelfVoiced for FakeEngine {
    fn speak(&mut self, text: &str, _settings: &VoiceSettings) -> Result<(), SynthError> {
        self.events.clear();
        self.spoken.push(text.to_string());
        if !self.silent {
            self.events.push_back((self.now, Heard::Began));
        }
        if !self.never_ends && !self.silent {
            let len = Duration::from_millis(100) * text.split_whitespace().count() as u32;
            self.events.push_back((self.now + len, Heard::Ended));
        }
        Ok(())
    }

    fn stop(&mut self) -> Result<(), SynthError> {
        // News of a stopped utterance is dropped by the next `speak`.
        self.events.clear();
        Ok(())
    }

    fn wait(&mut self, timeout: Duration) -> Option<Heard> {
        match self.events.front() {
            Some((at, _)) if *at <= self.now + timeout => {
                self.now = self.now.max(*at);
                self.events.pop_front().map(|(_, h)| h)
            }
            _ => {
                self.now += timeout;
                None
            }
        }
    }

    fn clock(&self) -> Duration {
        self.now
    }
}

fn opts() -> PlayOptions {
    PlayOptions {
        tick: Duration::from_millis(20),
        ..PlayOptions::default()
    }
}

fn run(
    engine: &mut FakeEngine,
    script: &Script,
    controls: &mut dyn Controls,
) -> Result<Report, PlayError> {
    let o = opts();
    SelfVoicedRun::new(script, engine, VoiceSettings::default(), &o)
        .main_loop(controls, &mut NoObserver)
}

#[test]
fn every_utterance_is_spoken_in_order_with_begin_before_end() {
    let s = script_of(&[("", &["One two.", "Three."]), ("Next", &["Four five six."])]);
    let mut e = FakeEngine::default();
    let report = run(&mut e, &s, &mut ScriptedControls::default()).unwrap();
    assert_eq!(report.outcome, Outcome::Finished);
    assert_eq!(e.spoken, vec!["One two.", "Three.", "Four five six."]);
    let p = Position::new;
    assert_eq!(
        log_events(&report.speech_log),
        vec![
            (p(0, 0), Heard::Began),
            (p(0, 0), Heard::Ended),
            (p(0, 1), Heard::Began),
            (p(0, 1), Heard::Ended),
            (p(1, 0), Heard::Began),
            (p(1, 0), Heard::Ended),
        ]
    );
}

#[test]
fn next_section_stops_the_utterance_and_speaks_the_next_section() {
    let s = script_of(&[
        ("", &["Lead one two three four.", "Never heard."]),
        ("Next", &["Second part."]),
    ]);
    let mut e = FakeEngine::default();
    let mut controls = ScriptedControls::new(vec![(
        Trigger::At(Position::new(0, 0), Duration::from_millis(150)),
        Command::NextSection,
    )]);
    let report = run(&mut e, &s, &mut controls).unwrap();
    assert_eq!(e.spoken, vec!["Lead one two three four.", "Second part."]);
    assert_eq!(report.skip_latencies.len(), 1);
    assert!(!log_events(&report.speech_log).contains(&(Position::new(0, 0), Heard::Ended)));
}

#[test]
fn pause_then_resume_speaks_the_current_utterance_again_from_its_start() {
    let s = script_of(&[("", &["Alpha bravo charlie delta.", "Echo."])]);
    let mut e = FakeEngine::default();
    let mut controls = ScriptedControls::new(vec![
        (
            Trigger::At(Position::new(0, 0), Duration::from_millis(200)),
            Command::TogglePause,
        ),
        (Trigger::After(Duration::from_secs(2)), Command::TogglePause),
    ]);
    let report = run(&mut e, &s, &mut controls).unwrap();
    assert_eq!(report.outcome, Outcome::Finished);
    assert_eq!(
        e.spoken,
        vec![
            "Alpha bravo charlie delta.",
            "Alpha bravo charlie delta.",
            "Echo."
        ]
    );
}

#[test]
fn a_missing_end_times_out_and_playback_goes_on() {
    let s = script_of(&[("", &["One.", "Two."])]);
    let mut e = FakeEngine {
        never_ends: true,
        ..FakeEngine::default()
    };
    let report = run(&mut e, &s, &mut ScriptedControls::default()).unwrap();
    assert_eq!(report.outcome, Outcome::Finished);
    assert_eq!(e.spoken, vec!["One.", "Two."]);
    assert!(e.now >= timeout_for(Duration::ZERO) * 2);
}

#[test]
fn an_engine_that_reports_nothing_stops_the_run_with_a_hint() {
    let s = script_of(&[("", &["One.", "Two.", "Three."])]);
    let mut e = FakeEngine {
        silent: true,
        ..FakeEngine::default()
    };
    let err = run(&mut e, &s, &mut ScriptedControls::default()).unwrap_err();
    assert!(err.to_string().contains("audio server"), "{err}");
    assert_eq!(e.spoken.len(), 2);
}

#[test]
fn quit_stops_at_the_utterance_being_spoken() {
    let s = script_of(&[("", &["One."]), ("B", &["Two three.", "Four."])]);
    let mut e = FakeEngine::default();
    let mut controls = ScriptedControls::new(vec![(
        Trigger::At(Position::new(1, 0), Duration::from_millis(50)),
        Command::Quit,
    )]);
    let report = run(&mut e, &s, &mut controls).unwrap();
    assert_eq!(report.outcome, Outcome::Quit(Position::new(1, 0)));
}
