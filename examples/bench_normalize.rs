//! Throughput of the text normalizer (and the lexicon), printed as a table of MB/s.
//!
//! Inputs: the example article's sentences repeated (plain prose), a generated number-heavy text
//! (money, dates, times, units, phone numbers, scores from a fixed-seed generator), and the
//! prose again with a lexicon of 2,000 words and 200 phrases (its parse time is printed too).
//! Run with `CARGO_PROFILE_DEV_OPT_LEVEL=3 cargo run --example bench_normalize` for figures that
//! mean something: a plain debug build does not optimize this crate, where the normalizer lives.

use std::time::Instant;

use aloud::segment::normalize::spoken;
use aloud::segment::Lexicon;

/// A fixed-seed linear congruential generator, so every run sees the same text.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

fn numbers_text(sentences: usize) -> Vec<String> {
    let mut r = Lcg(42);
    let months = ["Jan.", "March", "Nov.", "Sept."];
    (0..sentences)
        .map(|_| {
            format!(
                "On {} {}, {} the firm paid ${}.{} million, up {}.{}% from {}; call {}-555-{:04} at {}:{:02} p.m. after a {}-{} vote over {} km.",
                months[r.next(4) as usize],
                1 + r.next(28),
                1990 + r.next(40),
                r.next(900),
                r.next(10),
                r.next(20),
                r.next(100),
                1900 + r.next(200),
                200 + r.next(700),
                r.next(10000),
                1 + r.next(12),
                r.next(60),
                r.next(10),
                r.next(10),
                r.next(100000),
            )
        })
        .collect()
}

fn run(name: &str, utterances: &[String], lexicon: &Lexicon) {
    let bytes: usize = utterances.iter().map(String::len).sum();
    let start = Instant::now();
    let mut out = 0usize;
    for u in utterances {
        out += spoken(u, lexicon).len();
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{name:<32} {:>8.2} MB {:>8.3} s {:>8.1} MB/s  ({} utterances, {} bytes out)",
        bytes as f64 / 1e6,
        secs,
        bytes as f64 / 1e6 / secs,
        utterances.len(),
        out
    );
}

fn main() {
    let article = include_str!("iran-talks.txt");
    let sentences: Vec<String> = article
        .split_inclusive(['.', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let prose: Vec<String> = sentences
        .iter()
        .cycle()
        .take(sentences.len() * 300)
        .cloned()
        .collect();
    let numbers = numbers_text(30_000);
    // A lexicon file of 2,000 words and 200 phrases, parsed as a user's file would be.
    let mut toml = String::from("Pezeshkian = \"Pe-zesh-key-on\"\n");
    for k in 0..2000 {
        toml.push_str(&format!("Name{k} = \"Nayme {k}\"\n"));
    }
    for k in 0..200 {
        toml.push_str(&format!("\"Dr. Who{k}\" = \"Doctor Who {k}\"\n"));
    }
    let start = Instant::now();
    let big = match Lexicon::parse(&toml, std::path::Path::new("bench.toml")) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{e}");
            return;
        }
    };
    let parse_ms = start.elapsed().as_secs_f64() * 1000.0;
    println!(
        "{:<32} {:>11} {:>10} {:>13}",
        "input", "size", "time", "throughput"
    );
    run("prose (example article)", &prose, &Lexicon::default());
    run("number-heavy", &numbers, &Lexicon::default());
    run("prose + 2,200-entry lexicon", &prose, &big);
    println!("parsing the 2,200-entry lexicon: {parse_ms:.1} ms");
}
