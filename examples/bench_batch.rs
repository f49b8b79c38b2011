//! Benchmark: batch throughput of `aloud export DIR -o OUT`, with espeak-ng (`en-us`) and, when
//! the Piper test assets are in `.piper/`, the Piper voice `en_US-joe-medium`; each with one
//! process and with two shard processes side by side (`--shard 0/2` and `--shard 1/2`).
//!
//! The folder of articles is built at run time in a temporary folder: the example article
//! (`examples/iran-talks.txt`) plus the first PAGES (default 20) pages of the extraction
//! benchmark's HTML (`/work/shared/bench/extraction/html/*.html.gz`, or the folder given as
//! `ALOUD_BENCH_PAGES`), decompressed. The pages are read from there at run time and not
//! copied into the repository.
//!
//! Build the release binary first (the example runs `target/release/aloud`), then run, e.g.:
//!   cargo build --release && cargo run --release --example bench_batch -- [PAGES]
//!
//! Every run renders MP3 (the batch default) with `--jobs 1` (one synthesis worker per process,
//! so that one and two processes compare one and two cores) and `--no-cache`, into a fresh
//! output folder. It prints one row per voice and process count: articles per minute of wall
//! time, hours of audio per CPU hour (user + system time of the aloud processes and their
//! children, from `wait4`), and the peak resident memory of each process (`ru_maxrss`).

#[path = "common/beside.rs"]
mod beside;
#[path = "common/rusage.rs"]
mod rusage;
use rusage::{wait4, Finished};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The folder of articles: the example and `pages` pages of the extraction benchmark.
fn build_articles(dir: &Path, pages: usize) -> usize {
    std::fs::create_dir_all(dir).expect("articles folder");
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/iran-talks.txt");
    std::fs::copy(&example, dir.join("000-iran-talks.txt")).expect("copy the example");
    let source = std::env::var_os("ALOUD_BENCH_PAGES")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/work/shared/bench/extraction/html"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(&source)
        .unwrap_or_else(|e| panic!("cannot read the bench pages in {}: {e}", source.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".html.gz"))
        .collect();
    files.sort();
    for (i, path) in files.iter().take(pages).enumerate() {
        use std::io::Read;
        let mut html = Vec::new();
        flate2::read::GzDecoder::new(std::fs::File::open(path).expect("open page"))
            .read_to_end(&mut html)
            .expect("decompress page");
        std::fs::write(dir.join(format!("{:03}-page.html", i + 1)), html).expect("write page");
    }
    1 + files.len().min(pages)
}

/// A voice to benchmark: its name, and the environment and data folder it needs.
struct Voice {
    name: &'static str,
    env: Vec<(String, PathBuf)>,
}

/// The Piper voice of `.piper/`, installed into `data` as a user voice file, when the assets
/// are there.
fn piper(data: &Path) -> Option<Voice> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(".piper");
    let library = std::fs::read_dir(root.join("onnxruntime/capi"))
        .ok()?
        .flatten()
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().contains("libonnxruntime.so"))?;
    let model = root.join("voices/en_US-joe-medium.onnx");
    let config = root.join("voices/en_US-joe-medium.onnx.json");
    if !model.is_file() || !config.is_file() {
        return None;
    }
    let voices = data.join("aloud/voices");
    std::fs::create_dir_all(&voices).ok()?;
    std::fs::write(
        voices.join("bench-piper.toml"),
        format!(
            "name = \"bench-piper\"\nlanguage = \"en-US\"\nengine = \"piper\"\n[piper]\nmodel = \"{}\"\nconfig = \"{}\"\n",
            model.display(),
            config.display()
        ),
    )
    .ok()?;
    Some(Voice {
        name: "bench-piper",
        env: vec![("ORT_DYLIB_PATH".into(), library)],
    })
}

/// One measured configuration.
struct Row {
    voice: &'static str,
    processes: usize,
    articles: usize,
    wall_seconds: f64,
    audio_seconds: f64,
    cpu_seconds: f64,
    peak_rss_mb: Vec<f64>,
}

