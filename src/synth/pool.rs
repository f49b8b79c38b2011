//! Ordered parallel synthesis: several synthesizers (threads, or worker processes behind
//! [`super::worker::ProcessSynth`]) speak a stream of utterances, and the results come back in
//! the order the utterances were given.
//!
//! Workers take the next utterance from one shared queue as soon as they are free, so a slow
//! worker (a process still starting, a command voice that stalls) holds up only the utterance it
//! is on. At most `lookahead` utterances are queued or finished-but-not-consumed, so memory stays
//! flat however long the input. Each worker is created on its own thread from a
//! [`SynthFactory`]; the first worker starts at once and the others only once the first
//! utterance is spoken, so that starting them (spawning processes, loading engines) does not
//! compete with it for the CPU: audio is ready as early as possible. A worker whose factory
//! fails takes no work; only when every worker failed is that error returned, for each
//! utterance. Not covered: restarting a worker that dies mid-run (its utterance fails with a
//! fatal error).

use std::collections::BTreeMap;
use std::sync::{mpsc, Arc, Mutex};

use super::{Audio, SynthError, Synthesizer, VoiceSettings};

/// Creates one worker's synthesizer, on the worker's thread.
pub type SynthFactory = Box<dyn FnOnce() -> Result<Box<dyn Synthesizer>, SynthError> + Send>;

/// One utterance to speak.
#[derive(Debug, Clone)]
pub struct Job {
    /// The spoken form.
    pub spoken: String,
    /// How to speak it.
    pub settings: VoiceSettings,
}

/// Whether the consumer wants more results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Go on.
    Continue,
    /// Stop: no more jobs are started and the call returns.
    Stop,
}

type Queue = Arc<Mutex<mpsc::Receiver<(usize, Job)>>>;

/// Holds back the workers after the first: closed, then open (start) or done (never start).
#[derive(Default)]
struct Gate {
    state: Mutex<u8>,
    cond: std::sync::Condvar,
}

const CLOSED: u8 = 0;
const OPEN: u8 = 1;
const DONE: u8 = 2;

impl Gate {
    /// Moves a closed gate to `to`.
    fn set(&self, to: u8) {
        if let Ok(mut state) = self.state.lock() {
            if *state == CLOSED {
                *state = to;
            }
            self.cond.notify_all();
        }
    }

    /// Waits until the gate is no longer closed; true when the worker should start.
    fn wait(&self) -> bool {
        let Ok(mut state) = self.state.lock() else {
            return false;
        };
        while *state == CLOSED {
            state = match self.cond.wait(state) {
                Ok(g) => g,
                Err(_) => return false,
            };
        }
        *state == OPEN
    }
}

/// Channels and signals one worker shares with the others and the consumer.
struct Shared {
    queue: Queue,
    results: mpsc::Sender<(usize, Result<Audio, SynthError>)>,
    failed: Arc<Mutex<Option<SynthError>>>,
    gate: Arc<Gate>,
}

fn worker(factory: SynthFactory, first: bool, shared: Shared) {
    if !first && !shared.gate.wait() {
        return;
    }
    let mut synth = match factory() {
        Ok(s) => s,
        Err(e) => {
            if let Ok(mut slot) = shared.failed.lock() {
                slot.get_or_insert(e);
            }
            // The others must not wait for a first utterance this worker will never speak.
            shared.gate.set(OPEN);
            return;
        }
    };
    loop {
        // Hold the lock only to take the next job, not while speaking it.
        let next = match shared.queue.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok((index, job)) = next else { return };
        let result = synth.synthesize(&job.spoken, &job.settings);
        if shared.results.send((index, result)).is_err() {
            return;
        }
    }
}

