//! Ordered parallel synthesis: several synthesizers (threads, or worker processes behind
//! [`super::worker::ProcessSynth`]) speak a stream of utterances, and the results come back in
//! the order the utterances were given.
//!
//! Utterance `i` goes to worker `i % n` (round robin), and at most `lookahead` utterances are in
//! flight, so memory stays flat however long the input. Each worker is created on its own thread
//! from a [`SynthFactory`], so a slow start (a process spawning, an engine loading) does not delay
//! the first utterance, which worker 0 speaks. Not covered: stealing work from a slow worker.

use std::sync::mpsc;

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

/// Speaks `jobs` with one worker per factory and calls `consume(index, result)` in job order.
/// Returns when every job is consumed or `consume` returns [`Flow::Stop`]. A worker whose factory
/// fails answers each of its jobs with that error.
pub fn synthesize_ordered<I, F>(
    factories: Vec<SynthFactory>,
    jobs: I,
    lookahead: usize,
    mut consume: F,
) where
    I: IntoIterator<Item = Job>,
    F: FnMut(usize, Result<Audio, SynthError>) -> Flow,
{
    let n = factories.len().max(1);
    let lookahead = lookahead.max(n);
    std::thread::scope(|scope| {
        let mut job_txs = Vec::with_capacity(n);
        let mut result_rxs = Vec::with_capacity(n);
        for factory in factories {
            let (job_tx, job_rx) = mpsc::channel::<Job>();
            let (res_tx, res_rx) = mpsc::channel::<Result<Audio, SynthError>>();
            job_txs.push(job_tx);
            result_rxs.push(res_rx);
            scope.spawn(move || {
                let mut synth = factory();
                for job in job_rx {
                    let result = match &mut synth {
                        Ok(s) => s.synthesize(&job.spoken, &job.settings),
                        Err(e) => Err(e.clone()),
                    };
                    if res_tx.send(result).is_err() {
                        break;
                    }
                }
            });
        }
        if job_txs.is_empty() {
            return;
        }
        let mut jobs = jobs.into_iter();
        let mut sent = 0usize;
        let mut exhausted = false;
        let mut next = 0usize;
        loop {
            while !exhausted && sent < next + lookahead {
                match jobs.next() {
                    Some(job) => {
                        // A send fails only if the worker thread ended, which it does not
                        // while its job sender lives; the recv below reports it then.
                        let _ = job_txs[sent % n].send(job);
                        sent += 1;
                    }
                    None => exhausted = true,
                }
            }
            if next >= sent {
                break;
            }
            let result = result_rxs[next % n].recv().unwrap_or_else(|_| {
                Err(SynthError::Engine(
                    "a synthesis worker stopped unexpectedly".into(),
                ))
            });
            let flow = consume(next, result);
            next += 1;
            if flow == Flow::Stop {
                break;
            }
        }
        // Dropping the senders ends the workers after their current job.
        drop(job_txs);
        drop(result_rxs);
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::tone::ToneSynth;

    fn tone_factory() -> SynthFactory {
        Box::new(|| Ok(Box::new(ToneSynth::new()) as Box<dyn Synthesizer>))
    }

    fn jobs(n: usize) -> Vec<Job> {
        (0..n)
            .map(|i| Job {
                spoken: "word ".repeat(i % 7 + 1),
                settings: VoiceSettings::default(),
            })
            .collect()
    }

    #[test]
    fn results_come_back_in_job_order_with_three_workers() {
        let mut seen = Vec::new();
        let js = jobs(20);
        synthesize_ordered(
            vec![tone_factory(), tone_factory(), tone_factory()],
            js.clone(),
            4,
            |i, r| {
                seen.push((i, r.unwrap().samples.len()));
                Flow::Continue
            },
        );
        let want: Vec<_> = js
            .iter()
            .enumerate()
            .map(|(i, j)| (i, ToneSynth::samples_for(&j.spoken, &j.settings)))
            .collect();
        assert_eq!(seen, want);
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
    fn a_worker_that_cannot_start_fails_only_its_jobs() {
        let broken: SynthFactory = Box::new(|| Err(SynthError::Unavailable("nope".into())));
        let mut oks = Vec::new();
        synthesize_ordered(vec![tone_factory(), broken], jobs(4), 4, |i, r| {
            oks.push((i, r.is_ok()));
            Flow::Continue
        });
        assert_eq!(oks, vec![(0, true), (1, false), (2, true), (3, false)]);
    }
}
