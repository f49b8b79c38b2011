//! Turning the chosen article subtrees into headings and blocks a listener hears.
//!
//! One iterative walk in document order: inline elements (`a`, `em`, `span`, `code`...) add
//! their text to the block being built, exactly as written, so `<em>un</em>usual` stays one word
//! and links read as their text; block elements end the current block. `h1`–`h6` become
//! headings (a trailing permalink mark such as `#` or `¶` is dropped), `p` and other containers
//! paragraphs, `li` and `dd` list items, a `dt` or `<details>` summary that asks something a
//! question, `blockquote` quotes, each row of a data table one table row
//! ("cell, cell, cell", with the header names when there are three or more columns), a `pre` of
//! code a short spoken note, a `pre` of prose its paragraphs ([`super::pre`]). Images, video and other media have no text and vanish; their captions
//! were dropped with the page chrome (`prune`). A paragraph that is mostly a link to another
//! page ("Read more: <headline>") is a teaser for that page and is not read. Two `<br>`s in a row end a paragraph, one reads as a space. A `<p>` that is only bold
//! text and reads like a heading becomes a heading when body text follows it. Footnote marks
//! (`<sup>`) are not read; the items of a footnote list are footnotes, moved to the end of the
//! section that cites them when the citation links to the note's id.

use super::dom::{Dom, Id, Kind};
use super::prune::is_heading;
use crate::article::{collapse_whitespace, BlockKind};

/// What the walk produces, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Item {
    /// A heading and its level (1–6).
    Heading(u8, String),
    /// A block of text.
    Block(BlockKind, String),
}

/// What the walk finds before subheads are resolved.
enum Found {
    Item(Item),
    /// A paragraph that is only bold text and reads like a heading: a heading when body text
    /// follows it, else a paragraph.
    Subhead(String),
}

/// The spoken note that stands in for a code block.
pub(crate) const CODE_NOTE: &str = "A code block is skipped.";

/// All text under `id`, whitespace collapsed (no block separation beyond a space).
pub(crate) fn plain_text(dom: &Dom, id: Id) -> String {
    let mut out = String::new();
    for k in id..dom.nodes[id].end {
        match &dom.nodes[k].kind {
            Kind::Text(t) => out.push_str(t),
            Kind::Element(e) if !e.is_inline() || e.name() == "br" => out.push(' '),
            Kind::Element(_) => {}
        }
    }
    collapse_whitespace(&out)
}

/// True for a table that holds data (rows worth reading), false for a layout table.
pub(crate) fn is_data_table(dom: &Dom, id: Id) -> bool {
    let Some(e) = dom.elem(id) else { return false };
    if e.role() == "presentation" || e.role() == "none" {
        return false;
    }
    let mut rows = 0;
    let mut max_cols = 0;
    let mut header = false;
    for k in id + 1..dom.nodes[id].end {
        match dom.name(k) {
            "table" | "p" | "div" | "ul" | "ol" | "blockquote" | "pre" | "h1" | "h2" | "h3"
            | "h4" | "h5" | "h6" | "section" | "article" => return false,
            "th" | "thead" | "caption" => header = true,
            "tr" => {
                rows += 1;
                let cols = dom
                    .children(k)
                    .filter(|&c| matches!(dom.name(c), "td" | "th"))
                    .count();
                max_cols = max_cols.max(cols);
            }
            _ => {}
        }
    }
    header && rows >= 1 || (rows >= 2 && max_cols >= 2)
}

