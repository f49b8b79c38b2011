//! Dropping page chrome and counting what is left: the first half of finding the article body.
//!
//! After Mozilla Readability (reimplemented, not ported): elements that are page chrome by tag
//! (`nav`, `aside`, `footer`...), by role, by being hidden, or by class/id (`share`, `related`,
//! `sidebar`, `comment`, `cookie`...) are dropped unless their class/id also says they are the
//! content (`article`, `main`, `content`, `story`...), the page marks them as the article's body
//! (`itemprop="articleBody"`), or the id is the slug of the heading that opens them (a
//! documentation section `id="sharing-with-a-team"`). The page's byline element, photo
//! credits and picture captions are taken out too. Then every node's subtree totals (text, link
//! text, commas, paragraphs, images, list items) are summed in one bottom-up pass, so the work is
//! linear in the page size.

use std::sync::OnceLock;

use regex::Regex;

use super::dom::{Dom, Elem, Id, Kind};

/// Which of the optional heuristics an attempt uses; later attempts turn them off when the
/// article found is too short.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Flags {
    /// Drop elements whose class/id looks like chrome.
    pub strip_unlikely: bool,
    /// Let class/id add or subtract score.
    pub weight_classes: bool,
    /// Drop link-heavy or image-heavy containers inside the article.
    pub clean_conditionally: bool,
}

/// Elements dropped by tag, whatever their class.
const CHROME_TAGS: &[&str] = &[
    "nav", "aside", "footer", "form", "fieldset", "menu", "header",
];

/// Roles of page chrome.
const CHROME_ROLES: &[&str] = &[
    "menu",
    "menubar",
    "complementary",
    "navigation",
    "alert",
    "alertdialog",
    "dialog",
    "search",
    "banner",
    "contentinfo",
];

/// Elements whose text flows inside a paragraph.
pub(crate) const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd",
    "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u",
    "var", "wbr", "label", "del", "ins", "big", "nobr", "br", "img", "picture", "ruby", "rb",
    "acronym", "output",
];

/// Descendants that keep a `div` from counting as a paragraph.
const BLOCK_CHILDREN: &[&str] = &[
    "blockquote",
    "dl",
    "div",
    "img",
    "ol",
    "p",
    "pre",
    "table",
    "ul",
    "section",
    "article",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "figure",
];

pub(crate) fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).unwrap_or_else(|_| Regex::new("$^").expect("valid")))
}

/// class/id of page chrome.
fn unlikely(s: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(
        &RE,
        concat!(
            r"-ad-|\bads?\b|advert|ad-break|banner|breadcrumb|combx|comment|community|cookie",
            r"|consent|cover-wrap|disqus|\bextra\b|footer|gdpr|header|legends|menu|modal",
            r"|\bnav(?:bar|igation)?\b|newsletter|pagination|pager|popup|promo|related|remark",
            r"|replies|\brss\b|\bshare\b|share(?:bar|box|tools|buttons|links)|sharing|shoutbox",
            r"|sidebar|skyscraper|social|sponsor|subscribe(?:$|[^r])|supplemental|toolbar",
            r"|agegate|most-?read|most-?popular|recommend|outbrain|taboola|sign-?up|yom-remote",
        ),
    )
    .is_match(s)
}

/// Whether the element says it is an article's body (schema.org `itemprop="articleBody"`, one
/// of the space-separated properties it may list).
pub(crate) fn is_article_body(e: &Elem) -> bool {
    e.itemprop()
        .split_ascii_whitespace()
        .any(|p| p == "articlebody")
}

/// The element's id is the slug of the heading that opens it, as documentation and blog
/// generators write sections (`<div id="sharing-with-a-developer"><h2>Sharing with a
/// developer</h2>`): the id names a topic of the text, not page chrome, whatever words it holds.
fn id_names_its_heading(dom: &Dom, i: Id) -> bool {
    let Some(e) = dom.elem(i) else {
        return false;
    };
    let id = e.id();
    // Only the id may have matched: a class of chrome ("newsletter-signup") stays chrome.
    if !id.contains('-') || unlikely(e.class()) {
        return false;
    }
    let Some(first) = dom.children(i).find(|&c| dom.elem(c).is_some()) else {
        return false;
    };
    if !matches!(dom.name(first), "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
        return false;
    }
    let heading = super::blocks::plain_text(dom, first);
    // "Related stories", "Most read", "Sign up for our newsletter": a heading of chrome.
    if crate::article::boilerplate::is_boilerplate(&heading)
        || crate::article::boilerplate::opens_link_list(&heading)
    {
        return false;
    }
    let heading = heading.to_lowercase();
    let slug: Vec<&str> = heading
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    !slug.is_empty() && id.eq_ignore_ascii_case(&slug.join("-"))
}

