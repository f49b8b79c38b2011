//! HTML reader: extracts the main article of a web page the way a browser's reader mode does.
//!
//! The page is parsed with html5ever into a lean arena (`tree`) after a linear pre-pass caps
//! element nesting (`depth`), copied into a flat tree (`dom`), stripped of page chrome (`prune`),
//! scored to find the article body (`score`; both after Mozilla Readability), and read into
//! headings and blocks (`blocks`). Headings start sections; the lead before the first heading
//! is a section without one. The title is the article's `h1` (or a first heading that matches
//! the page's `<title>`), else `og:title`, else `<title>` without its site-name suffix; a first
//! heading or line that repeats the title is not read twice. The byline comes from
//! `<meta name="author">`, JSON-LD, or the page's byline element (which is then not read as
//! text). Every block passes [`boilerplate::is_boilerplate`] plus a few HTML-only rules
//! (screen-reader labels such as "Image" or "Credit", permalink marks, footnote marks).
//!
//! Left out: images and other media together with their captions and credits (a listener cannot
//! see the picture, and a caption often repeats the body), the page's date line, the box about
//! the author, teasers and lists of links to other pages, code blocks (replaced by a spoken
//! note), comments, forms, and articles split across several pages.
//! All traversals are iterative, so any nesting depth is handled without recursion.

use super::{boilerplate, collapse_whitespace, Block, BlockKind, Document, Section};

mod blocks;
mod depth;
mod dom;
mod pre;
mod prune;
mod score;
mod tree;

use blocks::Item;
use dom::Dom;
use prune::Flags;

/// An article shorter than this (in characters) makes the extractor retry with fewer
/// heuristics, as Readability does.
const MIN_ARTICLE_CHARS: usize = 500;

/// Parses an HTML page (already decoded to text) into the article it contains.
pub fn parse(html: &str) -> Document {
    let limited = depth::limit_nesting(html, depth::MAX_DEPTH);
    let dom = Dom::parse(&limited);

    let attempts = [
        Flags {
            strip_unlikely: true,
            weight_classes: true,
            clean_conditionally: true,
        },
        Flags {
            strip_unlikely: false,
            weight_classes: true,
            clean_conditionally: true,
        },
        Flags {
            strip_unlikely: false,
            weight_classes: false,
            clean_conditionally: true,
        },
        Flags {
            strip_unlikely: false,
            weight_classes: false,
            clean_conditionally: false,
        },
    ];
    let mut best: Option<Attempt> = None;
    for flags in attempts {
        let attempt = grab(&dom, flags);
        let long_enough = attempt.chars >= MIN_ARTICLE_CHARS;
        // A later attempt uses fewer heuristics and lets some chrome back in: it must find
        // clearly more text to win.
        let better = best
            .as_ref()
            .is_none_or(|b| attempt.chars >= b.chars + (b.chars / 4).max(100));
        if better {
            best = Some(attempt);
        }
        if long_enough {
            break;
        }
    }
    let Some(best) = best else {
        return Document::default();
    };
    build(&dom, best)
}

/// One extraction attempt.
struct Attempt {
    items: Vec<Item>,
    chars: usize,
    /// The article's own `h1`, if any.
    h1: Option<String>,
    /// Texts of the `h1`s anywhere on the page that are not in page chrome.
    page_h1s: Vec<String>,
    byline: Option<String>,
}

fn grab(dom: &Dom, flags: Flags) -> Attempt {
    let mut pruned = prune::prune(dom, flags);
    let page_h1s = (0..dom.nodes.len())
        .filter(|&i| !pruned.dead[i] && dom.name(i) == "h1")
        .map(|i| blocks::plain_text(dom, i))
        .collect();
    let roots = score::select(&pruned, flags);
    score::clean(&mut pruned, &roots, flags);
    let items = blocks::extract(dom, &roots, &pruned.dead, &pruned.in_link);
    let items: Vec<Item> = items
        .into_iter()
        .filter(|item| match item {
            Item::Heading(_, t) => !is_chrome_heading(t) && !is_dateline(t) && !is_byline(t),
            // A date in a list (a timeline, a list of dated updates) is content.
            Item::Block(kind, t) => {
                !is_html_boilerplate(t)
                    && !boilerplate::is_boilerplate(t)
                    && (*kind == BlockKind::ListItem || !is_dateline(t))
                    && !is_byline(t)
            }
        })
        .collect();
    let mut items = items;
    // "Ann Lee is a Cairo-based correspondent for the Harbour Times. She previously covered…":
    // the author's biography closing the page is not the article.
    if items.len() > 1
        && matches!(items.last(), Some(Item::Block(BlockKind::Paragraph, t)) if is_author_bio(t))
    {
        items.pop();
    }
    let chars = items
        .iter()
        .map(|i| match i {
            Item::Block(_, t) => t.chars().count(),
            Item::Heading(..) => 0,
        })
        .sum();
    let h1 = article_h1(&items, &dom.meta);
    Attempt {
        items,
        chars,
        h1,
        page_h1s,
        byline: pruned.byline,
    }
}

