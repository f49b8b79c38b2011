//! Throughput of the HTML reader (parse + main-content extraction) on inputs built from the
//! test fixtures: a long news page, a page nested 100,000 elements deep (with end tags, and
//! written `<div/>`, which HTML does not close), tag soup, and 500
//! unclosed formatting elements before 100,000 paragraphs; then on
//! the real pages of the extraction benchmark (`/work/shared/bench/extraction/html/*.html.gz`,
//! or the folder given as `ALOUD_BENCH_PAGES`), read at run time and not copied into the
//! repository: all of them together, and the slowest.
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
    let self_closed = format!(
        "<html><body>{}<p>Deep inside there is one sentence to read.</p></body></html>",
        "<div/>".repeat(depth)
    );
    let soup =
        "<div><p>Some text, <b>bold <i>and</div> broken</p><table><td>cell<li>item".repeat(100_000);
    // 500 distinct formatting elements left open, then 50,000 paragraphs: the parser re-opens
    // every open one in each paragraph unless the depth pre-pass caps them.
    let fonts: String = (0..500).map(|k| format!("<font class=c{k}>")).collect();
    let para = "<p>The council met on Tuesday and agreed to repair the old bridge before winter.";
    let unclosed = format!("<p>{fonts}{}", para.repeat(50_000));

    println!(
        "{:<28} {:>10} {:>10} {:>10}",
        "input", "MB", "seconds", "MB/s"
    );
    for (name, input) in [
        ("long news page", &long),
        ("100,000 nested divs", &deep),
        ("100,000 <div/>s", &self_closed),
        ("tag soup", &soup),
        ("500 unclosed <font>s", &unclosed),
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
    real_pages();
}

/// Every page of the extraction benchmark, parsed one by one: total MB/s and the slowest page.
fn real_pages() {
    use std::io::Read;
    let dir = std::env::var_os("ALOUD_BENCH_PAGES")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| "/work/shared/bench/extraction/html".into());
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!(
            "(no benchmark pages in {}: real pages not timed)",
            dir.display()
        );
        return;
    };
    let mut pages: Vec<(String, String)> = Vec::new();
    for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
        let name = path.to_string_lossy().into_owned();
        let mut bytes = Vec::new();
        let read = if name.ends_with(".gz") {
            std::fs::File::open(&path)
                .and_then(|f| flate2::read::GzDecoder::new(f).read_to_end(&mut bytes))
        } else if name.ends_with(".html") {
            std::fs::File::open(&path).and_then(|mut f| f.read_to_end(&mut bytes))
        } else {
            continue;
        };
        if read.is_ok() {
            pages.push((name, String::from_utf8_lossy(&bytes).into_owned()));
        }
    }
    let (mut total_mb, mut total_secs) = (0.0, 0.0);
    let mut slowest = (f64::INFINITY, String::new());
    for (name, html) in &pages {
        let start = Instant::now();
        let doc = aloud::article::html::parse(html);
        let secs = start.elapsed().as_secs_f64();
        std::hint::black_box(doc);
        let mb = html.len() as f64 / 1e6;
        total_mb += mb;
        total_secs += secs;
        if mb / secs < slowest.0 {
            slowest = (mb / secs, name.clone());
        }
    }
    println!(
        "{:<28} {total_mb:>10.2} {total_secs:>10.3} {:>10.1}   ({} pages; slowest {:.1} MB/s: {})",
        "benchmark pages, each",
        total_mb / total_secs,
        pages.len(),
        slowest.0,
        std::path::Path::new(&slowest.1)
            .file_name()
            .map_or(String::new(), |f| f.to_string_lossy().into_owned())
    );
}
