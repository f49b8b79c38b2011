//! A podcast feed of a batch's folder: RSS 2.0 with the iTunes tags podcast apps require and
//! Podcasting 2.0 chapters, from the folder's `manifest.json` ([`super::batch`]).
//!
//! [`render`] turns a [`Manifest`] and a [`Show`] into the feed's XML; [`chapters_json`] is the
//! JSON chapters file (`podcast:chapters`, version 1.2.0) each episode links to, written beside
//! its audio file as `STEM.chapters.json`. Every episode's GUID is its content key (stable
//! across reruns: an unchanged article keeps it, a changed one is a new episode) and its date the
//! article's when known, else its audio file's modification time (untouched by reruns). Failed
//! articles are left out. Not covered: artwork files, transcripts, feed paging.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::batch::{Entry, Manifest, Status};

/// The show: the channel's metadata, from flags or a small TOML file (`show.toml`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Show {
    /// The show's title (default: the folder's name).
    pub title: Option<String>,
    /// What it is (default: "Articles read aloud by aloud").
    pub description: Option<String>,
    /// Who publishes it.
    pub author: Option<String>,
    /// The website the show belongs to (default: the base URL).
    pub link: Option<String>,
    /// A square cover image's URL (1400–3000 px for Apple Podcasts).
    pub image: Option<String>,
    /// The language, like `en` or `en-us` (default `en`).
    pub language: Option<String>,
    /// An Apple Podcasts category (default "News").
    pub category: Option<String>,
    /// An owner's e-mail address, for `itunes:owner`.
    pub email: Option<String>,
}

/// The chapters file's name for an audio file: `STEM.chapters.json`.
pub fn chapters_file_name(audio_file: &str) -> String {
    let stem = audio_file
        .rsplit_once('.')
        .map_or(audio_file, |(stem, _)| stem);
    format!("{stem}.chapters.json")
}

/// The Podcasting 2.0 JSON chapters of an episode (version 1.2.0: `startTime` in seconds).
pub fn chapters_json(entry: &Entry) -> String {
    let chapters: Vec<serde_json::Value> = entry
        .chapters
        .iter()
        .map(|c| {
            serde_json::json!({
                "startTime": c.start_ms as f64 / 1000.0,
                "endTime": c.end_ms as f64 / 1000.0,
                "title": c.title,
            })
        })
        .collect();
    let doc = serde_json::json!({ "version": "1.2.0", "chapters": chapters });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

/// The MIME type of an audio file, by its extension.
pub fn mime_type(file: &str) -> &'static str {
    match file
        .rsplit('.')
        .next()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("mp3") => "audio/mpeg",
        Some("ogg") => "audio/ogg",
        Some("flac") => "audio/flac",
        Some("wav") => "audio/wav",
        Some("m4b") => "audio/x-m4b",
        Some("m4a") => "audio/mp4",
        _ => "application/octet-stream",
    }
}

/// Escapes text for XML element content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// An RFC 2822 date (`Mon, 07 Dec 2026 05:35:00 +0000`) for seconds since the epoch.
pub fn rfc2822(secs: u64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = secs / 86_400;
    let (y, m, d) = crate::dates::civil_from_days(days as i64);
    let rem = secs % 86_400;
    format!(
        "{}, {d:02} {} {y:04} {:02}:{:02}:{:02} +0000",
        DAYS[(days % 7) as usize],
        MONTHS[(m as usize).saturating_sub(1).min(11)],
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

/// Seconds since the epoch of a `YYYY-MM-DD` date, at noon UTC.
fn date_secs(date: &str) -> Option<u64> {
    let mut parts = date.splitn(3, '-').map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Days from civil (Howard Hinnant's algorithm), the inverse of civil_from_days.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    u64::try_from(days).ok().map(|d| d * 86_400 + 12 * 3600)
}

/// One episode as the feed needs it: its manifest entry and its file's modification time.
#[derive(Debug, Clone)]
pub struct Episode<'a> {
    /// The manifest's entry (rendered or unchanged, with a file).
    pub entry: &'a Entry,
    /// Its audio file's modification time, seconds since the epoch.
    pub modified: u64,
}

/// The episodes of `manifest`: its articles with an audio file, newest first (by date, then
/// by the batch's order), each file once. `modified` gives a file's modification time, or
/// `None` when it is gone: such an entry is left out, not listed with a dead enclosure.
pub fn episodes<'a>(
    manifest: &'a Manifest,
    modified: impl Fn(&str) -> Option<u64>,
) -> Vec<Episode<'a>> {
    let mut seen = std::collections::HashSet::new();
    let mut out: Vec<Episode<'a>> = manifest
        .articles
        .iter()
        .filter(|e| e.status != Status::Failed)
        .filter_map(|e| {
            let file = e.file.as_deref()?;
            let modified = modified(file)?;
            // The same article given twice (its file, and so its GUID, once).
            seen.insert(file).then_some(Episode { entry: e, modified })
        })
        .collect();
    out.sort_by(|a, b| {
        published(b)
            .cmp(&published(a))
            .then(a.entry.index.cmp(&b.entry.index))
    });
    out
}

