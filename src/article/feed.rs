//! News feeds (RSS 2.0 and 1.0, Atom, JSON Feed) as a source of many articles.
//!
//! A feed is recognised by its content ([`looks_like_feed`]: an `<rss>`, `<feed>` or
//! `<rdf:RDF>` root element, a JSON Feed version, or a feed content type), never by its name.
//! [`parse`] (with the `feed-rs` crate) turns it into a [`Feed`]: its title and, per entry, the
//! title, author, date, link and content. An entry's content is read as its article
//! ([`FeedEntry::document`]) when it carries one: the feed's full-content element
//! (`content:encoded` in RSS, `content` in Atom) of at least [`FULL_CONTENT_WORDS`] words that
//! does not end like a teaser ("Read more", "…"), or any content or summary when the entry has
//! no link. Otherwise the entry's link is the article to fetch ([`FeedEntry::link`]).

use std::sync::LazyLock;

use regex::Regex;

use super::source::{parse_as, Format};
use super::Document;

/// Fewer words than this in an entry's content mean an excerpt: its link is fetched instead.
pub const FULL_CONTENT_WORDS: usize = 40;

/// How much of the start of an input [`looks_like_feed`] looks at, in bytes.
const SNIFF_BYTES: usize = 4096;

/// Why a feed gives no articles. Each message is one line naming the problem and what to do.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FeedError {
    /// The feed could not be parsed.
    #[error("{what} looks like a news feed but cannot be read ({reason}): check that it is RSS, Atom or JSON Feed")]
    Parse {
        /// Which input.
        what: String,
        /// What the parser said, on one line.
        reason: String,
    },
    /// The feed has no entries.
    #[error("{what} is a feed with no entries: there is nothing to read aloud; check the feed's address or try again when it has posts")]
    Empty {
        /// Which input.
        what: String,
    },
}

/// A parsed feed.
#[derive(Debug, Clone, PartialEq)]
pub struct Feed {
    /// The feed's title, when it has one.
    pub title: Option<String>,
    /// Its entries, in the feed's order.
    pub entries: Vec<FeedEntry>,
}

/// One entry (an RSS item, an Atom entry) of a feed.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedEntry {
    /// The entry's title.
    pub title: Option<String>,
    /// Its first author's name (RSS `author` or `dc:creator`, Atom `author`).
    pub author: Option<String>,
    /// Its date, `YYYY-MM-DD` (UTC), published or else updated.
    pub date: Option<String>,
    /// The article's address (resolved against the feed's address when relative).
    pub link: Option<String>,
    /// The full-content element's text (`content:encoded`, Atom `content`).
    pub content: Option<String>,
    /// Whether `content` is HTML (else plain text).
    pub content_is_html: bool,
    /// The summary (RSS `description`, Atom `summary`).
    pub summary: Option<String>,
}

/// Whether `bytes` (with the content type `mime`, when one was sent) is a news feed.
pub fn looks_like_feed(bytes: &[u8], mime: Option<&str>) -> bool {
    let mime = mime
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if matches!(
        mime.as_str(),
        "application/rss+xml" | "application/atom+xml" | "application/feed+json"
    ) {
        return true;
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(SNIFF_BYTES)]);
    let mut rest = head.trim_start_matches('\u{FEFF}').trim_start();
    if rest.starts_with('{') {
        return rest.contains("jsonfeed.org/version");
    }
    // Skip the XML declaration, processing instructions, comments and a doctype.
    loop {
        if let Some(after) = rest.strip_prefix("<?") {
            match after.find("?>") {
                Some(i) => rest = after[i + 2..].trim_start(),
                None => return false,
            }
        } else if let Some(after) = rest.strip_prefix("<!--") {
            match after.find("-->") {
                Some(i) => rest = after[i + 3..].trim_start(),
                None => return false,
            }
        } else if rest.starts_with("<!") {
            match rest.find('>') {
                Some(i) => rest = rest[i + 1..].trim_start(),
                None => return false,
            }
        } else {
            break;
        }
    }
    let Some(tag) = rest.strip_prefix('<') else {
        return false;
    };
    let name: String = tag
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/')
        .collect();
    // A namespace prefix is allowed (`<atom:feed>`).
    let local = name.rsplit(':').next().unwrap_or(&name);
    matches!(local, "rss" | "feed") || name == "rdf:RDF"
}

