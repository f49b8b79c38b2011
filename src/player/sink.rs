//! Where the player's audio goes: the [`AudioSink`] seam and the sinks that need no device.
//!
//! A sink takes mono `f32` chunks at one sample rate, plays them in order without gaps, and tells
//! the player how much of what it was given has not been heard yet — the player derives the
//! playhead from that. Time is the sink's business too ([`AudioSink::wait`]): real sinks let the
//! wall clock run, [`MemorySink`] advances a virtual clock so tests are instant and repeatable.
//!
//! [`MemorySink`] records what was played, in what order, with what pauses; [`NullSink`] plays
//! to nowhere at real-time pace or as fast as possible (`--output null`). The device sink is
//! `RodioSink` in [`super::rodio_sink`], behind the `playback` feature. Resampling, mixing and
//! device handling are left to rodio.

use std::time::{Duration, Instant};

use super::cursor::Position;
pub use super::ring::Pcm;

/// What a chunk of audio handed to a sink is, for transcripts and tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chunk {
    /// Silence queued before anything else (works around a start glitch in rodio).
    Lead,
    /// The speech of the utterance at this position.
    Speech(Position),
    /// The pause after the utterance at this position.
    Pause(Position),
}

/// An audio output the player drives.
///
/// # Protocol
/// - [`append`](AudioSink::append) queues mono samples at [`sample_rate`](AudioSink::sample_rate)
///   right after what is already queued: consecutive chunks play without a gap.
/// - [`queued_frames`](AudioSink::queued_frames) is how many appended samples have not been
///   heard yet; the player counts back from it to know which chunk is playing.
/// - [`clear`](AudioSink::clear) drops everything not yet heard (a skip); the sink keeps running.
/// - [`set_paused`](AudioSink::set_paused) holds the playhead where it is; nothing is dropped.
/// - [`wait`](AudioSink::wait) lets up to `max` of time pass. Real sinks sleep; a virtual sink
///   moves its clock. The player calls it whenever it has nothing else to do.
/// - [`finish`](AudioSink::finish) plays what is queued to the end (and, for a device, long
///   enough after for the tail not to be cut).
pub trait AudioSink {
    /// The rate of every sample appended.
    fn sample_rate(&self) -> u32;
    /// Queues `pcm` after what is queued.
    fn append(&mut self, pcm: Pcm, what: Chunk);
    /// Samples appended but not heard yet.
    fn queued_frames(&mut self) -> u64;
    /// Drops what has not been heard yet.
    fn clear(&mut self);
    /// Pauses or resumes playback.
    fn set_paused(&mut self, paused: bool);
    /// Sets the output volume (1.0 is unchanged, 0.0 silent).
    fn set_volume(&mut self, volume: f32);
    /// Lets up to `max` of playback time pass.
    fn wait(&mut self, max: Duration);
    /// Time since the sink was created, on the sink's own clock.
    fn clock(&self) -> Duration;
    /// Plays out whatever is queued.
    fn finish(&mut self);
    /// Whether the sink plays in real time (a device, a paced null output), so that running
    /// out of audio is heard as a gap. In-memory and unpaced sinks say no.
    fn realtime(&self) -> bool {
        true
    }
}

/// One chunk as a [`MemorySink`] saw it.
#[derive(Debug, Clone, PartialEq)]
pub struct Played {
    /// What the chunk was.
    pub what: Chunk,
    /// Its samples.
    pub samples: Vec<f32>,
    /// How many of them were heard before a clear dropped the rest (all, when not cleared).
    pub heard: usize,
    /// The sink's clock when the chunk started to be heard (`None` when never heard).
    pub started: Option<Duration>,
}

/// Something that happened to a [`MemorySink`] other than audio.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// Playback paused at this clock time.
    Paused(Duration),
    /// Playback resumed at this clock time.
    Resumed(Duration),
    /// Everything unheard was dropped at this clock time.
    Cleared(Duration),
    /// The volume was set.
    Volume(f32),
}