/// class/id that may still be the content even when [`unlikely`] matches.
fn maybe_content(s: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(
        &RE,
        r"article|body|column|content|main|story|entry|mathjax|shadow",
    )
    .is_match(s)
}

/// class/id of a byline.
fn byline_class(s: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(&RE, r"byline|dateline|writtenby").is_match(s) || author_class(s)
}

/// class/id that says author ("author", not "authority").
fn author_class(s: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(&RE, r"author(?:$|[^i])").is_match(s)
}

/// An element that can be a byline, date line or author box: not the page, the article or a
/// heading.
fn below_article(e: &Elem) -> bool {
    !matches!(e.name(), "html" | "body" | "article" | "main") && !is_heading(e.name())
}

/// Characters of `s` with every whitespace run counted once.
pub(crate) fn text_len(s: &str) -> u32 {
    let mut n = 0u32;
    let mut in_space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            if !in_space {
                n += 1;
            }
            in_space = true;
        } else {
            n += 1;
            in_space = false;
        }
    }
    n
}

fn commas_in(s: &str) -> u32 {
    s.chars()
        .filter(|c| {
            matches!(
                c,
                ',' | '\u{060C}'
                    | '\u{FE50}'
                    | '\u{FE10}'
                    | '\u{FE11}'
                    | '\u{2E41}'
                    | '\u{2E34}'
                    | '\u{2E32}'
                    | '\u{FF0C}'
            )
        })
        .count() as u32
}

/// Subtree totals the heuristics look at.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Counts {
    /// Text length.
    pub text: u32,
    /// Link text length (in-page `#` links weigh 0.3).
    pub link: f32,
    /// Commas.
    pub commas: u32,
    /// `p` elements.
    pub p: u32,
    /// `img` elements.
    pub img: u32,
    /// `li` elements.
    pub li: u32,
    /// Text inside headings.
    pub heading: u32,
    /// Text inside lists.
    pub list: u32,
}

impl Counts {
    /// Adds `o` to these totals.
    pub(crate) fn add(&mut self, o: &Counts) {
        self.text += o.text;
        self.link += o.link;
        self.commas += o.commas;
        self.p += o.p;
        self.img += o.img;
        self.li += o.li;
        self.heading += o.heading;
        self.list += o.list;
    }

    /// These totals less `o` (never below zero).
    pub(crate) fn sub(&self, o: &Counts) -> Counts {
        Counts {
            text: self.text.saturating_sub(o.text),
            link: (self.link - o.link).max(0.0),
            commas: self.commas.saturating_sub(o.commas),
            p: self.p.saturating_sub(o.p),
            img: self.img.saturating_sub(o.img),
            li: self.li.saturating_sub(o.li),
            heading: self.heading.saturating_sub(o.heading),
            list: self.list.saturating_sub(o.list),
        }
    }

    /// Link text as a share of all text.
    pub fn link_density(&self) -> f32 {
        if self.text == 0 {
            0.0
        } else {
            self.link / self.text as f32
        }
    }
}

/// The page after chrome removal, with subtree counts.
pub(crate) struct Pruned<'a> {
    /// The page.
    pub dom: &'a Dom,
    /// True for nodes removed (or inside a removed node).
    pub dead: Vec<bool>,
    /// Subtree totals of live nodes.
    pub counts: Vec<Counts>,
    /// For elements: the text length and commas of text not inside a block descendant.
    pub loose: Vec<(u32, u32)>,
    /// For elements: how many paragraph breaks (`<br><br>`) their loose text has.
    pub loose_breaks: Vec<u32>,
    /// True for elements with a block-level descendant ([`BLOCK_CHILDREN`]).
    pub has_block: Vec<bool>,
    /// The byline found in the page body, if any (its element is removed).
    pub byline: Option<String>,
    /// True for nodes inside a link to another page (not an in-page `#` link).
    pub in_link: Vec<bool>,
}