/// An entry's date as feeds write it: RFC 3339 or RFC 2822 as the standards say, and what feeds
/// write instead: a date without a time ("Tue, 03 Dec 2024", "2024-12-03"), a time without a
/// zone ("2024-12-03 10:00:00"), a zone without its colon ("2024-12-03T10:00:00+0000"), or a
/// date in words ("December 3, 2024"). Only the date is kept: from the text as written when the
/// standards' parsers refuse it (so a time late in the evening west of Greenwich keeps its own
/// day).
fn loose_timestamp(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    use chrono::{DateTime, NaiveDate, Utc};
    static ISO: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r"\b(\d{4})-(\d{1,2})-(\d{1,2})(?:T|\b)").ok());
    static DAY_MONTH: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(\d{1,2})(?:st|nd|rd|th)? ([a-z]{3})[a-z]*\.?,? (\d{4})\b").ok()
    });
    static MONTH_DAY: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(r"(?i)\b([a-z]{3})[a-z]*\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})\b").ok()
    });
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(text) {
        return Some(t.with_timezone(&Utc));
    }
    // chrono reads "Dec" and "December" in any case.
    let month = |m: &str| {
        m.parse::<chrono::Month>()
            .ok()
            .map(|m| m.number_from_month())
    };
    let num = |c: &regex::Captures, k: usize| c.get(k)?.as_str().parse::<u32>().ok();
    let ymd = if let Some(c) = ISO.as_ref().and_then(|r| r.captures(text)) {
        (num(&c, 1)?, num(&c, 2)?, num(&c, 3)?)
    } else if let Some(c) = DAY_MONTH.as_ref().and_then(|r| r.captures(text)) {
        (num(&c, 3)?, month(c.get(2)?.as_str())?, num(&c, 1)?)
    } else if let Some(c) = MONTH_DAY.as_ref().and_then(|r| r.captures(text)) {
        (num(&c, 3)?, month(c.get(1)?.as_str())?, num(&c, 2)?)
    } else {
        return None;
    };
    let date = NaiveDate::from_ymd_opt(i32::try_from(ymd.0).ok()?, ymd.1, ymd.2)?;
    Some(date.and_hms_opt(0, 0, 0)?.and_utc())
}

/// Parses a feed. `what` names it in messages; `base` (the feed's address) resolves relative
/// links. A feed without entries is [`FeedError::Empty`].
pub fn parse(bytes: &[u8], what: &str, base: Option<&str>) -> Result<Feed, FeedError> {
    let parsed = feed_rs::parser::Builder::new()
        .base_uri(base)
        .timestamp_parser(loose_timestamp)
        .build()
        .parse(bytes)
        .map_err(|e| FeedError::Parse {
            what: what.to_string(),
            reason: super::collapse_whitespace(&e.to_string()),
        })?;
    let text = |t: Option<feed_rs::model::Text>| {
        t.map(|t| super::collapse_whitespace(&t.content))
            .filter(|t| !t.is_empty())
    };
    let entries: Vec<FeedEntry> = parsed
        .entries
        .into_iter()
        .map(|e| {
            let link = e
                .links
                .iter()
                .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .or(e.links.first())
                .map(|l| l.href.trim().to_string())
                .filter(|l| !l.is_empty())
                .map(|l| {
                    let web =
                        base.filter(|b| b.starts_with("http://") || b.starts_with("https://"));
                    match web {
                        Some(b) => super::source::resolve_link(b, &l).unwrap_or(l),
                        None => l,
                    }
                });
            let (content, content_is_html) = match e.content {
                Some(c) => {
                    let html = c.content_type.subty().as_str().contains("html")
                        || c.content_type.suffix().is_some_and(|s| s.as_str() == "xml");
                    (c.body.filter(|b| !b.trim().is_empty()), html)
                }
                None => (None, true),
            };
            FeedEntry {
                title: text(e.title),
                author: e
                    .authors
                    .iter()
                    .filter_map(|p| p.name.as_deref())
                    .map(super::collapse_whitespace)
                    .find(|n| !n.is_empty()),
                date: e
                    .published
                    .or(e.updated)
                    .map(|d| d.format("%Y-%m-%d").to_string()),
                link,
                content,
                content_is_html,
                summary: e
                    .summary
                    .map(|s| s.content)
                    .filter(|s| !s.trim().is_empty()),
            }
        })
        .collect();
    if entries.is_empty() {
        return Err(FeedError::Empty {
            what: what.to_string(),
        });
    }
    Ok(Feed {
        title: text(parsed.title),
        entries,
    })
}

/// Whether a content ends like a teaser that links to the rest of the article ("Read more",
/// "…", "[&#8230;]"), closing tags and brackets aside.
fn looks_cut(text: &str) -> bool {
    let mut t = text.to_lowercase();
    loop {
        let before = t.len();
        t.truncate(t.trim_end().trim_end_matches([']', ')']).len());
        if t.ends_with('>') {
            if let Some(i) = t.rfind('<') {
                t.truncate(i);
            }
        }
        if t.len() == before {
            break;
        }
    }
    [
        "…",
        "...",
        "read more",
        "continue reading",
        "&#8230;",
        "&hellip;",
    ]
    .iter()
    .any(|m| t.ends_with(m))
}

fn words(html_or_text: &str) -> usize {
    let mut in_tag = false;
    let mut plain = String::with_capacity(html_or_text.len());
    for c in html_or_text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                plain.push(' ');
            }
            c if !in_tag => plain.push(c),
            _ => {}
        }
    }
    plain.split_whitespace().count()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