/// Walks the article roots and returns their headings and blocks. `dead` marks removed nodes,
/// `in_link` the nodes inside a link to another page.
pub(crate) fn extract(dom: &Dom, roots: &[Id], dead: &[bool], in_link: &[bool]) -> Vec<Item> {
    let mut w = Walker {
        chars: 0,
        link_chars: 0,
        items: Vec::new(),
        footnotes: Vec::new(),
        note_ids: Vec::new(),
        refs: std::collections::HashMap::new(),
        labelled: Vec::new(),
        buf: String::new(),
        context: Vec::new(),
        pending_br: false,
    };
    for &root in roots {
        // (node, entering?) — on leaving a block element the current block ends.
        let mut stack = vec![(root, true)];
        while let Some((id, entering)) = stack.pop() {
            if !entering {
                w.flush();
                if matches!(dom.name(id), "li" | "blockquote" | "dd" | "dt" | "summary") {
                    w.context.pop();
                }
                if w.footnotes.last() == Some(&id) {
                    w.footnotes.pop();
                }
                if w.note_ids.last().is_some_and(|(n, _)| *n == id) {
                    w.note_ids.pop();
                }
                continue;
            }
            if dead[id] {
                continue;
            }
            let e = match &dom.nodes[id].kind {
                Kind::Text(t) => {
                    w.text(t, in_link.get(id).copied().unwrap_or(false));
                    continue;
                }
                Kind::Element(e) => e,
            };
            let name = e.name();
            if name == "br" {
                w.br();
                continue;
            }
            if name == "sup" && is_footnote_mark(dom, id, &live_text(dom, id, dead), &w.buf) {
                // Where the note is cited: its text is read at the end of this section.
                let target = (id + 1..dom.nodes[id].end)
                    .find_map(|k| dom.elem(k).and_then(|e| e.href()))
                    .and_then(|h| h.strip_prefix('#'));
                if let Some(target) = target {
                    let at = w.items.len();
                    w.refs.entry(target.to_lowercase()).or_insert(at);
                }
                continue;
            }
            if name == "sup" {
                // "10<sup>6</sup>", "mc<sup>2</sup>": a power, kept as superscript digits ("10⁶",
                // "mc²") so that it is shown as the page shows it and read as a power.
                let text = live_text(dom, id, dead);
                if is_power(&text, &w.buf) {
                    let raised: String = text
                        .trim()
                        .chars()
                        .map(|c| match c {
                            '0'..='9' => {
                                crate::article::footnotes::SUPERSCRIPT_DIGITS
                                    [c as usize - '0' as usize]
                            }
                            _ => '⁻',
                        })
                        .collect();
                    w.text(&raised, false);
                    continue;
                }
            }
            if e.is_inline() {
                push_children(dom, id, &mut stack);
                continue;
            }
            w.flush();
            if is_heading(name) {
                let level = name.as_bytes()[1] - b'0';
                let text = heading_text(dom, id, dead);
                if !text.is_empty() {
                    w.items.push(Found::Item(Item::Heading(level, text)));
                }
                continue;
            }
            if is_footnote_list(e) {
                w.footnotes.push(id);
            }
            if name == "li" && !w.footnotes.is_empty() && !e.id().is_empty() {
                w.note_ids.push((id, e.id().to_string()));
            }
            match name {
                "pre" => {
                    // Prose kept in `pre` (a plain-text document) is read.
                    if let Some(parts) = super::pre::prose(&raw_text(dom, id, dead)) {
                        w.items.extend(parts.into_iter().map(|p| match p {
                            super::pre::Part::Subhead(s) => Found::Subhead(s),
                            super::pre::Part::Paragraph(s) => {
                                Found::Item(Item::Block(BlockKind::Paragraph, s))
                            }
                        }));
                        continue;
                    }
                    // Code split over several `pre`s in a row is one skipped block.
                    let note = Item::Block(BlockKind::Note, CODE_NOTE.to_string());
                    if !matches!(w.items.last(), Some(Found::Item(last)) if *last == note) {
                        w.items.push(Found::Item(note));
                    }
                    continue;
                }
                "table" if is_data_table(dom, id) => {
                    let mut rows = Vec::new();
                    table_rows(dom, id, dead, &mut rows);
                    w.items.extend(rows.into_iter().map(Found::Item));
                    continue;
                }
                "p" if w.context.is_empty() && w.footnotes.is_empty() => {
                    if let Some(text) = bold_only(dom, id, dead) {
                        // A bold line that links elsewhere is a teaser, not a subhead.
                        let (chars, link_chars) = letters(dom, id, dead, in_link);
                        if !is_teaser(chars, link_chars, &text) {
                            w.items.push(Found::Subhead(text));
                        }
                        continue;
                    }
                }
                "li" | "dd" => w.context.push(BlockKind::ListItem),
                "dt" | "summary" => w.context.push(BlockKind::Question),
                "blockquote" => w.context.push(BlockKind::Quote),
                _ => {}
            }
            stack.push((id, false));
            push_children(dom, id, &mut stack);
        }
        w.flush();
    }
    let items = resolve_subheads(w.items);
    place_notes(items, &w.refs, &w.labelled)
}

