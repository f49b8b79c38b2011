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

/// The child side: answers requests from `input` on `output` with `synth` (or reports `synth`'s
/// start-up error) until `input` closes. Returns `Ok` on a clean end of input.
pub fn serve(
    synth: Result<Box<dyn Synthesizer>, SynthError>,
    input: impl Read,
    output: impl Write,
) -> io::Result<()> {
    let mut input = BufReader::new(input);
    let mut out = BufWriter::new(output);
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
    let mut bytes = Vec::new();
    loop {
        let rate_wpm = match read_u32(&mut input) {
            Ok(v) => v,
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(()),
            Err(e) => return Err(e),
        };
        let mut pitch = [0u8; 1];
        input.read_exact(&mut pitch)?;
        let volume = f32::from_le_bytes(read_u32(&mut input)?.to_le_bytes());
        let len = read_u32(&mut input)? as usize;
        let mut text = vec![0u8; len];
        input.read_exact(&mut text)?;
        let text = String::from_utf8_lossy(&text);
        let settings = VoiceSettings {
            rate_wpm,
            pitch: pitch[0],
            volume,
        };
        match synth.synthesize(&text, &settings) {
            Ok(audio) => {
                out.write_all(b"A")?;
                out.write_all(&audio.sample_rate.to_le_bytes())?;
                out.write_all(&(audio.samples.len() as u32).to_le_bytes())?;
                bytes.clear();
                super::extend_i16_le(&mut bytes, &audio.samples);
                out.write_all(&bytes)?;
                out.write_all(&(audio.words.len() as u32).to_le_bytes())?;
                for m in &audio.words {
                    out.write_all(&(m.sample as u32).to_le_bytes())?;
                    out.write_all(&(m.word as u32).to_le_bytes())?;
                }
            }
            Err(e) => write_error(&mut out, &e)?,
        }
        out.flush()?;
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
        serve(Ok(Box::new(ToneSynth::new())), &input[..], &mut out).unwrap();
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
        serve(Ok(Box::new(espeak)), &input[..], &mut out).unwrap();
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
    fn serve_reports_a_skippable_error_as_skippable() {
        let s = VoiceSettings::default();
        let input = request("a boom", &s);
        let mut out = Vec::new();
        let tone = ToneSynth {
            fail_on: Some("boom".into()),
        };
        serve(Ok(Box::new(tone)), &input[..], &mut out).unwrap();
        let mut r = &out[5..];
        let mut tag = [0u8; 1];
        r.read_exact(&mut tag).unwrap();
        assert_eq!(&tag, b"E");
        assert!(!read_error(&mut r).unwrap().is_fatal());
    }
}