/// The article's own headline, from the headings before its first block: one that is exactly
/// the page's declared title (`og:title`, or a part of `<title>` between separators), else the
/// first `h1`; failing those, a later `h1` that matches the declared title (any other `h1` after
/// the text has started is a section heading).
fn article_h1(items: &[Item], meta: &dom::Meta) -> Option<String> {
    let declared = declared_title_words(meta);
    let mut exact: Vec<Vec<String>> = title_segments(meta.title.as_deref().unwrap_or(""));
    exact.extend(meta.og_title.as_deref().map(words));
    let leading = items
        .iter()
        .map_while(|item| match item {
            Item::Heading(level, t) => Some((*level, t)),
            Item::Block(..) => None,
        })
        .collect::<Vec<_>>();
    let exact_match = leading
        .iter()
        .find(|(_, t)| exact.contains(&words(t)))
        .or_else(|| leading.iter().find(|(level, _)| *level == 1));
    if let Some((_, t)) = exact_match {
        return Some((*t).clone());
    }
    items.iter().find_map(|item| match item {
        Item::Heading(1, t) if mostly_within(&words(t), &declared) => Some(t.clone()),
        _ => None,
    })
}

/// The words of each part of a `<title>` split at its separators (" | ", " - "...).
fn title_segments(title: &str) -> Vec<Vec<String>> {
    let mut parts = vec![title.to_string()];
    for sep in SEPARATORS {
        parts = parts
            .iter()
            .flat_map(|p| p.split(sep).map(str::to_string).collect::<Vec<_>>())
            .collect();
    }
    parts
        .iter()
        .map(|p| words(p))
        .filter(|w| !w.is_empty())
        .collect()
}

/// Words of the titles the page declares in its `<head>`.
fn declared_title_words(meta: &dom::Meta) -> Vec<String> {
    let stripped = meta
        .title
        .as_deref()
        .map(|t| strip_site_suffix(t, meta.site_name.as_deref()));
    [meta.og_title.as_deref(), stripped.as_deref()]
        .into_iter()
        .flatten()
        .flat_map(words)
        .collect()
}

/// True when `w` has at least two words and more than half of them are in `declared`.
fn mostly_within(w: &[String], declared: &[String]) -> bool {
    w.len() >= 2 && w.iter().filter(|x| declared.contains(x)).count() * 2 > w.len()
}

/// A heading that labels page chrome ("Related", "Share this", "Comments"). The shared
/// boilerplate rules also catch image captions ("Image ...", "Photo ..."), which as headings are
/// topics ("Image processing"), so those are kept.
fn is_chrome_heading(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    let topic = ["image ", "photo ", "images ", "photos "]
        .iter()
        .any(|p| lower.starts_with(p));
    !topic && boilerplate::is_boilerplate(text)
}

/// A line that only dates the page: "2018-08-16", "Nov 18, 2019 at 4:07 PM", "Published Nov 18,
/// 2019 | Updated at 5:36 PM". The page's date is not part of the article a listener hears.
fn is_dateline(text: &str) -> bool {
    static RE: std::sync::OnceLock<Option<regex::Regex>> = std::sync::OnceLock::new();
    let t = text.trim();
    if t.len() > 160 || !t.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    RE.get_or_init(|| {
        const MONTH: &str = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?";
        const DAY: &str = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?";
        let date = format!(
            r"(?:\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}|{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH},?\s+\d{{4}})"
        );
        let time = r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+[a-z]{2,4})?)?";
        regex::Regex::new(&format!(
            r"(?i)^(?:(?:published|updated|posted|last updated|last modified)(?:\s+(?:on|at))?:?\s+{DAY}(?:{date}|\d{{1,2}}[:.]\d{{2}}).*|{DAY}{date}{time}|{DAY}\d{{1,2}}[:.]\d{{2}}\s*(?:[ap]\.?m\.?)?(?:\s+[a-z]{{2,4}})?,?\s+{DAY}{date})$"
        ))
        .ok()
    })
    .as_ref()
    .is_some_and(|re| re.is_match(t))
}

/// A "By Jane Doe" line: the author, which the page's byline already names.
fn is_byline(text: &str) -> bool {
    super::text::byline(text).is_some() && text.split_whitespace().count() <= 8
}

