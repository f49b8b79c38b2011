//! The device sink: plays through rodio 0.23 on the default output device (cpal's PulseAudio
//! host when a server runs, ALSA otherwise).
//!
//! Instead of rodio's `Player` queue, one never-ending [`rodio::Source`] is added to the device
//! mixer: the [`Tap`] end of a lock-free ring ([`super::ring`]), which outputs silence while
//! there is nothing to play or playback is paused, applies the volume, and counts what it
//! consumed — so the player knows exactly which sample the device has taken, a skip is "drop
//! what is queued", and there is no per-utterance source whose start could glitch. The device
//! thread never takes a lock. Two rodio workarounds from DESIGN.md §4 still apply: 50 ms of
//! silence is queued first (the player does it for every sink, see [`super::LEAD_MILLIS`]), and
//! the device is kept open ~300 ms after the last sample so the tail is not cut. Device
//! selection and resampling are rodio's.

use std::num::NonZero;
use std::time::{Duration, Instant};

use rodio::{DeviceSinkBuilder, MixerDeviceSink, Source};

use super::ring::{ring, Feeder, Pcm, Tap};
use super::sink::{AudioSink, Chunk};

/// Why the audio device could not be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DeviceError {
    /// No output device could be opened.
    #[error("no audio device could be opened ({reason}) — try `aloud export` or `--output null`")]
    Unavailable {
        /// What rodio/cpal said.
        reason: String,
    },
}

/// The never-ending source the device mixer pulls from.
struct Feed {
    tap: Tap,
    rate: NonZero<u32>,
}

impl Iterator for Feed {
    type Item = f32;

    fn next(&mut self) -> Option<f32> {
        self.tap.next()
    }
}

impl Source for Feed {
    fn current_span_len(&self) -> Option<usize> {
        None
    }

    fn channels(&self) -> rodio::ChannelCount {
        NonZero::<u16>::MIN
    }

    fn sample_rate(&self) -> rodio::SampleRate {
        self.rate
    }

    fn total_duration(&self) -> Option<Duration> {
        None
    }
}

/// Plays through the default audio device.
pub struct RodioSink {
    device: MixerDeviceSink,
    feeder: Feeder,
    rate: u32,
    created: Instant,
}

impl std::fmt::Debug for RodioSink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RodioSink")
            .field("device", &self.device)
            .field("rate", &self.rate)
            .finish_non_exhaustive()
    }
}

impl RodioSink {
    /// Opens the default output device for mono audio at `rate`. ALSA's own complaints on
    /// stderr are silenced while trying, so a failure is reported as one line.
    pub fn open(rate: u32) -> Result<RodioSink, DeviceError> {
        let rate_nz = NonZero::new(rate).ok_or_else(|| DeviceError::Unavailable {
            reason: "the voice has a sample rate of 0".into(),
        })?;
        let opened = with_stderr_silenced(open_default_sink);
        let mut device = opened.map_err(|e| DeviceError::Unavailable {
            reason: e.to_string(),
        })?;
        device.log_on_drop(false);
        // Half a second between the player and the device: the player tops it up every few
        // milliseconds, and a clear drops what it holds at once.
        let (feeder, tap) = ring(rate as usize / 2);
        device.mixer().add(Feed { tap, rate: rate_nz });
        Ok(RodioSink {
            device,
            feeder,
            rate,
            created: Instant::now(),
        })
    }
}

/// What rodio's `DeviceSinkBuilder::open_default_sink` does — the default device, else the first
/// other device that opens — with an error callback that reports a stream error once instead
/// of rodio's default, which prints every one (hundreds a second from a failing ALSA device).
fn open_default_sink() -> Result<MixerDeviceSink, rodio::DeviceSinkError> {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    let reported = Arc::new(AtomicBool::new(false));
    let report_once = move |e: cpal::Error| {
        if !reported.swap(true, Ordering::Relaxed) {
            // `\r\n`: the terminal may be in raw mode.
            eprint!(
                "aloud: warning: the audio device reported an error: {e} \
                 (further device errors are not shown)\r\n"
            );
        }
    };
    DeviceSinkBuilder::from_default_device()
        .and_then(|b| b.with_error_callback(report_once.clone()).open_stream())
        .or_else(|original| {
            use cpal::traits::{DeviceTrait, HostTrait};
            let Ok(devices) = cpal::default_host().output_devices() else {
                return Err(original);
            };
            devices
                .filter(|dev| {
                    dev.description()
                        .map(|desc| desc.driver().is_some_and(|driver| driver != "null"))
                        .unwrap_or(false)
                })
                .find_map(|d| {
                    DeviceSinkBuilder::from_device(d)
                        .map(|b| b.with_error_callback(report_once.clone()))
                        .and_then(|b| b.open_sink_or_fallback())
                        .ok()
                })
                .ok_or(original)
        })
}

impl AudioSink for RodioSink {
    fn sample_rate(&self) -> u32 {
        self.rate
    }

    fn append(&mut self, pcm: Pcm, _what: Chunk) {
        self.feeder.append(pcm);
    }

    fn queued_frames(&mut self) -> u64 {
        self.feeder.queued()
    }

    fn clear(&mut self) {
        self.feeder.clear();
    }

    fn set_paused(&mut self, paused: bool) {
        self.feeder.set_paused(paused);
    }

    fn set_volume(&mut self, volume: f32) {
        self.feeder.set_volume(volume);
    }

    fn wait(&mut self, max: Duration) {
        // Top the ring up while waiting, in steps short enough that it never runs dry.
        let end = Instant::now() + max;
        loop {
            self.feeder.pump();
            let now = Instant::now();
            if now >= end {
                return;
            }
            std::thread::sleep((end - now).min(Duration::from_millis(20)));
        }
    }

    fn clock(&self) -> Duration {
        self.created.elapsed()
    }

    fn finish(&mut self) {
        self.set_paused(false);
        while self.queued_frames() > 0 {
            std::thread::sleep(Duration::from_millis(10));
        }
        // The device still holds its own buffer (~50 ms) and the server more: without this the
        // last word is cut.
        std::thread::sleep(Duration::from_millis(300));
    }
}

/// Runs `f` with file descriptor 2 pointed at /dev/null (ALSA prints to it directly).
fn with_stderr_silenced<T>(f: impl FnOnce() -> T) -> T {
    // SAFETY: plain POSIX fd calls on descriptors we own; the original stderr is restored
    // before returning and the duplicate closed.
    unsafe {
        let saved = libc::dup(2);
        let null = libc::open(c"/dev/null".as_ptr(), libc::O_WRONLY);
        if saved < 0 || null < 0 {
            if saved >= 0 {
                libc::close(saved);
            }
            if null >= 0 {
                libc::close(null);
            }
            return f();
        }
        libc::dup2(null, 2);
        libc::close(null);
        let out = f();
        libc::dup2(saved, 2);
        libc::close(saved);
        out
    }
}