/// True when `name` is a heading element.
pub(crate) fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// Drops chrome from the page and counts what is left.
pub(crate) fn prune(dom: &Dom, flags: Flags) -> Pruned<'_> {
    let n = dom.nodes.len();
    let mut dead = vec![false; n];
    let mut in_table = vec![false; n];
    let mut link_weight = vec![0f32; n];
    let mut byline = None;
    // Top-down: parents come before children.
    for i in 1..n {
        let p = dom.nodes[i].parent;
        if dead[p] {
            dead[i] = true;
            continue;
        }
        in_table[i] = in_table[p];
        link_weight[i] = link_weight[p];
        let Kind::Element(e) = &dom.nodes[i].kind else {
            continue;
        };
        let name = e.name();
        if matches!(name, "table" | "code" | "pre") {
            in_table[i] = true;
        }
        if name == "a" && e.href().is_some() {
            let hash = e.href().is_some_and(|h| h.starts_with('#'));
            link_weight[i] = if hash { 0.3 } else { 1.0 };
        }
        if e.hidden || is_chrome_tag(dom, i) {
            dead[i] = true;
            continue;
        }
        if byline.is_none() && is_byline(dom, i) && short_text(dom, i, 100) {
            let text = super::blocks::plain_text(dom, i);
            let len = text_len(&text);
            if len > 0 && len < 100 {
                byline = Some(text);
                dead[i] = true;
                continue;
            }
        }
        if is_credit(e.class_id(), e.itemprop()) && short_text(dom, i, 150) {
            dead[i] = true;
            continue;
        }
        // Captions, author boxes and date lines go with the page chrome, so that the relaxed
        // attempts (a photo essay whose words are its captions) keep them; a table's cells and
        // words inside a sentence are never taken out.
        if flags.strip_unlikely
            && !in_table[i]
            && (is_caption(dom, i)
                || ((is_author_box(dom, i) || is_date(dom, i)) && alone_in_block(dom, i)))
        {
            dead[i] = true;
            continue;
        }
        if flags.strip_unlikely
            && !in_table[i]
            && !matches!(name, "html" | "body" | "a" | "article" | "main")
            // The element the page marks as its article's body is never chrome, whatever its
            // class or id say ("share-buttons-parent").
                        && !is_article_body(e)
            && (CHROME_ROLES.contains(&e.role())
                || (unlikely(e.class_id())
                    && !maybe_content(e.class_id())
                    && !id_names_its_heading(dom, i)))
        {
            dead[i] = true;
        }
    }
    // Nearest enclosing block element of each node (for loose text).
    let mut block_of = vec![0usize; n];
    for i in 1..n {
        let p = dom.nodes[i].parent;
        block_of[i] = if dom.is_inline(p) { block_of[p] } else { p };
    }
    // Paragraph breaks: a `br` right after another `br` (whitespace between them aside).
    let mut loose_breaks = vec![0u32; n];
    let mut last_was_br = vec![false; n];
    for i in 1..n {
        if dead[i] {
            continue;
        }
        let p = dom.nodes[i].parent;
        match &dom.nodes[i].kind {
            Kind::Text(t) if t.trim().is_empty() => {}
            Kind::Element(e) if e.name() == "br" => {
                if last_was_br[p] {
                    loose_breaks[block_of[i]] += 1;
                }
                last_was_br[p] = true;
            }
            _ => last_was_br[p] = false,
        }
    }
    let mut counts = vec![Counts::default(); n];
    let mut loose = vec![(0u32, 0u32); n];
    let mut has_block = vec![false; n];
    // Bottom-up: children come after parents, so walk backwards.
    for i in (1..n).rev() {
        if dead[i] {
            continue;
        }
        let p = dom.nodes[i].parent;
        match &dom.nodes[i].kind {
            Kind::Text(t) => {
                let len = text_len(t);
                let commas = commas_in(t);
                counts[i].text = len;
                counts[i].commas = commas;
                counts[i].link = len as f32 * link_weight[i];
                let b = block_of[i];
                loose[b].0 += len;
                loose[b].1 += commas;
            }
            Kind::Element(e) => {
                let name = e.name();
                match name {
                    "p" => counts[i].p += 1,
                    "img" => counts[i].img += 1,
                    "li" => counts[i].li += 1,
                    _ => {}
                }
                if is_heading(name) {
                    counts[i].heading = counts[i].text;
                }
                if matches!(name, "ul" | "ol") {
                    counts[i].list = counts[i].text;
                }
                if BLOCK_CHILDREN.contains(&name) {
                    has_block[p] = true;
                }
                if has_block[i] {
                    has_block[p] = true;
                }
            }
        }
        let c = counts[i];
        counts[p].add(&c);
    }
    Pruned {
        dom,
        dead,
        counts,
        loose,
        loose_breaks,
        has_block,
        byline,
        in_link: link_weight.iter().map(|&w| w >= 1.0).collect(),
    }
}

