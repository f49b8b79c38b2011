//! Prints the outline (JSON) of an HTML file as the HTML reader sees it:
//! `cargo run --example html_outline -- page.html`.

use std::io::Write;

use aloud::segment::{segment, SegmentOptions};

fn main() -> std::process::ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: html_outline FILE.html");
        return std::process::ExitCode::FAILURE;
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let doc = aloud::article::html::parse(&String::from_utf8_lossy(&bytes));
    let script = segment(&doc, &SegmentOptions::default());
    let json = aloud::outline::render_json(&script);
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = writeln!(std::io::stdout().lock(), "{json}");
    std::process::ExitCode::SUCCESS
}
