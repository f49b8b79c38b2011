//! Benchmark: aloud's in-process Piper voice against the Python reference (`python -m piper`),
//! same voice (`en_US-joe-medium`), same text, in one run on this machine.
//!
//! ```sh
//! bash scripts/fetch-test-assets.sh                    # .piper/: libonnxruntime + en_US-joe-medium
//! python3 -m venv /tmp/piper-ref-venv && /tmp/piper-ref-venv/bin/pip install piper-tts
//! cargo build --release && cargo build --release --example bench_piper
//! target/release/examples/bench_piper [--python /tmp/piper-ref-venv/bin/python] [--text FILE] [--runs N]
//! ```
//!
//! Everything runs as fresh processes of the real programs, timed from spawn, alternating aloud
//! and Python, N times each (default 7), medians reported. aloud is the `aloud` binary next to
//! this program's folder, run in temporary XDG folders with a voice file pointing at `.piper/`.
//! - **Model load:** aloud's own `ALOUD_TIMINGS` figures, on the first run (which writes the
//!   fast-loading copy of the model into the cache) and on later runs (which load that copy).
//! - **First audio:** aloud: `aloud listen TEXT --output null`, until it prints the first section's
//!   line, which it does as the first utterance's samples are handed to the output. Python:
//!   `python -m piper --output-raw`, until the first bytes of audio on stdout, given (a) the
//!   article file itself, as a user would, and (b) aloud's utterances, one per line, so that it
//!   speaks exactly aloud's first utterance.
//! - **Whole article:** `aloud export TEXT -o x.wav --no-cache` (all cores, as a user runs it, and
//!   `--jobs 1`) against Python given aloud's utterances, so that both speak the same sentences:
//!   wall time, seconds of speech written, real-time factor (wall time / speech; lower is faster)
//!   and peak memory (the child's maximum resident set). aloud's speech includes its pauses
//!   between utterances; Python's includes the silence the model puts around each sentence.

#[path = "common/rusage.rs"]
mod rusage;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use aloud::article;
use aloud::segment::{self, SegmentOptions};

const VOICE: &str = "en_US-joe-medium";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The spoken form of every utterance of `text_file`, in order.
fn utterances(text_file: &Path) -> Result<Vec<String>, String> {
    let loaded = article::read_input(
        &article::Input::parse(&text_file.display().to_string()),
        &article::ReadOptions::default(),
    )
    .map_err(|e| e.to_string())?;
    let script = segment::segment(&loaded.document, &SegmentOptions::default());
    Ok(script
        .sections
        .iter()
        .flat_map(|s| s.utterances.iter().map(|u| u.spoken.clone()))
        .filter(|s| !s.trim().is_empty())
        .collect())
}

