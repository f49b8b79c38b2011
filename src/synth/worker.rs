//! Synthesis in a worker process: the way to run several espeak-ng engines at once, since the
//! library keeps its state in process-wide globals.
//!
//! The parent starts a child (the `aloud` binary with a hidden subcommand) whose stdin/stdout
//! carry a small binary protocol, all integers little-endian:
//! - child → parent, once at start: `A rate:u32` when its engine is ready, or an error frame;
//! - parent → child, per utterance: `rate_wpm:u32 pitch:u8 volume:f32 len:u32 text[len]`;
//! - child → parent, per utterance: `A rate:u32 n:u32 sample:i16 × n m:u32 (sample:u32
//!   word:u32) × m` (the audio and its word marks), or an error frame
//!   `E kind:u8 len:u32 message[len]` (kind 0 = skip this utterance, 1 = unavailable, 2 = engine).
//!
//! The parent side, [`ProcessSynth`], is itself a [`Synthesizer`], so the pool and the export do
//! not know whether a worker is a thread or a process. Samples travel as `i16`, which is exact
//! for espeak-ng's output. Closing the child's stdin ends it. Not covered: restarting a worker
//! that died (its next call returns a fatal error).
//!
//! In [`Mode::FreshPerUtterance`] the worker (a process that starts no thread of its own) loads
//! its engine once and then `fork()`s a child per utterance, which speaks it from that untouched state,
//! sends the answer frame back through a pipe and exits: an utterance's audio then depends on
//! nothing the worker said before, which espeak-ng (whose state carries over from one utterance
//! to the next, with no call to reset it) does not otherwise give. That makes exports with the
//! built-in voice the same byte for byte whatever `--jobs` says. A fork costs well under a
//! millisecond next to the several the utterance takes.

use std::io::{self, BufReader, BufWriter, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use super::{Audio, SynthError, Synthesizer, VoiceSettings};

fn write_error(out: &mut impl Write, err: &SynthError) -> io::Result<()> {
    let (kind, msg) = match err {
        SynthError::Utterance { .. } => (0u8, err.to_string()),
        SynthError::Unavailable(m) => (1, m.clone()),
        SynthError::Engine(m) => (2, m.clone()),
    };
    out.write_all(b"E")?;
    out.write_all(&[kind])?;
    out.write_all(&(msg.len() as u32).to_le_bytes())?;
    out.write_all(msg.as_bytes())
}

fn read_u32(r: &mut impl Read) -> io::Result<u32> {
    let mut b = [0u8; 4];
    r.read_exact(&mut b)?;
    Ok(u32::from_le_bytes(b))
}

fn read_error(r: &mut impl Read) -> io::Result<SynthError> {
    let mut kind = [0u8; 1];
    r.read_exact(&mut kind)?;
    let len = read_u32(r)? as usize;
    let mut msg = vec![0u8; len];
    r.read_exact(&mut msg)?;
    let msg = String::from_utf8_lossy(&msg).into_owned();
    Ok(match kind[0] {
        0 => SynthError::Utterance {
            text: String::new(),
            reason: msg,
        },
        1 => SynthError::Unavailable(msg),
        _ => SynthError::Engine(msg),
    })
}

/// One request from the parent: the text and how to speak it.
struct Request {
    text: String,
    settings: VoiceSettings,
}

/// Reads the next request, or `None` at a clean end of input.
fn read_request(input: &mut impl Read) -> io::Result<Option<Request>> {
    let rate_wpm = match read_u32(input) {
        Ok(v) => v,
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    };
    let mut pitch = [0u8; 1];
    input.read_exact(&mut pitch)?;
    let volume = f32::from_le_bytes(read_u32(input)?.to_le_bytes());
    let len = read_u32(input)? as usize;
    let mut text = vec![0u8; len];
    input.read_exact(&mut text)?;
    Ok(Some(Request {
        text: String::from_utf8_lossy(&text).into_owned(),
        settings: VoiceSettings {
            rate_wpm,
            pitch: pitch[0],
            volume,
        },
    }))
}

/// The answer frame for one utterance: its audio and word marks, or its error.
fn encode_answer(result: &Result<Audio, SynthError>) -> Vec<u8> {
    let mut out = Vec::new();
    match result {
        Ok(audio) => {
            out.reserve(13 + audio.samples.len() * 2 + audio.words.len() * 8);
            out.extend_from_slice(b"A");
            out.extend_from_slice(&audio.sample_rate.to_le_bytes());
            out.extend_from_slice(&(audio.samples.len() as u32).to_le_bytes());
            super::extend_i16_le(&mut out, &audio.samples);
            out.extend_from_slice(&(audio.words.len() as u32).to_le_bytes());
            for m in &audio.words {
                out.extend_from_slice(&(m.sample as u32).to_le_bytes());
                out.extend_from_slice(&(m.word as u32).to_le_bytes());
            }
        }
        // Writing to a Vec cannot fail.
        Err(e) => {
            let _ = write_error(&mut out, e);
        }
    }
    out
}

/// How [`serve`] runs each utterance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// On the one engine, one utterance after the other: what an utterance sounds like may
    /// depend on what the engine spoke before (espeak-ng keeps state between utterances).
    Shared,
    /// Each utterance in a `fork()`ed copy of this process taken while the engine is as it was
    /// after start-up, so that its audio depends on nothing spoken before: the same bytes
    /// whichever worker speaks it. Linux only.
    ///
    /// A forked child has only the thread that forked, so every other thread must hold no lock
    /// the child needs. Checked at start: the process ran one thread before its engine loaded
    /// (`threads_before_engine`, from [`thread_count`]; `None` when that cannot be told), and any
    /// thread the engine started is asleep. (libespeak-ng 1.51 starts one, the queue of its
    /// asynchronous mode, which in synchronous mode waits on a condition variable for the life
    /// of the process without holding its mutex; the child never touches that queue.) Otherwise
    /// the worker answers with an engine error instead of forking.
    FreshPerUtterance {
        /// Threads of the process before the engine was loaded.
        threads_before_engine: Option<usize>,
    },
}

