//! What both playback loops ([`super::pcm`] for PCM voices, [`super::self_voiced`] for voices that
//! speak by themselves) estimate and step in the same way: how long each utterance and its pause
//! should last, the [`View`] built from the playhead, the speed and volume steps of the keys, and
//! a fresh [`Report`]. Estimates come from the word count at the voice's rate; the loops supply
//! the playhead (how far into the current utterance the listener is), which each measures its own
//! way. Nothing here touches a sink or an engine.

use std::time::Duration;

use super::cursor::Position;
use super::{speed, Outcome, Report, View};
use crate::segment::Script;

/// Per-utterance estimates, in seconds at normal speed.
#[derive(Debug, Clone)]
pub(super) struct Timeline {
    speech: Vec<Vec<f64>>,
    pauses: Vec<Vec<f64>>,
    /// Per section, the length of all the sections after it (the view is made every few ms).
    after: Vec<f64>,
}

/// The moment a [`View`] describes, as a playback loop knows it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Playhead {
    pub position: Position,
    /// Time into the current utterance, at the current speed.
    pub offset: Duration,
    /// See [`View::spoken_fraction`].
    pub fraction: Option<f32>,
    /// See [`View::spoken_word`].
    pub word: Option<usize>,
    pub paused: bool,
    pub speed: f32,
    pub volume: f32,
    /// The output's (or engine's) clock.
    pub clock: Duration,
}

impl Timeline {
    /// Estimates for `script` read at `wpm` words per minute, or, when `durations` gives each
    /// utterance's length with its pause, those lengths (the pause counted as it is set).
    pub(super) fn new(script: &Script, wpm: u32, durations: Option<&[Vec<f64>]>) -> Timeline {
        let per = |f: &dyn Fn(&crate::segment::Utterance) -> f64| -> Vec<Vec<f64>> {
            script
                .sections
                .iter()
                .map(|s| s.utterances.iter().map(f).collect())
                .collect()
        };
        let pauses = per(&|u| u.estimate(wpm).1);
        let speech = match durations {
            Some(known) => pauses
                .iter()
                .enumerate()
                .map(|(s, section)| {
                    section
                        .iter()
                        .enumerate()
                        .map(|(i, pause)| {
                            let whole = known.get(s).and_then(|d| d.get(i)).copied();
                            (whole.unwrap_or(0.0) - pause).max(0.0)
                        })
                        .collect()
                })
                .collect(),
            None => per(&|u| u.estimate(wpm).0),
        };
        let mut t = Timeline {
            speech,
            pauses,
            after: Vec::new(),
        };
        let mut rest = 0.0;
        t.after = (0..t.speech.len())
            .rev()
            .map(|s| {
                let after = rest;
                rest += t.section_sum(s, 0..usize::MAX);
                after
            })
            .collect();
        t.after.reverse();
        t
    }

    fn at(table: &[Vec<f64>], pos: Position) -> f64 {
        table
            .get(pos.section)
            .and_then(|s| s.get(pos.utterance))
            .copied()
            .unwrap_or(0.0)
    }

    /// The speech of `pos`, without its pause.
    pub(super) fn speech(&self, pos: Position) -> f64 {
        Self::at(&self.speech, pos)
    }

    /// The pause after `pos`.
    pub(super) fn pause(&self, pos: Position) -> f64 {
        Self::at(&self.pauses, pos)
    }

    /// The speech of `pos` and its pause.
    pub(super) fn whole(&self, pos: Position) -> f64 {
        self.speech(pos) + self.pause(pos)
    }

    fn section_sum(&self, section: usize, range: std::ops::Range<usize>) -> f64 {
        let (Some(speech), Some(pauses)) = (self.speech.get(section), self.pauses.get(section))
        else {
            return 0.0;
        };
        let end = range.end.min(speech.len());
        let start = range.start.min(end);
        speech[start..end].iter().sum::<f64>() + pauses[start..end].iter().sum::<f64>()
    }

    /// Time since the start of the playhead's section, at its speed.
    pub(super) fn section_elapsed(&self, p: &Playhead) -> Duration {
        let before = self.section_sum(p.position.section, 0..p.position.utterance);
        Duration::from_secs_f64((before / p.speed as f64).max(0.0)) + p.offset
    }

    /// The status the observers see at `p`.
    pub(super) fn view(&self, p: &Playhead) -> View {
        let pos = p.position;
        let speed = p.speed as f64;
        let current_left = (self.whole(pos) / speed - p.offset.as_secs_f64()).max(0.0);
        let section_rest = self.section_sum(pos.section, pos.utterance + 1..usize::MAX);
        let later = self.after.get(pos.section).copied().unwrap_or(0.0);
        let section_left = current_left + section_rest / speed;
        View {
            position: pos,
            offset: p.offset,
            spoken_fraction: p.fraction,
            spoken_word: p.word,
            section_elapsed: self.section_elapsed(p),
            paused: p.paused,
            buffering: false,
            speed: p.speed,
            volume: p.volume,
            section_left: Duration::from_secs_f64(section_left),
            article_left: Duration::from_secs_f64(section_left + later / speed),
            clock: p.clock,
        }
    }
}

