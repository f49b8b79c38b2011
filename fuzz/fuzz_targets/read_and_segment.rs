//! Fuzz target: arbitrary bytes through everything aloud does with an article before a voice
//! speaks it: decoding (encodings, BOMs, binary detection), the three readers (plain text,
//! Markdown, HTML), segmentation with its spoken forms, and the outline. Nothing may panic,
//! hang or grow without bound. Run: `cargo fuzz run read_and_segment -- -max_total_time=3600`.

#![no_main]

use aloud::article::source::{read_bytes, Format};
use aloud::segment::{segment, SegmentOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the reader; the rest is the input.
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let format = match pick % 4 {
        0 => None,
        1 => Some(Format::Text),
        2 => Some(Format::Markdown),
        _ => Some(Format::Html),
    };
    let Ok(loaded) = read_bytes(bytes, "fuzz input", None, format) else {
        return;
    };
    let script = segment(&loaded.document, &SegmentOptions::default());
    for u in script.sections.iter().flat_map(|s| &s.utterances) {
        assert!(!u.text.trim().is_empty(), "an empty utterance");
    }
    let _ = aloud::outline::render_text(&script, true);
    let _ = aloud::outline::render_json(&script);
});
