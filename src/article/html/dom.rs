//! A flat, read-only copy of the parsed page that the extractor can walk without recursion.
//!
//! Nodes are stored in document (pre-)order; each node knows its parent and where its subtree
//! ends, so a subtree is the index range `i..end` and children are found by jumping from one
//! subtree end to the next. Only elements and text are kept. Elements that never carry article
//! text (`script`, `style`, `svg`, `iframe`, form controls...) are left out while copying, and the
//! page's metadata (`<title>`, `<meta>`, JSON-LD) is collected on the way. Nothing here recurses,
//! so a deeply nested page cannot overflow the stack. An element is 40 bytes: its name is an
//! interned atom and its attributes, which most elements lack, sit behind one pointer.

use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::{Attribute, LocalName};

use super::prune::INLINE;
use super::tree::{self, Data, Extra, NONE};

/// Index of a node in [`Dom::nodes`].
pub(crate) type Id = usize;

/// What a node is.
#[derive(Debug)]
pub(crate) enum Kind {
    /// An element with the attributes the extractor looks at.
    Element(Elem),
    /// A run of text, as written (whitespace not yet collapsed).
    Text(StrTendril),
}

/// The parts of an element the extractor uses.
#[derive(Debug, Default)]
pub(crate) struct Elem {
    /// Lowercase local name (`div`, `p`, ...).
    name: LocalName,
    /// The attributes below, when the element has any of them.
    attrs: Option<Box<Attrs>>,
    /// Hidden by `hidden`, `aria-hidden="true"` or an inline `display:none`/`visibility:hidden`.
    pub hidden: bool,
    /// An inline element ([`INLINE`]), looked up once here rather than at every visit.
    inline: bool,
}

/// The attributes the extractor reads, lowercased (but `href`).
#[derive(Debug)]
struct Attrs {
    /// `class` and `id` joined by a space: both are read from here, the class being the first
    /// `class_len` bytes (one string instead of three).
    class_id: String,
    class_len: usize,
    role: String,
    itemprop: String,
    rel: String,
    href: Option<String>,
}

/// The attributes of an element that has none of them.
static NO_ATTRS: Attrs = Attrs {
    class_id: String::new(),
    class_len: 0,
    role: String::new(),
    itemprop: String::new(),
    rel: String::new(),
    href: None,
};

impl Elem {
    /// The element `name` with the attributes `attrs` (as html5ever gives them).
    pub(crate) fn new(name: &LocalName, attrs: &[Attribute]) -> Elem {
        let name = if name.bytes().any(|b| b.is_ascii_uppercase()) {
            LocalName::from(name.to_ascii_lowercase())
        } else {
            name.clone()
        };
        let get = |n| tree::attr(attrs, n);
        let lower = |n| get(n).unwrap_or("").to_ascii_lowercase();
        let style = lower("style").replace(' ', "");
        let hidden = get("hidden").is_some()
            || get("aria-hidden").is_some_and(|v| v.trim() == "true")
            || style.contains("display:none")
            || style.contains("visibility:hidden");
        let read = ["class", "id", "role", "itemprop", "rel", "href"];
        let attrs = attrs
            .iter()
            .any(|a| read.contains(&&*a.name.local))
            .then(|| {
                let (class, id) = (get("class").unwrap_or(""), get("id").unwrap_or(""));
                let mut class_id = class.to_lowercase();
                let class_len = class_id.len();
                class_id.push(' ');
                class_id.push_str(&id.to_lowercase());
                Box::new(Attrs {
                    class_id,
                    class_len,
                    role: lower("role"),
                    itemprop: lower("itemprop"),
                    rel: lower("rel"),
                    href: get("href").map(str::to_string),
                })
            });
        Elem {
            inline: INLINE.contains(&&*name),
            name,
            attrs,
            hidden,
        }
    }

    fn attrs(&self) -> &Attrs {
        self.attrs.as_deref().unwrap_or(&NO_ATTRS)
    }

    /// Lowercase local name (`div`, `p`, ...).
    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    /// Whether it is an inline element ([`INLINE`]).
    pub(crate) fn is_inline(&self) -> bool {
        self.inline
    }

    /// `class` and `id` joined by a space, lowercased ("" when it has neither).
    pub(crate) fn class_id(&self) -> &str {
        &self.attrs().class_id
    }

    /// The `class` attribute, lowercased.
    pub(crate) fn class(&self) -> &str {
        let a = self.attrs();
        &a.class_id[..a.class_len]
    }

