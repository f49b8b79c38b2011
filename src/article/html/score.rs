//! Scoring containers and picking the article body: the second half of finding it.
//!
//! After Mozilla Readability (reimplemented, not ported): every paragraph-like element with at
//! least 25 characters scores its parent and ancestors (more for commas and length, less the
//! further up), each container's score is scaled down by its link density, and the best
//! container wins; siblings that score close to it (or are plain paragraphs) join it. Inside the
//! chosen article, link lists, image strips, share rows and headings whose class says they are
//! not content are then dropped ([`clean`]).

use std::sync::OnceLock;

use regex::Regex;

use super::dom::{Dom, Id};
use super::prune::{has_ancestor, re, Counts, Flags, Pruned};

fn negative(s: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(
        &RE,
        concat!(
            r"-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr",
            r"|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar",
            r"|skyscraper|sponsor|shopping|tags|widget|newsletter|subscribe(?:$|[^r])",
        ),
    )
    .is_match(s)
}

fn positive(s: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(
        &RE,
        r"article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story",
    )
    .is_match(s)
}

/// Class/id weight of an element: +25 per positive, −25 per negative match of class and id.
fn class_weight(dom: &Dom, i: Id, flags: Flags) -> f32 {
    let Some(e) = dom.elem(i) else {
        return 0.0;
    };
    if !flags.weight_classes {
        return 0.0;
    }
    let mut w = 0.0;
    for s in [e.class(), e.id()] {
        if s.is_empty() {
            continue;
        }
        if negative(s) {
            w -= 25.0;
        }
        if positive(s) {
            w += 25.0;
        }
    }
    w
}

fn base_score(dom: &Dom, i: Id, flags: Flags) -> f32 {
    let tag = match dom.name(i) {
        "div" | "article" | "main" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    };
    tag + class_weight(dom, i, flags)
}