/// A sink that keeps everything in memory on a virtual clock: [`wait`](AudioSink::wait)
/// "plays" `max` worth of samples instantly. For tests.
#[derive(Debug, Clone, Default)]
pub struct MemorySink {
    rate: u32,
    clock: Duration,
    paused: bool,
    /// Chunks in the order they were appended.
    played: Vec<Played>,
    /// Index into `played` of the first chunk not fully heard.
    head: usize,
    events: Vec<Event>,
    finished: bool,
}

impl MemorySink {
    /// An empty sink at `rate` samples per second.
    pub fn new(rate: u32) -> MemorySink {
        MemorySink {
            rate,
            ..MemorySink::default()
        }
    }

    /// Every chunk appended, in order, with how much of each was heard.
    pub fn played(&self) -> &[Played] {
        &self.played
    }

    /// Pauses, resumes, clears and volume changes, in order.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// Whether [`AudioSink::finish`] was called.
    pub fn finished(&self) -> bool {
        self.finished
    }

    /// The speech chunks that were heard at least in part, in order.
    pub fn heard_speech(&self) -> Vec<Position> {
        self.played
            .iter()
            .filter(|p| p.heard > 0)
            .filter_map(|p| match p.what {
                Chunk::Speech(pos) => Some(pos),
                _ => None,
            })
            .collect()
    }

    /// Total audio heard, speech and silence.
    pub fn heard_duration(&self) -> Duration {
        let n: usize = self.played.iter().map(|p| p.heard).sum();
        Duration::from_secs_f64(n as f64 / self.rate.max(1) as f64)
    }

    fn play_for(&mut self, mut frames: u64) {
        let rate = self.rate.max(1) as f64;
        let mut done = 0u64;
        while frames > 0 && self.head < self.played.len() {
            let chunk = &mut self.played[self.head];
            if chunk.started.is_none() {
                chunk.started = Some(self.clock + Duration::from_secs_f64(done as f64 / rate));
            }
            let left = (chunk.samples.len() - chunk.heard) as u64;
            let take = left.min(frames);
            chunk.heard += take as usize;
            frames -= take;
            done += take;
            if chunk.heard == chunk.samples.len() {
                self.head += 1;
            }
        }
    }
}

impl AudioSink for MemorySink {
    fn sample_rate(&self) -> u32 {
        self.rate
    }

    fn realtime(&self) -> bool {
        false
    }

    fn append(&mut self, pcm: Pcm, what: Chunk) {
        self.played.push(Played {
            what,
            samples: pcm.to_vec(),
            heard: 0,
            started: None,
        });
        // An empty chunk is heard the moment it is reached.
        while self.head < self.played.len() && self.played[self.head].samples.is_empty() {
            if self.played[self.head].started.is_none() {
                self.played[self.head].started = Some(self.clock);
            }
            self.head += 1;
        }
    }

    fn queued_frames(&mut self) -> u64 {
        self.played[self.head.min(self.played.len())..]
            .iter()
            .map(|p| (p.samples.len() - p.heard) as u64)
            .sum()
    }

    fn clear(&mut self) {
        self.head = self.played.len();
        self.events.push(Event::Cleared(self.clock));
    }

    fn set_paused(&mut self, paused: bool) {
        if paused != self.paused {
            self.paused = paused;
            self.events.push(if paused {
                Event::Paused(self.clock)
            } else {
                Event::Resumed(self.clock)
            });
        }
    }

    fn set_volume(&mut self, volume: f32) {
        self.events.push(Event::Volume(volume));
    }

    fn wait(&mut self, max: Duration) {
        // Play in whole samples so the clock and the heard counts agree.
        let frames = (max.as_secs_f64() * self.rate as f64).round() as u64;
        if !self.paused {
            self.play_for(frames);
        }
        self.clock += Duration::from_secs_f64(frames as f64 / self.rate.max(1) as f64);
    }

    fn clock(&self) -> Duration {
        self.clock
    }

    fn finish(&mut self) {
        self.paused = false;
        let left = self.queued_frames();
        self.play_for(left);
        self.clock += Duration::from_secs_f64(left as f64 / self.rate.max(1) as f64);
        self.finished = true;
    }
}

