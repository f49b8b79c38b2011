//! Benchmark: reading + outlining throughput on a large input built from the example article.
//!
//! Builds ~20 MB inputs (the example article repeated as plain text, the same as Markdown with
//! `#`/`##` headings, and one 20 MB line with no breaks or punctuation), then times
//! `read_bytes` (decode, sniff, parse) and `segment` (the outline's utterances) and prints MB/s.
//!
//! ```sh
//! cargo run --release --example bench_read        # or without --release (deps at opt-level 2)
//! CARGO_PROFILE_DEV_OPT_LEVEL=2 cargo run --example bench_read   # near-release, no full rebuild
//! cargo run --example bench_read -- 5              # a 5 MB input instead of 20
//! ```

use std::time::Instant;

use aloud::article::source::read_bytes;
use aloud::article::Format;
use aloud::segment::{segment, SegmentOptions};

const ARTICLE: &str = include_str!("iran-talks.txt");

/// The example article as Markdown: the title as `#`, short unpunctuated lines as `##`.
fn as_markdown(text: &str) -> String {
    let mut out = String::new();
    for (i, para) in text.split("\n\n").enumerate() {
        let p = para.trim();
        if p.is_empty() {
            continue;
        }
        if i == 0 {
            out.push_str("# ");
        } else if p.len() < 80 && !p.ends_with(['.', '?', '!']) && !p.contains('\n') {
            out.push_str("## ");
        }
        out.push_str(p);
        out.push_str("\n\n");
    }
    out
}

fn repeat_to(unit: &str, bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + unit.len());
    while s.len() < bytes {
        s.push_str(unit);
        s.push_str("\n\n");
    }
    s
}

fn one_line(bytes: usize) -> String {
    let words: Vec<&str> = ARTICLE
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut s = String::with_capacity(bytes + 32);
    for w in words.iter().cycle() {
        if s.len() >= bytes {
            break;
        }
        s.push_str(w);
        s.push(' ');
    }
    s
}

fn main() {
    let mb: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20);
    let size = mb << 20;
    let inputs = [
        ("text (article x N)", repeat_to(ARTICLE, size), Format::Text),
        (
            "markdown (article x N)",
            repeat_to(&as_markdown(ARTICLE), size),
            Format::Markdown,
        ),
        (
            "text, one line, no punctuation",
            one_line(size),
            Format::Text,
        ),
        ("markdown, one line", one_line(size), Format::Markdown),
    ];
    println!(
        "{:<32} {:>8} {:>10} {:>10} {:>12} {:>9} {:>11}",
        "input", "MB", "read s", "read MB/s", "read+seg s", "MB/s", "utterances"
    );
    for (name, input, format) in inputs {
        let megabytes = input.len() as f64 / (1 << 20) as f64;
        let start = Instant::now();
        let loaded = match read_bytes(input.as_bytes(), name, None, Some(format)) {
            Ok(l) => l,
            Err(e) => {
                println!("{name}: {e}");
                continue;
            }
        };
        let read = start.elapsed().as_secs_f64();
        let script = segment(&loaded.document, &SegmentOptions::default());
        let total = start.elapsed().as_secs_f64();
        let utterances: usize = script.sections.iter().map(|s| s.utterances.len()).sum();
        println!(
            "{:<32} {:>8.1} {:>10.2} {:>10.1} {:>12.2} {:>9.1} {:>11}",
            name,
            megabytes,
            read,
            megabytes / read,
            total,
            megabytes / total,
            utterances
        );
    }
    println!(
        "(built {}; read = decode + sniff + parse, seg = segmenting into utterances)",
        if cfg!(debug_assertions) {
            "with debug assertions: the dev profile, whose dependencies are at opt-level 2"
        } else {
            "without debug assertions (release)"
        }
    );
}