/// Picks the article: the best-scoring container and the siblings that belong with it, in order.
pub(crate) fn select(pr: &Pruned<'_>, flags: Flags) -> Vec<Id> {
    let dom = pr.dom;
    let n = dom.nodes.len();
    let body = dom.find("body").unwrap_or(0);
    let mut score: Vec<Option<f32>> = vec![None; n];
    let mut candidates: Vec<Id> = Vec::new();
    let mut add = |score: &mut Vec<Option<f32>>, start: Id, content: f32| {
        let mut level = 0usize;
        let mut anc = Some(start);
        while let Some(a) = anc {
            if level > 4 || a == 0 || dom.name(a) == "html" {
                break;
            }
            let s = score[a].get_or_insert_with(|| {
                candidates.push(a);
                base_score(dom, a, flags)
            });
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            *s += content / divider;
            level += 1;
            anc = dom.parent(a);
        }
    };
    for i in 1..n {
        if pr.dead[i] {
            continue;
        }
        let name = dom.name(i);
        let breaks = pr.loose_breaks[i];
        let as_paragraph = matches!(
            name,
            "p" | "td" | "pre" | "section" | "h2" | "h3" | "h4" | "h5" | "h6"
        ) || (name == "div" && !pr.has_block[i] && breaks == 0);
        if as_paragraph && pr.counts[i].text >= 25 {
            if let Some(parent) = dom.parent(i) {
                let c = &pr.counts[i];
                let content = 1.0 + c.commas as f32 + (c.text / 100).min(3) as f32;
                add(&mut score, parent, content);
            }
        }
        // Loose text in a div or cell that also has blocks or `<br><br>` breaks reads as
        // paragraphs of its own, scored from the element itself.
        let loose_paragraphs =
            (name == "div" && !as_paragraph) || (name == "td" && (pr.has_block[i] || breaks > 0));
        let (len, commas) = pr.loose[i];
        if !loose_paragraphs || len < 25 {
            continue;
        }
        let paragraphs = 1 + breaks;
        let content = paragraphs as f32 + commas as f32 + (len / 100).min(3 * paragraphs) as f32;
        let start = i;
        add(&mut score, start, content);
    }
    for &c in &candidates {
        if let Some(s) = score[c].as_mut() {
            *s *= 1.0 - pr.counts[c].link_density();
        }
    }
    let mut ranked: Vec<(Id, f32)> = candidates
        .iter()
        .filter_map(|&c| score[c].map(|s| (c, s)))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let Some(&(mut top, top_score)) = ranked.first() else {
        return vec![body];
    };
    if top == body {
        return vec![body];
    }
    // When several strong candidates share an ancestor, the article is that ancestor.
    let strong: Vec<Id> = ranked
        .iter()
        .skip(1)
        .take(4)
        .filter(|&&(_, s)| s / top_score >= 0.75)
        .map(|&(c, _)| c)
        .collect();
    if strong.len() >= 3 {
        let mut anc = dom.parent(top);
        while let Some(a) = anc {
            if a == body || a == 0 {
                break;
            }
            let end = dom.nodes[a].end;
            let inside = strong.iter().filter(|&&c| c > a && c < end).count();
            if inside >= 3 {
                top = a;
                break;
            }
            anc = dom.parent(a);
        }
        if score[top].is_none() {
            score[top] = Some(base_score(dom, top, flags));
        }
    }
    // Climb while the parent scores about as well (the article is split in parts).
    let mut last = score[top].unwrap_or(0.0);
    let threshold = last / 3.0;
    let mut anc = dom.parent(top);
    while let Some(a) = anc {
        if a == body || a == 0 {
            break;
        }
        let Some(s) = score[a] else {
            anc = dom.parent(a);
            continue;
        };
        if s < threshold {
            break;
        }
        if s > last {
            top = a;
            break;
        }
        last = s;
        anc = dom.parent(a);
    }
    // The page marks its article's body (schema.org `itemprop="articleBody"`) around the best
    // container: the body is that element, the rest of it included (a gallery inside the body can
    // outscore the text around it).
    let mut anc = Some(top);
    while let Some(a) = anc {
        if a == body || a == 0 {
            break;
        }
        if dom.elem(a).is_some_and(super::prune::is_article_body) {
            // It keeps the best container's score, so that siblings join it as they would
            // have joined that container.
            let best = score[top].unwrap_or(0.0);
            top = a;
            let s = score[top].get_or_insert(best);
            *s = s.max(best);
            break;
        }
        anc = dom.parent(a);
    }
    // A lone child says nothing its parent does not.
    while let Some(p) = dom.parent(top) {
        if p == body || p == 0 {
            break;
        }
        let elements = dom
            .children(p)
            .filter(|&c| !pr.dead[c] && dom.elem(c).is_some())
            .count();
        if elements != 1 {
            break;
        }
        top = p;
    }
    let top_score = score[top].unwrap_or(0.0);
    let Some(parent) = dom.parent(top) else {
        return vec![top];
    };
    let threshold = (top_score * 0.2).max(10.0);
    let top_class = dom.elem(top).map_or("", |e| e.class());
    let mut out = Vec::new();
    for s in dom.children(parent) {
        if pr.dead[s] {
            continue;
        }
        if s == top {
            out.push(s);
            continue;
        }
        let Some(e) = dom.elem(s) else { continue };
        let bonus = if !top_class.is_empty() && e.class() == top_class {
            top_score * 0.2
        } else {
            0.0
        };
        let append = match score[s] {
            Some(sc) if sc + bonus >= threshold => true,
            _ if e.name() == "p" => {
                let c = &pr.counts[s];
                let ld = c.link_density();
                let text = super::blocks::plain_text(dom, s);
                (c.text > 80 && ld < 0.25)
                    || (c.text > 0 && c.text <= 80 && ld == 0.0 && ends_sentence(&text))
            }
            _ => false,
        };
        if append {
            out.push(s);
        }
    }
    out
}

fn ends_sentence(text: &str) -> bool {
    text.contains(". ") || text.trim_end().ends_with('.')
}

