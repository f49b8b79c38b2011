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
//! A `/>` closes an element only in SVG and MathML: in HTML it is ignored, so 100,000 `<div/>`
//! nest 100,000 deep (that page took 39 s before this pass knew it).
//!
//! It also caps the formatting elements (`b`, `i`, `font`...) left open. The parser keeps them
//! in its list of active formatting elements until their own end tag (an enclosing `</div>`
//! does not remove them) or a table cell ends, and re-opens every one of them in each new
//! paragraph, so 500 distinct unclosed `<font>` tags before 2,000 paragraphs made a million
//! elements out of 16 KB of markup (0.8 s, 395 MB). This pass keeps a copy of that list (with
//! its markers at cells and captions, and its "Noah's Ark" rule: at most three identical
//! entries) and leaves out a formatting start tag (and its end tag) that would make more than
//! [`MAX_FORMATTING`] of them; its text stays.

use std::borrow::Cow;

use memchr::memchr;

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
    /// An SVG or MathML element, or inside one: there `/>` closes an element.
    foreign: bool,
}

/// Elements whose start puts a marker in the list of active formatting elements.
const MARKERS: &[&str] = &[
    "td", "th", "caption", "template", "object", "applet", "marquee",
];

/// Table cells: their marker ends at the next cell, row or table part.
const CELLS: &[&str] = &["td", "th"];

/// Table parts whose start or end closes an open cell.
const CELL_CLOSERS: &[&str] = &["tr", "tbody", "thead", "tfoot", "table"];

/// An entry of the scanner's copy of the parser's list of active formatting elements.
#[derive(Clone, Copy)]
enum Entry<'a> {
    /// A formatting element: its name and its attributes as written (the parser's identity).
    Element { name: &'a [u8], attrs: &'a [u8] },
    /// Where a table cell (`cell`) or another scope began; the parser re-opens nothing before it.
    Marker { cell: bool },
}

/// The scanner's copy of the parser's list of active formatting elements.
#[derive(Default)]
struct ActiveFormatting<'a> {
    list: Vec<Entry<'a>>,
}

impl<'a> ActiveFormatting<'a> {
    /// Where the entries after the last marker begin.
    fn scope(&self) -> usize {
        self.list
            .iter()
            .rposition(|e| matches!(e, Entry::Marker { .. }))
            .map_or(0, |m| m + 1)
    }

    /// The elements the parser would re-open in a new paragraph.
    fn reopened(&self) -> usize {
        self.list.len() - self.scope()
    }

    /// The entries in scope identical to `name attrs`, the first of them (if any) and how many.
    fn identical(&self, name: &[u8], attrs: &[u8]) -> (Option<usize>, usize) {
        let same = |e: &Entry| {
            matches!(e, Entry::Element { name: n, attrs: a }
                if n.eq_ignore_ascii_case(name) && *a == attrs)
        };
        let from = self.scope();
        let first = (from..self.list.len()).find(|&k| same(&self.list[k]));
        (first, self.list[from..].iter().filter(|e| same(e)).count())
    }

    /// Whether one more `name attrs` would add to [`Self::reopened`] (a fourth identical entry
    /// replaces the first).
    fn adds(&self, name: &[u8], attrs: &[u8]) -> bool {
        self.identical(name, attrs).1 < 3
    }

    fn open(&mut self, name: &'a [u8], attrs: &'a [u8]) {
        if let (Some(first), 3..) = self.identical(name, attrs) {
            self.list.remove(first);
        }
        self.list.push(Entry::Element { name, attrs });
    }

    /// A `</name>` the parser sees: the last entry of that name in scope goes.
    fn close(&mut self, name: &[u8]) {
        let from = self.scope();
        let last = (from..self.list.len()).rev().find(
            |&k| matches!(self.list[k], Entry::Element { name: n, .. } if n.eq_ignore_ascii_case(name)),
        );
        if let Some(k) = last {
            self.list.remove(k);
        }
    }

    fn marker(&mut self, cell: bool) {
        self.list.push(Entry::Marker { cell });
    }

    /// Ends the innermost scope (a cell only, when `cells_only`): its entries and its marker go.
    fn clear_to_marker(&mut self, cells_only: bool) {
        let Some(m) = self
            .list
            .iter()
            .rposition(|e| matches!(e, Entry::Marker { .. }))
        else {
            return;
        };
        if cells_only && !matches!(self.list[m], Entry::Marker { cell: true }) {
            return;
        }
        self.list.truncate(m);
    }
}

