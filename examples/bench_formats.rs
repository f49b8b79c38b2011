//! Benchmark for `aloud export` to compressed formats, in one run:
//! 1. encoder throughput: the article's speech (synthesized once, in memory) encoded to each
//!    format in this process, as × real time;
//! 2. `aloud export ARTICLE -o x.mp3` (no cache) against `espeak-ng -w x.wav -f ARTICLE` followed
//!    by `lame -b 64 x.wav x.mp3`, alternating RUNS times, with the ratio of the medians; the same
//!    export pinned to one core (`taskset -c 0`, apt `util-linux`) for the parallel speed-up, and
//!    with `--jobs 2` (two synthesis workers beside the encoder);
//! 3. a first export filling an empty cache, then a second one served from it;
//! 4. peak memory (RSS, from `/usr/bin/time -v`) of the MP3 export, and with `--big` also for a
//!    1 MB text (the article repeated; about 15 hours of speech, so it takes minutes).
//!
//! Needs `espeak-ng`, `lame` and `/usr/bin/time` (apt packages `espeak-ng lame time`). Build the
//! binary and this example with the same profile, then run, e.g.:
//!   cargo build && cargo build --example bench_formats
//!   target/debug/examples/bench_formats [ARTICLE] [RUNS] [--big]
//! It runs the `aloud` beside its own folder (target/<profile>/aloud).

#[path = "common/beside.rs"]
mod beside;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use aloud::article::{read_input, Input, ReadOptions};
use aloud::audio::timing::pause_samples;
use aloud::export::{EncodeOptions, Format};
use aloud::segment::{segment, SegmentOptions};
use aloud::synth::espeak::EspeakSynth;
use aloud::synth::{Synthesizer, VoiceSettings};

fn time_it(cmd: &mut Command) -> Duration {
    let t = Instant::now();
    let status = cmd
        .status()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(status.success(), "{cmd:?} failed");
    t.elapsed()
}

fn median(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64()
}

