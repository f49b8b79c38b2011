//! A flat, read-only copy of the parsed page that the extractor can walk without recursion.
//!
//! Nodes are stored in document (pre-)order; each node knows its parent and where its subtree
//! ends, so a subtree is the index range `i..end` and children are found by jumping from one
//! subtree end to the next. Only elements and text are kept. Elements that never carry article
//! text (`script`, `style`, `svg`, `iframe`, form controls...) are left out while copying, and the
//! page's metadata (`<title>`, `<meta>`) is collected on the way. Nothing here recurses, so a
//! deeply nested page cannot overflow the stack.

use scraper::Node as PNode;

/// Index of a node in [`Dom::nodes`].
pub(crate) type Id = usize;

/// What a node is.
#[derive(Debug)]
pub(crate) enum Kind {
    /// An element with the attributes the extractor looks at.
    Element(Elem),
    /// A run of text, as written (whitespace not yet collapsed).
    Text(String),
}

/// The parts of an element the extractor uses.
#[derive(Debug, Default)]
pub(crate) struct Elem {
    /// Lowercase local name (`div`, `p`, ...).
    pub name: String,
    /// `class` and `id` joined by a space, lowercased.
    pub class_id: String,
    /// The `class` attribute, lowercased.
    pub class: String,
    /// The `id` attribute, lowercased.
    pub id: String,
    /// The `role` attribute, lowercased.
    pub role: String,
    /// The `itemprop` attribute, lowercased.
    pub itemprop: String,
    /// The `rel` attribute, lowercased.
    pub rel: String,
    /// The `href` attribute, when present.
    pub href: Option<String>,
    /// Hidden by `hidden`, `aria-hidden="true"` or an inline `display:none`/`visibility:hidden`.
    pub hidden: bool,
}

/// One node of the copy.
#[derive(Debug)]
pub(crate) struct Node {
    /// The parent's index (`usize::MAX` for the root).
    pub parent: Id,
    /// One past the last node of this node's subtree.
    pub end: Id,
    /// Element or text.
    pub kind: Kind,
}

/// Metadata read from the page's `<head>` (and anywhere else it appears).
#[derive(Debug, Default)]
pub(crate) struct Meta {
    /// Text of the first `<title>` element.
    pub title: Option<String>,
    /// `og:title` or `twitter:title`.
    pub og_title: Option<String>,
    /// `og:site_name`.
    pub site_name: Option<String>,
    /// `<meta name="author">` (or a similar name).
    pub author: Option<String>,
    /// The author named in JSON-LD (`"author": {"name": ...}`).
    pub ld_author: Option<String>,
}

/// The page as a flat tree.
#[derive(Debug)]
pub(crate) struct Dom {
    /// All nodes in document order; index 0 is the document root.
    pub nodes: Vec<Node>,
    /// What the `<head>` said.
    pub meta: Meta,
}

/// Elements left out of the copy together with everything inside them.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "iframe", "frame", "frameset",
    "object", "embed", "canvas", "video", "audio", "source", "track", "link", "meta", "base",
    "title", "button", "select", "option", "textarea", "input", "dialog", "map", "head", "rt",
    "rp",
];

impl Dom {
    /// Copies a parsed page.
    pub(crate) fn from_html(html: &scraper::Html) -> Dom {
        let mut nodes: Vec<Node> = Vec::new();
        let mut meta = Meta::default();
        // (node, parent index); children are pushed in reverse to come out in order.
        let mut stack = vec![(html.tree.root(), usize::MAX)];
        while let Some((node, parent)) = stack.pop() {
            let kind = match node.value() {
                PNode::Document | PNode::Fragment => Kind::Element(Elem::default()),
                PNode::Text(t) => {
                    if parent != usize::MAX {
                        nodes.push(Node {
                            parent,
                            end: 0,
                            kind: Kind::Text(t.text.to_string()),
                        });
                    }
                    continue;
                }
                PNode::Element(e) => {
                    let name = e.name().to_ascii_lowercase();
                    if SKIPPED.contains(&name.as_str()) {
                        read_meta(&name, node, e, &mut meta);
                        if name != "head" {
                            continue;
                        }
                    }
                    Kind::Element(elem(name, e))
                }
                _ => continue,
            };
            let me = nodes.len();
            nodes.push(Node {
                parent,
                end: 0,
                kind,
            });
            let mut child = node.last_child();
            while let Some(c) = child {
                stack.push((c, me));
                child = c.prev_sibling();
            }
        }
        // Subtree sizes, children before parents (a parent's index is always smaller).
        let mut size = vec![1usize; nodes.len()];
        for i in (1..nodes.len()).rev() {
            let p = nodes[i].parent;
            size[p] += size[i];
        }
        for (i, n) in nodes.iter_mut().enumerate() {
            n.end = i + size[i];
        }
        Dom { nodes, meta }
    }