/// The aloud binary, in temporary XDG folders with the `.piper/` voice installed as a file.
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
        let voices = repo().join(".piper/voices");
        let library = std::fs::read_dir(repo().join(".piper/onnxruntime/capi"))
            .ok()
            .and_then(|d| d.flatten().map(|e| e.path()).find(|p| p.is_file()))
            .ok_or("no .piper/ assets: run scripts/fetch-test-assets.sh first")?;
        let home = std::env::temp_dir().join(format!("bench-piper-{}", std::process::id()));
        let voice_dir = home.join("data/aloud/voices");
        std::fs::create_dir_all(&voice_dir).map_err(|e| e.to_string())?;
        std::fs::write(
            voice_dir.join(format!("{VOICE}.toml")),
            format!(
                "name = \"{VOICE}\"\nlanguage = \"en-US\"\nengine = \"piper\"\n[piper]\nmodel = \"{}\"\nconfig = \"{}\"\n",
                voices.join(format!("{VOICE}.onnx")).display(),
                voices.join(format!("{VOICE}.onnx.json")).display()
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

    /// Loads the voice once with `ALOUD_TIMINGS`; returns its "piper runtime" + "model" ms.
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
            .find(|l| l.contains("piper runtime"))
            .ok_or_else(|| format!("no timings from aloud: {err}"))?;
        let ms = |key: &str| {
            line.split(key)
                .nth(1)
                .and_then(|r| r.split_whitespace().next())
                .and_then(|n| n.parse::<u64>().ok())
                .unwrap_or(0)
        };
        Ok((ms("piper runtime "), ms("model ")))
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

/// `python -m piper` reading `input` (one utterance per line).
fn python(python: &Path, input: &Path) -> Command {
    let voices = repo().join(".piper/voices");
    let mut cmd = Command::new(python);
    cmd.args(["-m", "piper", "-m"])
        .arg(voices.join(format!("{VOICE}.onnx")))
        .arg("-c")
        .arg(voices.join(format!("{VOICE}.onnx.json")))
        .arg("-i")
        .arg(input)
        .args(["--output-raw", "--sentence-silence", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    cmd
}

/// Spawn → the first bytes of audio.
fn python_first(py: &Path, input: &Path) -> Result<Duration, String> {
    let start = Instant::now();
    let mut child = python(py, input)
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", py.display()))?;
    let mut stdout = child.stdout.take().ok_or("no stdout")?;
    let mut byte = [0u8; 1];
    let n = stdout.read(&mut byte).map_err(|e| e.to_string())?;
    let first = start.elapsed();
    let _ = child.kill();
    let _ = child.wait();
    if n == 0 {
        return Err("python produced no audio".into());
    }
    Ok(first)
}

/// The whole input: wall time, seconds of audio (22,050 Hz, 16-bit), peak MB.
fn python_whole(py: &Path, input: &Path) -> Result<Whole, String> {
    let start = Instant::now();
    let mut child = python(py, input)
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
        return Err(format!("python -m piper failed: {status}"));
    }
    Ok(Whole {
        wall,
        speech: bytes as f64 / 2.0 / 22_050.0,
        rss_mb,
    })
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

fn main() {
    if let Err(e) = real_main() {
        eprintln!("bench_piper: {e}");
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
    let runs: usize = value("--runs").and_then(|r| r.parse().ok()).unwrap_or(7);
    let py = value("--python")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/tmp/piper-ref-venv/bin/python"));
    if !py.exists() {
        return Err(format!(
            "{} not found: make it with `python3 -m venv /tmp/piper-ref-venv && \
             /tmp/piper-ref-venv/bin/pip install piper-tts`, or pass --python",
            py.display()
        ));
    }
    let aloud = Aloud::new()?;
    let lines = utterances(&text)?;
    let lines_file = aloud.home.join("utterances.txt");
    std::fs::write(&lines_file, lines.join("\n") + "\n").map_err(|e| e.to_string())?;
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

    let (rt_cold, model_cold) = aloud.load_ms()?;
    let (rt_warm, model_warm) = aloud.load_ms()?;
    println!(
        "aloud model load: first run {model_cold} ms (writes the fast copy), later runs {model_warm} ms; \
         ONNX Runtime start {rt_cold} / {rt_warm} ms"
    );

    let mut firsts: [Vec<f64>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    for _ in 0..runs {
        firsts[0].push(aloud.first_audio(&text)?.as_secs_f64());
        firsts[1].push(python_first(&py, &text)?.as_secs_f64());
        firsts[2].push(python_first(&py, &lines_file)?.as_secs_f64());
    }
    let [a, p_article, p_lines] = firsts.map(median);
    println!("\nfirst audio from spawn, median of {runs} fresh processes each");
    println!("{:<52} {:>9} {:>14}", "program", "seconds", "aloud / it");
    println!("{:<52} {:>9.3}", "aloud listen --output null", a);
    println!(
        "{:<52} {:>9.3} {:>13.0}%",
        "python -m piper, given the article file",
        p_article,
        100.0 * a / p_article
    );
    println!(
        "{:<52} {:>9.3} {:>13.0}%",
        "python -m piper, given aloud's utterances",
        p_lines,
        100.0 * a / p_lines
    );

    println!("\nwhole article, same sentences (one run each)");
    println!(
        "{:<40} {:>9} {:>10} {:>8} {:>9}",
        "program", "wall s", "speech s", "RTF", "peak MB"
    );
    let rows = [
        ("aloud export (all cores)", aloud.export(&text, None)),
        ("aloud export --jobs 1", aloud.export(&text, Some(1))),
        (
            "python -m piper, aloud's utterances",
            python_whole(&py, &lines_file),
        ),
    ];
    for (name, row) in &rows {
        match row {
            Ok(w) => println!(
                "{name:<40} {:>9.2} {:>10.1} {:>8.4} {:>9.0}",
                w.wall.as_secs_f64(),
                w.speech,
                w.wall.as_secs_f64() / w.speech.max(1e-9),
                w.rss_mb
            ),
            Err(e) => println!("{name:<40} failed: {e}"),
        }
    }
    if let (Ok(a), Ok(p)) = (&rows[0].1, &rows[2].1) {
        println!(
            "aloud export / python: wall time {:.2}x, real-time factor {:.2}x",
            a.wall.as_secs_f64() / p.wall.as_secs_f64(),
            (a.wall.as_secs_f64() / a.speech) / (p.wall.as_secs_f64() / p.speech)
        );
    }
    Ok(())
}
