//! Command voices: any installed program that writes speech audio for a text (flite, festival's
//! `text2wave`, the piper CLI, `pico2wave`, macOS `say`) becomes a voice.
//!
//! A [`CommandSpec`] gives the program and its argument template. Placeholders, replaced inside
//! each argument: `{text}` (the spoken text), `{text_file}` (a file holding it), `{output}` (the
//! audio file the program must write), `{rate}` (words per minute) and `{pitch}` (0–100). With
//! [`OutputMode::Stdout`] the audio is read from the program's standard output instead. The
//! program runs without a shell (no quoting problems, no injection), with stdin closed, in a
//! private temporary directory, and is killed when it runs past its timeout. What it wrote is
//! decoded with symphonia (WAV, MP3, Ogg Vorbis, FLAC), mixed down to mono and resampled to the
//! voice's declared sample rate. Each call is a separate process, so [`Synthesizer::fork`] gives
//! independent copies for parallel workers. Not covered: programs that only play sound.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use super::resample::resample;
use super::{Audio, SynthError, Synthesizer, VoiceSettings};
use crate::decode;

/// Where a command voice leaves its audio.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputMode {
    /// In the file named by `{output}`.
    File,
    /// On its standard output.
    Stdout,
}

/// How to run a command voice.
#[derive(Debug, Clone, PartialEq)]
pub struct CommandSpec {
    /// The program: a name looked up on `PATH`, or a path.
    pub program: String,
    /// Arguments, with placeholders.
    pub args: Vec<String>,
    /// Where the audio appears.
    pub output: OutputMode,
    /// The longest one utterance may take before the program is killed.
    pub timeout: Duration,
    /// The sample rate the audio is converted to (pick the program's own to avoid resampling).
    pub sample_rate: u32,
    /// File extension of `{output}` (`wav`, `mp3`, `ogg`, `flac`), which programs such as sox
    /// use to pick the format they write.
    pub output_extension: String,
}

/// A synthesizer that runs a [`CommandSpec`] once per utterance.
#[derive(Debug, Clone)]
pub struct CommandSynth {
    spec: CommandSpec,
}

static CALLS: AtomicU64 = AtomicU64::new(0);

/// A private temporary directory, removed on drop.
struct WorkDir(PathBuf);