fn published(e: &Episode<'_>) -> u64 {
    e.entry
        .date
        .as_deref()
        .and_then(date_secs)
        .unwrap_or(e.modified)
}

/// The feed's XML for `episodes` published at `base_url` (the folder's address: each file's
/// URL is `base_url/FILE`), with the channel metadata of `show`; `folder_name` is the default
/// title.
pub fn render(episodes: &[Episode<'_>], show: &Show, base_url: &str, folder_name: &str) -> String {
    // A space in the address ("https://example.org/my podcast") is written %20, as a URL must,
    // and as the fetcher escapes the addresses it is given.
    let escaped = crate::article::source::escape_unsafe_url_chars(base_url.trim_end_matches('/'));
    let base = escaped.as_str();
    let title = show.title.as_deref().unwrap_or(folder_name);
    let description = show
        .description
        .as_deref()
        .unwrap_or("Articles read aloud by aloud");
    let link = show.link.as_deref().unwrap_or(base);
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str("<rss version=\"2.0\" xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\" xmlns:podcast=\"https://podcastindex.org/namespace/1.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n");
    let _ = writeln!(x, "  <title>{}</title>", esc(title));
    let _ = writeln!(x, "  <link>{}</link>", esc(link));
    let _ = writeln!(x, "  <description>{}</description>", esc(description));
    let _ = writeln!(
        x,
        "  <language>{}</language>",
        esc(show.language.as_deref().unwrap_or("en"))
    );
    let _ = writeln!(
        x,
        "  <atom:link href=\"{}/feed.xml\" rel=\"self\" type=\"application/rss+xml\"/>",
        esc(base)
    );
    let _ = writeln!(
        x,
        "  <generator>aloud {}</generator>",
        super::batch::VERSION
    );
    let _ = writeln!(x, "  <itunes:summary>{}</itunes:summary>", esc(description));
    if let Some(author) = &show.author {
        let _ = writeln!(x, "  <itunes:author>{}</itunes:author>", esc(author));
    }
    if show.author.is_some() || show.email.is_some() {
        x.push_str("  <itunes:owner>\n");
        if let Some(author) = &show.author {
            let _ = writeln!(x, "    <itunes:name>{}</itunes:name>", esc(author));
        }
        if let Some(email) = &show.email {
            let _ = writeln!(x, "    <itunes:email>{}</itunes:email>", esc(email));
        }
        x.push_str("  </itunes:owner>\n");
    }
    if let Some(image) = &show.image {
        let _ = writeln!(x, "  <itunes:image href=\"{}\"/>", esc(image));
        let _ = writeln!(
            x,
            "  <image>\n    <url>{}</url>\n    <title>{}</title>\n    <link>{}</link>\n  </image>",
            esc(image),
            esc(title),
            esc(link)
        );
    }
    let _ = writeln!(
        x,
        "  <itunes:category text=\"{}\"/>",
        esc(show.category.as_deref().unwrap_or("News"))
    );
    x.push_str("  <itunes:explicit>false</itunes:explicit>\n");
    x.push_str("  <itunes:type>episodic</itunes:type>\n");
    for ep in episodes {
        let e = ep.entry;
        let Some(file) = e.file.as_deref() else {
            continue;
        };
        let title = e.title.as_deref().unwrap_or(file);
        x.push_str("  <item>\n");
        let _ = writeln!(x, "    <title>{}</title>", esc(title));
        let _ = writeln!(x, "    <itunes:title>{}</itunes:title>", esc(title));
        let summary = match &e.author {
            Some(a) => format!("{title}, by {a}, read aloud."),
            None => format!("{title}, read aloud."),
        };
        let _ = writeln!(x, "    <description>{}</description>", esc(&summary));
        if e.source.starts_with("http://") || e.source.starts_with("https://") {
            let _ = writeln!(x, "    <link>{}</link>", esc(&e.source));
        }
        let guid = e.key.as_deref().map_or_else(
            || format!("aloud-{file}"),
            |k| format!("aloud-{}", &k[..k.len().min(32)]),
        );
        let _ = writeln!(x, "    <guid isPermaLink=\"false\">{}</guid>", esc(&guid));
        let _ = writeln!(x, "    <pubDate>{}</pubDate>", rfc2822(published(ep)));
        let _ = writeln!(
            x,
            "    <enclosure url=\"{}/{}\" length=\"{}\" type=\"{}\"/>",
            esc(base),
            esc(&url_path(file)),
            e.bytes.unwrap_or(0),
            mime_type(file)
        );
        if let Some(secs) = e.duration_seconds {
            let _ = writeln!(
                x,
                "    <itunes:duration>{}</itunes:duration>",
                secs.round() as u64
            );
        }
        if let Some(author) = e.author.as_deref().or(show.author.as_deref()) {
            let _ = writeln!(x, "    <itunes:author>{}</itunes:author>", esc(author));
        }
        x.push_str("    <itunes:episodeType>full</itunes:episodeType>\n");
        x.push_str("    <itunes:explicit>false</itunes:explicit>\n");
        if !e.chapters.is_empty() {
            let _ = writeln!(
                x,
                "    <podcast:chapters url=\"{}/{}\" type=\"application/json+chapters\"/>",
                esc(base),
                esc(&url_path(&chapters_file_name(file)))
            );
        }
        x.push_str("  </item>\n");
    }
    x.push_str("</channel>\n</rss>\n");
    x
}

/// A file name as a URL path segment: everything but unreserved characters percent-encoded.
fn url_path(name: &str) -> String {
    let mut out = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc2822_dates_have_weekday_and_utc_offset() {
        assert_eq!(rfc2822(0), "Thu, 01 Jan 1970 00:00:00 +0000");
        assert_eq!(rfc2822(1_796_620_500), "Mon, 07 Dec 2026 05:15:00 +0000");
        assert_eq!(date_secs("2026-12-07"), Some(1_796_601_600 + 12 * 3600));
    }

    #[test]
    fn chapters_file_sits_beside_the_audio() {
        assert_eq!(chapters_file_name("a-1234.mp3"), "a-1234.chapters.json");
    }

    #[test]
    fn a_space_in_the_base_url_is_escaped_in_every_link() {
        let entry = Entry {
            status: Status::Rendered,
            file: Some("talk-1234.mp3".into()),
            key: Some("k".into()),
            bytes: Some(10),
            error: None,
            failure: None,
            ..Entry::failed(0, "a.txt", "", super::super::batch::Failure::BadInput)
        };
        let episodes = [Episode {
            entry: &entry,
            modified: 0,
        }];
        let xml = render(
            &episodes,
            &Show::default(),
            "https://example.org/my pod/",
            "pod",
        );
        assert!(
            xml.contains("https://example.org/my%20pod/talk-1234.mp3"),
            "{xml}"
        );
        assert!(!xml.contains("my pod"), "{xml}");
    }

    #[test]
    fn text_is_escaped_for_xml() {
        assert_eq!(esc("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(url_path("a b.mp3"), "a%20b.mp3");
    }
}
