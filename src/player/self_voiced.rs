//! The playback loop for voices that speak by themselves ([`SelfVoiced`], the OS voices):
//! the other half of [`super::Backend`].
//!
//! There is no audio to queue, so the loop runs one utterance at a time: speak it, wait for the
//! engine's end event (at most [`timeout_for`] — without an audio server speech-dispatcher never
//! reports one), wait the segmenter's pause on the engine's clock, then the next. Pause stops the
//! engine and, on resume, speaks the current utterance again from its start. Skips stop the
//! engine and speak the new position at once. Speed and volume changes (mute too) apply from the next
//! utterance (the engine cannot change an utterance it is speaking). The cursor, the commands'
//! meaning, the [`View`] and the [`PlayerEvent`]s are the same as for PCM voices, so the status
//! line and saved positions work unchanged. Nothing here draws, reads keys or saves.

use std::time::{Duration, Instant};

use super::cursor::{Cursor, Position};
use super::navigate::{navigate, Move};
use super::timeline::{step_speed, Loudness, Playhead, Timeline};
use super::{
    speed, Command, Controls, Observer, Outcome, PlayError, PlayOptions, PlayerEvent, Report,
    Request, SpeechLog, View,
};
use crate::segment::Script;
use crate::synth::self_voiced::{Heard, SelfVoiced};
use crate::synth::{SynthError, VoiceSettings};

/// How long to wait for the end of an utterance estimated to last `estimate`: three times the
/// estimate plus five seconds (the first utterance also waits for the engine to start).
pub fn timeout_for(estimate: Duration) -> Duration {
    estimate * 3 + Duration::from_secs(5)
}

/// After this many utterances in a row with no event at all, the engine is taken to be dead.
const SILENT_LIMIT: usize = 2;

#[derive(Debug, Clone, Copy, PartialEq)]
enum State {
    /// Speaking `pos` since `since` (engine clock).
    Speaking {
        pos: Position,
        since: Duration,
        heard_any: bool,
    },
    /// The pause after `pos`, until `until`.
    Gap { pos: Position, until: Duration },
    /// Paused at `pos` (spoken again from its start on resume).
    Paused(Position),
}

/// One run with a speaking engine.
pub(super) struct SelfVoicedRun<'a> {
    script: &'a Script,
    engine: &'a mut dyn SelfVoiced,
    settings: VoiceSettings,
    opts: &'a PlayOptions,
    cursor: Cursor,
    state: State,
    announced: Option<Position>,
    /// Estimated length of each utterance and its pause.
    timeline: Timeline,
    speed: f32,
    loudness: Loudness,
    silent_in_a_row: usize,
    last_tick: Duration,
    report: Report,
}