/// Runs `cmd` under `/usr/bin/time -v` and returns (seconds, peak RSS in MB).
fn peak_rss(cmd: &[&str]) -> (f64, f64) {
    let t = Instant::now();
    let out = Command::new("/usr/bin/time")
        .arg("-v")
        .args(cmd)
        .output()
        .expect("run /usr/bin/time (apt package `time`)");
    let secs = t.elapsed().as_secs_f64();
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    let kb: f64 = err
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0.0);
    (secs, kb / 1024.0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let big = args.iter().any(|a| a == "--big");
    let plain: Vec<&String> = args
        .iter()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let article =
        PathBuf::from(plain.first().map(|s| s.to_string()).unwrap_or_else(|| {
            concat!(env!("CARGO_MANIFEST_DIR"), "/examples/iran-talks.txt").into()
        }));
    let runs: usize = plain.get(1).and_then(|s| s.parse().ok()).unwrap_or(3);
    let aloud = beside::aloud_binary();
    let dir = std::env::temp_dir().join(format!("aloud-bench-formats-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let a = article.to_str().expect("article path");

    // 1. Encoder throughput on the article's own speech.
    let loaded = read_input(&Input::Path(article.clone()), &ReadOptions::default()).expect("read");
    let script = segment(&loaded.document, &SegmentOptions::default());
    let mut synth = EspeakSynth::new("en-us").expect("espeak-ng");
    let settings = VoiceSettings::default();
    let rate = synth.sample_rate();
    let mut pcm: Vec<f32> = Vec::new();
    for u in script.sections.iter().flat_map(|s| &s.utterances) {
        if let Ok(audio) = synth.synthesize(&u.spoken, &settings) {
            pcm.extend_from_slice(&audio.samples);
        }
        pcm.resize(
            pcm.len() + pause_samples(u.pause.millis(), settings.rate_wpm, rate),
            0.0,
        );
    }
    let audio_secs = pcm.len() as f64 / rate as f64;
    println!("article: {a}, {audio_secs:.0} s of speech at {rate} Hz, {runs} runs each");
    println!();
    println!("| format | encode s | × real time | size KB |");
    println!("|---|---|---|---|");
    for format in [Format::Wav, Format::Mp3, Format::Ogg, Format::Flac] {
        let path = dir.join(format!("enc.{}", format.extension()));
        let file = std::io::BufWriter::new(std::fs::File::create(&path).expect("create"));
        let t = Instant::now();
        let mut enc = format
            .encoder(file, &EncodeOptions::new(rate))
            .expect("encoder");
        for chunk in pcm.chunks(22_050) {
            enc.write(chunk).expect("encode");
        }
        enc.finish().expect("finish");
        let secs = t.elapsed().as_secs_f64();
        let size = std::fs::metadata(&path).map_or(0, |m| m.len()) / 1024;
        println!(
            "| {} | {secs:.3} | {:.0} | {size} |",
            format.extension(),
            audio_secs / secs
        );
    }
    drop(pcm);

    // 2. aloud vs espeak-ng + lame, and one worker vs all.
    let mp3 = dir.join("aloud.mp3");
    let wav = dir.join("espeak.wav");
    let lame_mp3 = dir.join("lame.mp3");
    let cache_home = dir.join("cache");
    let (mut pipeline, mut aloud_all, mut aloud_one, mut aloud_j2) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let t = Instant::now();
        time_it(
            Command::new("espeak-ng")
                .args(["-v", "en-us", "-s", "175", "-w"])
                .arg(&wav)
                .args(["-f", a]),
        );
        time_it(
            Command::new("lame")
                .args(["--quiet", "-b", "64"])
                .arg(&wav)
                .arg(&lame_mp3),
        );
        pipeline.push(t.elapsed());
        for (pin, extra, times) in [
            (false, None, &mut aloud_all),
            (true, None, &mut aloud_one),
            (false, Some("2"), &mut aloud_j2),
        ] {
            let mut cmd = if pin {
                let mut c = Command::new("taskset");
                c.args(["-c", "0"]).arg(&aloud);
                c
            } else {
                Command::new(&aloud)
            };
            cmd.env("XDG_CACHE_HOME", &cache_home)
                .args(["export", a, "-o"])
                .arg(&mp3)
                .args(["-q", "--no-cache", "--voice", "en-us"]);
            if let Some(j) = extra {
                cmd.args(["--jobs", j]);
            }
            times.push(time_it(&mut cmd));
        }
    }
    let (p, a2, a1, j2) = (
        median(pipeline),
        median(aloud_all),
        median(aloud_one),
        median(aloud_j2),
    );
    println!();
    println!("| command | median s | ratio to espeak-ng + lame |");
    println!("|---|---|---|");
    println!("| espeak-ng -w x.wav -f ARTICLE && lame -b 64 x.wav x.mp3 | {p:.3} | 1.00 |");
    println!(
        "| aloud export ARTICLE -o x.mp3 --no-cache | {a2:.3} | {:.2} |",
        a2 / p
    );
    println!(
        "| same, pinned to one core (taskset -c 0) | {a1:.3} | {:.2} |",
        a1 / p
    );
    println!(
        "| same, --jobs 2 (two synthesis workers) | {j2:.3} | {:.2} |",
        j2 / p
    );
    println!("parallel speed-up over one core: {:.2}x", a1 / a2);

    // 3. The cache: a first export fills it, the second is served from it.
    let _ = std::fs::remove_dir_all(&cache_home);
    let cached = |label: &str| {
        let d = time_it(
            Command::new(&aloud)
                .env("XDG_CACHE_HOME", &cache_home)
                .args(["export", a, "-o"])
                .arg(&mp3)
                .args(["-q", "--voice", "en-us"]),
        );
        println!("| {label} | {:.3} |", d.as_secs_f64());
    };
    println!();
    println!("| aloud export ARTICLE -o x.mp3 (cache) | s |");
    println!("|---|---|");
    cached("first export, empty cache");
    cached("second export, served from the cache");

    // 4. Peak memory.
    println!();
    println!("| peak RSS of aloud export -o x.mp3 --no-cache | s | MB |");
    println!("|---|---|---|");
    let aloud_s = aloud.to_str().expect("aloud path");
    let mp3_s = mp3.to_str().expect("mp3 path");
    let (s, mb) = peak_rss(&[aloud_s, "export", a, "-o", mp3_s, "-q", "--no-cache"]);
    println!(
        "| example article ({} KB) | {s:.1} | {mb:.1} |",
        std::fs::metadata(&article).map_or(0, |m| m.len()) / 1024
    );
    if big {
        let text = std::fs::read_to_string(&article).expect("article");
        let mut big_text = String::new();
        while big_text.len() < 1 << 20 {
            big_text.push_str(&text);
            big_text.push_str("\n\n");
        }
        let big_path = dir.join("big.txt");
        std::fs::write(&big_path, &big_text).expect("write big text");
        let b = big_path.to_str().expect("big path");
        let (s, mb) = peak_rss(&[aloud_s, "export", b, "-o", mp3_s, "-q", "--no-cache"]);
        println!(
            "| 1 MB text ({} KB) | {s:.1} | {mb:.1} |",
            big_text.len() / 1024
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
