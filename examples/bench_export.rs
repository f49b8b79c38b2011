//! Benchmark: `aloud export ARTICLE -o x.wav` against `espeak-ng -w x.wav -f ARTICLE` with the
//! same voice (en-us) and rate (175 wpm), plus how soon the first utterance's audio is ready.
//!
//! Build the binary and this example with the same profile first, then run, e.g.:
//!   cargo build --release && cargo build --release --example bench_export
//!   target/release/examples/bench_export [ARTICLE] [RUNS]
//! It runs the `aloud` next to its own folder (target/<profile>/aloud) and the system
//! `espeak-ng`, alternating them RUNS times (default 5), and prints a table of the fastest and
//! median wall-clock times and the ratio. "First audio" is measured in this process, cold: from
//! starting to read the article to the first utterance's samples being ready, through the same
//! library calls the export uses (read, segment, start espeak-ng, synthesize), and in the
//! binary (`ALOUD_TIMINGS=1 aloud export ...`, from the start of the command).

#[path = "common/beside.rs"]
mod beside;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use aloud::article::{read_input, Input, ReadOptions};
use aloud::segment::{segment, SegmentOptions};
use aloud::synth::espeak::EspeakSynth;
use aloud::synth::{Synthesizer, VoiceSettings};

/// CPU seconds (user + system) used so far by finished children, or by this process.
fn cpu_seconds(who: i32) -> f64 {
    // SAFETY: getrusage fills the zeroed struct it is given.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(who, &mut ru) };
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    tv(ru.ru_utime) + tv(ru.ru_stime)
}

/// Wall-clock and CPU seconds of one run of `cmd` (including its worker processes).
fn time_it(cmd: &mut Command) -> (Duration, f64) {
    let cpu = cpu_seconds(libc::RUSAGE_CHILDREN);
    let t = Instant::now();
    let status = cmd
        .status()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(status.success(), "{cmd:?} failed");
    (t.elapsed(), cpu_seconds(libc::RUSAGE_CHILDREN) - cpu)
}