/// Speaks `jobs` with one worker per factory and calls `consume(index, result)` in job order.
/// Returns when every job is consumed or `consume` returns [`Flow::Stop`].
pub fn synthesize_ordered<I, F>(
    factories: Vec<SynthFactory>,
    jobs: I,
    lookahead: usize,
    mut consume: F,
) where
    I: IntoIterator<Item = Job>,
    F: FnMut(usize, Result<Audio, SynthError>) -> Flow,
{
    let lookahead = lookahead.max(factories.len()).max(1);
    let failed: Arc<Mutex<Option<SynthError>>> = Arc::new(Mutex::new(None));
    std::thread::scope(|scope| {
        let (job_tx, job_rx) = mpsc::channel::<(usize, Job)>();
        let (res_tx, res_rx) = mpsc::channel();
        let queue: Queue = Arc::new(Mutex::new(job_rx));
        let gate = Arc::new(Gate::default());
        for (i, factory) in factories.into_iter().enumerate() {
            let shared = Shared {
                queue: Arc::clone(&queue),
                results: res_tx.clone(),
                failed: Arc::clone(&failed),
                gate: Arc::clone(&gate),
            };
            scope.spawn(move || worker(factory, i == 0, shared));
        }
        // Only workers hold result senders now: when all have ended, `recv` fails.
        drop(res_tx);
        let mut jobs = jobs.into_iter();
        let mut sent = 0usize;
        let mut exhausted = false;
        let mut next = 0usize;
        let mut ready: BTreeMap<usize, Result<Audio, SynthError>> = BTreeMap::new();
        loop {
            while !exhausted && sent < next + lookahead {
                match jobs.next() {
                    Some(job) => {
                        let _ = job_tx.send((sent, job));
                        sent += 1;
                    }
                    None => exhausted = true,
                }
            }
            if next >= sent {
                break;
            }
            let result =
                match ready.remove(&next) {
                    Some(r) => r,
                    None => {
                        match res_rx.recv() {
                            Ok((i, r)) if i == next => r,
                            Ok((i, r)) => {
                                ready.insert(i, r);
                                continue;
                            }
                            Err(_) => {
                                Err(failed.lock().ok().and_then(|f| f.clone()).unwrap_or_else(
                                    || SynthError::Engine("every synthesis worker stopped".into()),
                                ))
                            }
                        }
                    }
                };
            let flow = consume(next, result);
            gate.set(OPEN);
            next += 1;
            if flow == Flow::Stop {
                break;
            }
        }
        // Workers that never started stay unstarted; closing the queue ends the others after
        // their current job.
        gate.set(DONE);
        drop(job_tx);
        drop(res_rx);
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::tone::ToneSynth;

    fn tone_factory() -> SynthFactory {
        Box::new(|| Ok(Box::new(ToneSynth::new()) as Box<dyn Synthesizer>))
    }

    /// A synthesizer that takes `delay` per utterance.
    struct Slow(std::time::Duration);

    impl Synthesizer for Slow {
        fn synthesize(&mut self, spoken: &str, s: &VoiceSettings) -> Result<Audio, SynthError> {
            std::thread::sleep(self.0);
            ToneSynth::new().synthesize(spoken, s)
        }
        fn sample_rate(&self) -> u32 {
            22_050
        }
    }

    fn jobs(n: usize) -> Vec<Job> {
        (0..n)
            .map(|i| Job {
                spoken: "word ".repeat(i % 7 + 1),
                settings: VoiceSettings::default(),
            })
            .collect()
    }

    fn lengths(js: &[Job]) -> Vec<(usize, usize)> {
        js.iter()
            .enumerate()
            .map(|(i, j)| (i, ToneSynth::samples_for(&j.spoken, &j.settings)))
            .collect()
    }

    #[test]
    fn results_come_back_in_job_order_with_workers_of_different_speeds() {
        let mut seen = Vec::new();
        let js = jobs(30);
        let slow: SynthFactory = Box::new(|| {
            Ok(Box::new(Slow(std::time::Duration::from_millis(3))) as Box<dyn Synthesizer>)
        });
        synthesize_ordered(
            vec![slow, tone_factory(), tone_factory()],
            js.clone(),
            4,
            |i, r| {
                seen.push((i, r.unwrap().samples.len()));
                Flow::Continue
            },
        );
        assert_eq!(seen, lengths(&js));
    }

    #[test]
    fn stop_ends_early() {
        let mut count = 0;
        synthesize_ordered(vec![tone_factory(), tone_factory()], jobs(50), 4, |_, _| {
            count += 1;
            if count == 3 {
                Flow::Stop
            } else {
                Flow::Continue
            }
        });
        assert_eq!(count, 3);
    }

    #[test]
    fn a_worker_that_cannot_start_leaves_its_share_to_the_others() {
        let broken: SynthFactory = Box::new(|| Err(SynthError::Unavailable("nope".into())));
        let mut seen = Vec::new();
        let js = jobs(6);
        synthesize_ordered(vec![broken, tone_factory()], js.clone(), 4, |i, r| {
            seen.push((i, r.unwrap().samples.len()));
            Flow::Continue
        });
        assert_eq!(seen, lengths(&js));
    }

    #[test]
    fn when_no_worker_can_start_every_job_gets_the_reason() {
        let broken = || -> SynthFactory {
            Box::new(|| Err(SynthError::Unavailable("install the thing".into())))
        };
        let mut errors = Vec::new();
        synthesize_ordered(vec![broken(), broken()], jobs(3), 4, |_, r| {
            errors.push(r.unwrap_err().to_string());
            Flow::Continue
        });
        assert_eq!(errors, vec!["install the thing"; 3]);
    }

    #[test]
    fn later_workers_start_only_after_the_first_utterance_is_spoken() {
        use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
        let first_done = Arc::new(AtomicBool::new(false));
        let early_starts = Arc::new(AtomicUsize::new(0));
        let mut factories = vec![tone_factory()];
        for _ in 0..2 {
            let (done, early) = (Arc::clone(&first_done), Arc::clone(&early_starts));
            factories.push(Box::new(move || {
                if !done.load(Ordering::SeqCst) {
                    early.fetch_add(1, Ordering::SeqCst);
                }
                Ok(Box::new(ToneSynth::new()) as Box<dyn Synthesizer>)
            }));
        }
        synthesize_ordered(factories, jobs(12), 6, |_, r| {
            r.unwrap();
            first_done.store(true, Ordering::SeqCst);
            Flow::Continue
        });
        assert_eq!(early_starts.load(Ordering::SeqCst), 0);
    }
}
