//! Command voices: any installed program that writes speech audio for a text (flite, festival's
//! `text2wave`, the piper CLI, `pico2wave`, macOS `say`) becomes a voice.
//!
//! A [`CommandSpec`] gives the program and its argument template. Placeholders, replaced inside
//! each argument: `{text}` (the spoken text), `{text_file}` (a file holding it), `{output}` (the
//! audio file the program must write), `{rate}` (words per minute) and `{pitch}` (0–100). With
//! [`OutputMode::Stdout`] the audio is read from the program's standard output instead. The
//! program runs without a shell (no quoting problems: the text is one argument, never parsed by
//! a shell; a template that calls `sh -c` itself is the voice author's risk), with stdin closed,
//! in a private temporary directory. Text that starts with `-` is passed with a space in front,
//! so that it cannot be taken for an option (`{text_file}` is the safest form). The program runs
//! in a process group of its own, which is killed as a whole when it runs past its timeout (a
//! child it left holding the pipes goes too). What it writes is capped: audio at a size from the
//! text's length ([`audio_limit`]), error output at its last 8 KB. What it wrote is
//! decoded with symphonia (WAV, MP3, Ogg Vorbis, FLAC), mixed down to mono and resampled to the
//! voice's declared sample rate. Each call is a separate process, so [`Synthesizer::fork`] gives
//! independent copies for parallel workers. Not covered: programs that only play sound.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use wait_timeout::ChildExt;

use super::{Audio, SynthError, Synthesizer, VoiceSettings};
use crate::audio::resample;
use crate::media::decode;

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
        static CLEANED: std::sync::Once = std::sync::Once::new();
        // Those of runs killed outright (SIGKILL), once per run.
        CLEANED.call_once(|| {
            crate::atomic::remove_stale_dirs(&std::env::temp_dir(), "aloud-voice-");
        });
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

/// The last part of error output that is kept.
const STDERR_KEEP: usize = 8 << 10;

/// The most audio a command voice may write for `text`: two minutes plus a second per
/// character, as 32-bit stereo at 48 kHz (384 KB a second), far above any real voice's output.
pub fn audio_limit(text: &str) -> usize {
    let seconds = 120 + text.chars().count();
    seconds * 48_000 * 2 * 4
}

/// Reads `from` to its end, keeping at most `limit` bytes: the first ones, or with `tail` the
/// last ones. Sets `flooded` (and stops keeping) when more came.
fn read_capped(
    mut from: impl Read,
    limit: usize,
    flooded: Option<&std::sync::atomic::AtomicBool>,
    tail: bool,
) -> Vec<u8> {
    let mut kept = Vec::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        if tail {
            kept.extend_from_slice(&buf[..n]);
            if kept.len() > limit {
                kept.drain(..kept.len() - limit);
            }
        } else if kept.len() + n <= limit {
            kept.extend_from_slice(&buf[..n]);
        } else if let Some(f) = flooded {
            f.store(true, Ordering::Relaxed);
            // Keep draining (and dropping) so the program is not blocked before it is stopped.
        }
    }
    kept
}

/// Kills the process group of `pid` (the program and anything it started), then reaps it.
fn kill_group(pid: u32, child: &mut std::process::Child) {
    #[cfg(unix)]
    {
        // SAFETY: signalling a process group this process created for the child.
        unsafe { libc::kill(-(pid as libc::pid_t), libc::SIGKILL) };
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// The bytes a reader thread collected, waiting at most a second for it after the program
/// ended (a process outside the group may still hold the pipe: its output is then given up).
fn join_within(reader: Option<std::thread::JoinHandle<Vec<u8>>>) -> Vec<u8> {
    let Some(handle) = reader else {
        return Vec::new();
    };
    let deadline = Instant::now() + Duration::from_secs(1);
    while !handle.is_finished() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    if handle.is_finished() {
        handle.join().unwrap_or_default()
    } else {
        Vec::new()
    }
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
                words: Vec::new(),
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
        let args: Vec<String> = self
            .spec
            .args
            .iter()
            .map(|a| {
                let filled = fill(a, &vars);
                // Text that starts with `-` must not read as an option.
                if a.starts_with("{text}") && filled.starts_with('-') {
                    format!(" {filled}")
                } else {
                    filled
                }
            })
            .collect();
        let to_stdout = self.spec.output == OutputMode::Stdout;
        let limit = audio_limit(spoken);
        let mut command = Command::new(&self.spec.program);
        command
            .args(&args)
            .current_dir(&work.0)
            .stdin(Stdio::null())
            .stdout(if to_stdout {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stderr(Stdio::piped());
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            command.process_group(0);
        }
        let mut child = command.spawn().map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                SynthError::Unavailable(format!(
                    "{} not installed: install it or pick another voice (see `aloud voices`)",
                    self.spec.program
                ))
            } else {
                SynthError::Unavailable(format!("cannot run {}: {e}", self.spec.program))
            }
        })?;
        // Drain the pipes on threads so a chatty program cannot block on a full pipe; keep at
        // most `limit` bytes of audio and the last 8 KB of messages.
        let flooded = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let out_reader = child.stdout.take().map(|s| {
            let flooded = std::sync::Arc::clone(&flooded);
            std::thread::spawn(move || read_capped(s, limit, Some(&flooded), false))
        });
        let err_reader = child
            .stderr
            .take()
            .map(|s| std::thread::spawn(move || read_capped(s, STDERR_KEEP, None, true)));
        let pid = child.id();
        let started = Instant::now();
        let status = loop {
            let step = Duration::from_millis(50).min(
                self.spec
                    .timeout
                    .saturating_sub(started.elapsed())
                    .max(Duration::from_millis(1)),
            );
            match child.wait_timeout(step) {
                Ok(Some(status)) => break status,
                Ok(None) if flooded.load(Ordering::Relaxed) => {
                    kill_group(pid, &mut child);
                    return Err(self.fail(
                        spoken,
                        format!(
                            "{} wrote more than {} MB of audio for one sentence and was stopped: \
                             check its arguments in the voice file",
                            self.spec.program,
                            limit >> 20
                        ),
                    ));
                }
                Ok(None) if started.elapsed() >= self.spec.timeout => {
                    kill_group(pid, &mut child);
                    return Err(self.fail(
                        spoken,
                        format!(
                            "{} took longer than {:?} and was stopped (raise `timeout_secs` in the voice file)",
                            self.spec.program, self.spec.timeout
                        ),
                    ));
                }
                Ok(None) => {}
                Err(e) => {
                    return Err(SynthError::Engine(format!(
                        "lost track of {}: {e}",
                        self.spec.program
                    )))
                }
            }
        };
        // Anything the program left running in its group (holding the pipes) goes now.
        kill_group(pid, &mut child);
        let stdout = join_within(out_reader);
        let stderr = join_within(err_reader);
        if flooded.load(Ordering::Relaxed) {
            return Err(self.fail(
                spoken,
                format!(
                    "{} wrote more than {} MB of audio for one sentence: check its arguments in the voice file",
                    self.spec.program,
                    limit >> 20
                ),
            ));
        }
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
        if !to_stdout {
            let size = std::fs::metadata(&output).map_or(0, |m| m.len());
            if size > limit as u64 {
                return Err(self.fail(
                    spoken,
                    format!(
                        "{} wrote {} MB of audio for one sentence, more than the {} MB allowed: \
                         check its arguments in the voice file",
                        self.spec.program,
                        size >> 20,
                        limit >> 20
                    ),
                ));
            }
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
