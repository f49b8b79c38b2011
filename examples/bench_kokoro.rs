//! Benchmark: aloud's in-process Kokoro voice against the Python reference (kokoro-onnx 0.6.1),
//! same model (`kokoro-v1.0.int8.onnx`), same voice (`af_heart`), same sentences, in one run on
//! this machine.
//!
//! ```sh
//! bash scripts/fetch-test-assets.sh                       # .kokoro/ and .piper/ (ONNX Runtime)
//! python3 -m venv /tmp/kokoro-ref && /tmp/kokoro-ref/bin/pip install kokoro-onnx==0.6.1
//! cargo build --release --examples
//! target/release/examples/bench_kokoro [--python /tmp/kokoro-ref/bin/python] [--text FILE]
//!     [--runs N] [--listen-secs S] [--speeds 1,1.5,2] [--skip-whole] [--skip-one-job]
//! ```
//!
//! Everything runs as fresh processes of the real programs, timed from spawn, alternating aloud
//! and Python, N times each (default 5), medians reported. aloud is the `aloud` binary next to
//! this program's folder, in temporary XDG folders with a voice file pointing at `.kokoro/`.
//! The reference is a small script around `kokoro_onnx.Kokoro.create` that speaks aloud's
//! utterances one by one (each with its language) and writes raw audio to standard output, so
//! that both speak exactly the same sentences; its voice file is an `.npz` of the same voice
//! styles, made once before timing.
//! - **Model load:** aloud's `ALOUD_TIMINGS` figures, first run (which writes the fast-loading
//!   copy of the model) and later runs.
//! - **First audio:** aloud `listen --output null`, until it prints the first section's line
//!   (done as the first utterance's samples reach the output); Python, until its first bytes.
//! - **Whole article:** `aloud export TEXT -o x.wav --no-cache` (all cores, and `--jobs 1`) against
//!   the reference over every utterance: wall time, seconds of speech, real-time factor and peak
//!   memory (maximum resident set of the process).
//! - **Listening:** `aloud listen --output null --timings --speed S` in real time for
//!   `--listen-secs` seconds (0: the whole article), then SIGTERM; the underruns aloud counted
//!   (times the paced output ran dry after the first sample) and how long they lasted.

#[path = "common/rusage.rs"]
mod rusage;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use aloud::article;
use aloud::segment::{self, SegmentOptions};

const VOICE: &str = "af_heart";

/// The reference: kokoro-onnx speaking one utterance per line of its input, raw f32 out.
const REFERENCE: &str = r#"
import sys
from kokoro_onnx import Kokoro
model, voices, text = sys.argv[1], sys.argv[2], sys.argv[3]
k = Kokoro(model, voices)
out = sys.stdout.buffer
for line in open(text, encoding="utf-8"):
    line = line.strip()
    if not line:
        continue
    audio, rate = k.create(line, voice="af_heart", speed=1.0, lang="en-us")
    out.write(audio.astype("float32").tobytes())
    out.flush()
"#;

/// Makes the reference's voice file: an `.npz` of every style in `.kokoro/voices`.
const MAKE_VOICES: &str = r#"
import sys, glob, os, numpy as np
styles = {os.path.basename(p)[:-4]: np.fromfile(p, dtype=np.float32).reshape(510, 1, 256)
          for p in glob.glob(os.path.join(sys.argv[1], "*.bin"))}
np.savez(sys.argv[2], **styles)
"#;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The spoken form of every utterance of `text_file`, in order: aloud's own utterances, or
/// with `whole_sentences` the article's sentences as written (no opening cut short, no long
/// sentence split at its clauses), the way a user would hand them to the reference.
fn utterances(text_file: &Path, whole_sentences: bool) -> Result<Vec<String>, String> {
    let loaded = article::read_input(
        &article::Input::parse(&text_file.display().to_string()),
        &article::ReadOptions::default(),
    )
    .map_err(|e| e.to_string())?;
    let opts = if whole_sentences {
        SegmentOptions {
            max_chars: usize::MAX / 4,
            first_max_chars: usize::MAX / 4,
            opening_max_chars: usize::MAX / 4,
            ..SegmentOptions::default()
        }
    } else {
        SegmentOptions::default()
    };
    let script = segment::segment(&loaded.document, &opts);
    Ok(script
        .sections
        .iter()
        .flat_map(|s| s.utterances.iter().map(|u| u.spoken.clone()))
        .filter(|s| !s.trim().is_empty())
        .collect())
}

/// The aloud binary, in temporary XDG folders with the `.kokoro/` voice as a voice file.
struct Aloud {
    exe: PathBuf,
    home: PathBuf,
    library: PathBuf,
}

