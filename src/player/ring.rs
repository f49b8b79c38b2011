//! The way from the player to a device callback without locks or copies on the player's side:
//! the player hands [`Pcm`] chunks (an utterance's shared audio as synthesized, stretched audio
//! for another speed, or silence as a count) to a [`Feeder`], which copies them into a lock-free
//! single-producer/single-consumer ring (`rtrb`) as room frees up; the device's thread pulls
//! samples from the other end, a [`Tap`], never waiting and never allocating. Pause, volume and
//! "drop what is queued" travel as atomics, and the tap counts what it consumed, so the player
//! knows exactly which sample the device has taken. The tap is a plain iterator: tests pull from
//! it as a device would ([`super::rodio_sink`] hands it to rodio).

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::Arc;

use crate::audio::Audio;

/// A chunk of mono audio for an output.
#[derive(Debug, Clone)]
pub enum Pcm {
    /// Audio as a voice made it, shared with the prefetcher (played at 1×, no copy).
    Shared(Arc<Audio>),
    /// Samples made for this output (stretched to another speed).
    Owned(Vec<f32>),
    /// This many samples of silence.
    Silence(usize),
}

impl Pcm {
    /// The number of samples.
    pub fn len(&self) -> usize {
        match self {
            Pcm::Shared(a) => a.samples.len(),
            Pcm::Owned(v) => v.len(),
            Pcm::Silence(n) => *n,
        }
    }

    /// Whether it holds no samples.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The samples, or `None` for silence.
    pub fn samples(&self) -> Option<&[f32]> {
        match self {
            Pcm::Shared(a) => Some(&a.samples),
            Pcm::Owned(v) => Some(v),
            Pcm::Silence(_) => None,
        }
    }

    /// The samples as a new vector (silence as zeros), for outputs that keep what they play.
    pub fn to_vec(&self) -> Vec<f32> {
        match self.samples() {
            Some(s) => s.to_vec(),
            None => vec![0.0; self.len()],
        }
    }
}

/// What both ends share.
#[derive(Debug)]
struct Control {
    paused: AtomicBool,
    /// The volume factor's bits.
    volume: AtomicU32,
    /// Samples the tap has taken out of the ring (played or dropped).
    consumed: AtomicU64,
    /// Samples written before this count are to be dropped, not played (a clear).
    drop_until: AtomicU64,
}

/// The player's end.
pub struct Feeder {
    producer: rtrb::Producer<f32>,
    pending: VecDeque<(Pcm, usize)>,
    pending_frames: u64,
    written: u64,
    control: Arc<Control>,
}

impl std::fmt::Debug for Feeder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Feeder")
            .field("pending_frames", &self.pending_frames)
            .field("written", &self.written)
            .finish_non_exhaustive()
    }
}

/// The device's end: an endless iterator of samples (silence while there are none).
pub struct Tap {
    consumer: rtrb::Consumer<f32>,
    control: Arc<Control>,
}

impl std::fmt::Debug for Tap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tap").finish_non_exhaustive()
    }
}

/// A feeder and its tap, joined by a ring of `capacity` samples.
pub fn ring(capacity: usize) -> (Feeder, Tap) {
    let (producer, consumer) = rtrb::RingBuffer::new(capacity.max(1));
    let control = Arc::new(Control {
        paused: AtomicBool::new(false),
        volume: AtomicU32::new(1.0f32.to_bits()),
        consumed: AtomicU64::new(0),
        drop_until: AtomicU64::new(0),
    });
    (
        Feeder {
            producer,
            pending: VecDeque::new(),
            pending_frames: 0,
            written: 0,
            control: Arc::clone(&control),
        },
        Tap { consumer, control },
    )
}

impl Feeder {
    /// Queues `pcm` after what is queued.
    pub fn append(&mut self, pcm: Pcm) {
        if pcm.is_empty() {
            return;
        }
        self.pending_frames += pcm.len() as u64;
        self.pending.push_back((pcm, 0));
        self.pump();
    }

    /// Moves queued audio into the ring as far as it has room. Call it often (every few
    /// milliseconds); [`Feeder::queued`] does.
    pub fn pump(&mut self) {
        while let Some((pcm, offset)) = self.pending.front_mut() {
            let room = self.producer.slots();
            if room == 0 {
                return;
            }
            let left = pcm.len() - *offset;
            let n = left.min(room);
            let moved = match pcm.samples() {
                Some(s) => {
                    let (done, _) = self.producer.push_partial_slice(&s[*offset..*offset + n]);
                    done.len()
                }
                None => match self.producer.write_chunk(n) {
                    // Default-initialized: silence.
                    Ok(chunk) => {
                        chunk.commit_all();
                        n
                    }
                    Err(_) => 0,
                },
            };
            if moved == 0 {
                return;
            }
            *offset += moved;
            self.written += moved as u64;
            self.pending_frames -= moved as u64;
            if *offset == pcm.len() {
                self.pending.pop_front();
            }
        }
    }

