//! Benchmark: aloud's in-process Piper voice against the Python reference (`python -m piper`),
//! same voice, same text, in one run on this machine.
//!
//! ```sh
//! bash scripts/fetch-piper-assets.sh                    # .piper/: libonnxruntime + en_US-joe-medium
//! python3 -m venv /tmp/piper-ref-venv && /tmp/piper-ref-venv/bin/pip install piper-tts
//! cargo run --example bench_piper -- [--python /tmp/piper-ref-venv/bin/python] [--text FILE]
//! ```
//!
//! The text is the example article, segmented by aloud; Python gets the same spoken forms, one
//! utterance per line, so both speak the same sentences. Each engine runs as a fresh process
//! (this program re-runs itself as a child for aloud), timed from spawn:
//! - first audio: until the first utterance's samples exist (aloud: the child says so on
//!   stdout; Python: the first bytes of `--output-raw` on stdout);
//! - whole article: until the last samples, and the real-time factor = wall time / seconds of
//!   speech produced (lower is faster).
//!
//! aloud runs in two arrangements, to decide how to use the cores: `shared` (one session, one
//! intra-op thread per core, utterances one after another: what playing does) and `fork` (that
//! session plus one more single-thread session per extra core from `Synthesizer::fork`, one
//! utterance per session at a time: what `aloud export` does). Build in release for final
//! figures, or say that the numbers come from a debug build (dependencies at opt-level 2).

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use aloud::article;
use aloud::segment::{self, SegmentOptions};
use aloud::synth::piper::{PiperSpec, PiperSynth};
use aloud::synth::{Synthesizer, VoiceSettings};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn spec() -> PiperSpec {
    let voices = repo().join(".piper/voices");
    PiperSpec {
        model: voices.join("en_US-joe-medium.onnx"),
        config: voices.join("en_US-joe-medium.onnx.json"),
        speaker: None,
        onnxruntime: None,
    }
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

/// Child process: synthesize every utterance, printing `FIRST` after the first and
/// `DONE <seconds of speech>` at the end.
fn child(mode: &str, text_file: &Path) -> Result<(), String> {
    let lines = utterances(text_file)?;
    let settings = VoiceSettings::default();
    let mut out = std::io::stdout();
    let mut speech = 0.0f64;
    match mode {
        "shared" | "first" => {
            let t0 = Instant::now();
            let mut synth = PiperSynth::new(&spec()).map_err(|e| e.to_string())?;
            eprintln!("loaded in {:.3} s", t0.elapsed().as_secs_f64());
            for (i, line) in lines.iter().enumerate() {
                let audio = synth
                    .synthesize(line, &settings)
                    .map_err(|e| e.to_string())?;
                speech += audio.duration().as_secs_f64();
                if i < 3 {
                    eprintln!(
                        "utterance {i} ready at {:.3} s ({:.1} s of speech)",
                        t0.elapsed().as_secs_f64(),
                        audio.duration().as_secs_f64()
                    );
                }
                if i == 0 {
                    eprintln!(
                        "first utterance at {:.3} s: {line:?}",
                        t0.elapsed().as_secs_f64()
                    );
                    writeln!(out, "FIRST").and_then(|_| out.flush()).ok();
                    if mode == "first" {
                        break;
                    }
                }
            }
        }
        "fork" => {
            // What `aloud export` does: the shared synthesizer plus its forks, one utterance
            // per worker at a time, results taken in order.
            let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
            let primary = PiperSynth::new(&spec()).map_err(|e| e.to_string())?;
            let mut synths: Vec<Box<dyn Synthesizer>> = Vec::new();
            for _ in 1..cores {
                synths.push(primary.fork().ok_or("fork failed")?);
            }
            synths.insert(0, Box::new(primary));
            let (tx, rx) = mpsc::channel::<(usize, f64)>();
            let mut handles = Vec::new();
            let workers = synths.len();
            for (w, mut synth) in synths.into_iter().enumerate() {
                let tx = tx.clone();
                let mine: Vec<(usize, String)> = lines
                    .iter()
                    .cloned()
                    .enumerate()
                    .filter(|(i, _)| i % workers == w)
                    .collect();
                handles.push(std::thread::spawn(move || -> Result<(), String> {
                    for (i, line) in mine {
                        let a = synth
                            .synthesize(&line, &VoiceSettings::default())
                            .map_err(|e| e.to_string())?;
                        let _ = tx.send((i, a.duration().as_secs_f64()));
                    }
                    Ok(())
                }));
            }
            drop(tx);
            for (i, secs) in rx {
                speech += secs;
                if i == 0 {
                    writeln!(out, "FIRST").and_then(|_| out.flush()).ok();
                }
            }
            for h in handles {
                h.join().map_err(|_| "worker panicked".to_string())??;
            }
        }
        other => return Err(format!("unknown mode {other}")),
    }
    writeln!(out, "DONE {speech}")
        .and_then(|_| out.flush())
        .ok();
    Ok(())
}

struct Run {
    first: Duration,
    total: Duration,
    speech_secs: f64,
}

fn run_aloud(mode: &str, text_file: &Path) -> Result<Run, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let start = Instant::now();
    let mut proc = Command::new(exe)
        .args(["--child", mode, "--text"])
        .arg(text_file)
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let stdout = proc.stdout.take().ok_or("no stdout")?;
    let mut first = None;
    let mut speech_secs = 0.0;
    for line in BufReader::new(stdout).lines() {
        let line = line.map_err(|e| e.to_string())?;
        if line == "FIRST" {
            first = Some(start.elapsed());
        } else if let Some(s) = line.strip_prefix("DONE ") {
            speech_secs = s.trim().parse().unwrap_or(0.0);
        }
    }
    let status = proc.wait().map_err(|e| e.to_string())?;
    let total = start.elapsed();
    if !status.success() {
        return Err(format!("aloud child ({mode}) failed: {status}"));
    }
    Ok(Run {
        first: first.ok_or("the child never reported its first audio")?,
        total,
        speech_secs,
    })
}