impl Aloud {
    fn new() -> Result<Aloud, String> {
        let exe = std::env::current_exe()
            .map_err(|e| e.to_string())?
            .parent()
            .and_then(Path::parent)
            .map(|d| d.join("aloud"))
            .ok_or("no target folder")?;
        if !exe.is_file() {
            return Err(format!(
                "build the aloud binary first (cargo build --release): {} is missing",
                exe.display()
            ));
        }
        let library = std::fs::read_dir(repo().join(".piper/onnxruntime/capi"))
            .ok()
            .and_then(|d| d.flatten().map(|e| e.path()).find(|p| p.is_file()))
            .ok_or("no .piper/ assets: run scripts/fetch-test-assets.sh first")?;
        let kokoro = repo().join(".kokoro");
        if !kokoro.join("kokoro-v1.0.int8.onnx").is_file() {
            return Err("no .kokoro/ assets: run scripts/fetch-test-assets.sh first".into());
        }
        let home = std::env::temp_dir().join(format!("bench-kokoro-{}", std::process::id()));
        let voice_dir = home.join("data/aloud/voices");
        std::fs::create_dir_all(&voice_dir).map_err(|e| e.to_string())?;
        std::fs::write(
            voice_dir.join(format!("{VOICE}.toml")),
            format!(
                "name = \"{VOICE}\"\nlanguage = \"en-US\"\nengine = \"kokoro\"\n[kokoro]\nmodel = \"{}\"\nstyle = \"{}\"\n",
                kokoro.join("kokoro-v1.0.int8.onnx").display(),
                kokoro.join(format!("voices/{VOICE}.bin")).display()
            ),
        )
        .map_err(|e| e.to_string())?;
        Ok(Aloud { exe, home, library })
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(&self.exe);
        for (var, dir) in [
            ("XDG_DATA_HOME", "data"),
            ("XDG_CACHE_HOME", "cache"),
            ("XDG_STATE_HOME", "state"),
            ("XDG_CONFIG_HOME", "config"),
        ] {
            cmd.env(var, self.home.join(dir));
        }
        cmd.env("ORT_DYLIB_PATH", &self.library).args(args);
        cmd
    }

    /// Loads the voice once with `ALOUD_TIMINGS`; returns the runtime and model load in ms.
    fn load_ms(&self) -> Result<(u64, u64), String> {
        let out = self
            .command(&["say", "-v", VOICE, "Hi.", "-o"])
            .arg(self.home.join("hi.wav"))
            .env("ALOUD_TIMINGS", "1")
            .output()
            .map_err(|e| e.to_string())?;
        let err = String::from_utf8_lossy(&out.stderr);
        let line = err
            .lines()
            .find(|l| l.contains("onnx runtime"))
            .ok_or_else(|| format!("no timings from aloud: {err}"))?;
        let ms = |key: &str| {
            line.split(key)
                .nth(1)
                .and_then(|r| r.split_whitespace().next())
                .and_then(|n| n.parse::<u64>().ok())
                .unwrap_or(0)
        };
        Ok((ms("onnx runtime "), ms("model ")))
    }

    /// Process spawn → the first section's line from `listen --output null`.
    fn first_audio(&self, text: &Path) -> Result<Duration, String> {
        let _ = std::fs::remove_dir_all(self.home.join("state"));
        let _ = std::fs::remove_dir_all(self.home.join("cache/aloud/utterances"));
        let start = Instant::now();
        let mut child = self
            .command(&["listen", "--voice", VOICE, "--output", "null"])
            .arg(text)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| e.to_string())?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
        let first = start.elapsed();
        let _ = child.kill();
        let _ = child.wait();
        if line.is_empty() {
            return Err("aloud listen printed nothing".into());
        }
        Ok(first)
    }

    /// `aloud export TEXT -o x.wav --no-cache [--jobs N]`: wall time, seconds of audio, peak MB.
    fn export(&self, text: &Path, jobs: Option<usize>) -> Result<Whole, String> {
        let wav = self.home.join("article.wav");
        let mut cmd = self.command(&["export", "--voice", VOICE, "--no-cache", "-q", "-o"]);
        cmd.arg(&wav).arg(text);
        if let Some(j) = jobs {
            cmd.args(["--jobs", &j.to_string()]);
        }
        let start = Instant::now();
        let child = cmd.spawn().map_err(|e| e.to_string())?;
        let rusage::Finished {
            status,
            peak_rss_mb: rss_mb,
            ..
        } = rusage::wait4(child)?;
        let wall = start.elapsed();
        if !status.success() {
            return Err(format!("aloud export failed: {status}"));
        }
        let reader = hound::WavReader::open(&wav).map_err(|e| e.to_string())?;
        let speech = reader.duration() as f64 / reader.spec().sample_rate as f64;
        Ok(Whole {
            wall,
            speech,
            rss_mb,
        })
    }

    /// Listens at `speed` in real time for `secs` (0: to the end), then stops it with SIGTERM;
    /// returns (underruns, seconds without audio, seconds listened).
    fn listen(&self, text: &Path, speed: f32, secs: u64) -> Result<(usize, f64, f64), String> {
        let _ = std::fs::remove_dir_all(self.home.join("state"));
        let _ = std::fs::remove_dir_all(self.home.join("cache/aloud/utterances"));
        let start = Instant::now();
        let mut child = self
            .command(&["listen", "--voice", VOICE, "--output", "null", "--timings"])
            .args(["--speed", &speed.to_string()])
            .arg(text)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| e.to_string())?;
        let mut stderr = child.stderr.take().ok_or("no stderr")?;
        let reader = std::thread::spawn(move || {
            let mut s = String::new();
            let _ = stderr.read_to_string(&mut s);
            s
        });
        if secs > 0 {
            while start.elapsed() < Duration::from_secs(secs) {
                if child.try_wait().map_err(|e| e.to_string())?.is_some() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            // SAFETY: signalling our own child.
            unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
        }
        let _ = child.wait();
        let listened = start.elapsed().as_secs_f64();
        let err = reader.join().unwrap_or_default();
        let line = err
            .lines()
            .find(|l| l.contains("underruns:"))
            .ok_or_else(|| format!("no underrun figures from aloud: {err}"))?;
        let count = line
            .split("underruns: ")
            .nth(1)
            .and_then(|r| r.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        let starved = line
            .split('(')
            .nth(1)
            .and_then(|r| r.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0.0);
        Ok((count, starved, listened))
    }
}