/// Marks containers inside the article that are link lists, image strips or forms
/// (Readability's "clean conditionally"), working bottom-up so that a container is judged
/// without the parts already dropped inside it. Also drops share rows and headings whose
/// class says they are not content.
pub(crate) fn clean(pr: &mut Pruned<'_>, roots: &[Id], flags: Flags) {
    let dom = pr.dom;
    for &root in roots {
        let end = dom.nodes[root].end;
        let mut removed = vec![Counts::default(); end - root];
        // Whether a kept descendant is a run of prose (see [`is_prose`]).
        let mut prose = vec![false; end - root];
        for i in (root..end).rev() {
            let Some(e) = dom.elem(i) else { continue };
            if pr.dead[i] {
                continue;
            }
            let here = pr.counts[i].sub(&removed[i - root]);
            let name = e.name();
            let mut drop = false;
            if i != root {
                if (matches!(name, "h1" | "h2") && class_weight(dom, i, flags) < 0.0)
                    || (unlikely_share(e.class_id()) && here.text < 500)
                {
                    drop = true;
                } else if flags.clean_conditionally
                    && matches!(name, "table" | "ul" | "ol" | "div" | "section" | "dl")
                {
                    drop = conditionally_drop(dom, i, &here, flags, prose[i - root]);
                }
            }
            if drop {
                pr.dead[i] = true;
                removed[i - root] = pr.counts[i];
            }
            if i != root {
                let p = dom.nodes[i].parent;
                let r = removed[i - root];
                removed[p - root].add(&r);
                if !drop && (prose[i - root] || is_prose(&here)) {
                    prose[p - root] = true;
                }
            }
        }
    }
    // Everything under a dropped node is dead too.
    for &root in roots {
        for i in root + 1..dom.nodes[root].end {
            let p = dom.nodes[i].parent;
            if pr.dead[p] {
                pr.dead[i] = true;
            }
        }
    }
}

fn unlikely_share(class_id: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(&RE, r"\bshare\b|share-|-share|sharedaddy|social").is_match(class_id)
}

/// A block of running prose: several paragraphs, a few hundred characters, almost no links.
/// A container holding one is not dropped for the links and images around it (share bars,
/// galleries next to the story): only its class can condemn it.
fn is_prose(c: &Counts) -> bool {
    c.p >= 3 && c.text >= 400 && c.link_density() < 0.1
}

/// Link density above which a list is a list of links to other pages (related stories), not
/// a list the article makes.
const LINK_LIST_DENSITY: f32 = 0.7;

fn conditionally_drop(dom: &Dom, i: Id, c: &Counts, flags: Flags, holds_prose: bool) -> bool {
    let name = dom.name(i);
    if name == "table" && super::blocks::is_data_table(dom, i) {
        return false;
    }
    if has_ancestor(dom, i, &["code", "pre"]) || has_ancestor(dom, i, &["table"]) {
        return false;
    }
    if name != "table"
        && (i + 1..dom.nodes[i].end)
            .any(|k| dom.name(k) == "table" && super::blocks::is_data_table(dom, k))
    {
        return false;
    }
    let weight = class_weight(dom, i, flags);
    if weight < 0.0 {
        return true;
    }
    if c.commas >= 10 || holds_prose {
        return false;
    }
    let is_list =
        matches!(name, "ul" | "ol") || (c.text > 0 && c.list as f32 / c.text as f32 > 0.9);
    let in_figure = has_ancestor(dom, i, &["figure"]);
    let p = c.p as f32;
    let img = c.img as f32;
    let heading_density = if c.text == 0 {
        0.0
    } else {
        c.heading as f32 / c.text as f32
    };
    let ld = c.link_density();
    (img > 1.0 && p / img < 0.5 && !in_figure)
        || (!is_list && (c.li as f32 - 100.0) > p)
        || (!is_list
            && heading_density < 0.9
            && c.text < 25
            && (c.img == 0 || c.img > 2)
            && !in_figure
            && ld > 0.0)
        || (!is_list && weight < 25.0 && ld > 0.2)
        || (is_list && ld > LINK_LIST_DENSITY)
        || (weight >= 25.0 && ld > 0.5)
}

#[cfg(test)]
mod tests {
    use super::{negative, positive, unlikely_share};

    #[test]
    fn class_weight_patterns_match_what_they_name() {
        assert!(negative("comment-list") && negative("promo") && negative("meta"));
        assert!(!negative("subscriber-content") && !negative("story"));
        assert!(positive("article-content") && positive("entry") && !positive("widget"));
        assert!(
            unlikely_share("share-links")
                && unlikely_share("sharedaddy")
                && !unlikely_share("shared")
        );
    }
}