/// The threads of this process, or `None` where that cannot be told (no `/proc`).
pub fn thread_count() -> Option<usize> {
    tasks().map(Iterator::count)
}

/// The entries of `/proc/self/task`, one per thread of this process, or `None` without `/proc`.
fn tasks() -> Option<impl Iterator<Item = std::fs::DirEntry>> {
    Some(
        std::fs::read_dir("/proc/self/task")
            .ok()?
            .filter_map(Result::ok),
    )
}

/// The child side: answers requests from `input` on `output` with `synth` (or reports `synth`'s
/// start-up error) until `input` closes, running each utterance as `mode` says. Returns `Ok` on
/// a clean end of input.
pub fn serve(
    synth: Result<Box<dyn Synthesizer>, SynthError>,
    mode: Mode,
    input: impl Read,
    output: impl Write,
) -> io::Result<()> {
    let mut input = BufReader::new(input);
    let mut out = BufWriter::new(output);
    let synth = synth.and_then(|s| match mode {
        Mode::Shared => Ok(s),
        Mode::FreshPerUtterance {
            threads_before_engine,
        } => fresh::check_can_fork(threads_before_engine).map(|()| s),
    });
    let mut synth = match synth {
        Ok(s) => s,
        Err(e) => {
            write_error(&mut out, &e)?;
            return out.flush();
        }
    };
    out.write_all(b"A")?;
    out.write_all(&synth.sample_rate().to_le_bytes())?;
    out.flush()?;
    while let Some(request) = read_request(&mut input)? {
        let answer = match mode {
            Mode::Shared => encode_answer(&synth.synthesize(&request.text, &request.settings)),
            Mode::FreshPerUtterance { .. } => fresh::in_child(|| {
                encode_answer(&synth.synthesize(&request.text, &request.settings))
            }),
        };
        out.write_all(&answer)?;
        out.flush()?;
    }
    Ok(())
}

/// Running one utterance in a forked copy of the process ([`Mode::FreshPerUtterance`]).
#[cfg(target_os = "linux")]
mod fresh {
    use std::io::{Read, Write};
    use std::os::fd::{FromRawFd, OwnedFd};

    use super::{encode_answer, SynthError};

