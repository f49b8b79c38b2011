//! Throughput of the sentence splitter and of the whole segmenter on a large plain-text input:
//! the example article repeated to about 20 MB (or the size in MB given as the first argument).
//!
//! ```sh
//! cargo run --release --example bench_sentences        # the figure to report
//! cargo run --example bench_sentences -- 5             # debug build, 5 MB
//! ```
//!
//! Prints one row per stage: input size, best time of three runs, and MB/s (1 MB = 10^6 bytes).

use std::hint::black_box;
use std::time::{Duration, Instant};

use aloud::article::text;
use aloud::segment::{clauses, segment, sentences, SegmentOptions};

const ARTICLE: &str = include_str!("iran-talks.txt");

fn main() {
    let mb: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20);
    let size = mb * 1_000_000;
    let mut input = String::with_capacity(size + ARTICLE.len());
    while input.len() < size {
        input.push_str(ARTICLE);
        input.push_str("\n\n");
    }
    // The same size of prose with no punctuation at all, for the word-boundary fallback.
    let bare: String = input
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let build = if cfg!(debug_assertions) {
        "debug build (aloud unoptimized, dependencies at opt-level 2)"
    } else {
        "release build"
    };
    println!("{build}; input {:.1} MB", input.len() as f64 / 1e6);
    println!(
        "{:<40} {:>10} {:>10} {:>10}",
        "stage", "MB", "seconds", "MB/s"
    );

    let (t, n) = best_of(3, || sentences::split(&input).len());
    row(
        "sentences::split",
        input.len(),
        t,
        &format!("{n} sentences"),
    );

    let (t, doc) = best_of(3, || text::parse(&input));
    row("article::text::parse", input.len(), t, "");

    let opts = SegmentOptions::default();
    let (t, n) = best_of(3, || {
        segment(&doc, &opts)
            .sections
            .iter()
            .map(|s| s.utterances.len())
            .sum::<usize>()
    });
    row(
        "segment (split, clauses, spoken)",
        input.len(),
        t,
        &format!("{n} utterances"),
    );

    let (t, n) = best_of(3, || clauses::split_long(&bare, 120, 250).len());
    row(
        "clauses::split_long, no punctuation",
        bare.len(),
        t,
        &format!("{n} pieces"),
    );
}

/// Runs `f` `runs` times (at least once) and returns the fastest time with the last result.
fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let start = Instant::now();
    let mut out = black_box(f());
    let mut best = start.elapsed();
    for _ in 1..runs {
        let start = Instant::now();
        out = black_box(f());
        best = best.min(start.elapsed());
    }
    (best, out)
}

fn row(stage: &str, bytes: usize, t: Duration, note: &str) {
    let secs = t.as_secs_f64();
    let mb = bytes as f64 / 1e6;
    println!(
        "{stage:<40} {mb:>10.1} {secs:>10.3} {:>10.1}  {note}",
        mb / secs.max(1e-9)
    );
}
