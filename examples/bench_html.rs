//! Throughput of the HTML reader (parse + main-content extraction) on inputs built from the
//! test fixtures: a long news page, a page nested 100,000 elements deep, and tag soup.
//! `cargo run --release --example bench_html` (or in debug, where dependencies are optimised).

use std::time::Instant;

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let page =
        std::fs::read_to_string(root.join("news_story_with_most_read_and_cookie_banner.html"))
            .unwrap_or_default();
    let body_start = page.find("<div class=\"story-body\">").unwrap_or(0);
    let body_end = page[body_start..]
        .find("</div>\n      <div class=\"tags\">")
        .map_or(page.len(), |e| body_start + e);
    let story = &page[body_start..body_end];
    let mut long = String::new();
    long.push_str(&page[..body_start]);
    while long.len() < 8 << 20 {
        long.push_str(story);
        long.push_str("</div>");
    }
    long.push_str(&page[body_end..]);

    let depth = 100_000;
    let deep = format!(
        "<html><body>{}<p>Deep inside there is one sentence to read.</p>{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    let soup =
        "<div><p>Some text, <b>bold <i>and</div> broken</p><table><td>cell<li>item".repeat(100_000);

    println!(
        "{:<28} {:>10} {:>10} {:>10}",
        "input", "MB", "seconds", "MB/s"
    );
    for (name, input) in [
        ("long news page", &long),
        ("100,000 nested divs", &deep),
        ("tag soup", &soup),
    ] {
        let start = Instant::now();
        let doc = aloud::article::html::parse(input);
        let secs = start.elapsed().as_secs_f64();
        let mb = input.len() as f64 / 1e6;
        let blocks: usize = doc.sections.iter().map(|s| s.blocks.len()).sum();
        println!(
            "{name:<28} {mb:>10.2} {secs:>10.3} {:>10.1}   ({blocks} blocks)",
            mb / secs
        );
    }
}