/// Moves each footnote whose citation was found to the section that cites it: just before the
/// first heading after the citation (the segmenter reads a section's footnotes last). `refs`
/// maps a note's id to the number of items before its citation; `labelled` gives the item index
/// of each note's text with its id.
fn place_notes(
    items: Vec<Item>,
    refs: &std::collections::HashMap<String, usize>,
    labelled: &[(usize, String)],
) -> Vec<Item> {
    if refs.is_empty() || labelled.is_empty() {
        return items;
    }
    let headings: Vec<usize> = items
        .iter()
        .enumerate()
        .filter(|(_, it)| matches!(it, Item::Heading(..)))
        .map(|(i, _)| i)
        .collect();
    // Sort keys: (position, 0 for a moved note / 1 for an item in place, original index).
    let mut keys: Vec<(usize, u8, usize)> = (0..items.len()).map(|i| (i, 1, i)).collect();
    for (i, id) in labelled {
        let Some(&cited) = refs.get(id) else { continue };
        let dest = headings
            .iter()
            .copied()
            .find(|&h| h >= cited)
            .unwrap_or(items.len());
        if dest <= *i {
            if let Some(k) = keys.get_mut(*i) {
                *k = (dest, 0, *i);
            }
        }
    }
    keys.sort_unstable();
    let mut slots: Vec<Option<Item>> = items.into_iter().map(Some).collect();
    keys.iter()
        .filter_map(|&(_, _, i)| slots.get_mut(i).and_then(Option::take))
        .collect()
}

/// Bold subheads followed by body text become headings one level below the last heading (level
/// 2 when there was none, or only the `h1`); the others are read as paragraphs.
fn resolve_subheads(found: Vec<Found>) -> Vec<Item> {
    let mut items = Vec::with_capacity(found.len());
    let mut last_level = 0u8;
    let mut found = found.into_iter().peekable();
    while let Some(f) = found.next() {
        match f {
            Found::Item(item) => {
                if let Item::Heading(level, _) = &item {
                    last_level = *level;
                }
                items.push(item);
            }
            Found::Subhead(text) => {
                let body_follows = matches!(
                    found.peek(),
                    Some(Found::Item(Item::Block(
                        BlockKind::Paragraph | BlockKind::ListItem | BlockKind::Quote,
                        _
                    )))
                );
                if body_follows {
                    items.push(Item::Heading((last_level.max(1) + 1).min(6), text));
                } else {
                    items.push(Item::Block(BlockKind::Paragraph, text));
                }
            }
        }
    }
    items
}

/// The text of a paragraph whose every word is inside `<strong>` or `<b>`, when it reads like a
/// heading ([`crate::article::subhead::looks_like_subhead`]).
fn bold_only(dom: &Dom, p: Id, dead: &[bool]) -> Option<String> {
    let end = dom.nodes[p].end;
    let mut bold_text = false;
    for (k, &is_dead) in dead.iter().enumerate().take(end).skip(p + 1) {
        if is_dead {
            continue;
        }
        let Kind::Text(t) = &dom.nodes[k].kind else {
            continue;
        };
        if !t.chars().any(char::is_alphanumeric) {
            continue;
        }
        let mut up = dom.parent(k);
        let mut bold = false;
        while let Some(a) = up.filter(|&a| a > p) {
            if matches!(dom.name(a), "strong" | "b") {
                bold = true;
                break;
            }
            up = dom.parent(a);
        }
        if !bold {
            return None;
        }
        bold_text = true;
    }
    if !bold_text {
        return None;
    }
    let text = live_text(dom, p, dead);
    crate::article::subhead::looks_like_subhead(&text).then_some(text)
}