    /// The `id` attribute, lowercased.
    pub(crate) fn id(&self) -> &str {
        let a = self.attrs();
        a.class_id.get(a.class_len + 1..).unwrap_or("")
    }

    /// The `role` attribute, lowercased.
    pub(crate) fn role(&self) -> &str {
        &self.attrs().role
    }

    /// The `itemprop` attribute, lowercased.
    pub(crate) fn itemprop(&self) -> &str {
        &self.attrs().itemprop
    }

    /// The `rel` attribute, lowercased.
    pub(crate) fn rel(&self) -> &str {
        &self.attrs().rel
    }

    /// The `href` attribute, when present.
    pub(crate) fn href(&self) -> Option<&str> {
        self.attrs().href.as_deref()
    }
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
    /// Parses `html` (already capped in depth) and copies it into document order.
    pub(crate) fn parse(html: &str) -> Dom {
        let mut tree =
            html5ever::parse_document(tree::Sink::new(html), Default::default()).one(html);
        let mut meta = Meta::default();
        let arena = &mut tree.nodes;
        let mut nodes: Vec<Node> = Vec::with_capacity(arena.len());
        // (arena node, parent index in `nodes`); a subtree's nodes are copied before its next
        // sibling's.
        let mut stack = vec![(0, usize::MAX)];
        while let Some((at, parent)) = stack.pop() {
            let next = arena[at].next;
            if next != NONE && parent != usize::MAX {
                stack.push((next, parent));
            }
            // A skipped element gives its metadata and leaves out its subtree (`head` stays).
            if let Data::Element { elem, .. } = &arena[at].data {
                if SKIPPED.contains(&elem.name()) {
                    read_meta(elem.name(), arena, at, &mut meta);
                    if elem.name() != "head" {
                        continue;
                    }
                }
            }
            let kind = match &mut arena[at].data {
                Data::Document => Kind::Element(Elem::default()),
                Data::Text(t) => {
                    if parent != usize::MAX {
                        nodes.push(Node {
                            parent,
                            end: 0,
                            kind: Kind::Text(std::mem::take(t)),
                        });
                    }
                    continue;
                }
                Data::Element { elem, .. } => Kind::Element(std::mem::take(elem)),
                Data::Other => continue,
            };
            let me = nodes.len();
            nodes.push(Node {
                parent,
                end: 0,
                kind,
            });
            let first = arena[at].first_child;
            if first != NONE {
                stack.push((first, me));
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
        self.elem(id).map_or("", Elem::name)
    }

    /// Children of `id` in order.
    pub(crate) fn children(&self, id: Id) -> Children<'_> {
        Children {
            dom: self,
            next: id + 1,
            end: self.nodes[id].end,
        }
    }

    /// Whether `id` is an inline element ([`INLINE`]); text is not.
    pub(crate) fn is_inline(&self, id: Id) -> bool {
        self.elem(id).is_some_and(Elem::is_inline)
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

/// Reads the page's `<title>`, a `<meta>` tag's title, site name or author, and the author a
/// JSON-LD script names (the first of each wins).
fn read_meta(name: &str, arena: &[tree::Node], at: usize, meta: &mut Meta) {
    let text = || {
        let mut text = String::new();
        let mut child = arena[at].first_child;
        while child != NONE {
            if let Data::Text(t) = &arena[child].data {
                text.push_str(t);
            }
            child = arena[child].next;
        }
        text
    };
    let Data::Element { extra, .. } = &arena[at].data else {
        return;
    };
    match (name, extra) {
        ("title", _) if meta.title.is_none() => {
            let text = crate::article::collapse_whitespace(&text());
            if !text.is_empty() {
                meta.title = Some(text);
            }
        }
        ("script", Extra::LdJson) if meta.ld_author.is_none() => {
            let text = text();
            if text.len() <= 1 << 20 {
                if let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) {
                    meta.ld_author = ld_author(&value);
                }
            }
        }
        ("meta", Extra::Meta(key_content)) => {
            let (key, content) = &**key_content;
            let slot = match key.as_str() {
                "og:title" | "twitter:title" | "dc.title" => &mut meta.og_title,
                "og:site_name" => &mut meta.site_name,
                "author" | "byl" | "dc.creator" | "sailthru.author" | "parsely-author" => {
                    &mut meta.author
                }
                _ => return,
            };
            if slot.is_some() {
                return;
            }
            let content = crate::article::collapse_whitespace(content);
            if !content.is_empty() {
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
