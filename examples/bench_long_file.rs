//! Long audio files: peak memory and far-chapter jump latency of playing a 10-hour M4B.
//!
//! Makes the file in a temporary folder with `ffmpeg` (a 10-minute 440 Hz sine encoded once as
//! AAC, 44.1 kHz mono, 64 kbit/s, then copied 60 times into one M4B with a chapter every 30
//! minutes: 20 chapters), opens it as `aloud listen` does, and plays it at real-time pace into
//! the null sink (no device) while scripted keys jump to far chapters: the last, the first,
//! the middle and the second to last, half a second into each. Prints the time to open the file
//! (hashing it and reading its chapters), each jump's latency (from the key to the new
//! chapter's first sample on the sink, as `--timings` reports skips) and the process's peak
//! resident memory (`VmHWM`). Needs ffmpeg; about 20 s of playing plus the file's making. Run:
//! `cargo run --release --example bench_long_file [HOURS]`.

use std::io::Write;
use std::path::Path;
use std::process::Command as Process;
use std::time::{Duration, Instant};

use aloud::player::controls::{ScriptedControls, Trigger};
use aloud::player::cursor::Position;
use aloud::player::file::AudioFile;
use aloud::player::prefetch::Prefetcher;
use aloud::player::sink::NullSink;
use aloud::player::{self, Command, NoObserver, PlayOptions};

const SEGMENT_SECS: u64 = 600;
const CHAPTER_SECS: u64 = 1800;

fn ffmpeg(args: &[&str]) -> Result<(), String> {
    let out = Process::new("ffmpeg")
        .args(["-v", "error", "-y"])
        .args(args)
        .output()
        .map_err(|e| format!("cannot run ffmpeg ({e}): install the package `ffmpeg`"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}

/// Writes the `hours`-long M4B into `dir` and returns its path.
fn make_book(dir: &Path, hours: u64) -> Result<std::path::PathBuf, String> {
    let io = |e: std::io::Error| e.to_string();
    let segment = dir.join("segment.m4a");
    let sine = format!("sine=frequency=440:sample_rate=44100:duration={SEGMENT_SECS}");
    let seg = segment.to_string_lossy().into_owned();
    ffmpeg(&[
        "-f", "lavfi", "-i", &sine, "-ac", "1", "-c:a", "aac", "-b:a", "64k", &seg,
    ])?;
    let total = hours * 3600;
    let list = dir.join("list.txt");
    let mut f = std::fs::File::create(&list).map_err(io)?;
    for _ in 0..total / SEGMENT_SECS {
        writeln!(f, "file '{seg}'").map_err(io)?;
    }
    let meta = dir.join("chapters.ffmetadata");
    let mut m = std::fs::File::create(&meta).map_err(io)?;
    writeln!(m, ";FFMETADATA1\ntitle=Ten Hours of Sine").map_err(io)?;
    for (i, start) in (0..total).step_by(CHAPTER_SECS as usize).enumerate() {
        let end = (start + CHAPTER_SECS).min(total);
        writeln!(
            m,
            "[CHAPTER]\nTIMEBASE=1/1000\nSTART={}\nEND={}\ntitle=Chapter {}",
            start * 1000,
            end * 1000,
            i + 1
        )
        .map_err(io)?;
    }
    drop(m);
    let book = dir.join("book.m4b");
    ffmpeg(&[
        "-f",
        "concat",
        "-safe",
        "0",
        "-i",
        &list.to_string_lossy(),
        "-i",
        &meta.to_string_lossy(),
        "-map",
        "0:a",
        "-map_metadata",
        "1",
        "-map_chapters",
        "1",
        "-c",
        "copy",
        &book.to_string_lossy(),
    ])?;
    Ok(book)
}

/// The process's peak resident memory in MB (Linux), from `/proc/self/status`.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() {
    let hours: u64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let Ok(dir) = tempfile::tempdir() else {
        eprintln!("cannot make a temporary folder");
        std::process::exit(1);
    };
    let made = Instant::now();
    let book = match make_book(dir.path(), hours) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("cannot make the test file: {e}");
            std::process::exit(1);
        }
    };
    let size = std::fs::metadata(&book).map_or(0, |m| m.len());
    eprintln!(
        "made {} ({:.0} MB) in {:.1} s",
        book.display(),
        size as f64 / 1e6,
        made.elapsed().as_secs_f64()
    );
    let before = peak_rss_mb();

    let opened = Instant::now();
    let file = match AudioFile::open(&book) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let open_time = opened.elapsed();
    let chapters = file.script.sections.len();
    let far = [chapters - 1, 0, chapters / 2, chapters - 2];
    let half = Duration::from_millis(500);
    let mut steps = vec![(
        Trigger::At(Position::new(0, 0), half),
        Command::JumpToSection(far[0]),
    )];
    for w in far.windows(2) {
        steps.push((
            Trigger::At(Position::new(w[0], 0), half),
            Command::JumpToSection(w[1]),
        ));
    }
    steps.push((
        Trigger::At(Position::new(far[far.len() - 1], 0), half),
        Command::Quit,
    ));
    let mut controls = ScriptedControls::new(steps);
    let prefetch = Prefetcher::start(Box::new(file.pieces()));
    let mut sink = NullSink::new(prefetch.sample_rate(), true);
    let report = match player::play(
        &file.script,
        prefetch,
        &mut sink,
        &mut controls,
        &mut NoObserver,
        &PlayOptions::default(),
    ) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("playback failed: {e}");
            std::process::exit(1);
        }
    };
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("| figure | value |");
    println!("|---|---|");
    println!(
        "| file | {hours} h AAC 44.1 kHz mono 64 kbit/s M4B, {chapters} chapters, {:.0} MB |",
        size as f64 / 1e6
    );
    println!(
        "| open (hash, chapters, pieces) | {:.0} ms |",
        ms(open_time)
    );
    if let Some(t) = report.first_sample {
        println!(
            "| first sample on the sink after play() | {:.1} ms |",
            ms(t.saturating_duration_since(opened + open_time))
        );
    }
    for (i, d) in report.skip_latencies.iter().enumerate() {
        println!(
            "| jump {} to chapter {} | {:.1} ms |",
            i + 1,
            far.get(i).map_or(0, |c| c + 1),
            ms(*d)
        );
    }
    if let Some(b) = before {
        println!("| peak RSS before opening the file | {b:.1} MB |");
    }
    match peak_rss_mb() {
        Some(p) => println!("| peak RSS (VmHWM) | {p:.1} MB |"),
        None => println!("| peak RSS | not available (no /proc) |"),
    }
}