impl Drop for Aloud {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.home);
    }
}

struct Whole {
    wall: Duration,
    speech: f64,
    rss_mb: f64,
}

/// The reference over `input` (one utterance per line).
fn reference(py: &Path, home: &Path, input: &Path) -> Command {
    let mut cmd = Command::new(py);
    cmd.arg(home.join("reference.py"))
        .arg(repo().join(".kokoro/kokoro-v1.0.int8.onnx"))
        .arg(home.join("voices.npz"))
        .arg(input)
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    cmd
}

/// Spawn → the first bytes of audio.
fn python_first(py: &Path, home: &Path, input: &Path) -> Result<Duration, String> {
    let start = Instant::now();
    let mut child = reference(py, home, input)
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", py.display()))?;
    let mut stdout = child.stdout.take().ok_or("no stdout")?;
    let mut byte = [0u8; 1];
    let n = stdout.read(&mut byte).map_err(|e| e.to_string())?;
    let first = start.elapsed();
    let _ = child.kill();
    let _ = child.wait();
    if n == 0 {
        return Err("the reference produced no audio".into());
    }
    Ok(first)
}

/// The whole input: wall time, seconds of audio (24 kHz f32), peak MB.
fn python_whole(py: &Path, home: &Path, input: &Path) -> Result<Whole, String> {
    let start = Instant::now();
    let mut child = reference(py, home, input)
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", py.display()))?;
    let mut stdout = child.stdout.take().ok_or("no stdout")?;
    let mut buf = vec![0u8; 1 << 16];
    let mut bytes = 0usize;
    loop {
        let n = stdout.read(&mut buf).map_err(|e| e.to_string())?;
        if n == 0 {
            break;
        }
        bytes += n;
    }
    let rusage::Finished {
        status,
        peak_rss_mb: rss_mb,
        ..
    } = rusage::wait4(child)?;
    let wall = start.elapsed();
    if !status.success() {
        return Err(format!("the reference failed: {status}"));
    }
    Ok(Whole {
        wall,
        speech: bytes as f64 / 4.0 / 24_000.0,
        rss_mb,
    })
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

fn print_whole(name: &str, row: &Result<Whole, String>) {
    match row {
        Ok(w) => println!(
            "{name:<40} {:>9.1} {:>10.1} {:>8.3} {:>9.0}",
            w.wall.as_secs_f64(),
            w.speech,
            w.wall.as_secs_f64() / w.speech.max(1e-9),
            w.rss_mb
        ),
        Err(e) => println!("{name:<40} failed: {e}"),
    }
}

fn main() {
    if let Err(e) = real_main() {
        eprintln!("bench_kokoro: {e}");
        std::process::exit(1);
    }
}

fn real_main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let text = value("--text")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("examples/iran-talks.txt"));
    let runs: usize = value("--runs").and_then(|r| r.parse().ok()).unwrap_or(5);
    let listen_secs: u64 = value("--listen-secs")
        .and_then(|r| r.parse().ok())
        .unwrap_or(180);
    let speeds: Vec<f32> = value("--speeds")
        .unwrap_or_else(|| "1,1.5,2".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let py = value("--python")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/tmp/kokoro-ref/bin/python"));
    if !py.exists() {
        return Err(format!(
            "{} not found: make it with `python3 -m venv /tmp/kokoro-ref && \
             /tmp/kokoro-ref/bin/pip install kokoro-onnx==0.6.1`, or pass --python",
            py.display()
        ));
    }
    let aloud = Aloud::new()?;
    std::fs::write(aloud.home.join("reference.py"), REFERENCE).map_err(|e| e.to_string())?;
    std::fs::write(aloud.home.join("make_voices.py"), MAKE_VOICES).map_err(|e| e.to_string())?;
    let made = Command::new(&py)
        .arg(aloud.home.join("make_voices.py"))
        .arg(repo().join(".kokoro/voices"))
        .arg(aloud.home.join("voices.npz"))
        .status()
        .map_err(|e| e.to_string())?;
    if !made.success() {
        return Err("could not make the reference's voice file".into());
    }
    let lines = utterances(&text, false)?;
    let lines_file = aloud.home.join("utterances.txt");
    std::fs::write(&lines_file, lines.join("\n") + "\n").map_err(|e| e.to_string())?;
    let sentences = utterances(&text, true)?;
    let sentences_file = aloud.home.join("sentences.txt");
    std::fs::write(&sentences_file, sentences.join("\n") + "\n").map_err(|e| e.to_string())?;
    println!(
        "text: {} ({} utterances, {} words); first utterance {:?}",
        text.display(),
        lines.len(),
        lines
            .iter()
            .map(|l| l.split_whitespace().count())
            .sum::<usize>(),
        lines.first().map_or("", String::as_str)
    );
    println!(
        "as written: {} sentences; first {:?}",
        sentences.len(),
        sentences.first().map_or("", String::as_str)
    );

    let (rt_cold, model_cold) = aloud.load_ms()?;
    let (rt_warm, model_warm) = aloud.load_ms()?;
    println!(
        "aloud model load: first run {model_cold} ms (writes the fast copy), later runs {model_warm} ms; \
         ONNX Runtime start {rt_cold} / {rt_warm} ms"
    );

    let mut firsts: [Vec<f64>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    for _ in 0..runs {
        firsts[0].push(aloud.first_audio(&text)?.as_secs_f64());
        firsts[1].push(python_first(&py, &aloud.home, &sentences_file)?.as_secs_f64());
        firsts[2].push(python_first(&py, &aloud.home, &lines_file)?.as_secs_f64());
    }
    let [a, p_sentences, p_lines] = firsts.map(median);
    println!("\nfirst audio from spawn, median of {runs} fresh processes each");
    println!("{:<52} {:>9} {:>14}", "program", "seconds", "aloud / it");
    println!("{:<52} {:>9.3}", "aloud listen --output null", a);
    println!(
        "{:<52} {:>9.3} {:>13.0}%",
        "kokoro-onnx, given the article's sentences",
        p_sentences,
        100.0 * a / p_sentences
    );
    println!(
        "{:<52} {:>9.3} {:>13.0}%",
        "kokoro-onnx, given aloud's utterances",
        p_lines,
        100.0 * a / p_lines
    );

    if !args.iter().any(|a| a == "--skip-whole") {
        println!("\nwhole article, same sentences (one run each)");
        println!(
            "{:<40} {:>9} {:>10} {:>8} {:>9}",
            "program", "wall s", "speech s", "RTF", "peak MB"
        );
        let all = aloud.export(&text, None);
        print_whole("aloud export (all cores)", &all);
        if !args.iter().any(|a| a == "--skip-one-job") {
            let one = aloud.export(&text, Some(1));
            print_whole("aloud export --jobs 1", &one);
        }
        let reference = python_whole(&py, &aloud.home, &lines_file);
        print_whole("kokoro-onnx, aloud's utterances", &reference);
        if let (Ok(a), Ok(p)) = (&all, &reference) {
            println!(
                "aloud export / reference: wall time {:.2}x, real-time factor {:.2}x",
                a.wall.as_secs_f64() / p.wall.as_secs_f64(),
                (a.wall.as_secs_f64() / a.speech) / (p.wall.as_secs_f64() / p.speech)
            );
        }
    }

    if !speeds.is_empty() {
        println!(
            "\nlistening in real time (--output null), {}",
            if listen_secs == 0 {
                "the whole article".to_string()
            } else {
                format!("the first {listen_secs} s")
            }
        );
        println!(
            "{:<8} {:>10} {:>14} {:>12}",
            "speed", "underruns", "s without audio", "s listened"
        );
        for s in speeds {
            let (n, starved, listened) = aloud.listen(&text, s, listen_secs)?;
            println!(
                "{:<8} {:>10} {:>14.2} {:>12.0}",
                format!("{s}×"),
                n,
                starved,
                listened
            );
        }
    }
    Ok(())
}