    /// The other threads of this process and whether each is asleep (state `S` in
    /// `/proc/self/task/*/stat`), or `None` where that cannot be told.
    fn other_threads() -> Option<Vec<bool>> {
        // SAFETY: gettid has no preconditions.
        let me = unsafe { libc::gettid() }.to_string();
        let mut others = Vec::new();
        for task in super::tasks()? {
            if task.file_name().to_str() == Some(me.as_str()) {
                continue;
            }
            let stat = std::fs::read_to_string(task.path().join("stat")).unwrap_or_default();
            // "tid (name) S ...": the state follows the last parenthesis.
            let state = stat.rsplit_once(')').map(|(_, rest)| rest.trim_start());
            others.push(state.is_some_and(|s| s.starts_with('S')));
        }
        Some(others)
    }

    /// `Ok` when `fork()` is safe here (see [`super::Mode::FreshPerUtterance`]): the process
    /// ran one thread before its engine loaded, and the engine's own threads are asleep (given
    /// a moment to get there after start-up).
    pub(super) fn check_can_fork(threads_before_engine: Option<usize>) -> Result<(), SynthError> {
        if let Some(n) = threads_before_engine.filter(|n| *n > 1) {
            return Err(SynthError::Engine(format!(
                "a synthesis worker cannot fork per utterance: it ran {n} threads before its \
                 voice engine started, not one"
            )));
        }
        for _ in 0..200 {
            match other_threads() {
                None => return Ok(()),
                Some(others) if others.iter().all(|asleep| *asleep) => return Ok(()),
                Some(_) => std::thread::sleep(std::time::Duration::from_millis(1)),
            }
        }
        Err(SynthError::Engine(
            "a synthesis worker cannot fork per utterance: a thread of its voice engine stays busy"
                .into(),
        ))
    }

    fn engine_error(what: &str, e: impl std::fmt::Display) -> Vec<u8> {
        encode_answer(&Err(SynthError::Engine(format!(
            "a synthesis worker could not {what}: {e}"
        ))))
    }

    /// How long a forked child may take over one utterance before it is stopped (by `SIGALRM`).
    /// espeak-ng speaks an utterance in milliseconds; a child still busy after this is hung.
    pub(super) const CHILD_DEADLINE_SECS: u32 = 60;

    /// Runs `work` in a forked child and returns the answer frame it made; the parent's memory
    /// (the engine's state) is left as it was. A child that dies without a whole answer (killed,
    /// out of memory, or hung past [`CHILD_DEADLINE_SECS`]) is tried once more from the same
    /// clean state; dying twice stops the run with a fatal error, rather than leaving a gap in a
    /// file that would count as rendered.
    pub(super) fn in_child(work: impl FnMut() -> Vec<u8>) -> Vec<u8> {
        in_child_within(CHILD_DEADLINE_SECS, work)
    }

    /// [`in_child`] with the deadline given in seconds.
    pub(super) fn in_child_within(deadline: u32, mut work: impl FnMut() -> Vec<u8>) -> Vec<u8> {
        match fork_once(deadline, &mut work) {
            Ok(answer) => answer,
            Err(_) => match fork_once(deadline, &mut work) {
                Ok(answer) => answer,
                Err(how) => encode_answer(&Err(SynthError::Engine(format!(
                    "the voice engine died twice while speaking an utterance ({how})"
                )))),
            },
        }
    }

