//! The playback loop behind [`super::play`]: it keeps the sink one utterance ahead, counts back
//! from what the sink has not played to find the playhead, answers commands, and re-stretches the
//! utterance being heard when the speed changes. Types and the protocol are documented in
//! [`super`]; nothing here draws, reads keys or saves.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::cursor::{Cursor, Position};
use super::navigate::{navigate, Move};
use super::prefetch::Prefetcher;
use super::sink::{AudioSink, Chunk, Pcm};
use super::timeline::{step_speed, Loudness, Playhead, Timeline};
use super::{
    speed, Command, Controls, Observer, Outcome, PlayError, PlayOptions, PlayerEvent, Report,
    Request, View, LEAD_MILLIS,
};
use crate::audio::timing;
use crate::audio::Audio;
use crate::segment::Script;

/// One queued chunk as the player accounts for it.
#[derive(Debug)]
struct Queued {
    what: Chunk,
    frames: u64,
    /// For speech: where it comes from.
    raw: Option<Raw>,
}

/// The utterance's audio behind a queued piece of speech.
#[derive(Debug)]
struct Raw {
    /// The whole utterance at normal speed.
    audio: Arc<Audio>,
    /// The sample of `audio` the piece starts at (after a speed change, where the listener was).
    from: usize,
    /// The speed the piece was stretched to.
    speed: f32,
}

impl Raw {
    /// The sample of the utterance heard after `heard` frames of the piece.
    fn sample(&self, heard: u64) -> usize {
        self.from + (heard as f64 * self.speed as f64) as usize
    }
}

impl Queued {
    fn position(&self) -> Option<Position> {
        match self.what {
            Chunk::Speech(p) | Chunk::Pause(p) => Some(p),
            Chunk::Lead => None,
        }
    }
}

/// One playback run: the state [`super::play`] keeps between loop turns.
pub(super) struct Run<'a> {
    script: &'a Script,
    prefetch: Prefetcher,
    sink: &'a mut dyn AudioSink,
    opts: &'a PlayOptions,
    cursor: Cursor,
    queue: VecDeque<Queued>,
    /// The next utterance to append; `None` when everything is appended.
    frontier: Option<Position>,
    announced: Option<Position>,
    /// Estimated length of each utterance and its pause.
    timeline: Timeline,
    speed: f32,
    loudness: Loudness,
    paused: bool,
    pending_skip: Option<Instant>,
    /// Since when a real-time output has had nothing to play while the voice is behind.
    starving: Option<Instant>,
    last_tick: Duration,
    report: Report,
}