/// Seconds of audio and the number of articles rendered, from the manifests in `out`.
fn rendered(out: &Path) -> (f64, usize) {
    let mut seconds = 0.0;
    let mut count = 0;
    for e in std::fs::read_dir(out).expect("output folder").flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if !(name.starts_with("manifest") && name.ends_with(".json")) {
            continue;
        }
        let text = std::fs::read_to_string(e.path()).expect("manifest");
        let m: serde_json::Value = serde_json::from_str(&text).expect("manifest JSON");
        for a in m["articles"].as_array().into_iter().flatten() {
            if a["status"] == "rendered" {
                seconds += a["duration_seconds"].as_f64().unwrap_or(0.0);
                count += 1;
            }
        }
    }
    (seconds, count)
}

fn measure(
    aloud: &Path,
    home: &Path,
    articles: &Path,
    out: &Path,
    voice: &Voice,
    processes: usize,
) -> Row {
    let t = Instant::now();
    let children: Vec<std::process::Child> = (0..processes)
        .map(|i| {
            let mut cmd = Command::new(aloud);
            cmd.arg("export").arg(articles).arg("-o").arg(out).args([
                "--voice",
                voice.name,
                "--jobs",
                "1",
                "--no-cache",
                "-q",
            ]);
            if processes > 1 {
                cmd.args(["--shard", &format!("{i}/{processes}")]);
            }
            for (sub, var) in [
                ("config", "XDG_CONFIG_HOME"),
                ("data", "XDG_DATA_HOME"),
                ("state", "XDG_STATE_HOME"),
                ("cache", "XDG_CACHE_HOME"),
            ] {
                cmd.env(var, home.join(sub));
            }
            for (k, v) in &voice.env {
                cmd.env(k, v);
            }
            cmd.spawn()
                .unwrap_or_else(|e| panic!("cannot run {}: {e}", aloud.display()))
        })
        .collect();
    let finished: Vec<Finished> = children
        .into_iter()
        .map(|c| wait4(c).unwrap_or_else(|e| panic!("{e}")))
        .collect();
    let wall_seconds = t.elapsed().as_secs_f64();
    assert!(
        finished.iter().all(|f| f.status.success()),
        "an aloud export of {} failed",
        voice.name
    );
    let (audio_seconds, count) = rendered(out);
    Row {
        voice: voice.name,
        processes,
        articles: count,
        wall_seconds,
        audio_seconds,
        cpu_seconds: finished.iter().map(|f| f.cpu_seconds).sum(),
        peak_rss_mb: finished.iter().map(|f| f.peak_rss_mb).collect(),
    }
}

fn main() {
    let pages: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let aloud = beside::aloud_binary();
    let work = std::env::temp_dir().join(format!("aloud-bench-batch-{}", std::process::id()));
    let home = work.join("home");
    let articles = work.join("articles");
    let count = build_articles(&articles, pages);
    eprintln!(
        "bench_batch: {count} articles in {} (the example and {} pages read from the extraction benchmark at run time)",
        articles.display(),
        count - 1
    );
    let mut voices = vec![Voice {
        name: "en-us",
        env: Vec::new(),
    }];
    match piper(&home.join("data")) {
        Some(v) => voices.push(v),
        None => eprintln!("bench_batch: no Piper assets in .piper/ (scripts/fetch-test-assets.sh): espeak-ng only"),
    }
    let mut rows = Vec::new();
    for voice in &voices {
        for processes in [1, 2] {
            let out = work.join(format!("out-{}-{processes}", voice.name));
            let row = measure(&aloud, &home, &articles, &out, voice, processes);
            eprintln!(
                "bench_batch: {} × {processes}: {} articles in {:.1} s",
                row.voice, row.articles, row.wall_seconds
            );
            rows.push(row);
        }
    }
    println!(
        "| voice | processes | articles | wall | articles/min | audio | audio h per CPU h | peak RSS per process |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for r in &rows {
        let rss: Vec<String> = r.peak_rss_mb.iter().map(|m| format!("{m:.0} MB")).collect();
        println!(
            "| {} | {} | {} | {:.1} s | {:.1} | {:.1} min | {:.0} | {} |",
            r.voice,
            r.processes,
            r.articles,
            r.wall_seconds,
            r.articles as f64 / (r.wall_seconds / 60.0),
            r.audio_seconds / 60.0,
            r.audio_seconds / r.cpu_seconds.max(1e-9),
            rss.join(", ")
        );
    }
    let _ = std::fs::remove_dir_all(&work);
}
