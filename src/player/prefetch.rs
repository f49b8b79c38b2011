//! Audio ahead of the playhead, on a worker thread.
//!
//! The player tells the [`Prefetcher`] which utterances it wants ready, most urgent first (the
//! next few after the playhead, the first utterance of the next, previous and current sections);
//! the worker asks its [`Source`] for the first one it has not done yet, hands the audio back
//! over a channel (shared, not copied: `Arc<Audio>`), and sleeps when the list is done. Finished
//! audio is kept until the player drops it from the list. Audio comes back at normal speed;
//! stretching is the player's job, so a speed change does not throw work away. The worker owns
//! the source; nothing here plays audio.

use std::collections::{HashMap, HashSet};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use super::cursor::Position;
use super::source::{Source, Spoken};
use crate::audio::Audio;
use crate::segment::Script;
use crate::synth::{SynthError, Synthesizer, VoiceSettings};

/// One utterance's audio, shared by the prefetcher and the player.
pub type Synthesized = Result<Arc<Audio>, SynthError>;

#[derive(Debug, Default)]
struct Wanted {
    /// Positions to have ready, most urgent first.
    list: Vec<Position>,
    /// Positions done or being done (the worker skips them).
    taken: HashSet<Position>,
    stop: bool,
}

type SharedWanted = Arc<(Mutex<Wanted>, Condvar)>;

fn lock(w: &SharedWanted) -> MutexGuard<'_, Wanted> {
    w.0.lock().unwrap_or_else(|e| e.into_inner())
}

/// Synthesizes wanted utterances on a worker thread and keeps the results.
pub struct Prefetcher {
    wanted: SharedWanted,
    rx: Receiver<(Position, Synthesized)>,
    ready: HashMap<Position, Synthesized>,
    worker: Option<JoinHandle<()>>,
    sample_rate: u32,
    durations: Option<Vec<Vec<f64>>>,
}

impl std::fmt::Debug for Prefetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prefetcher")
            .field("ready", &self.ready.len())
            .finish_non_exhaustive()
    }
}

impl Prefetcher {
    /// Starts a worker that speaks `script`'s utterances with `synth` and `settings`.
    pub fn of_voice(
        script: &Script,
        synth: Box<dyn Synthesizer>,
        settings: VoiceSettings,
    ) -> Prefetcher {
        Prefetcher::start(Box::new(Spoken::new(script, synth, settings)))
    }

    /// Starts a worker that takes audio from `source`.
    pub fn start(source: Box<dyn Source>) -> Prefetcher {
        let sample_rate = source.sample_rate();
        let durations = source.durations();
        let wanted: SharedWanted = Arc::new((Mutex::new(Wanted::default()), Condvar::new()));
        let (tx, rx) = mpsc::channel();
        let worker_wanted = Arc::clone(&wanted);
        let worker = std::thread::Builder::new()
            .name("aloud-synth".into())
            .spawn(move || work(worker_wanted, tx, source))
            .ok();
        Prefetcher {
            wanted,
            rx,
            ready: HashMap::new(),
            worker,
            sample_rate,
            durations,
        }
    }

    /// The sample rate of the audio.
    pub fn sample_rate(&self) -> u32 {
        self.sample_rate
    }

    /// The source's exact lengths, when it knows them (see [`Source::durations`]).
    pub fn durations(&self) -> Option<&[Vec<f64>]> {
        self.durations.as_deref()
    }

    /// Replaces the wanted list (most urgent first). Finished audio not in the list is dropped.
    pub fn want(&mut self, list: Vec<Position>) {
        self.collect();
        let keep: HashSet<Position> = list.iter().copied().collect();
        let dropped: Vec<Position> = self
            .ready
            .keys()
            .filter(|p| !keep.contains(p))
            .copied()
            .collect();
        let mut w = lock(&self.wanted);
        for p in dropped {
            self.ready.remove(&p);
            w.taken.remove(&p);
        }
        w.list = list;
        drop(w);
        self.wanted.1.notify_all();
    }