impl<'a> Run<'a> {
    pub(super) fn new(
        script: &'a Script,
        prefetch: Prefetcher,
        sink: &'a mut dyn AudioSink,
        opts: &'a PlayOptions,
    ) -> Run<'a> {
        let mut cursor = Cursor::of(script);
        cursor.set(opts.start);
        let timeline = Timeline::new(script, opts.estimate_wpm, prefetch.durations());
        let frontier = cursor
            .is_valid(cursor.position())
            .then(|| cursor.position());
        let speed = speed::clamp_speed(opts.speed);
        Run {
            script,
            prefetch,
            sink,
            opts,
            cursor,
            queue: VecDeque::new(),
            frontier,
            announced: None,
            timeline,
            speed,
            loudness: Loudness::new(opts.volume),
            paused: false,
            pending_skip: None,
            starving: None,
            last_tick: Duration::ZERO,
            report: Report::new(speed),
        }
    }

    pub(super) fn main_loop(
        &mut self,
        controls: &mut dyn Controls,
        observer: &mut dyn Observer,
    ) -> Result<Report, PlayError> {
        if (self.loudness.volume - 1.0).abs() > f32::EPSILON {
            self.sink.set_volume(self.loudness.volume);
        }
        let rate = self.sink.sample_rate();
        let lead = (rate as u64 * LEAD_MILLIS as u64 / 1000) as usize;
        self.push(Pcm::Silence(lead), Chunk::Lead, None);
        self.want();
        loop {
            self.account(observer);
            if let Some(req) = controls.poll(&self.view()) {
                if let Some(outcome) = self.handle(req, observer) {
                    self.report.outcome = outcome;
                    break;
                }
                continue;
            }
            let blocked = self.feed(observer)?;
            if self.frontier.is_none() && self.sink.queued_frames() == 0 {
                self.account(observer);
                self.sink.finish();
                self.report.outcome = Outcome::Finished;
                break;
            }
            match blocked {
                // Waiting on the worker rather than on the sink keeps a virtual clock still
                // while audio is not ready, so in-memory runs do not depend on thread timing.
                Some(pos) => {
                    self.note_starving(observer);
                    self.prefetch.wait_for(pos, self.opts.tick);
                }
                None => self.sink.wait(self.opts.tick),
            }
            let clock = self.sink.clock();
            if clock.saturating_sub(self.last_tick) >= Duration::from_millis(200) {
                self.last_tick = clock;
                observer.on(&PlayerEvent::Tick, &self.view());
            }
        }
        self.report.speed = self.speed;
        Ok(self.report.clone())
    }

    /// Pops what the sink has played and announces utterances as they start.
    fn account(&mut self, observer: &mut dyn Observer) {
        let queued = self.sink.queued_frames();
        let mut total: u64 = self.queue.iter().map(|q| q.frames).sum();
        while let Some(front) = self.queue.front() {
            if total - front.frames < queued {
                break;
            }
            total -= front.frames;
            if let Some(p) = front.position() {
                self.announce(p, observer);
            }
            self.queue.pop_front();
        }
        if let Some(p) = self.queue.front().and_then(Queued::position) {
            self.announce(p, observer);
        }
    }

    fn announce(&mut self, pos: Position, observer: &mut dyn Observer) {
        if self.announced == Some(pos) {
            return;
        }
        let new_section = self.announced.map(|a| a.section) != Some(pos.section);
        self.announced = Some(pos);
        self.cursor.set(pos);
        if new_section {
            observer.on(&PlayerEvent::SectionStarted(pos.section), &self.view());
        }
        observer.on(&PlayerEvent::UtteranceStarted(pos), &self.view());
    }

    /// Appends ready audio until the sink holds the current and the next utterance. Returns
    /// the position it is waiting for when that audio is not ready yet.
    fn feed(&mut self, observer: &mut dyn Observer) -> Result<Option<Position>, PlayError> {
        loop {
            let Some(pos) = self.frontier else {
                return Ok(None);
            };
            let ahead = self
                .queue
                .iter()
                .filter(|q| matches!(q.what, Chunk::Speech(_)))
                .count();
            if ahead >= 2 {
                return Ok(None);
            }
            let Some(result) = self.prefetch.try_take(pos).cloned() else {
                return Ok(Some(pos));
            };
            self.frontier = self.cursor.after(pos);
            match result {
                Ok(audio) => self.append_utterance(pos, audio),
                Err(e) if e.is_fatal() => return Err(PlayError::Voice(e)),
                Err(e) => {
                    self.report.skipped += 1;
                    observer.on(&PlayerEvent::Warning(e.to_string()), &self.view());
                }
            }
            self.want();
        }
    }

    /// Called while waiting for the voice: when a real-time output has run dry after the first
    /// sample (and not because of a skip), a gap is being heard: count it and show it.
    fn note_starving(&mut self, observer: &mut dyn Observer) {
        let dry = self.sink.realtime()
            && !self.paused
            && self.report.first_sample.is_some()
            && self.pending_skip.is_none()
            && self.starving.is_none()
            && self.sink.queued_frames() == 0;
        if dry {
            self.starving = Some(Instant::now());
            self.report.underruns += 1;
            observer.on(&PlayerEvent::Tick, &self.view());
        }
    }

    fn append_utterance(&mut self, pos: Position, audio: Arc<Audio>) {
        let samples = speed::stretch(&audio, self.speed);
        let now = Instant::now();
        if let Some(since) = self.starving.take() {
            let gap = now.saturating_duration_since(since);
            self.report.starved += gap;
            self.report.gaps.push((pos, gap));
        }
        self.report.first_sample.get_or_insert(now);
        if let Some(at) = self.pending_skip.take() {
            self.report
                .skip_latencies
                .push(now.saturating_duration_since(at));
        }
        let raw = Raw {
            audio,
            from: 0,
            speed: self.speed,
        };
        self.push(samples, Chunk::Speech(pos), Some(raw));
        let millis = self.pause_millis(pos);
        let frames = timing::frames(millis, self.sink.sample_rate(), self.speed);
        self.push(Pcm::Silence(frames), Chunk::Pause(pos), None);
    }

    fn pause_millis(&self, pos: Position) -> u32 {
        self.script
            .sections
            .get(pos.section)
            .and_then(|s| s.utterances.get(pos.utterance))
            .map_or(0, |u| {
                timing::pause_millis(self.opts.pauses.millis(u.pause), self.opts.estimate_wpm)
            })
    }

    fn push(&mut self, pcm: Pcm, what: Chunk, raw: Option<Raw>) {
        let frames = pcm.len() as u64;
        self.sink.append(pcm, what);
        self.queue.push_back(Queued { what, frames, raw });
    }

    /// Tells the worker what to prepare, most urgent first: the frontier and the utterance
    /// after it (gapless playback), then the first utterances of the next, previous and current
    /// sections (instant skips), then the rest of the lookahead. For a slow voice (a finite
    /// `lookahead_secs`) the skip targets wait until half of that time is ready ahead, so
    /// that preparing skips never makes the listener wait.
    fn want(&mut self) {
        let mut ahead = Vec::with_capacity(self.opts.lookahead + 1);
        let mut p = self.frontier;
        let mut secs = 0.0;
        let mut split = 0;
        let first_half = if self.opts.lookahead_secs.is_finite() {
            self.opts.lookahead_secs / 2.0
        } else {
            0.0
        };
        for i in 0..=self.opts.lookahead {
            let Some(q) = p else { break };
            // At least the frontier and the one after it, then until the time wanted.
            if i >= 2 && secs >= self.opts.lookahead_secs {
                break;
            }
            if i < 2 || secs < first_half {
                split = i + 1;
            }
            ahead.push(q);
            secs += self.estimate(q);
            p = self.cursor.after(q);
        }
        let here = self.cursor.position();
        let skips = [
            self.cursor.next_section_start(),
            self.cursor.previous_section_start(),
            Some(Position::new(here.section, 0)),
        ];
        let split = split.min(ahead.len());
        let mut list = ahead[..split].to_vec();
        for q in skips
            .into_iter()
            .flatten()
            .chain(ahead[split..].iter().copied())
        {
            if !list.contains(&q) {
                list.push(q);
            }
        }
        self.prefetch.want(list);
    }

    /// Applies a command; returns an outcome when playback should stop.
    fn handle(&mut self, req: Request, observer: &mut dyn Observer) -> Option<Outcome> {
        let here = self.cursor.position();
        let elapsed = self.section_elapsed();
        match navigate(req.command, &self.cursor, elapsed) {
            Some(Move::To(p)) => {
                self.skip_to(p, req.at);
                return None;
            }
            Some(Move::End) => {
                self.sink.clear();
                self.queue.clear();
                self.frontier = None;
                return None;
            }
            Some(Move::Stay) => return None,
            None => {}
        }
        match req.command {
            Command::TogglePause => {
                self.paused = !self.paused;
                self.sink.set_paused(self.paused);
                let ev = if self.paused {
                    PlayerEvent::Paused
                } else {
                    PlayerEvent::Resumed
                };
                observer.on(&ev, &self.view());
            }
            Command::Faster | Command::Slower => {
                let new = step_speed(self.speed, req.command == Command::Faster);
                if (new - self.speed).abs() > f32::EPSILON {
                    self.respeed(new);
                }
                observer.on(&PlayerEvent::Speed(self.speed), &self.view());
            }
            Command::Louder | Command::Quieter | Command::ToggleMute => {
                if req.command == Command::ToggleMute {
                    self.loudness.toggle_mute();
                } else {
                    self.loudness.step(req.command == Command::Louder);
                }
                self.sink.set_volume(self.loudness.volume);
                observer.on(&PlayerEvent::Volume(self.loudness.volume), &self.view());
            }
            Command::Outline => observer.on(&PlayerEvent::ShowOutline, &self.view()),
            Command::Help => observer.on(&PlayerEvent::ShowHelp, &self.view()),
            Command::Quit => {
                self.sink.clear();
                return Some(Outcome::Quit(here));
            }
            Command::Interrupt => {
                self.sink.clear();
                return Some(Outcome::Interrupted(here));
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
        None
    }

    fn skip_to(&mut self, pos: Position, at: Instant) {
        self.sink.clear();
        self.queue.clear();
        // The new position is announced when it is heard, even when it is the same one again.
        self.announced = None;
        self.frontier = Some(pos);
        self.cursor.set(pos);
        self.pending_skip = Some(at);
        self.want();
    }

    /// Changes speed at once: the rest of the utterance being heard is stretched again from
    /// where the listener is, and everything after it is queued at the new speed.
    fn respeed(&mut self, new: f32) {
        let old = self.speed;
        self.speed = new;
        let queued = self.sink.queued_frames();
        let total: u64 = self.queue.iter().map(|q| q.frames).sum();
        let Some(front) = self.queue.pop_front() else {
            return;
        };
        let heard = total.saturating_sub(queued).min(front.frames);
        // The first utterance queued after the front is appended again at the new speed.
        let requeue = self
            .queue
            .iter()
            .filter_map(Queued::position)
            .find(|p| Some(*p) != front.position());
        self.sink.clear();
        self.queue.clear();
        let rate = self.sink.sample_rate();
        match (front.what, front.raw) {
            (Chunk::Speech(pos), Some(raw)) => {
                let from = raw.sample(heard).min(raw.audio.samples.len());
                let samples = speed::stretch(&Arc::new(raw.audio.tail(from)), new);
                // The accounting keeps where the rest starts, so a second change maps offsets
                // from there.
                let rest = Raw {
                    audio: raw.audio,
                    from,
                    speed: new,
                };
                self.push(samples, Chunk::Speech(pos), Some(rest));
                let frames = timing::frames(self.pause_millis(pos), rate, new);
                self.push(Pcm::Silence(frames), Chunk::Pause(pos), None);
                self.frontier = self.cursor.after(pos);
            }
            (Chunk::Pause(pos), _) => {
                let left = front.frames.saturating_sub(heard) as f64 * old as f64 / new as f64;
                self.push(Pcm::Silence(left as usize), Chunk::Pause(pos), None);
                self.frontier = self.cursor.after(pos);
            }
            _ => {
                let left = front.frames.saturating_sub(heard) as usize;
                self.push(Pcm::Silence(left), front.what, None);
                if requeue.is_some() {
                    self.frontier = requeue;
                }
            }
        }
        self.want();
    }

    fn offset_frames(&mut self) -> u64 {
        let queued = self.sink.queued_frames();
        let total: u64 = self.queue.iter().map(|q| q.frames).sum();
        match self.queue.front() {
            Some(f) if matches!(f.what, Chunk::Speech(_)) => {
                total.saturating_sub(queued).min(f.frames)
            }
            Some(f) if matches!(f.what, Chunk::Pause(_)) => {
                // In the pause: the whole speech was heard.
                let pos = f.position().unwrap_or_default();
                let est = self.estimate(pos) * self.sink.sample_rate() as f64 / self.speed as f64;
                est as u64
            }
            _ => 0,
        }
    }

    fn estimate(&self, pos: Position) -> f64 {
        self.timeline.whole(pos)
    }

    /// How far through the speech of the utterance being heard the listener is (0 to 1), and
    /// the word being heard by the voice's word marks; in the pause after it, all of it.
    fn progress(&mut self) -> (Option<f32>, Option<usize>) {
        let queued = self.sink.queued_frames();
        let total: u64 = self.queue.iter().map(|q| q.frames).sum();
        match self.queue.front() {
            Some(Queued {
                what: Chunk::Speech(_),
                frames,
                raw: Some(raw),
            }) => {
                let at = raw.sample(total.saturating_sub(queued).min(*frames));
                let len = raw.audio.samples.len().max(1);
                let fraction = (at as f32 / len as f32).clamp(0.0, 1.0);
                (Some(fraction), raw.audio.word_at(at))
            }
            Some(Queued {
                what: Chunk::Pause(_),
                ..
            }) => (Some(1.0), None),
            _ => (None, None),
        }
    }

    /// Where the listener is, as the sink's accounting says.
    fn playhead(&mut self) -> Playhead {
        let rate = self.sink.sample_rate().max(1) as f64;
        let (fraction, word) = self.progress();
        Playhead {
            fraction,
            word,
            position: self.cursor.position(),
            offset: Duration::from_secs_f64(self.offset_frames() as f64 / rate),
            paused: self.paused,
            speed: self.speed,
            volume: self.loudness.volume,
            clock: self.sink.clock(),
        }
    }

    fn section_elapsed(&mut self) -> Duration {
        let p = self.playhead();
        self.timeline.section_elapsed(&p)
    }

    fn view(&mut self) -> View {
        let p = self.playhead();
        let mut view = self.timeline.view(&p);
        view.buffering = self.starving.is_some();
        view
    }
}