    /// One try of [`in_child`]: the answer (or an answer frame saying why no child could be
    /// made), or how the child ended without one.
    fn fork_once(deadline: u32, work: &mut impl FnMut() -> Vec<u8>) -> Result<Vec<u8>, String> {
        let mut fds = [0; 2];
        // SAFETY: pipe writes two new descriptors into `fds`.
        if unsafe { libc::pipe(fds.as_mut_ptr()) } != 0 {
            return Ok(engine_error("make a pipe", std::io::Error::last_os_error()));
        }
        // SAFETY: both descriptors were just created and are owned by nothing else.
        let (reader, writer) =
            unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
        // SAFETY: no other thread of the process holds a lock the child needs (checked when
        // serving started, and nothing here starts a thread); the child never returns from the
        // block below.
        let pid = unsafe { libc::fork() };
        if pid < 0 {
            return Ok(engine_error("fork", std::io::Error::last_os_error()));
        }
        if pid == 0 {
            drop(reader);
            // A child that hangs is ended by the alarm, whatever the parent did with SIGALRM
            // (its handler and its mask are both inherited).
            // SAFETY: these calls only change this (child) process's signal state; `set` is
            // initialised by sigemptyset before use.
            unsafe {
                libc::signal(libc::SIGALRM, libc::SIG_DFL);
                let mut set: libc::sigset_t = std::mem::zeroed();
                libc::sigemptyset(&mut set);
                libc::sigaddset(&mut set, libc::SIGALRM);
                libc::sigprocmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
                libc::alarm(deadline);
            }
            // Whatever happens, the child must not unwind into the parent's loop: it ends here.
            let code = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)) {
                Ok(answer) => {
                    let mut pipe = std::fs::File::from(writer);
                    if pipe.write_all(&answer).is_ok() {
                        0
                    } else {
                        1
                    }
                }
                Err(_) => 2,
            };
            // SAFETY: _exit ends the child without running the parent's exit handlers or
            // destructors (the engine's, stdio buffers), which belong to the parent.
            unsafe { libc::_exit(code) }
        }
        drop(writer);
        let mut answer = Vec::new();
        let read = std::fs::File::from(reader).read_to_end(&mut answer);
        let mut status = 0;
        // SAFETY: `pid` is our child; waiting reaps it.
        let waited = loop {
            let rc = unsafe { libc::waitpid(pid, &mut status, 0) };
            if rc >= 0 || std::io::Error::last_os_error().kind() != std::io::ErrorKind::Interrupted
            {
                break rc;
            }
        };
        let clean = waited == pid && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
        if read.is_ok() && clean && !answer.is_empty() {
            return Ok(answer);
        }
        Err(if waited != pid {
            "it could not be waited for".to_string()
        } else if libc::WIFSIGNALED(status) && libc::WTERMSIG(status) == libc::SIGALRM {
            format!("it was still busy after {deadline} s and was stopped")
        } else if libc::WIFSIGNALED(status) {
            format!("killed by signal {}", libc::WTERMSIG(status))
        } else if libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 2 {
            "it panicked".to_string()
        } else if libc::WIFEXITED(status) && libc::WEXITSTATUS(status) != 0 {
            format!("exit status {}", libc::WEXITSTATUS(status))
        } else {
            "no answer".to_string()
        })
    }
}

/// Without `fork()`, [`Mode::FreshPerUtterance`] is refused at start.
#[cfg(not(target_os = "linux"))]
mod fresh {
    use super::SynthError;

    pub(super) fn check_can_fork(_threads_before_engine: Option<usize>) -> Result<(), SynthError> {
        Err(SynthError::Unavailable(
            "fresh-state synthesis workers are built for Linux only".into(),
        ))
    }

    pub(super) fn in_child(mut work: impl FnMut() -> Vec<u8>) -> Vec<u8> {
        work()
    }
}

/// The parent side: a synthesizer that forwards each utterance to a worker process.
pub struct ProcessSynth {
    child: Child,
    stdin: Option<BufWriter<ChildStdin>>,
    stdout: BufReader<ChildStdout>,
    sample_rate: u32,
}

fn lost(e: io::Error) -> SynthError {
    SynthError::Engine(format!("a synthesis worker process stopped: {e}"))
}

impl ProcessSynth {
    /// Starts `command` (which must run [`serve`]) and waits until its engine is ready.
    pub fn spawn(mut command: Command) -> Result<ProcessSynth, SynthError> {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| {
                SynthError::Engine(format!("cannot start a synthesis worker process: {e}"))
            })?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(SynthError::Engine("worker process has no pipes".into()));
        };
        let mut synth = ProcessSynth {
            child,
            stdin: Some(BufWriter::new(stdin)),
            stdout: BufReader::new(stdout),
            sample_rate: 0,
        };
        let mut tag = [0u8; 1];
        synth.stdout.read_exact(&mut tag).map_err(lost)?;
        match &tag {
            b"A" => {
                synth.sample_rate = read_u32(&mut synth.stdout).map_err(lost)?;
                Ok(synth)
            }
            b"E" => Err(read_error(&mut synth.stdout).map_err(lost)?),
            _ => Err(SynthError::Engine(
                "a synthesis worker process answered garbage".into(),
            )),
        }
    }
}