/// A list or block of footnotes: `<section class="footnotes">`, `role="doc-endnotes"`, a
/// Wikipedia-style `references` list, or one note (`<li id="fn1">`, `<li id="cite_note-3">`).
fn is_footnote_list(e: &super::dom::Elem) -> bool {
    if matches!(e.role(), "doc-endnotes" | "doc-footnote" | "doc-endnote") {
        return true;
    }
    let classy = e.class().split_whitespace().any(|c| {
        !c.starts_with("has-")
            && (matches!(c, "footnote" | "footnotes" | "endnote" | "endnotes")
                || c.starts_with("footnotes")
                || c.ends_with("-footnotes")
                || c.ends_with("_footnotes"))
    });
    let references = e.name() == "ol" && e.class().split_whitespace().any(|c| c == "references");
    let note_id = e.name() == "li" && {
        let id = e.id();
        id.starts_with("cite_note")
            || ["fn", "footnote-", "fn-", "fn:", "note-", "endnote-"]
                .iter()
                .any(|p| {
                    id.strip_prefix(p)
                        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
                })
    };
    classy || references || note_id
}

/// "[3]", "[a]", "[citation needed]", a linked "3", or a number right after the end of a
/// sentence or clause: reference marks, not words to say.
fn is_footnote_mark(dom: &Dom, sup: Id, text: &str, before: &str) -> bool {
    let t = text.trim();
    let linked = (sup + 1..dom.nodes[sup].end).any(|k| dom.name(k) == "a");
    let number = !t.is_empty() && t.len() <= 3 && t.chars().all(|c| c.is_ascii_digit() || c == '*');
    let after_punctuation = before
        .trim_end()
        .ends_with(['.', ',', ';', ':', '"', '”', '’', ')']);
    t.len() <= 24 && t.starts_with('[') && t.ends_with(']')
        || number && (linked || after_punctuation)
}

/// Whether a `<sup>` holding `text`, right after `before`, is an exponent: a short number
/// (minus allowed) glued to a number ("10<sup>6</sup>") or to a symbol of one or two letters
/// ("mc<sup>2</sup>", "x<sup>3</sup>"); after a longer word it is left as it was (a note mark).
fn is_power(text: &str, before: &str) -> bool {
    let t = text.trim();
    let digits = t.trim_start_matches(['-', '−']);
    if digits.is_empty() || digits.len() > 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let base: Vec<char> = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric())
        .collect();
    !base.is_empty() && (base.iter().all(|c| c.is_ascii_digit()) || base.len() <= 2)
}

fn push_children(dom: &Dom, id: Id, stack: &mut Vec<(Id, bool)>) {
    let start = stack.len();
    stack.extend(dom.children(id).map(|c| (c, true)));
    stack[start..].reverse();
}

struct Walker {
    items: Vec<Found>,
    /// The footnote lists being walked (their blocks are footnotes).
    footnotes: Vec<Id>,
    /// The notes (`<li id="fn1">`) being walked, with their ids.
    note_ids: Vec<(Id, String)>,
    /// Where each note is cited: its id → how many items came before the citation.
    refs: std::collections::HashMap<String, usize>,
    /// The item index of each footnote text that has an id.
    labelled: Vec<(usize, String)>,
    buf: String,
    /// Letters and digits in `buf`, and how many of them are link text.
    chars: usize,
    link_chars: usize,
    context: Vec<BlockKind>,
    pending_br: bool,
}

/// The share of a paragraph's letters and digits in links at or above which it is a link to
/// another page ("Read more: <headline>", a teaser), not text of this one.
const TEASER_LINK_SHARE: f32 = 0.75;
/// The fewest letters and digits of such a teaser: a shorter link ("1", "PDF") is a citation
/// or a label, and a web address written out is read as the article wrote it.
const MIN_TEASER_CHARS: usize = 15;

impl Walker {
    fn text(&mut self, t: &str, in_link: bool) {
        if !t.trim().is_empty() {
            self.pending_br = false;
        }
        let chars = alnum_count(t);
        self.chars += chars;
        if in_link {
            self.link_chars += chars;
        }
        // Soft hyphens and zero-width spaces only guide line breaking.
        if t.contains(['\u{00AD}', '\u{200B}']) {
            self.buf
                .extend(t.chars().filter(|c| !matches!(c, '\u{00AD}' | '\u{200B}')));
        } else {
            self.buf.push_str(t);
        }
    }