    /// The result for `pos` when it is ready, without waiting.
    pub fn try_take(&mut self, pos: Position) -> Option<&Synthesized> {
        self.collect();
        self.ready.get(&pos)
    }

    /// Waits up to `timeout` for `pos`; `None` when it is still not ready (or no worker runs).
    /// `pos` must be in the wanted list.
    pub fn wait_for(&mut self, pos: Position, timeout: Duration) -> Option<&Synthesized> {
        if !self.ready.contains_key(&pos) {
            self.collect();
        }
        let deadline = std::time::Instant::now() + timeout;
        while !self.ready.contains_key(&pos) {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.rx.recv_timeout(left) {
                Ok((p, r)) => {
                    self.ready.insert(p, r);
                }
                Err(RecvTimeoutError::Timeout) => return None,
                Err(RecvTimeoutError::Disconnected) => {
                    // The worker is gone (it panicked): report it as an engine failure.
                    self.ready.insert(
                        pos,
                        Err(SynthError::Engine("the synthesis worker stopped".into())),
                    );
                }
            }
        }
        self.ready.get(&pos)
    }

    fn collect(&mut self) {
        while let Ok((p, r)) = self.rx.try_recv() {
            self.ready.insert(p, r);
        }
    }
}

impl Drop for Prefetcher {
    fn drop(&mut self) {
        lock(&self.wanted).stop = true;
        self.wanted.1.notify_all();
        // The worker finishes the utterance it is on (milliseconds) and exits; don't wait for it.
        drop(self.worker.take());
    }
}

fn work(wanted: SharedWanted, tx: Sender<(Position, Synthesized)>, mut source: Box<dyn Source>) {
    loop {
        let pos = {
            let mut w = lock(&wanted);
            loop {
                if w.stop {
                    return;
                }
                let next = w.list.iter().copied().find(|p| !w.taken.contains(p));
                if let Some(p) = next {
                    w.taken.insert(p);
                    break p;
                }
                w = wanted.1.wait(w).unwrap_or_else(|e| e.into_inner());
            }
        };
        let result = source.audio(pos).map(|mut audio| {
            crate::audio::sanitize(&mut audio.samples);
            Arc::new(audio)
        });
        if tx.send((pos, result)).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::player::tests::script_of;
    use crate::synth::tone::ToneSynth;

    fn script() -> Script {
        script_of(&[
            ("", &["Title", "One two.", "Three four five."]),
            ("Heading", &["Heading", "Six seven."]),
        ])
    }

    #[test]
    fn wanted_utterances_arrive_with_their_own_audio() {
        let s = script();
        let mut p = Prefetcher::of_voice(&s, Box::new(ToneSynth::new()), VoiceSettings::default());
        let a = Position::new(0, 1);
        let b = Position::new(1, 0);
        p.want(vec![a, b]);
        let got_a = p.wait_for(a, Duration::from_secs(5)).cloned();
        let got_b = p.wait_for(b, Duration::from_secs(5)).cloned();
        let expect = |t: &str| ToneSynth::new().synthesize(t, &VoiceSettings::default());
        assert_eq!(
            *got_a.unwrap().unwrap(),
            expect(&s.sections[0].utterances[1].spoken).unwrap()
        );
        assert_eq!(
            *got_b.unwrap().unwrap(),
            expect(&s.sections[1].utterances[0].spoken).unwrap()
        );
    }

    #[test]
    fn a_failing_utterance_comes_back_as_a_skippable_error() {
        let s = script();
        let synth = ToneSynth {
            fail_on: Some("Three".into()),
        };
        let mut p = Prefetcher::of_voice(&s, Box::new(synth), VoiceSettings::default());
        let pos = Position::new(0, 2);
        p.want(vec![pos]);
        let got = p.wait_for(pos, Duration::from_secs(5)).cloned();
        assert!(!got.unwrap().unwrap_err().is_fatal());
    }
}