    /// The element at `id`, if it is one.
    pub(crate) fn elem(&self, id: Id) -> Option<&Elem> {
        match &self.nodes[id].kind {
            Kind::Element(e) => Some(e),
            Kind::Text(_) => None,
        }
    }

    /// The element name at `id` ("" for text).
    pub(crate) fn name(&self, id: Id) -> &str {
        self.elem(id).map_or("", |e| e.name.as_str())
    }

    /// Children of `id` in order.
    pub(crate) fn children(&self, id: Id) -> Children<'_> {
        Children {
            dom: self,
            next: id + 1,
            end: self.nodes[id].end,
        }
    }

    /// The parent of `id`, if any.
    pub(crate) fn parent(&self, id: Id) -> Option<Id> {
        let p = self.nodes[id].parent;
        (p != usize::MAX).then_some(p)
    }

    /// The first element named `name` (document order), if any.
    pub(crate) fn find(&self, name: &str) -> Option<Id> {
        (0..self.nodes.len()).find(|&i| self.name(i) == name)
    }
}

/// Iterator over a node's children.
pub(crate) struct Children<'a> {
    dom: &'a Dom,
    next: Id,
    end: Id,
}

impl Iterator for Children<'_> {
    type Item = Id;
    fn next(&mut self) -> Option<Id> {
        if self.next >= self.end {
            return None;
        }
        let id = self.next;
        self.next = self.dom.nodes[id].end;
        Some(id)
    }
}

fn elem(name: String, e: &scraper::node::Element) -> Elem {
    let class = e.attr("class").unwrap_or("").to_lowercase();
    let id = e.attr("id").unwrap_or("").to_lowercase();
    let lower = |s: Option<&str>| s.unwrap_or("").to_ascii_lowercase();
    let style = lower(e.attr("style")).replace(' ', "");
    let hidden = e.attr("hidden").is_some()
        || e.attr("aria-hidden").is_some_and(|v| v.trim() == "true")
        || style.contains("display:none")
        || style.contains("visibility:hidden");
    Elem {
        class_id: format!("{class} {id}"),
        class,
        id,
        role: lower(e.attr("role")),
        itemprop: lower(e.attr("itemprop")),
        rel: lower(e.attr("rel")),
        href: e.attr("href").map(str::to_string),
        hidden,
        name,
    }
}

fn read_meta(
    name: &str,
    node: ego_tree::NodeRef<'_, PNode>,
    e: &scraper::node::Element,
    meta: &mut Meta,
) {
    match name {
        "title" if meta.title.is_none() => {
            let text: String = node
                .children()
                .filter_map(|c| c.value().as_text().map(|t| t.text.to_string()))
                .collect();
            let text = crate::article::collapse_whitespace(&text);
            if !text.is_empty() {
                meta.title = Some(text);
            }
        }
        "script" if meta.ld_author.is_none() => {
            let is_ld = e
                .attr("type")
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
            if !is_ld {
                return;
            }
            let text: String = node
                .children()
                .filter_map(|c| c.value().as_text().map(|t| t.text.to_string()))
                .collect();
            if text.len() <= 1 << 20 {
                if let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) {
                    meta.ld_author = ld_author(&value);
                }
            }
        }
        "meta" => {
            let key = e
                .attr("property")
                .or_else(|| e.attr("name"))
                .unwrap_or("")
                .to_ascii_lowercase();
            let Some(content) = e.attr("content") else {
                return;
            };
            let content = crate::article::collapse_whitespace(content);
            if content.is_empty() {
                return;
            }
            let slot = match key.as_str() {
                "og:title" | "twitter:title" | "dc.title" => &mut meta.og_title,
                "og:site_name" => &mut meta.site_name,
                "author" | "byl" | "dc.creator" | "sailthru.author" | "parsely-author" => {
                    &mut meta.author
                }
                _ => return,
            };
            if slot.is_none() {
                *slot = Some(content);
            }
        }
        _ => {}
    }
}

/// The first author name in a JSON-LD value (searched without recursion).
fn ld_author(value: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(map) => {
                if let Some(author) = map.get("author") {
                    let names: Vec<&str> = match author {
                        Value::String(s) => vec![s.as_str()],
                        Value::Object(o) => {
                            o.get("name").and_then(Value::as_str).into_iter().collect()
                        }
                        Value::Array(a) => a
                            .iter()
                            .filter_map(|x| match x {
                                Value::String(s) => Some(s.as_str()),
                                Value::Object(o) => o.get("name").and_then(Value::as_str),
                                _ => None,
                            })
                            .collect(),
                        _ => Vec::new(),
                    };
                    let names: Vec<String> = names
                        .into_iter()
                        .map(crate::article::collapse_whitespace)
                        .filter(|n| !n.is_empty() && !n.contains("://"))
                        .collect();
                    if !names.is_empty() {
                        return Some(names.join(" and "));
                    }
                }
                stack.extend(map.values().rev());
            }
            Value::Array(a) => stack.extend(a.iter().rev()),
            _ => {}
        }
    }
    None
}