/// The speed after one press of the faster (`up`) or slower key.
pub(super) fn step_speed(speed: f32, up: bool) -> f32 {
    let step = if up {
        speed::SPEED_STEP
    } else {
        -speed::SPEED_STEP
    };
    speed::clamp_speed(speed + step)
}

/// The volume after one press of the louder (`up`) or quieter key: tenths, from 0 to 2.
pub(super) fn step_volume(volume: f32, up: bool) -> f32 {
    let step = if up { 0.1 } else { -0.1 };
    (((volume + step) * 10.0).round() / 10.0).clamp(0.0, 2.0)
}

/// The volume and the listener's volume put aside by the mute key (`muted`), so that pressing
/// it again gives the voice back its volume; the volume keys unmute from silence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Loudness {
    pub volume: f32,
    muted: Option<f32>,
}

impl Loudness {
    pub(super) fn new(volume: f32) -> Loudness {
        Loudness {
            volume: volume.clamp(0.0, 2.0),
            muted: None,
        }
    }

    /// One press of the louder (`up`) or quieter key.
    pub(super) fn step(&mut self, up: bool) {
        self.muted = None;
        self.volume = step_volume(self.volume, up);
    }

    /// One press of the mute key.
    pub(super) fn toggle_mute(&mut self) {
        match self.muted.take() {
            Some(before) => self.volume = before,
            None => {
                self.muted = Some(self.volume);
                self.volume = 0.0;
            }
        }
    }
}

impl Report {
    /// The report of a run that has not done anything yet, at `speed`.
    pub(super) fn new(speed: f32) -> Report {
        Report {
            outcome: Outcome::Finished,
            first_sample: None,
            skip_latencies: Vec::new(),
            underruns: 0,
            starved: Duration::ZERO,
            gaps: Vec::new(),
            skipped: 0,
            speed,
            speech_log: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::player::tests::script_of;

    fn head(section: usize, utterance: usize, offset: f64, speed: f32) -> Playhead {
        Playhead {
            position: Position::new(section, utterance),
            offset: Duration::from_secs_f64(offset),
            fraction: None,
            word: None,
            paused: false,
            speed,
            volume: 1.0,
            clock: Duration::ZERO,
        }
    }

    #[test]
    fn times_left_and_elapsed_add_up_to_the_estimates() {
        let script = script_of(&[
            ("", &["one two three", "four five six"]),
            ("Next", &["seven eight nine"]),
        ]);
        // 60 words per minute: one second per word.
        let t = Timeline::new(&script, 60, None);
        let first = Position::new(0, 0);
        assert_eq!(t.speech(first), 3.0);
        let whole: f64 = [first, Position::new(0, 1), Position::new(1, 0)]
            .iter()
            .map(|p| t.whole(*p))
            .sum();
        let start = t.view(&head(0, 0, 0.0, 1.0));
        assert!((start.article_left.as_secs_f64() - whole).abs() < 1e-9);
        // One second into the second utterance: the first and its pause are behind.
        let v = t.view(&head(0, 1, 1.0, 1.0));
        let behind = t.whole(first) + 1.0;
        assert!((v.section_elapsed.as_secs_f64() - behind).abs() < 1e-9);
        assert!((v.article_left.as_secs_f64() - (whole - behind)).abs() < 1e-9);
        // Twice as fast: what is left takes half the time.
        let fast = t.view(&head(0, 0, 0.0, 2.0));
        assert!((fast.article_left.as_secs_f64() - whole / 2.0).abs() < 1e-9);
    }

    #[test]
    fn mute_silences_and_a_second_press_gives_the_volume_back() {
        let mut l = Loudness::new(0.8);
        l.toggle_mute();
        assert_eq!(l.volume, 0.0);
        l.toggle_mute();
        assert_eq!(l.volume, 0.8);
        // Louder while muted: up from silence, and the next mute starts afresh.
        l.toggle_mute();
        l.step(true);
        assert!((l.volume - 0.1).abs() < 1e-6);
        l.toggle_mute();
        assert_eq!(l.volume, 0.0);
        l.toggle_mute();
        assert!((l.volume - 0.1).abs() < 1e-6);
    }

    #[test]
    fn known_durations_replace_the_word_estimates() {
        let script = script_of(&[("", &["one", "two"]), ("Next", &["three"])]);
        let known = vec![vec![30.0, 12.5], vec![4.0]];
        let t = Timeline::new(&script, 175, Some(&known));
        assert!((t.whole(Position::new(0, 0)) - 30.0).abs() < 1e-9);
        let v = t.view(&head(0, 1, 2.5, 1.0));
        assert!((v.section_elapsed.as_secs_f64() - 32.5).abs() < 1e-9);
        assert!((v.article_left.as_secs_f64() - (10.0 + 4.0)).abs() < 1e-9);
    }

    #[test]
    fn key_steps_stay_within_their_ranges() {
        assert_eq!(step_volume(1.0, true), 1.1);
        assert_eq!(step_volume(2.0, true), 2.0);
        assert_eq!(step_volume(0.05, false), 0.0);
        assert!(step_speed(1.0, true) > 1.0);
        let mut s = 1.0;
        for _ in 0..100 {
            s = step_speed(s, false);
        }
        assert_eq!(s, speed::clamp_speed(0.0));
    }
}