impl Synthesizer for ProcessSynth {
    fn synthesize(&mut self, spoken: &str, settings: &VoiceSettings) -> Result<Audio, SynthError> {
        let stdin = self
            .stdin
            .as_mut()
            .ok_or_else(|| SynthError::Engine("worker closed".into()))?;
        let send = |w: &mut BufWriter<ChildStdin>| -> io::Result<()> {
            w.write_all(&settings.rate_wpm.to_le_bytes())?;
            w.write_all(&[settings.pitch])?;
            w.write_all(&settings.volume.to_le_bytes())?;
            w.write_all(&(spoken.len() as u32).to_le_bytes())?;
            w.write_all(spoken.as_bytes())?;
            w.flush()
        };
        send(stdin).map_err(lost)?;
        let mut tag = [0u8; 1];
        self.stdout.read_exact(&mut tag).map_err(lost)?;
        match &tag {
            b"A" => {
                let rate = read_u32(&mut self.stdout).map_err(lost)?;
                let n = read_u32(&mut self.stdout).map_err(lost)? as usize;
                let mut raw = vec![0u8; n * 2];
                self.stdout.read_exact(&mut raw).map_err(lost)?;
                let samples = super::f32_from_i16_le(&raw);
                let marks = read_u32(&mut self.stdout).map_err(lost)? as usize;
                let mut words = Vec::with_capacity(marks.min(n));
                for _ in 0..marks {
                    let sample = read_u32(&mut self.stdout).map_err(lost)? as usize;
                    let word = read_u32(&mut self.stdout).map_err(lost)? as usize;
                    words.push(crate::audio::WordMark { sample, word });
                }
                Ok(Audio {
                    sample_rate: rate,
                    samples,
                    words,
                })
            }
            b"E" => {
                let mut err = read_error(&mut self.stdout).map_err(lost)?;
                if let SynthError::Utterance { text, .. } = &mut err {
                    *text = spoken.chars().take(40).collect();
                }
                Err(err)
            }
            _ => Err(SynthError::Engine(
                "a synthesis worker process answered garbage".into(),
            )),
        }
    }

    fn sample_rate(&self) -> u32 {
        self.sample_rate
    }
}