impl<'a> SelfVoicedRun<'a> {
    pub(super) fn new(
        script: &'a Script,
        engine: &'a mut dyn SelfVoiced,
        settings: VoiceSettings,
        opts: &'a PlayOptions,
    ) -> SelfVoicedRun<'a> {
        let mut cursor = Cursor::of(script);
        cursor.set(opts.start);
        let timeline = Timeline::new(script, opts.estimate_wpm, None);
        let speed = speed::clamp_speed(opts.speed);
        SelfVoicedRun {
            script,
            engine,
            settings,
            opts,
            state: State::Paused(cursor.position()),
            cursor,
            announced: None,
            timeline,
            speed,
            loudness: Loudness::new(opts.volume),
            silent_in_a_row: 0,
            last_tick: Duration::ZERO,
            report: Report::new(speed),
        }
    }

    pub(super) fn main_loop(
        &mut self,
        controls: &mut dyn Controls,
        observer: &mut dyn Observer,
    ) -> Result<Report, PlayError> {
        let first = self.cursor.position();
        if !self.cursor.is_valid(first) {
            return Ok(self.report.clone());
        }
        self.start(first, None, observer)?;
        loop {
            if let Some(req) = controls.poll(&self.view()) {
                if let Some(outcome) = self.handle(req, observer)? {
                    self.report.outcome = outcome;
                    break;
                }
                continue;
            }
            let tick = self.opts.tick.max(Duration::from_millis(1));
            match self.state {
                State::Speaking {
                    pos,
                    since,
                    heard_any,
                } => {
                    let event = self.engine.wait(tick);
                    if let Some(what) = event {
                        self.report.speech_log.push((pos, what, Instant::now()));
                        self.silent_in_a_row = 0;
                    }
                    let clock = self.engine.clock();
                    match event {
                        Some(Heard::Began) => {
                            self.state = State::Speaking {
                                pos,
                                since,
                                heard_any: true,
                            };
                        }
                        Some(Heard::Ended) | Some(Heard::Stopped) => self.gap_after(pos, clock),
                        None if clock.saturating_sub(since) > timeout_for(self.estimate(pos)) => {
                            if !heard_any {
                                self.silent_in_a_row += 1;
                                if self.silent_in_a_row >= SILENT_LIMIT {
                                    let _ = self.engine.stop();
                                    return Err(PlayError::Voice(SynthError::Unavailable(
                                        "the system voice reported nothing for two utterances: \
                                         is an audio server (PulseAudio, PipeWire) running?"
                                            .into(),
                                    )));
                                }
                            }
                            let _ = self.engine.stop();
                            observer.on(
                                &PlayerEvent::Warning(format!(
                                    "the system voice did not say when it finished \
                                     §{}.{}; going on",
                                    pos.section + 1,
                                    pos.utterance + 1
                                )),
                                &self.view(),
                            );
                            self.gap_after(pos, clock);
                        }
                        None => {}
                    }
                }
                State::Gap { pos, until } => {
                    let clock = self.engine.clock();
                    if clock >= until {
                        match self.cursor.after(pos) {
                            Some(next) => self.start(next, None, observer)?,
                            None => {
                                self.report.outcome = Outcome::Finished;
                                break;
                            }
                        }
                    } else {
                        // Late news of the utterance just heard is of no use any more.
                        let _ = self.engine.wait((until - clock).min(tick));
                    }
                }
                State::Paused(_) => {
                    let _ = self.engine.wait(tick);
                }
            }
            let clock = self.engine.clock();
            if clock.saturating_sub(self.last_tick) >= Duration::from_millis(200) {
                self.last_tick = clock;
                observer.on(&PlayerEvent::Tick, &self.view());
            }
        }
        self.report.speed = self.speed;
        Ok(self.report.clone())
    }

    /// Announces `pos` and speaks it (blank utterances are not sent: their pause follows).
    fn start(
        &mut self,
        pos: Position,
        asked_at: Option<Instant>,
        observer: &mut dyn Observer,
    ) -> Result<(), PlayError> {
        self.cursor.set(pos);
        self.announce(pos, observer);
        let text = self.spoken(pos).to_string();
        let since = self.engine.clock();
        if text.trim().is_empty() {
            self.gap_after(pos, since);
            return Ok(());
        }
        let settings = VoiceSettings {
            rate_wpm: (self.settings.rate_wpm as f32 * self.speed).round() as u32,
            volume: (self.settings.volume * self.loudness.volume).clamp(0.0, 2.0),
            ..self.settings
        };
        match self.engine.speak(&text, &settings) {
            Ok(()) => {
                let now = Instant::now();
                self.report.first_sample.get_or_insert(now);
                if let Some(at) = asked_at {
                    self.report
                        .skip_latencies
                        .push(now.saturating_duration_since(at));
                }
                self.state = State::Speaking {
                    pos,
                    since,
                    heard_any: false,
                };
                Ok(())
            }
            Err(e) if e.is_fatal() => Err(PlayError::Voice(e)),
            Err(e) => {
                self.report.skipped += 1;
                observer.on(&PlayerEvent::Warning(e.to_string()), &self.view());
                self.gap_after(pos, since);
                Ok(())
            }
        }
    }

    fn gap_after(&mut self, pos: Position, clock: Duration) {
        let pause = self.pause_of(pos) / self.speed as f64;
        self.state = State::Gap {
            pos,
            until: clock + Duration::from_secs_f64(pause.max(0.0)),
        };
    }

    fn announce(&mut self, pos: Position, observer: &mut dyn Observer) {
        if self.announced == Some(pos) {
            return;
        }
        let new_section = self.announced.map(|a| a.section) != Some(pos.section);
        self.announced = Some(pos);
        if new_section {
            observer.on(&PlayerEvent::SectionStarted(pos.section), &self.view());
        }
        observer.on(&PlayerEvent::UtteranceStarted(pos), &self.view());
    }

    /// Moves to `pos`: speaks it at once, or, when paused, stays paused there.
    fn go_to(
        &mut self,
        pos: Position,
        at: Instant,
        observer: &mut dyn Observer,
    ) -> Result<(), PlayError> {
        let _ = self.engine.stop();
        if matches!(self.state, State::Paused(_)) {
            self.cursor.set(pos);
            self.state = State::Paused(pos);
            self.announce(pos, observer);
            return Ok(());
        }
        self.start(pos, Some(at), observer)
    }

    /// Applies a command; returns an outcome when playback should stop.
    fn handle(
        &mut self,
        req: Request,
        observer: &mut dyn Observer,
    ) -> Result<Option<Outcome>, PlayError> {
        let here = self.cursor.position();
        match navigate(req.command, &self.cursor, self.section_elapsed()) {
            Some(Move::To(p)) => {
                // The new position is announced, even when it is the same one again.
                self.announced = None;
                self.go_to(p, req.at, observer)?;
                return Ok(None);
            }
            Some(Move::End) => {
                let _ = self.engine.stop();
                return Ok(Some(Outcome::Finished));
            }
            Some(Move::Stay) => return Ok(None),
            None => {}
        }
        match req.command {
            Command::TogglePause => {
                if let State::Paused(pos) = self.state {
                    // Speak the utterance again from its start (announce it again too).
                    self.announced = self.announced.filter(|a| *a != pos);
                    self.start(pos, None, observer)?;
                    observer.on(&PlayerEvent::Resumed, &self.view());
                } else {
                    let _ = self.engine.stop();
                    self.state = State::Paused(here);
                    observer.on(&PlayerEvent::Paused, &self.view());
                }
            }
            Command::Faster | Command::Slower => {
                self.speed = step_speed(self.speed, req.command == Command::Faster);
                observer.on(&PlayerEvent::Speed(self.speed), &self.view());
            }
            Command::Louder | Command::Quieter | Command::ToggleMute => {
                if req.command == Command::ToggleMute {
                    self.loudness.toggle_mute();
                } else {
                    self.loudness.step(req.command == Command::Louder);
                }
                observer.on(&PlayerEvent::Volume(self.loudness.volume), &self.view());
            }
            Command::Outline => observer.on(&PlayerEvent::ShowOutline, &self.view()),
            Command::Help => observer.on(&PlayerEvent::ShowHelp, &self.view()),
            Command::Quit => {
                let _ = self.engine.stop();
                return Ok(Some(Outcome::Quit(here)));
            }
            Command::Interrupt => {
                let _ = self.engine.stop();
                return Ok(Some(Outcome::Interrupted(here)));
            }
            // Moves are answered above.
            Command::NextUtterance
            | Command::PreviousUtterance
            | Command::NextSection
            | Command::PreviousSection
            | Command::JumpToSection(_)
            | Command::JumpTo(_)
            | Command::FromStart => {}
        }
        Ok(None)
    }

    fn spoken(&self, pos: Position) -> &str {
        self.script
            .sections
            .get(pos.section)
            .and_then(|s| s.utterances.get(pos.utterance))
            .map_or("", |u| u.spoken.as_str())
    }

    /// The estimated speech of `pos` at the current speed.
    fn estimate(&self, pos: Position) -> Duration {
        Duration::from_secs_f64(self.timeline.speech(pos) / self.speed as f64)
    }

    fn pause_of(&self, pos: Position) -> f64 {
        self.timeline.pause(pos)
    }

    /// Time into the current utterance (its whole estimate once it ended).
    fn offset(&self) -> Duration {
        match self.state {
            State::Speaking { pos, since, .. } => self
                .engine
                .clock()
                .saturating_sub(since)
                .min(self.estimate(pos)),
            State::Gap { pos, .. } => self.estimate(pos),
            State::Paused(_) => Duration::ZERO,
        }
    }

    /// Where the listener is, as the engine's clock says.
    fn playhead(&self) -> Playhead {
        Playhead {
            position: self.cursor.position(),
            offset: self.offset(),
            fraction: None,
            word: None,
            paused: matches!(self.state, State::Paused(_)),
            speed: self.speed,
            volume: self.loudness.volume,
            clock: self.engine.clock(),
        }
    }

    fn section_elapsed(&self) -> Duration {
        self.timeline.section_elapsed(&self.playhead())
    }

    fn view(&self) -> View {
        self.timeline.view(&self.playhead())
    }
}

/// Entries of [`Report::speech_log`] as `(position, event)`, for tests and `--timings`.
pub fn log_events(log: &SpeechLog) -> Vec<(Position, Heard)> {
    log.iter().map(|(p, h, _)| (*p, *h)).collect()
}

#[cfg(test)]
mod tests;
