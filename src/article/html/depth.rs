//! Capping how deeply elements nest before the HTML parser sees them.
//!
//! html5ever keeps a stack of open elements and, for most block start tags, searches it down to
//! the nearest scope boundary, so a page of 100,000 nested `<div>`s costs quadratic time. Browsers
//! cap tree depth for the same reason (Blink at 512). This pass scans the markup once, tracks the
//! elements that really nest, and leaves out the start and end tags of elements that would open
//! deeper than the cap; their text stays, attached to the deepest kept element. It is a scanner,
//! not a parser: it knows comments, raw-text elements (`script`, `style`, ...), quoted attribute
//! values, void elements and the elements whose nesting html5ever already prevents (`p`, `li`,
//! table cells...), which it does not count. Ordinary pages never reach the cap and come back
//! unchanged.
//!
//! It also caps how many formatting elements (`b`, `i`, `font`...) are left open at once. The
//! parser re-opens every unclosed one in each new paragraph (HTML's "reconstruct the active
//! formatting elements"), so 500 distinct unclosed `<font>` tags before 2,000 paragraphs made a
//! million elements out of 16 KB of markup (0.8 s, 395 MB). Past [`MAX_FORMATTING`] that the
//! parser would re-open, a formatting start tag (and its end tag) is left out; its text stays.

use std::borrow::Cow;

/// How deep elements may nest; deeper start tags (and their end tags) are left out.
pub(crate) const MAX_DEPTH: usize = 512;

/// Formatting elements open at once, at most (see the module documentation).
pub(crate) const MAX_FORMATTING: usize = 4;

/// The formatting elements the parser re-opens in each block (`a` is closed by the next `a`).
const FORMATTING: &[&str] = &[
    "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
];

/// How far down the stack an end tag looks for its start tag; keeps the scan linear.
const END_TAG_SEARCH: usize = 32;

/// Elements without content: never pushed.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param",
    "source", "track", "wbr", "frame", "basefont", "bgsound",
];

/// Elements that html5ever closes implicitly instead of nesting: not counted.
const SELF_LIMITING: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot",
    "colgroup", "caption", "rb", "rt", "rp", "rtc", "html", "head", "body", "a",
];

/// Elements whose content is raw text up to their end tag.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
];

struct Open<'a> {
    /// The tag name as written (compared without ASCII case).
    name: &'a [u8],
    dropped: bool,
    /// For a formatting element that was kept: its start tag as written, which is what makes
    /// two of them "the same" to the parser (name and attributes).
    formatting: Option<&'a [u8]>,
}

/// The formatting elements left open, as the parser would re-open them: at most three copies of
/// the same start tag count (the parser keeps no more, its "Noah's Ark" rule), so a page that
/// leaves the same `<b>` open in every table cell counts three, not one per cell.
#[derive(Default)]
struct OpenFormatting<'a> {
    /// Each distinct start tag left open, and how many copies.
    tags: Vec<(&'a [u8], usize)>,
}

impl<'a> OpenFormatting<'a> {
    /// Elements the parser would re-open in a new paragraph.
    fn reopened(&self) -> usize {
        self.tags.iter().map(|(_, n)| (*n).min(3)).sum()
    }

    /// Whether one more `tag` would add to [`Self::reopened`].
    fn adds(&self, tag: &[u8]) -> bool {
        self.tags
            .iter()
            .find(|(t, _)| *t == tag)
            .is_none_or(|(_, n)| *n < 3)
    }

    fn open(&mut self, tag: &'a [u8]) {
        match self.tags.iter_mut().find(|(t, _)| *t == tag) {
            Some((_, n)) => *n += 1,
            None => self.tags.push((tag, 1)),
        }
    }

    fn close(&mut self, tag: &[u8]) {
        if let Some(k) = self.tags.iter().position(|(t, _)| *t == tag) {
            self.tags[k].1 -= 1;
            if self.tags[k].1 == 0 {
                self.tags.swap_remove(k);
            }
        }
    }
}

/// Whether the tag name `name` (in any case) is one of `list` (lowercase).
fn is_one_of(name: &[u8], list: &[&str]) -> bool {
    list.iter().any(|n| n.as_bytes().eq_ignore_ascii_case(name))
}

/// Returns `html` with start and end tags deeper than `max_depth` removed (unchanged when none
/// are that deep). Runs in time linear in the input.
pub(crate) fn limit_nesting(html: &str, max_depth: usize) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut stack: Vec<Open> = Vec::new();
    let mut omit: Vec<(usize, usize)> = Vec::new();
    let mut formatting = OpenFormatting::default();
    let mut i = 0;
    while let Some(off) = memchr(b'<', &bytes[i..]) {
        let start = i + off;
        let rest = &bytes[start..];
        if rest.starts_with(b"<!--") {
            i = find(bytes, start + 4, b"-->").map_or(bytes.len(), |e| e + 3);
        } else if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            i = memchr(b'>', &bytes[start..]).map_or(bytes.len(), |e| start + e + 1);
        } else if rest.len() > 2 && rest[1] == b'/' && rest[2].is_ascii_alphabetic() {
            let (name, name_end) = tag_name(bytes, start + 2);
            let end = memchr(b'>', &bytes[name_end..]).map_or(bytes.len(), |e| name_end + e + 1);
            let lowest = stack.len().saturating_sub(END_TAG_SEARCH);
            if let Some(k) = (lowest..stack.len())
                .rev()
                .find(|&k| stack[k].name.eq_ignore_ascii_case(name))
            {
                if stack[k].dropped {
                    omit.push((start, end));
                }
                for tag in stack[k..].iter().filter_map(|o| o.formatting) {
                    formatting.close(tag);
                }
                stack.truncate(k);
            }
            i = end;
        } else if rest.len() > 1 && rest[1].is_ascii_alphabetic() {
            let (name, name_end) = tag_name(bytes, start + 1);
            let (end, self_closing) = start_tag_end(bytes, name_end);
            i = end;
            if is_one_of(name, RAW_TEXT) {
                i = raw_text_end(bytes, end, name);
                continue;
            }
            if name.eq_ignore_ascii_case(b"plaintext") {
                break;
            }
            if self_closing || is_one_of(name, VOID) || is_one_of(name, SELF_LIMITING) {
                continue;
            }
            let tag = &bytes[start..end];
            let is_formatting = is_one_of(name, FORMATTING);
            let dropped = stack.len() >= max_depth
                || (is_formatting
                    && formatting.adds(tag)
                    && formatting.reopened() >= MAX_FORMATTING);
            if dropped {
                omit.push((start, end));
            }
            let kept_formatting = (is_formatting && !dropped).then_some(tag);
            if let Some(tag) = kept_formatting {
                formatting.open(tag);
            }
            stack.push(Open {
                name,
                dropped,
                formatting: kept_formatting,
            });
        } else {
            i = start + 1;
        }
    }
    if omit.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut from = 0;
    for (s, e) in omit {
        out.push_str(&html[from..s]);
        from = e;
    }
    out.push_str(&html[from..]);
    Cow::Owned(out)
}