impl WorkDir {
    fn new() -> std::io::Result<WorkDir> {
        let n = CALLS.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("aloud-voice-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        Ok(WorkDir(dir))
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Finds `program` the way `Command` would: a path as given, or the first match on `PATH`.
pub fn find_program(program: &str) -> Option<PathBuf> {
    let p = Path::new(program);
    if p.components().count() > 1 {
        return p.is_file().then(|| p.to_path_buf());
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|c| is_executable(c))
}

fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p)
        .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

impl CommandSynth {
    /// A command voice. Nothing is run until the first utterance.
    pub fn new(spec: CommandSpec) -> CommandSynth {
        CommandSynth { spec }
    }

    /// `Err` with the reason (e.g. "flite not installed") when the program cannot be found.
    pub fn check(spec: &CommandSpec) -> Result<(), String> {
        match find_program(&spec.program) {
            Some(_) => Ok(()),
            None => Err(format!("{} not installed", spec.program)),
        }
    }

    fn fail(&self, spoken: &str, reason: String) -> SynthError {
        SynthError::Utterance {
            text: spoken.chars().take(40).collect(),
            reason,
        }
    }
}

fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (key, value) in vars {
        if out.contains(key) {
            out = out.replace(key, value);
        }
    }
    out
}

fn last_line(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    text.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
        .chars()
        .take(200)
        .collect()
}

impl Synthesizer for CommandSynth {
    fn synthesize(&mut self, spoken: &str, settings: &VoiceSettings) -> Result<Audio, SynthError> {
        let rate = self.spec.sample_rate;
        if spoken.trim().is_empty() {
            return Ok(Audio {
                sample_rate: rate,
                samples: Vec::new(),
            });
        }
        let work = WorkDir::new()
            .map_err(|e| SynthError::Engine(format!("cannot create a temporary directory: {e}")))?;
        let text_file = work.0.join("text.txt");
        let output = work
            .0
            .join(format!("speech.{}", self.spec.output_extension));
        if self.spec.args.iter().any(|a| a.contains("{text_file}")) {
            std::fs::write(&text_file, spoken).map_err(|e| {
                SynthError::Engine(format!("cannot write {}: {e}", text_file.display()))
            })?;
        }
        let rate_s = settings.rate_wpm.to_string();
        let pitch_s = settings.pitch.to_string();
        let text_file_s = text_file.display().to_string();
        let output_s = output.display().to_string();
        let vars = [
            ("{text}", spoken),
            ("{text_file}", text_file_s.as_str()),
            ("{output}", output_s.as_str()),
            ("{rate}", rate_s.as_str()),
            ("{pitch}", pitch_s.as_str()),
        ];
        let args: Vec<String> = self.spec.args.iter().map(|a| fill(a, &vars)).collect();
        let to_stdout = self.spec.output == OutputMode::Stdout;
        let mut child = Command::new(&self.spec.program)
            .args(&args)
            .current_dir(&work.0)
            .stdin(Stdio::null())
            .stdout(if to_stdout {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| {
                if e.kind() == std::io::ErrorKind::NotFound {
                    SynthError::Unavailable(format!(
                        "{} not installed: install it or pick another voice (see `aloud voices`)",
                        self.spec.program
                    ))
                } else {
                    SynthError::Unavailable(format!("cannot run {}: {e}", self.spec.program))
                }
            })?;
        // Drain the pipes on threads so a chatty program cannot block on a full pipe.
        let out_reader = child.stdout.take().map(|mut s| {
            std::thread::spawn(move || {
                let mut v = Vec::new();
                let _ = s.read_to_end(&mut v);
                v
            })
        });
        let err_reader = child.stderr.take().map(|mut s| {
            std::thread::spawn(move || {
                let mut v = Vec::new();
                let _ = s.read_to_end(&mut v);
                v
            })
        });
        let started = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if started.elapsed() >= self.spec.timeout => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(self.fail(
                        spoken,
                        format!(
                            "{} took longer than {:?} and was stopped (raise `timeout_secs` in the voice file)",
                            self.spec.program, self.spec.timeout
                        ),
                    ));
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(2)),
                Err(e) => {
                    return Err(SynthError::Engine(format!(
                        "lost track of {}: {e}",
                        self.spec.program
                    )))
                }
            }
        };
        let stdout = out_reader.and_then(|h| h.join().ok()).unwrap_or_default();
        let stderr = err_reader.and_then(|h| h.join().ok()).unwrap_or_default();
        if !status.success() {
            let said = last_line(&stderr);
            return Err(self.fail(
                spoken,
                format!(
                    "{} failed ({status}){}",
                    self.spec.program,
                    if said.is_empty() {
                        String::new()
                    } else {
                        format!(": {said}")
                    }
                ),
            ));
        }
        let decoded = if to_stdout {
            if stdout.is_empty() {
                return Err(self.fail(
                    spoken,
                    format!("{} printed no audio on stdout", self.spec.program),
                ));
            }
            decode::decode_bytes(stdout)
        } else {
            if !output.exists() {
                return Err(self.fail(
                    spoken,
                    format!(
                        "{} wrote no audio file (does the voice file pass {{output}} to it?)",
                        self.spec.program
                    ),
                ));
            }
            decode::decode_file(&output)
        }
        .map_err(|e| {
            self.fail(
                spoken,
                format!("cannot decode what {} wrote: {e}", self.spec.program),
            )
        })?;
        Ok(resample(&decoded, rate))
    }

    fn sample_rate(&self) -> u32 {
        self.spec.sample_rate
    }

    fn fork(&self) -> Option<Box<dyn Synthesizer>> {
        Some(Box::new(self.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_inside_arguments() {
        let vars = [("{text}", "hi there"), ("{rate}", "200")];
        assert_eq!(fill("--say={text}", &vars), "--say=hi there");
        assert_eq!(fill("-r{rate}x", &vars), "-r200x");
        assert_eq!(fill("plain", &vars), "plain");
    }

    #[test]
    fn missing_program_is_reported_as_not_installed() {
        let spec = CommandSpec {
            program: "aloud-no-such-program-xyz".into(),
            args: vec![],
            output: OutputMode::Stdout,
            timeout: Duration::from_secs(1),
            sample_rate: 16_000,
            output_extension: "wav".into(),
        };
        assert_eq!(
            CommandSynth::check(&spec).unwrap_err(),
            "aloud-no-such-program-xyz not installed"
        );
        let err = CommandSynth::new(spec)
            .synthesize("hello", &VoiceSettings::default())
            .unwrap_err();
        assert!(err.is_fatal());
        assert!(err.to_string().contains("not installed"), "{err}");
    }
}
