//! Player latency benchmark: how long until the first sample reaches the sink, and how long a
//! section skip takes until the new section's first sample, on the example article.
//!
//! Uses the deterministic tone voice and the null sink at real-time pace (no device), pressing
//! "next section" half a second into every section, so the figures are the player's own work:
//! prefetch hits, stretching and queuing (about 10 s). Run:
//! `cargo run --example bench_player [SPEED]`.

use std::time::{Duration, Instant};

use aloud::article::text;
use aloud::player::controls::{ScriptedControls, Trigger};
use aloud::player::cursor::Position;
use aloud::player::prefetch::Prefetcher;
use aloud::player::sink::NullSink;
use aloud::player::{self, Command, NoObserver, PlayOptions};
use aloud::segment::{segment, SegmentOptions};
use aloud::synth::tone::{ToneSynth, TONE_RATE};

use aloud::synth::VoiceSettings;

fn main() {
    let speed: f32 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1.0);
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/iran-talks.txt");
    let Ok(raw) = std::fs::read_to_string(path) else {
        eprintln!("cannot read {path}");
        std::process::exit(1);
    };
    let t0 = Instant::now();
    let script = segment(&text::parse(&raw), &SegmentOptions::default());
    let parsed = t0.elapsed();

    let steps = (0..script.sections.len())
        .map(|s| {
            (
                Trigger::At(Position::new(s, 0), Duration::from_millis(500)),
                Command::NextSection,
            )
        })
        .collect();
    let mut controls = ScriptedControls::new(steps);
    let mut sink = NullSink::new(TONE_RATE, true);
    let opts = PlayOptions {
        speed,
        ..PlayOptions::default()
    };
    let started = Instant::now();
    let prefetch = Prefetcher::of_voice(
        &script,
        Box::new(ToneSynth::new()),
        VoiceSettings::default(),
    );
    let report = match player::play(
        &script,
        prefetch,
        &mut sink,
        &mut controls,
        &mut NoObserver,
        &opts,
    ) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("playback failed: {e}");
            std::process::exit(1);
        }
    };
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mut skips = report.skip_latencies.clone();
    skips.sort();
    let pick = |q: f64| skips.get(((skips.len() as f64 - 1.0) * q).round() as usize);
    println!("| figure | value |");
    println!("|---|---|");
    println!("| speed | {speed}× |");
    println!("| read + segment the article | {:.2} ms |", ms(parsed));
    if let Some(t) = report.first_sample {
        println!(
            "| play() start → first sample on the sink | {:.2} ms |",
            ms(t.saturating_duration_since(started))
        );
    }
    println!("| section skips measured | {} |", skips.len());
    if let (Some(a), Some(b), Some(c)) = (pick(0.5), pick(0.9), skips.last()) {
        println!(
            "| skip → new section's first sample (median / p90 / max) | {:.3} / {:.3} / {:.3} ms |",
            ms(*a),
            ms(*b),
            ms(*c)
        );
    }
}