    /// Samples queued and not taken by the device yet.
    pub fn queued(&mut self) -> u64 {
        self.pump();
        let taken = self
            .control
            .consumed
            .load(Ordering::Acquire)
            .max(self.control.drop_until.load(Ordering::Acquire));
        self.pending_frames + self.written.saturating_sub(taken)
    }

    /// Drops everything not taken yet.
    pub fn clear(&mut self) {
        self.pending.clear();
        self.pending_frames = 0;
        self.control
            .drop_until
            .store(self.written, Ordering::Release);
    }

    /// Pauses (the tap gives silence and keeps what is queued) or resumes.
    pub fn set_paused(&self, paused: bool) {
        self.control.paused.store(paused, Ordering::Release);
    }

    /// Sets the volume factor.
    pub fn set_volume(&self, volume: f32) {
        self.control
            .volume
            .store(volume.clamp(0.0, 2.0).to_bits(), Ordering::Release);
    }
}

impl Iterator for Tap {
    type Item = f32;

    fn next(&mut self) -> Option<f32> {
        if self.control.paused.load(Ordering::Acquire) {
            return Some(0.0);
        }
        loop {
            let Ok(x) = self.consumer.pop() else {
                return Some(0.0);
            };
            let n = self.control.consumed.fetch_add(1, Ordering::AcqRel) + 1;
            if n > self.control.drop_until.load(Ordering::Acquire) {
                let volume = f32::from_bits(self.control.volume.load(Ordering::Acquire));
                return Some(x * volume);
            }
            // Cleared: drop it and look at the next.
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pull(tap: &mut Tap, n: usize) -> Vec<f32> {
        tap.take(n).collect()
    }

    #[test]
    fn samples_come_out_in_order_with_silence_as_zeros_and_then_silence() {
        let (mut feeder, mut tap) = ring(8);
        let audio = Arc::new(Audio {
            sample_rate: 10,
            samples: vec![0.1, 0.2, 0.3],
            words: Vec::new(),
        });
        feeder.append(Pcm::Shared(audio));
        feeder.append(Pcm::Silence(2));
        feeder.append(Pcm::Owned(vec![0.5; 6]));
        assert_eq!(feeder.queued(), 11);
        let mut out = pull(&mut tap, 5);
        assert_eq!(out, vec![0.1, 0.2, 0.3, 0.0, 0.0]);
        // The ring held 8: the rest comes once the feeder pumps again.
        out = pull(&mut tap, 3);
        assert_eq!(out, vec![0.5, 0.5, 0.5]);
        assert_eq!(feeder.queued(), 3);
        out = pull(&mut tap, 5);
        assert_eq!(out, vec![0.5, 0.5, 0.5, 0.0, 0.0]);
        assert_eq!(feeder.queued(), 0);
    }

    #[test]
    fn pause_keeps_the_queue_and_volume_scales() {
        let (mut feeder, mut tap) = ring(16);
        feeder.append(Pcm::Owned(vec![0.5; 4]));
        feeder.set_paused(true);
        assert_eq!(pull(&mut tap, 3), vec![0.0; 3]);
        assert_eq!(feeder.queued(), 4);
        feeder.set_paused(false);
        feeder.set_volume(0.5);
        assert_eq!(pull(&mut tap, 2), vec![0.25, 0.25]);
        assert_eq!(feeder.queued(), 2);
    }

    #[test]
    fn a_clear_drops_what_the_device_has_not_taken() {
        let (mut feeder, mut tap) = ring(4);
        feeder.append(Pcm::Owned(vec![0.5; 10]));
        assert_eq!(pull(&mut tap, 1), vec![0.5]);
        feeder.clear();
        assert_eq!(feeder.queued(), 0);
        feeder.append(Pcm::Owned(vec![0.9; 2]));
        assert_eq!(feeder.queued(), 2);
        // The dropped samples still in the ring are skipped, not heard.
        assert_eq!(pull(&mut tap, 1), vec![0.9]);
        feeder.pump();
        assert_eq!(pull(&mut tap, 2), vec![0.9, 0.0]);
        assert_eq!(feeder.queued(), 0);
    }
}