impl Drop for ProcessSynth {
    fn drop(&mut self) {
        // Closing stdin ends the worker's loop; then reap it.
        self.stdin = None;
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::tone::ToneSynth;

    /// The error an answer frame (`E kind len message`) carries; fails when it is not one.
    fn error_frame(mut frame: &[u8]) -> SynthError {
        let mut tag = [0u8; 1];
        frame.read_exact(&mut tag).unwrap();
        assert_eq!(&tag, b"E", "an error frame");
        read_error(&mut frame).unwrap()
    }

    fn request(text: &str, s: &VoiceSettings) -> Vec<u8> {
        let mut v = Vec::new();
        v.extend_from_slice(&s.rate_wpm.to_le_bytes());
        v.push(s.pitch);
        v.extend_from_slice(&s.volume.to_le_bytes());
        v.extend_from_slice(&(text.len() as u32).to_le_bytes());
        v.extend_from_slice(text.as_bytes());
        v
    }

    #[test]
    fn serve_answers_hello_then_one_frame_per_request() {
        let s = VoiceSettings::default();
        let mut input = request("one two", &s);
        input.extend(request("", &s));
        let mut out = Vec::new();
        serve(
            Ok(Box::new(ToneSynth::new())),
            Mode::Shared,
            &input[..],
            &mut out,
        )
        .unwrap();
        let mut r = &out[..];
        let mut tag = [0u8; 1];
        r.read_exact(&mut tag).unwrap();
        assert_eq!(&tag, b"A");
        assert_eq!(read_u32(&mut r).unwrap(), 22_050);
        r.read_exact(&mut tag).unwrap();
        assert_eq!(&tag, b"A");
        assert_eq!(read_u32(&mut r).unwrap(), 22_050);
        let n = read_u32(&mut r).unwrap() as usize;
        assert_eq!(n, ToneSynth::samples_for("one two", &s));
        let mut skip = vec![0u8; n * 2];
        r.read_exact(&mut skip).unwrap();
        assert_eq!(
            read_u32(&mut r).unwrap(),
            0,
            "the tone voice marks no words"
        );
        r.read_exact(&mut tag).unwrap();
        assert_eq!(&tag, b"A");
        read_u32(&mut r).unwrap();
        assert_eq!(read_u32(&mut r).unwrap(), 0);
        assert_eq!(read_u32(&mut r).unwrap(), 0);
        assert!(r.is_empty());
    }

    #[test]
    fn serve_sends_the_voices_word_marks_after_the_samples() {
        let s = VoiceSettings::default();
        let input = request("Four words said here.", &s);
        let mut out = Vec::new();
        let espeak = crate::synth::espeak::EspeakSynth::new("en-us").unwrap();
        serve(Ok(Box::new(espeak)), Mode::Shared, &input[..], &mut out).unwrap();
        let mut r = &out[5..];
        let mut tag = [0u8; 1];
        r.read_exact(&mut tag).unwrap();
        assert_eq!(&tag, b"A");
        read_u32(&mut r).unwrap();
        let n = read_u32(&mut r).unwrap() as usize;
        let mut skip = vec![0u8; n * 2];
        r.read_exact(&mut skip).unwrap();
        assert_eq!(read_u32(&mut r).unwrap(), 4, "one mark per word");
        let mut last = None;
        for word in 0..4 {
            let sample = read_u32(&mut r).unwrap() as usize;
            assert_eq!(read_u32(&mut r).unwrap() as usize, word);
            assert!(sample < n && last.is_none_or(|l| l < sample));
            last = Some(sample);
        }
        assert!(r.is_empty());
    }

    #[test]
    fn a_fresh_worker_refuses_to_fork_when_it_ran_threads_of_its_own() {
        let s = VoiceSettings::default();
        let input = request("one", &s);
        let mut out = Vec::new();
        let mode = Mode::FreshPerUtterance {
            threads_before_engine: Some(2),
        };
        serve(Ok(Box::new(ToneSynth::new())), mode, &input[..], &mut out).unwrap();
        let mut r = &out[..];
        let mut tag = [0u8; 1];
        r.read_exact(&mut tag).unwrap();
        assert_eq!(&tag, b"E", "an error instead of the hello");
        let err = read_error(&mut r).unwrap();
        assert!(
            err.is_fatal() && err.to_string().contains("2 threads"),
            "{err}"
        );
        assert!(r.is_empty(), "and no answers");
    }

    #[test]
    fn serve_reports_a_skippable_error_as_skippable() {
        let s = VoiceSettings::default();
        let input = request("a boom", &s);
        let mut out = Vec::new();
        let tone = ToneSynth {
            fail_on: Some("boom".into()),
        };
        serve(Ok(Box::new(tone)), Mode::Shared, &input[..], &mut out).unwrap();
        assert!(!error_frame(&out[5..]).is_fatal());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_child_that_dies_is_tried_once_more_and_dying_twice_stops_the_run() {
        let dir = tempfile::tempdir().unwrap();
        let marker = dir.path().join("died once");
        // Dies the first time only (the marker outlives the child): the retry answers.
        let answer = fresh::in_child(|| {
            if !marker.exists() {
                let _ = std::fs::write(&marker, b"");
                // SAFETY: raise only signals this (child) process.
                unsafe { libc::raise(libc::SIGKILL) };
            }
            b"A-answer".to_vec()
        });
        assert_eq!(answer, b"A-answer");
        // Dies every time: a fatal error saying how, not a gap in the file.
        let answer = fresh::in_child(|| {
            // SAFETY: as above.
            unsafe { libc::raise(libc::SIGKILL) };
            Vec::new()
        });
        let err = error_frame(&answer);
        assert!(err.is_fatal(), "{err}");
        assert!(err.to_string().contains("killed by signal 9"), "{err}");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_child_that_hangs_is_stopped_at_its_deadline_and_the_run_stops_with_an_error() {
        let answer = fresh::in_child_within(1, || loop {
            std::thread::sleep(std::time::Duration::from_secs(3600));
        });
        let err = error_frame(&answer);
        assert!(err.is_fatal(), "{err}");
        assert!(err.to_string().contains("still busy after 1 s"), "{err}");
    }
}