use memchr::memchr;

fn find(bytes: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    memchr::memmem::find(bytes.get(from..)?, pat).map(|p| from + p)
}

/// Reads a tag name starting at `from`; returns it as written and the index after it.
fn tag_name(bytes: &[u8], from: usize) -> (&[u8], usize) {
    let mut end = from;
    while end < bytes.len()
        && !matches!(
            bytes[end],
            b'\t' | b'\n' | 0x0c | b'\r' | b' ' | b'/' | b'>'
        )
    {
        end += 1;
    }
    (&bytes[from..end], end)
}

/// Skips the attributes of a start tag; returns the index after `>` and whether it ended `/>`.
fn start_tag_end(bytes: &[u8], mut i: usize) -> (usize, bool) {
    let n = bytes.len();
    loop {
        while i < n && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= n {
            return (n, false);
        }
        match bytes[i] {
            b'>' => return (i + 1, false),
            b'/' => {
                if bytes.get(i + 1) == Some(&b'>') {
                    return (i + 2, true);
                }
                i += 1;
            }
            _ => {
                // Attribute name.
                i += 1;
                while i < n
                    && !matches!(bytes[i], b'=' | b'>' | b'/')
                    && !bytes[i].is_ascii_whitespace()
                {
                    i += 1;
                }
                while i < n && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i < n && bytes[i] == b'=' {
                    i += 1;
                    while i < n && bytes[i].is_ascii_whitespace() {
                        i += 1;
                    }
                    if i < n && (bytes[i] == b'"' || bytes[i] == b'\'') {
                        let q = bytes[i];
                        i = memchr(q, &bytes[i + 1..]).map_or(n, |e| i + 1 + e + 1);
                    } else {
                        while i < n && bytes[i] != b'>' && !bytes[i].is_ascii_whitespace() {
                            i += 1;
                        }
                    }
                }
            }
        }
    }
}

/// Index just past the end tag `</name` that closes a raw-text element, or the input's end.
fn raw_text_end(bytes: &[u8], mut i: usize, name: &[u8]) -> usize {
    let n = bytes.len();
    while let Some(off) = find(bytes, i, b"</") {
        let after = off + 2;
        let candidate = bytes.get(after..after + name.len());
        if candidate.is_some_and(|c| c.eq_ignore_ascii_case(name)) {
            return memchr(b'>', &bytes[after..]).map_or(n, |e| after + e + 1);
        }
        i = after;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::{limit_nesting, MAX_FORMATTING};

    #[test]
    fn ordinary_page_comes_back_unchanged() {
        let page =
            "<html><body><div class=\"a>b\"><p>One<p>Two<!-- <div> --><script>if (a<b) {}</script>\
                    <ul><li>x<li>y</ul></div></body></html>";
        assert!(matches!(
            limit_nesting(page, 3),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn tags_deeper_than_the_cap_are_left_out_but_their_text_stays() {
        let page = "<div><div><div><div>deep</div></div></div></div>after";
        assert_eq!(limit_nesting(page, 2), "<div><div>deep</div></div>after");
    }

    #[test]
    fn unclosed_formatting_elements_are_capped_but_closed_ones_are_not() {
        let fonts: String = (0..20).map(|k| format!("<font class=c{k}>")).collect();
        let page = format!("<p>{fonts}<p>x<p>y");
        let kept: String = (0..MAX_FORMATTING)
            .map(|k| format!("<font class=c{k}>"))
            .collect();
        assert_eq!(limit_nesting(&page, 512), format!("<p>{kept}<p>x<p>y"));
        // The same tag left open again and again (in every table cell) counts three times, as
        // the parser keeps at most three copies: nothing is left out.
        let cells = "<tr><td><b>Name<td><b>Value".repeat(50);
        assert!(matches!(
            limit_nesting(&format!("<table>{cells}</table>"), 512),
            std::borrow::Cow::Borrowed(_)
        ));
        // Closed ones never count: a long page of bold words is left as it is.
        let bold = "<p><b>word</b> and <i>more</i></p>".repeat(100);
        assert!(matches!(
            limit_nesting(&bold, 512),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn unclosed_deep_tags_are_capped_too() {
        let page = format!("{}text", "<section>".repeat(10));
        assert_eq!(
            limit_nesting(&page, 3),
            format!("{}text", "<section>".repeat(3))
        );
    }
}