    fn br(&mut self) {
        if self.pending_br {
            self.flush();
        } else {
            self.pending_br = true;
            self.buf.push(' ');
        }
    }

    fn flush(&mut self) {
        self.pending_br = false;
        let (chars, link_chars) = (self.chars, self.link_chars);
        (self.chars, self.link_chars) = (0, 0);
        if self.buf.trim().is_empty() {
            self.buf.clear();
            return;
        }
        let text = collapse_whitespace(&self.buf);
        self.buf.clear();
        let mut kind = self.context.last().copied().unwrap_or(BlockKind::Paragraph);
        let teaser = is_teaser(chars, link_chars, &text);
        if kind == BlockKind::Paragraph && teaser && self.footnotes.is_empty() {
            return;
        }
        // A term or a disclosure summary is a question only when it asks one.
        if kind == BlockKind::Question && !text.ends_with('?') {
            kind = BlockKind::ListItem;
        }
        if !self.footnotes.is_empty() {
            kind = BlockKind::Footnote;
            if let Some((_, note)) = self.note_ids.last() {
                self.labelled.push((self.items.len(), note.clone()));
            }
        }
        self.items.push(Found::Item(Item::Block(kind, text)));
    }
}

/// True when a paragraph with `chars` letters and digits, `link_chars` of them in links to
/// other pages, is a teaser for another page rather than text of this one.
fn is_teaser(chars: usize, link_chars: usize, text: &str) -> bool {
    chars >= MIN_TEASER_CHARS
        && link_chars as f32 >= chars as f32 * TEASER_LINK_SHARE
        && !text.starts_with("http")
        && !text.starts_with("www.")
}

/// The live nodes of the subtree at `id`, in document order: dead nodes are skipped with their
/// subtrees.
fn live_nodes<'a>(dom: &'a Dom, id: Id, dead: &'a [bool]) -> impl Iterator<Item = Id> + 'a {
    let end = dom.nodes[id].end;
    let mut k = id;
    std::iter::from_fn(move || {
        while k < end && dead[k] {
            k = dom.nodes[k].end;
        }
        (k < end).then(|| {
            k += 1;
            k - 1
        })
    })
}

/// Letters and digits in `t`: what the link shares of teasers are measured in.
fn alnum_count(t: &str) -> usize {
    t.chars().filter(|c| c.is_alphanumeric()).count()
}

/// Letters and digits of a live subtree, and how many of them are in links to other pages.
fn letters(dom: &Dom, id: Id, dead: &[bool], in_link: &[bool]) -> (usize, usize) {
    let (mut chars, mut link_chars) = (0, 0);
    for k in live_nodes(dom, id, dead) {
        if let Kind::Text(t) = &dom.nodes[k].kind {
            let n = alnum_count(t);
            chars += n;
            if in_link.get(k).copied().unwrap_or(false) {
                link_chars += n;
            }
        }
    }
    (chars, link_chars)
}

/// Text of a live subtree, inline spacing as written, blocks separated by a space.
fn live_text(dom: &Dom, id: Id, dead: &[bool]) -> String {
    let mut out = String::new();
    for k in live_nodes(dom, id, dead) {
        match &dom.nodes[k].kind {
            Kind::Text(t) => out.push_str(t),
            Kind::Element(e) if !e.is_inline() || e.name() == "br" => out.push(' '),
            Kind::Element(_) => {}
        }
    }
    collapse_whitespace(&out)
}

/// The text under `id` as written, its line breaks kept (`<br>` is one too).
fn raw_text(dom: &Dom, id: Id, dead: &[bool]) -> String {
    let mut out = String::new();
    for k in live_nodes(dom, id, dead) {
        match &dom.nodes[k].kind {
            Kind::Text(t) => out.push_str(t),
            Kind::Element(e) if e.name() == "br" => out.push('\n'),
            Kind::Element(_) => {}
        }
    }
    out
}