/// Photo credits and copyright notes.
fn is_credit(class_id: &str, itemprop: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    itemprop.contains("copyright") || re(&RE, r"credit|copyright").is_match(class_id)
}

/// The most characters of a picture's caption (or a figure or container around a picture) that
/// is not a `figcaption`: longer text there is read, as more likely an article in a figure.
const MAX_CAPTION_CHARS: u32 = 600;

/// A picture's caption or the figure around a picture: what the listener cannot see. A
/// `figcaption`; an element whose class/id says caption; a `figure` that holds no quote, table
/// or code (those are text in their own right); or an element whose class/id says image, photo
/// or gallery and that holds an image. All but the `figcaption` must be short enough to be a
/// caption.
fn is_caption(dom: &Dom, i: Id) -> bool {
    static CAPTION: OnceLock<Regex> = OnceLock::new();
    static PICTURE: OnceLock<Regex> = OnceLock::new();
    let Some(e) = dom.elem(i) else {
        return false;
    };
    let name = e.name();
    if name == "figcaption" {
        // The caption of a figure that is a quote, a table or code (its attribution, its
        // title) is text in its own right.
        let mut up = dom.nodes[i].parent;
        while up != 0 && dom.name(up) != "figure" {
            up = dom.nodes[up].parent;
        }
        if up != 0
            && (up + 1..dom.nodes[up].end)
                .any(|k| matches!(dom.name(k), "blockquote" | "table" | "pre" | "code"))
        {
            return false;
        }
    }
    // A caption the page itself marks as the picture's description (schema.org microdata) is
    // read: the publisher wrote it as part of the story. The two references disagree here: the
    // extraction benchmark leaves captions out, Readability keeps them; this is the one kind both
    // can live with (its credit is still dropped, as a credit).
    if described(e.itemprop()) {
        return false;
    }
    if name == "figcaption" {
        return true;
    }
    if matches!(name, "html" | "body" | "article" | "main" | "caption") {
        return false;
    }
    let inside = || i + 1..dom.nodes[i].end;
    let figure = name == "figure"
        && !inside().any(|k| matches!(dom.name(k), "blockquote" | "table" | "pre" | "code"));
    let caption = re(&CAPTION, r"caption").is_match(e.class_id());
    let picture = || {
        re(
            &PICTURE,
            r"(?:^|[^a-z])(?:image|img|photo|picture|gallery|slideshow)(?:$|[^a-z])",
        )
        .is_match(e.class_id())
            && inside().any(|k| matches!(dom.name(k), "img" | "picture"))
    };
    (figure || caption || picture())
        && short_text(dom, i, MAX_CAPTION_CHARS)
        && !inside().any(|k| dom.elem(k).is_some_and(|c| described(c.itemprop())))
}

/// The most characters of an element that only dates the page.
const MAX_DATE_CHARS: u32 = 100;

/// The page's date or its "posted on" line: a short element whose class/id says date, time
/// or post meta, or whose `itemprop` is a date. The article's words never live in one.
fn is_date(dom: &Dom, i: Id) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let Some(e) = dom.elem(i) else {
        return false;
    };
    below_article(e)
        && (e.itemprop().contains("date")
            || re(
                &RE,
                concat!(
                    r"(?:^|[^a-z])(?:date|dates|dateline|datetime|time|timestamp|pubdate",
                    r"|published|posted-on|entry-meta|post-meta|article-meta)(?:$|[^a-z])",
                ),
            )
            .is_match(e.class_id()))
        && short_text(dom, i, MAX_DATE_CHARS)
}

/// The most characters of a box about the author.
const MAX_AUTHOR_BOX_CHARS: u32 = 1000;

/// A box about the author (name, photo, a few lines of biography) under or beside the
/// article: an element whose class/id says author, short, without a headline in it.
fn is_author_box(dom: &Dom, i: Id) -> bool {
    let Some(e) = dom.elem(i) else {
        return false;
    };
    below_article(e)
        && author_class(e.class_id())
        && short_text(dom, i, MAX_AUTHOR_BOX_CHARS)
        && !(i + 1..dom.nodes[i].end).any(|k| matches!(dom.name(k), "h1" | "h2"))
}