impl FeedEntry {
    /// The article this entry carries in the feed itself, when it does (see the module's
    /// rule): its title is the entry's title and its byline the entry's author. `None` means
    /// the article is at [`FeedEntry::link`].
    pub fn document(&self) -> Option<Document> {
        let full = self
            .content
            .as_deref()
            .filter(|c| self.link.is_none() || (words(c) >= FULL_CONTENT_WORDS && !looks_cut(c)));
        let (body, html) = match full {
            Some(c) => (c, self.content_is_html),
            None if self.link.is_none() => (self.summary.as_deref()?, true),
            None => return None,
        };
        let title = self.title.as_deref().unwrap_or("");
        let mut document = if html {
            let page = format!(
                "<html><head><title>{t}</title></head><body><article><h1>{t}</h1>\n{body}\n</article></body></html>",
                t = escape(title)
            );
            parse_as(&page, Format::Html)
        } else {
            parse_as(&format!("{title}\n\n{body}\n"), Format::Text)
        };
        if self.title.is_some() {
            document.title.clone_from(&self.title);
        }
        if self.author.is_some() {
            document.byline.clone_from(&self.author);
        }
        (!document.is_empty()).then_some(document)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feeds_are_recognised_by_their_root_element_or_content_type() {
        let rss = b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- made by hand -->\n<rss version=\"2.0\"><channel/></rss>";
        assert!(looks_like_feed(rss, None));
        assert!(looks_like_feed(
            b"<feed xmlns=\"http://www.w3.org/2005/Atom\">",
            None
        ));
        assert!(looks_like_feed(b"<rdf:RDF>", None));
        assert!(looks_like_feed(
            b"",
            Some("application/rss+xml; charset=utf-8")
        ));
        assert!(!looks_like_feed(
            b"<!DOCTYPE html><html><body>rss feed</body></html>",
            None
        ));
        assert!(!looks_like_feed(
            b"A feed of thoughts\n\n<feed> is a word.",
            None
        ));
    }

    #[test]
    fn entry_dates_written_loosely_are_still_read() {
        for written in [
            "Tue, 03 Dec 2024 10:00:00 +0000",
            "Tue, 03 Dec 2024",
            "03 Dec 2024",
            "2024-12-03",
            "Tue, 3 Dec 2024 10:00 GMT",
            "Tue, 03 Dec 2024 10:00:00 EST",
            "December 3, 2024",
            "Dec 3, 2024",
            "2024-12-03 10:00:00",
            "2024-12-03T10:00:00+0000",
            "2024-12-03T10:00Z",
        ] {
            let xml = format!(
                "<rss version=\"2.0\"><channel><title>B</title><item><title>T</title>\
                 <link>https://example.org/a</link><pubDate>{written}</pubDate></item></channel></rss>"
            );
            let feed = parse(xml.as_bytes(), "b.xml", None).unwrap();
            assert_eq!(
                feed.entries[0].date.as_deref(),
                Some("2024-12-03"),
                "{written}"
            );
        }
    }

    #[test]
    fn an_entry_with_full_content_is_its_own_article_and_a_teaser_is_fetched() {
        let long = "<p>".to_string() + &"Many words in a long paragraph. ".repeat(10) + "</p>";
        let xml = format!(
            "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>Blog</title>\
             <item><title>Full Post</title><link>/full</link><dc:creator>Ann Lee</dc:creator><pubDate>Tue, 03 Dec 2024 10:00:00 +0000</pubDate><content:encoded><![CDATA[{long}]]></content:encoded></item>\
             <item><title>Teaser</title><link>https://example.org/teaser</link><content:encoded><![CDATA[<p>Just a start of it. Read more</p>]]></content:encoded></item>\
             </channel></rss>"
        );
        let feed = parse(xml.as_bytes(), "blog.xml", Some("https://example.org/")).unwrap();
        assert_eq!(feed.title.as_deref(), Some("Blog"));
        let full = &feed.entries[0];
        assert_eq!(full.author.as_deref(), Some("Ann Lee"));
        assert_eq!(full.date.as_deref(), Some("2024-12-03"));
        assert_eq!(full.link.as_deref(), Some("https://example.org/full"));
        let doc = full.document().unwrap();
        assert_eq!(doc.title.as_deref(), Some("Full Post"));
        assert_eq!(doc.byline.as_deref(), Some("Ann Lee"));
        assert!(feed.entries[1].document().is_none());
        for cut in [
            "<p>It began.</p><p><a href=\"/x\">Read more</a></p>",
            "It began [&#8230;]",
            "It began…",
        ] {
            assert!(looks_cut(cut), "{cut}");
        }
        assert!(!looks_cut("<p>It ended.</p>"));
        let empty = parse(
            b"<rss version=\"2.0\"><channel><title>Quiet</title></channel></rss>",
            "quiet.xml",
            None,
        );
        assert!(matches!(empty, Err(FeedError::Empty { .. })));
    }
}
