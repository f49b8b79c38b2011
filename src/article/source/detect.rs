//! Deciding an input's format when the user did not force one: from a file or URL extension,
//! then an HTTP content type, then by sniffing the text itself. Sniffing only looks at the first
//! 64 KB and never fails: anything that is neither clearly HTML nor clearly Markdown is text.

use std::sync::OnceLock;

use regex::Regex;

use super::Format;

/// How much of the text sniffing looks at, in bytes.
const SNIFF_BYTES: usize = 64 * 1024;

/// The format a file name or URL path implies by its extension.
pub fn from_extension(name: &str) -> Option<Format> {
    // Ignore a URL's query and fragment.
    let name = name.split(['?', '#']).next().unwrap_or(name);
    let last = name.rsplit('/').next().unwrap_or(name);
    let (_, ext) = last.rsplit_once('.')?;
    match ext.to_ascii_lowercase().as_str() {
        "txt" | "text" => Some(Format::Text),
        "md" | "markdown" | "mdown" | "mkd" => Some(Format::Markdown),
        "html" | "htm" | "xhtml" => Some(Format::Html),
        _ => None,
    }
}

/// The format an HTTP content type (`text/html; charset=…`) names. `text/plain` is not decisive
/// (servers send Markdown as text/plain), so it returns `None` and sniffing decides.
pub fn from_content_type(mime: &str) -> Option<Format> {
    let mime = mime
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match mime.as_str() {
        "text/html" | "application/xhtml+xml" => Some(Format::Html),
        "text/markdown" | "text/x-markdown" => Some(Format::Markdown),
        _ => None,
    }
}

/// True for content types that are never an article (images, audio, video, PDF, archives).
pub fn is_binary_content_type(mime: &str) -> bool {
    let mime = mime.trim().to_ascii_lowercase();
    ["image/", "audio/", "video/", "font/"]
        .iter()
        .any(|p| mime.starts_with(p))
        || matches!(
            mime.as_str(),
            "application/pdf" | "application/zip" | "application/gzip" | "application/x-tar"
        )
}

/// The largest prefix of `text` of at most `SNIFF_BYTES` that ends on a character boundary.
fn prefix(text: &str) -> &str {
    let mut end = text.len().min(SNIFF_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// True when `text` starts like an HTML document or is full of HTML tags.
pub fn looks_html(text: &str) -> bool {
    let head = prefix(text).trim_start_matches('\u{FEFF}').trim_start();
    let start: String = head
        .chars()
        .take(256)
        .collect::<String>()
        .to_ascii_lowercase();
    if start.starts_with("<!doctype html") || start.starts_with("<html") {
        return true;
    }
    if start.starts_with("<?xml") && head.to_ascii_lowercase().contains("<html") {
        return true;
    }
    static TAG: OnceLock<Option<Regex>> = OnceLock::new();
    let Some(tag) = TAG
        .get_or_init(|| {
            Regex::new(
                r"(?i)</?(?:p|div|span|a|br|h[1-6]|ul|ol|li|table|tr|td|img|body|head|title|meta|article|section|strong|em|b|i|script|style|link)\b[^<>]{0,300}>",
            )
            .ok()
        })
        .as_ref()
    else {
        return false;
    };
    let tags = tag.find_iter(head).take(20).count();
    tags >= 20 || (tags >= 3 && head.starts_with('<'))
}

/// True when `text` carries clear Markdown markup: ATX headings, fenced code, table rules,
/// links or images; bullets and emphasis only count alongside those.
pub fn looks_markdown(text: &str) -> bool {
    static LINK: OnceLock<Option<Regex>> = OnceLock::new();
    let link = LINK
        .get_or_init(|| Regex::new(r"!?\[[^\[\]\n]{1,200}\]\([^()\s]{1,500}\)").ok())
        .as_ref();
    let head = prefix(text);
    // Strong signals rarely occur in plain text; weak ones (bullets, quotes, emphasis) do.
    let (mut strong, mut weak) = (0u32, 0u32);
    for line in head.lines() {
        let t = line.trim_start();
        let hashes = t.bytes().take_while(|&b| b == b'#').count();
        let atx = (1..=6).contains(&hashes) && t[hashes..].starts_with(' ');
        let fence = t.starts_with("```") || t.starts_with("~~~");
        let table_rule = t.starts_with('|') && t.contains("---");
        if atx || fence || table_rule {
            strong += 3;
        } else if ["* ", "- ", "+ ", "> "].iter().any(|m| t.starts_with(m)) {
            weak += 1;
        }
        if t.contains("**") || t.contains("__") {
            weak += 1;
        }
        if strong >= 3 {
            return true;
        }
    }
    if let Some(link) = link {
        strong += 2 * link.find_iter(head).take(2).count() as u32;
    }
    strong >= 3 || (strong >= 2 && weak >= 1)
}

/// Sniffs decoded text: HTML, then Markdown, else plain text.
pub fn sniff(text: &str) -> Format {
    if looks_html(text) {
        Format::Html
    } else if looks_markdown(text) {
        Format::Markdown
    } else {
        Format::Text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_name_formats_and_urls_ignore_queries() {
        assert_eq!(from_extension("notes/a.TXT"), Some(Format::Text));
        assert_eq!(from_extension("README.md"), Some(Format::Markdown));
        assert_eq!(from_extension("x.markdown"), Some(Format::Markdown));
        assert_eq!(from_extension("page.htm"), Some(Format::Html));
        assert_eq!(
            from_extension("http://h/p/story.html?ref=home#top"),
            Some(Format::Html)
        );
        assert_eq!(from_extension("http://h.example/story"), None);
        assert_eq!(from_extension("archive.tar"), None);
    }

    #[test]
    fn content_types_name_formats_but_text_plain_defers_to_sniffing() {
        assert_eq!(
            from_content_type("text/html; charset=utf-8"),
            Some(Format::Html)
        );
        assert_eq!(from_content_type("text/markdown"), Some(Format::Markdown));
        assert_eq!(from_content_type("text/plain"), None);
    }

    #[test]
    fn doctype_or_many_tags_sniff_as_html() {
        assert_eq!(sniff("  <!DOCTYPE html><p>x</p>"), Format::Html);
        assert_eq!(sniff("<html><body>x</body></html>"), Format::Html);
        assert_eq!(sniff("<div><p>One</p><p>Two</p></div>"), Format::Html);
        assert_eq!(sniff("Use the <p> tag for paragraphs.\n"), Format::Text);
    }

    #[test]
    fn headings_links_and_fences_sniff_as_markdown() {
        assert_eq!(sniff("# Title\n\nText.\n"), Format::Markdown);
        assert_eq!(sniff("Intro\n\n```\ncode\n```\n"), Format::Markdown);
        assert_eq!(
            sniff("See [the report](http://a.example/r) and [the data](http://a.example/d).\n"),
            Format::Markdown
        );
    }

    #[test]
    fn prose_with_dash_bullets_stays_text() {
        let t = "A Title\n\nSome prose.\n\n- one\n- two\n- three\n\n#1 priority is speed.\n";
        assert_eq!(sniff(t), Format::Text);
    }
}