/// A heading's text without permalink marks (`#`, `¶`, `§`, `🔗`) at either end.
fn heading_text(dom: &Dom, id: Id, dead: &[bool]) -> String {
    const MARKS: &[char] = &['#', '¶', '§', '🔗', '⚓', '¤'];
    let text = live_text(dom, id, dead);
    let mut text = text.trim_matches(|c: char| c.is_whitespace() || MARKS.contains(&c));
    // A wiki's "[edit]" link after the heading text.
    if let Some(open) = text.rfind('[') {
        let tail = &text[open..];
        if text.ends_with(']') && tail.len() <= 12 && open > 0 {
            text = text[..open].trim_end();
        }
    }
    let words: Vec<&str> = text.split(' ').collect();
    let has_word = |w: &&str| w.chars().any(char::is_alphanumeric);
    let first = words.iter().position(has_word);
    let last = words.iter().rposition(has_word);
    match (first, last) {
        (Some(a), Some(b)) => words[a..=b].join(" "),
        _ => String::new(),
    }
}

/// Tables with more body rows than this read their header row once instead of naming each cell.
const MAX_LABELLED_ROWS: usize = 12;

/// Reads a data table as one [`BlockKind::TableRow`] per row (its caption as a paragraph).
fn table_rows(dom: &Dom, table: Id, dead: &[bool], items: &mut Vec<Item>) {
    let mut header: Option<Vec<String>> = None;
    let mut rows: Vec<Vec<String>> = Vec::new();
    let end = dom.nodes[table].end;
    let mut k = table + 1;
    while k < end {
        if dead[k] {
            k = dom.nodes[k].end;
            continue;
        }
        match dom.name(k) {
            "caption" => {
                let text = live_text(dom, k, dead);
                if !text.is_empty() {
                    items.push(Item::Block(BlockKind::Paragraph, text));
                }
                k = dom.nodes[k].end;
            }
            "tr" => {
                let cells: Vec<Id> = dom
                    .children(k)
                    .filter(|&c| !dead[c] && matches!(dom.name(c), "td" | "th"))
                    .collect();
                let texts: Vec<String> = cells.iter().map(|&c| live_text(dom, c, dead)).collect();
                let all_th = cells.iter().all(|&c| dom.name(c) == "th");
                let in_thead = dom.parent(k).is_some_and(|p| dom.name(p) == "thead");
                if header.is_none() && rows.is_empty() && !cells.is_empty() && (all_th || in_thead)
                {
                    header = Some(texts);
                } else if texts.iter().any(|t| !t.is_empty()) && header.as_ref() != Some(&texts) {
                    // A footer that repeats the header row (`<tfoot>`) is not read again.
                    rows.push(texts);
                }
                k = dom.nodes[k].end;
            }
            _ => k += 1,
        }
    }
    // Header names help in a short table of three or more columns; in a long one, hearing them
    // on every row would drown the data, so they are read once.
    let labelled = rows.len() <= MAX_LABELLED_ROWS
        && header
            .as_ref()
            .is_some_and(|h| h.len() >= 3 && h.iter().filter(|t| !t.is_empty()).count() >= 2);
    if let (Some(h), false) = (&header, labelled) {
        if h.iter().any(|t| !t.is_empty()) {
            items.push(Item::Block(
                BlockKind::TableRow,
                join_cells(h.iter().cloned()),
            ));
        }
    }
    for row in rows {
        let text = match (&header, labelled) {
            (Some(h), true) if h.len() == row.len() => {
                join_cells(row.iter().enumerate().map(|(i, cell)| {
                    if i == 0 || h[i].is_empty() || cell.is_empty() {
                        cell.clone()
                    } else {
                        format!("{}: {cell}", h[i])
                    }
                }))
            }
            _ => join_cells(row.into_iter()),
        };
        items.push(Item::Block(BlockKind::TableRow, text));
    }
}

fn join_cells(cells: impl Iterator<Item = String>) -> String {
    cells
        .filter(|c| !c.is_empty())
        .map(|c| c.trim_end_matches([',', ';']).to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