/// A start tag's attributes as written (between its name and `>`, without a closing `/`).
fn attributes(bytes: &[u8], name_end: usize, end: usize) -> &[u8] {
    let inner = &bytes[name_end.min(end)..end.saturating_sub(1).max(name_end.min(end))];
    let inner = inner.trim_ascii();
    inner.strip_suffix(b"/").unwrap_or(inner).trim_ascii()
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
    let mut formatting = ActiveFormatting::default();
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
            let mut omitted = false;
            if let Some(k) = (lowest..stack.len())
                .rev()
                .find(|&k| stack[k].name.eq_ignore_ascii_case(name))
            {
                if stack[k].dropped {
                    omit.push((start, end));
                    omitted = true;
                }
                stack.truncate(k);
            }
            if !omitted {
                if is_one_of(name, FORMATTING) {
                    formatting.close(name);
                } else if is_one_of(name, MARKERS) {
                    formatting.clear_to_marker(is_one_of(name, CELLS));
                } else if is_one_of(name, CELL_CLOSERS) {
                    formatting.clear_to_marker(true);
                }
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
            // A new cell, row or table part ends the open cell; a cell or caption starts a scope.
            let cell = is_one_of(name, CELLS);
            if cell || is_one_of(name, CELL_CLOSERS) {
                formatting.clear_to_marker(true);
            }
            if is_one_of(name, MARKERS) {
                formatting.marker(cell);
            }
            let foreign =
                stack.last().is_some_and(|o| o.foreign) || is_one_of(name, &["svg", "math"]);
            if (self_closing && foreign) || is_one_of(name, VOID) || is_one_of(name, SELF_LIMITING)
            {
                continue;
            }
            // Formatting elements are counted by name and attributes, as the parser tells them apart.
            let formatting_attrs =
                (!foreign && is_one_of(name, FORMATTING)).then(|| attributes(bytes, name_end, end));
            let dropped = stack.len() >= max_depth
                || formatting_attrs.is_some_and(|attrs| {
                    formatting.adds(name, attrs) && formatting.reopened() >= MAX_FORMATTING
                });
            if dropped {
                omit.push((start, end));
            } else if let Some(attrs) = formatting_attrs {
                formatting.open(name, attrs);
            }
            stack.push(Open {
                name,
                dropped,
                foreign,
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
        assert!(unchanged_at(page, 3));
    }

    #[test]
    fn tags_deeper_than_the_cap_are_left_out_but_their_text_stays() {
        let page = "<div><div><div><div>deep</div></div></div></div>after";
        assert_eq!(limit_nesting(page, 2), "<div><div>deep</div></div>after");
    }

    /// Whether `page` comes back as it was at the usual depth cap.
    fn unchanged(page: &str) -> bool {
        unchanged_at(page, 512)
    }

    fn unchanged_at(page: &str, depth: usize) -> bool {
        matches!(limit_nesting(page, depth), std::borrow::Cow::Borrowed(_))
    }

    #[test]
    fn unclosed_formatting_elements_are_capped_but_closed_ones_are_not() {
        let fonts: String = (0..20).map(|k| format!("<font class=c{k}>")).collect();
        let page = format!("<p>{fonts}<p>x<p>y");
        let kept: String = (0..MAX_FORMATTING)
            .map(|k| format!("<font class=c{k}>"))
            .collect();
        assert_eq!(limit_nesting(&page, 512), format!("<p>{kept}<p>x<p>y"));
        // Closed ones never count: a long page of bold words is left as it is.
        assert!(unchanged(&"<p><b>word</b> and <i>more</i></p>".repeat(100)));
    }

    #[test]
    fn formatting_left_open_inside_a_closed_block_still_counts() {
        // The parser keeps these in its list (only their own end tag removes them).
        for unit in ["<div><font class=c{k}>x</div>", "<b><font class=c{k}>x</b>"] {
            let page: String = (0..20)
                .map(|k| unit.replace("{k}", &k.to_string()))
                .collect();
            let out = limit_nesting(&page, 512);
            let fonts = out.matches("<font").count();
            assert!((2..=MAX_FORMATTING).contains(&fonts), "{out}");
            assert_eq!(out.matches('x').count(), 20, "the text stays: {out}");
        }
    }

    #[test]
    fn formatting_left_open_in_table_cells_or_repeated_is_not_capped() {
        // A cell's end clears what was opened in it.
        let cells = "<tr><td><b>Name<td><font size=1>a<td><font size=2>b<td><font color=red>c";
        assert!(unchanged(&format!(
            "<table>{}<tr><td><b>Head</b></table>",
            cells.repeat(50)
        )));
        // The same tag, in any case or spacing, counts as the parser counts it: three at most.
        assert!(unchanged(&"<p><b>x<p><B>y<p><b >z<p><b/>w".repeat(50)));
    }

    #[test]
    fn a_slash_closes_an_element_only_in_svg_and_math() {
        // In HTML `<div/>` opens a div: 2,000 of them nest, and are capped.
        let page = format!("{}text", "<div/>".repeat(2000));
        assert_eq!(
            limit_nesting(&page, 3),
            format!("{}text", "<div/>".repeat(3))
        );
        // In SVG, `<path/>` is closed: any number of them is left alone.
        let svg = format!("<svg>{}</svg><p>after", "<path d=\"M0 0\"/>".repeat(2000));
        assert!(unchanged_at(&svg, 3));
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