/// A sink with no device: samples are counted as heard at real-time pace, or at once when not
/// paced. `--output null`.
#[derive(Debug)]
pub struct NullSink {
    rate: u32,
    paced: bool,
    queued: u64,
    paused: bool,
    created: Instant,
    last: Instant,
}

impl NullSink {
    /// A null sink at `rate`; `paced` plays in real time, otherwise as fast as possible.
    pub fn new(rate: u32, paced: bool) -> NullSink {
        let now = Instant::now();
        NullSink {
            rate,
            paced,
            queued: 0,
            paused: false,
            created: now,
            last: now,
        }
    }

    fn advance(&mut self) {
        let now = Instant::now();
        if !self.paced {
            self.queued = 0;
        } else if !self.paused {
            let frames = (now.duration_since(self.last).as_secs_f64() * self.rate as f64) as u64;
            if frames > 0 {
                self.queued = self.queued.saturating_sub(frames);
                let used = Duration::from_secs_f64(frames as f64 / self.rate.max(1) as f64);
                self.last += used;
            }
            return;
        }
        self.last = now;
    }
}

impl AudioSink for NullSink {
    fn sample_rate(&self) -> u32 {
        self.rate
    }

    fn realtime(&self) -> bool {
        self.paced
    }

    fn append(&mut self, pcm: Pcm, _what: Chunk) {
        self.advance();
        if self.queued == 0 {
            self.last = Instant::now();
        }
        self.queued += pcm.len() as u64;
        self.advance();
    }

    fn queued_frames(&mut self) -> u64 {
        self.advance();
        self.queued
    }

    fn clear(&mut self) {
        self.queued = 0;
        self.last = Instant::now();
    }

    fn set_paused(&mut self, paused: bool) {
        self.advance();
        self.paused = paused;
        self.last = Instant::now();
    }

    fn set_volume(&mut self, _volume: f32) {}

    fn wait(&mut self, max: Duration) {
        if self.paced {
            std::thread::sleep(max);
        }
        self.advance();
    }

    fn clock(&self) -> Duration {
        self.created.elapsed()
    }

    fn finish(&mut self) {
        self.paused = false;
        while self.queued_frames() > 0 {
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_sink_plays_chunks_in_order_on_its_clock() {
        let mut s = MemorySink::new(1000);
        s.append(
            Pcm::Owned(vec![0.5; 100]),
            Chunk::Speech(Position::new(0, 0)),
        );
        s.append(Pcm::Silence(50), Chunk::Pause(Position::new(0, 0)));
        s.wait(Duration::from_millis(120));
        assert_eq!(s.queued_frames(), 30);
        assert_eq!(s.played()[0].heard, 100);
        assert_eq!(s.played()[1].heard, 20);
        assert_eq!(s.played()[1].started, Some(Duration::from_millis(100)));
    }

    #[test]
    fn memory_sink_holds_still_while_paused_and_drops_on_clear() {
        let mut s = MemorySink::new(1000);
        s.append(
            Pcm::Owned(vec![0.5; 100]),
            Chunk::Speech(Position::new(0, 0)),
        );
        s.set_paused(true);
        s.wait(Duration::from_millis(50));
        assert_eq!(s.queued_frames(), 100);
        s.set_paused(false);
        s.wait(Duration::from_millis(40));
        s.clear();
        assert_eq!(s.queued_frames(), 0);
        assert_eq!(s.played()[0].heard, 40);
        assert_eq!(s.clock(), Duration::from_millis(90));
    }

    #[test]
    fn unpaced_null_sink_hears_everything_at_once() {
        let mut s = NullSink::new(22_050, false);
        s.append(
            Pcm::Owned(vec![0.1; 22_050]),
            Chunk::Speech(Position::new(0, 0)),
        );
        assert_eq!(s.queued_frames(), 0);
    }

    #[test]
    fn paced_null_sink_keeps_audio_queued_until_its_time() {
        let mut s = NullSink::new(22_050, true);
        s.append(
            Pcm::Owned(vec![0.1; 22_050 * 60]),
            Chunk::Speech(Position::new(0, 0)),
        );
        assert!(s.queued_frames() > 22_050 * 50);
    }
}