fn run_python(
    python: &Path,
    lines_file: &Path,
    rate: u32,
    first_only: bool,
) -> Result<Run, String> {
    let voices = repo().join(".piper/voices");
    let start = Instant::now();
    let mut proc = Command::new(python)
        .args(["-m", "piper", "-m"])
        .arg(voices.join("en_US-joe-medium.onnx"))
        .arg("-c")
        .arg(voices.join("en_US-joe-medium.onnx.json"))
        .arg("-i")
        .arg(lines_file)
        .args(["--output-raw", "--sentence-silence", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", python.display()))?;
    let mut stdout = proc.stdout.take().ok_or("no stdout")?;
    let mut buf = vec![0u8; 1 << 16];
    let mut first = None;
    let mut bytes = 0usize;
    loop {
        let n = stdout.read(&mut buf).map_err(|e| e.to_string())?;
        if n == 0 {
            break;
        }
        if first.is_none() {
            first = Some(start.elapsed());
            if first_only {
                let _ = proc.kill();
                let _ = proc.wait();
                return Ok(Run {
                    first: start.elapsed(),
                    total: start.elapsed(),
                    speech_secs: 0.0,
                });
            }
        }
        bytes += n;
    }
    let status = proc.wait().map_err(|e| e.to_string())?;
    let total = start.elapsed();
    if !status.success() {
        return Err(format!("python -m piper failed: {status}"));
    }
    Ok(Run {
        first: first.ok_or("python produced no audio")?,
        total,
        speech_secs: bytes as f64 / 2.0 / rate as f64,
    })
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
    let text_file = value("--text")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("examples/iran-talks.txt"));
    if let Some(mode) = value("--child") {
        return child(&mode, &text_file);
    }
    if !spec().model.is_file() {
        return Err("no .piper/ assets: run scripts/fetch-piper-assets.sh first".into());
    }
    if std::env::var_os("ORT_DYLIB_PATH").is_none() {
        // The children find .piper/ through this program's location only when the target dir is
        // inside the repository; point them at it explicitly.
        let capi = repo().join(".piper/onnxruntime/capi");
        if let Some(lib) = std::fs::read_dir(&capi)
            .ok()
            .and_then(|d| d.flatten().map(|e| e.path()).find(|p| p.is_file()))
        {
            std::env::set_var("ORT_DYLIB_PATH", lib);
        }
    }
    let python = value("--python")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/tmp/piper-ref-venv/bin/python"));
    let lines = utterances(&text_file)?;
    let lines_file = std::env::temp_dir().join(format!("bench-piper-{}.txt", std::process::id()));
    std::fs::write(&lines_file, lines.join("\n") + "\n").map_err(|e| e.to_string())?;
    println!(
        "text: {} ({} utterances, {} words); build: {}",
        text_file.display(),
        lines.len(),
        lines
            .iter()
            .map(|l| l.split_whitespace().count())
            .sum::<usize>(),
        if cfg!(debug_assertions) {
            "debug (dependencies at opt-level 2)"
        } else {
            "release"
        }
    );
    println!(
        "{:<28} {:>12} {:>12} {:>10} {:>8}",
        "engine", "first audio", "whole run", "speech", "RTF"
    );
    // Time to first audio: several fresh processes each, alternating, median.
    let mut firsts: (Vec<f64>, Vec<f64>) = (Vec::new(), Vec::new());
    for _ in 0..7 {
        if let Ok(r) = run_aloud("first", &text_file) {
            firsts.0.push(r.first.as_secs_f64());
        }
        if python.exists() {
            if let Ok(r) = run_python(&python, &lines_file, 22_050, true) {
                firsts.1.push(r.first.as_secs_f64());
            }
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
    };
    let (a_first, p_first) = (median(&mut firsts.0), median(&mut firsts.1));
    println!(
        "first audio, median of 7 fresh processes: aloud {a_first:.2} s, python {p_first:.2} s ({:.0}% of python's)",
        100.0 * a_first / p_first
    );
    let mut rows: Vec<(String, Result<Run, String>)> = vec![
        (
            "aloud piper (shared)".into(),
            run_aloud("shared", &text_file),
        ),
        ("aloud piper (fork)".into(), run_aloud("fork", &text_file)),
    ];
    if python.exists() {
        rows.push((
            "python -m piper".into(),
            run_python(&python, &lines_file, 22_050, false),
        ));
    } else {
        rows.push((
            "python -m piper".into(),
            Err(format!("{} not found (see --python)", python.display())),
        ));
    }
    let _ = std::fs::remove_file(&lines_file);
    for (name, run) in &rows {
        match run {
            Ok(r) => println!(
                "{name:<28} {:>10.2} s {:>10.2} s {:>8.1} s {:>8.3}",
                r.first.as_secs_f64(),
                r.total.as_secs_f64(),
                r.speech_secs,
                r.total.as_secs_f64() / r.speech_secs.max(1e-9)
            ),
            Err(e) => println!("{name:<28} failed: {e}"),
        }
    }
    if let (Some(Ok(a)), Some(Ok(p))) = (rows.first().map(|r| &r.1), rows.last().map(|r| &r.1)) {
        println!(
            "aloud (shared) vs python: first audio {:.0}% of python's, real-time factor {:.2}x python's",
            100.0 * a.first.as_secs_f64() / p.first.as_secs_f64(),
            (a.total.as_secs_f64() / a.speech_secs) / (p.total.as_secs_f64() / p.speech_secs)
        );
    }
    Ok(())
}