/// True unless `i` is an inline element with words right beside it: `<time>` in "The fair runs
/// from <time>June 3</time> to June 9" is part of the sentence; a `<span class="date">` between
/// blocks, or alone in its own, is not.
fn alone_in_block(dom: &Dom, i: Id) -> bool {
    if !dom.is_inline(i) {
        return true;
    }
    let parent = dom.nodes[i].parent;
    let words = |k: Id| {
        matches!(&dom.nodes[k].kind, Kind::Text(t)
            if t.chars().filter(|c| c.is_alphanumeric()).take(3).count() == 3)
    };
    let next = dom.nodes[i].end;
    if next < dom.nodes.len() && dom.nodes[next].parent == parent && words(next) {
        return false;
    }
    // The previous sibling: climb from the node just before `i` to a child of `parent`.
    let mut k = i.saturating_sub(1);
    while k != parent && k != 0 && dom.nodes[k].parent != parent {
        k = dom.nodes[k].parent;
    }
    !(k != parent && dom.nodes[k].parent == parent && words(k))
}

/// True when `itemprop` says the element is a picture's caption or description.
fn described(itemprop: &str) -> bool {
    itemprop
        .split_ascii_whitespace()
        .any(|p| p == "caption" || p == "description")
}

/// True when the text under `id` is shorter than `limit` characters (stops counting there).
fn short_text(dom: &Dom, id: Id, limit: u32) -> bool {
    let mut n = 0;
    for k in id..dom.nodes[id].end {
        if let Kind::Text(t) = &dom.nodes[k].kind {
            n += text_len(t);
            if n >= limit {
                return false;
            }
        }
    }
    true
}

fn is_chrome_tag(dom: &Dom, i: Id) -> bool {
    let name = dom.name(i);
    if !CHROME_TAGS.contains(&name) {
        return false;
    }
    match name {
        // An article's own header holds its headline and standfirst: keep it when it has an h1
        // that is not a link (a site logo is).
        // Inside an `article` or `main` it is the article's header too.
        "header" => !has_text_h1(dom, i) && !has_ancestor(dom, i, &["article", "main"]),
        // Some sites wrap the whole page in one form.
        "form" => {
            let paras = (i + 1..dom.nodes[i].end)
                .filter(|&k| dom.name(k) == "p")
                .take(5)
                .count();
            paras < 5
        }
        _ => true,
    }
}

fn has_text_h1(dom: &Dom, i: Id) -> bool {
    (i + 1..dom.nodes[i].end).any(|k| {
        dom.name(k) == "h1"
            && !(k + 1..dom.nodes[k].end).any(|d| dom.name(d) == "a")
            && !super::blocks::plain_text(dom, k).is_empty()
    })
}

fn is_byline(dom: &Dom, i: Id) -> bool {
    let Some(e) = dom.elem(i) else {
        return false;
    };
    below_article(e)
        && (e.rel() == "author" || e.itemprop().contains("author") || byline_class(e.class_id()))
}

/// True when an ancestor of `i` (at most 64 levels up) is one of `names`.
pub(crate) fn has_ancestor(dom: &Dom, i: Id, names: &[&str]) -> bool {
    let mut anc = dom.parent(i);
    let mut steps = 0;
    while let Some(a) = anc {
        if names.contains(&dom.name(a)) {
            return true;
        }
        steps += 1;
        if steps > 64 {
            return false;
        }
        anc = dom.parent(a);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::{byline_class, is_credit, maybe_content, unlikely};

    #[test]
    fn chrome_classes_are_recognised_and_content_classes_are_not() {
        for chrome in [
            "share-tools",
            "site-nav",
            "sidebar",
            "comments-area",
            "cookie-banner",
            "ad-slot",
            "newsletter-signup",
            "most-read",
            "related-links",
            "subscribe-box",
        ] {
            assert!(unlikely(chrome), "{chrome:?}");
        }
        for content in [
            "story-body",
            "entry-content",
            "subscriber-only",
            "canvas",
            "shared",
        ] {
            assert!(!unlikely(content) || maybe_content(content), "{content:?}");
        }
        assert!(maybe_content("article-body"));
        assert!(byline_class("post-byline"));
        assert!(is_credit("caption-credit", ""));
        assert!(is_credit("", "copyrightholder"));
    }
}