/// A short paragraph that introduces the author: a name of two to four words, "is a/an/the",
/// then a newsroom job within a few words ("is an Egypt-based correspondent for", "is a senior
/// editor at"), in at most three sentences.
fn is_author_bio(text: &str) -> bool {
    static RE: std::sync::OnceLock<Option<regex::Regex>> = std::sync::OnceLock::new();
    let t = text.trim();
    if t.len() > 400 || t.matches(". ").count() > 2 {
        return false;
    }
    RE.get_or_init(|| {
        regex::Regex::new(concat!(
            r"^[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3} is (?:a|an|the) (?:[\w'’-]+ ){0,5}",
            r"(?:correspondent|reporter|writer|editor|columnist|journalist|contributor|producer",
            r"|critic|photographer|freelancer|bureau chief)s?(?: (?:for|at|with|of|in|covering|who|based)\b|[.,])",
        ))
        .ok()
    })
    .as_ref()
    .is_some_and(|re| re.is_match(t))
}

/// Labels meant for screen readers or layout, never for listening.
fn is_html_boilerplate(text: &str) -> bool {
    let t = text.trim().trim_end_matches(':').to_lowercase();
    matches!(
        t.as_str(),
        "image"
            | "photo"
            | "video"
            | "credit"
            | "credits"
            | "caption"
            | "advertisement"
            | "supported by"
            | "continue reading the main story"
            | "close"
            | "menu"
            | "loading"
            | "loading..."
            | "loading…"
            | "advertising"
    ) || t.chars().all(|c| !c.is_alphanumeric())
        || boilerplate::is_photo_credit(text)
}

fn build(dom: &Dom, attempt: Attempt) -> Document {
    let meta = &dom.meta;
    let title = attempt
        .h1
        .clone()
        .or_else(|| page_h1(&attempt.page_h1s, meta))
        .or_else(|| meta.og_title.clone())
        .or_else(|| {
            meta.title
                .as_deref()
                .map(|t| strip_site_suffix(t, meta.site_name.as_deref()))
        });
    let byline = meta
        .author
        .as_deref()
        .filter(|a| !a.contains("://"))
        .map(str::to_string)
        .or_else(|| meta.ld_author.clone())
        .or(attempt.byline)
        .map(|b| clean_byline(&b))
        .filter(|b| !b.is_empty());
    let mut doc = Document {
        title: title.clone(),
        byline,
        sections: vec![Section::default()],
    };
    let title_words = title.as_deref().map(words);
    let mut first_heading = true;
    for item in attempt.items {
        match item {
            Item::Heading(level, text) => {
                let repeats_title = title_words.as_ref().is_some_and(|w| *w == words(&text));
                let nothing_yet = doc.sections.iter().all(|s| s.blocks.is_empty());
                if repeats_title && (first_heading || nothing_yet) {
                    first_heading = false;
                    continue;
                }
                first_heading = false;
                doc.sections.push(Section {
                    heading: Some(text),
                    level,
                    blocks: Vec::new(),
                });
            }
            Item::Block(kind, text) => {
                // A page without headings often repeats its title as the first line.
                let nothing_yet = doc.sections.iter().all(|s| s.blocks.is_empty());
                let repeats_title = title_words.as_ref().is_some_and(|w| *w == words(&text));
                if nothing_yet && doc.sections.len() == 1 && repeats_title {
                    continue;
                }
                if let Some(s) = doc.sections.last_mut() {
                    s.blocks.push(Block::new(kind, &text));
                }
            }
        }
    }
    doc.prune();
    doc
}

/// Lowercase words of `s`, for comparing titles and headings.
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// An `h1` outside the article but not in page chrome that matches the page's declared title
/// (so a site name in an `h1` is not taken for the headline).
fn page_h1(h1s: &[String], meta: &dom::Meta) -> Option<String> {
    let declared = declared_title_words(meta);
    h1s.iter()
        .find(|text| {
            let w = words(text);
            if declared.is_empty() {
                w.len() >= 2
            } else {
                mostly_within(&w, &declared)
            }
        })
        .cloned()
}

/// `<title>` without a trailing " - Site", " | Site", " — Site" (or similar) part.
/// What sites put between a page's title and their name.
const SEPARATORS: &[&str] = &[" | ", " - ", " — ", " – ", " · ", " :: ", " » ", " / "];

fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    let cut = SEPARATORS
        .iter()
        .filter_map(|sep| title.rfind(sep).map(|i| (i, sep.len())))
        .max_by_key(|&(i, _)| i);
    let Some((at, len)) = cut else {
        return title.to_string();
    };
    let (head, tail) = (&title[..at], &title[at + len..]);
    let tail_is_site = site.is_some_and(|s| words(s) == words(tail));
    if tail_is_site || words(head).len() >= 3 {
        collapse_whitespace(head)
    } else {
        title.to_string()
    }
}

/// "By Jane Doe" → "Jane Doe".
fn clean_byline(b: &str) -> String {
    let b = collapse_whitespace(b);
    let rest = match b.get(..3) {
        Some(prefix) if prefix.eq_ignore_ascii_case("by ") => &b[3..],
        _ => &b[..],
    };
    rest.trim().to_string()
}

#[cfg(test)]
mod tests;