/// Fastest and median wall-clock seconds, and median CPU seconds.
fn stats(v: Vec<(Duration, f64)>) -> (f64, f64, f64) {
    let mut wall: Vec<f64> = v.iter().map(|(d, _)| d.as_secs_f64()).collect();
    let mut cpu: Vec<f64> = v.iter().map(|(_, c)| *c).collect();
    wall.sort_by(f64::total_cmp);
    cpu.sort_by(f64::total_cmp);
    (wall[0], wall[wall.len() / 2], cpu[cpu.len() / 2])
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let article =
        PathBuf::from(args.get(1).cloned().unwrap_or_else(|| {
            concat!(env!("CARGO_MANIFEST_DIR"), "/examples/iran-talks.txt").into()
        }));
    let runs: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(5);
    let aloud = beside::aloud_binary();
    let dir = std::env::temp_dir().join(format!("aloud-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");

    // First audio, cold (this process has not started espeak-ng yet). As in `aloud export`,
    // the engine starts on another thread while the article is read and segmented.
    let cpu0 = cpu_seconds(libc::RUSAGE_SELF);
    let t0 = Instant::now();
    let engine = std::thread::spawn(move || {
        let synth = EspeakSynth::new("en-us").expect("espeak-ng");
        (synth, t0.elapsed())
    });
    let loaded = read_input(&Input::Path(article.clone()), &ReadOptions::default()).expect("read");
    let t_read = t0.elapsed();
    let script = segment(&loaded.document, &SegmentOptions::default());
    let t_segmented = t0.elapsed();
    let (mut synth, t_engine) = engine.join().expect("engine thread");
    let first = &script.sections[0].utterances[0];
    let audio = synth
        .synthesize(&first.spoken, &VoiceSettings::default())
        .expect("first utterance");
    let t_first = t0.elapsed();
    let cpu_first = cpu_seconds(libc::RUSAGE_SELF) - cpu0;

    let espeak_out = dir.join("espeak.wav");
    let aloud_out = dir.join("aloud.wav");
    let mut espeak_times = Vec::new();
    let mut aloud2 = Vec::new();
    let mut aloud1 = Vec::new();
    for _ in 0..runs {
        espeak_times.push(time_it(
            Command::new("espeak-ng")
                .args(["-v", "en-us", "-s", "175", "-w"])
                .arg(&espeak_out)
                .arg("-f")
                .arg(&article),
        ));
        for (jobs, times) in [("2", &mut aloud2), ("1", &mut aloud1)] {
            times.push(time_it(
                Command::new(&aloud)
                    .arg("export")
                    .arg(&article)
                    .arg("-o")
                    .arg(&aloud_out)
                    .args(["-q", "--voice", "en-us", "--rate", "175", "--jobs", jobs]),
            ));
        }
    }
    let secs = |p: &Path| {
        hound::WavReader::open(p)
            .map(|r| r.duration() as f64 / r.spec().sample_rate as f64)
            .unwrap_or(0.0)
    };
    let (e_min, e_med, e_cpu) = stats(espeak_times);
    let (a2_min, a2_med, a2_cpu) = stats(aloud2);
    let (a1_min, a1_med, a1_cpu) = stats(aloud1);
    let mut load = [0f64; 3];
    // SAFETY: getloadavg writes at most 3 doubles into the array.
    unsafe { libc::getloadavg(load.as_mut_ptr(), 3) };
    println!(
        "article: {} ({} runs each, alternating; load average {:.2} on {} cores)",
        article.display(),
        runs,
        load[0],
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!("| command | fastest s | median s | median / espeak-ng | CPU s (median) | audio s |");
    println!("|---|---|---|---|---|---|");
    println!(
        "| espeak-ng -v en-us -s 175 -w x.wav -f ARTICLE | {e_min:.3} | {e_med:.3} | 1.00 | {e_cpu:.3} | {:.0} |",
        secs(&espeak_out)
    );
    println!(
        "| aloud export ARTICLE -o x.wav --jobs 2 | {a2_min:.3} | {a2_med:.3} | {:.2} | {a2_cpu:.3} | {:.0} |",
        a2_med / e_med,
        secs(&aloud_out)
    );
    println!(
        "| aloud export ARTICLE -o x.wav --jobs 1 | {a1_min:.3} | {a1_med:.3} | {:.2} | {a1_cpu:.3} | |",
        a1_med / e_med
    );
    println!();
    println!(
        "first audio (cold, in-process): read {:.1} ms, segment {:.1} ms, espeak-ng ready at {:.1} ms (in parallel), \
         first utterance ({:.1} s of speech, {} chars) ready at {:.1} ms wall, {:.1} ms CPU",
        t_read.as_secs_f64() * 1e3,
        (t_segmented - t_read).as_secs_f64() * 1e3,
        t_engine.as_secs_f64() * 1e3,
        audio.duration().as_secs_f64(),
        first.spoken.chars().count(),
        t_first.as_secs_f64() * 1e3,
        cpu_first * 1e3
    );
    // First audio as the binary sees it: from the start of `export` (reading the article, with
    // the voice starting alongside) to the first utterance written, via ALOUD_TIMINGS.
    let mut firsts = Vec::new();
    for _ in 0..runs {
        let out = Command::new(&aloud)
            .env("ALOUD_TIMINGS", "1")
            .arg("export")
            .arg(&article)
            .arg("-o")
            .arg(&aloud_out)
            .args(["-q", "--voice", "en-us", "--jobs", "2"])
            .output()
            .expect("run aloud");
        let err = String::from_utf8_lossy(&out.stderr);
        if let Some(ms) = err
            .split("first audio ")
            .nth(1)
            .and_then(|r| r.split(" ms").next())
            .and_then(|v| v.parse::<f64>().ok())
        {
            firsts.push(ms);
        }
    }
    firsts.sort_by(f64::total_cmp);
    if !firsts.is_empty() {
        println!(
            "first audio (aloud export, {} runs): fastest {:.1} ms, median {:.1} ms",
            firsts.len(),
            firsts[0],
            firsts[firsts.len() / 2]
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
