//! The tree html5ever builds: a linked arena that keeps only what the extractor reads.
//!
//! html5ever drives a [`TreeSink`]; this one stores each node once, in a `Vec`, linked to its
//! parent and siblings by index, so the tree builder's moves (adoption agency, foster parenting,
//! reparenting) are a few index swaps. An element keeps its name and the few attributes the
//! extractor looks at (see [`Elem`]), already lower-cased, instead of every attribute; text stays
//! in html5ever's own buffers. `<meta>` tags are read into [`Meta`] as they are created.
//! [`Dom::parse`](super::dom::Dom::parse) then copies the tree into document order.

use std::borrow::Cow;
use std::cell::{Ref, RefCell};

use html5ever::tendril::StrTendril;
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{local_name, ns, Attribute, QualName};

use super::dom::{Elem, Meta};

/// No node (a missing parent, sibling or child).
pub(crate) const NONE: usize = usize::MAX;

/// What a node of the arena holds.
pub(crate) enum Data {
    /// The document (index 0) or a template's contents.
    Document,
    /// An element.
    Element {
        /// Its name, as html5ever asks for it back.
        name: QualName,
        /// What the extractor reads of it.
        elem: Elem,
        /// A `<script type="application/ld+json">`, whose text may name the author.
        ld_json: bool,
    },
    /// Text (adjacent runs are merged).
    Text(StrTendril),
    /// A comment or processing instruction: kept only so html5ever can place it.
    Other,
}

/// One node of the arena, linked by index.
pub(crate) struct Node {
    pub parent: usize,
    pub first_child: usize,
    pub last_child: usize,
    pub prev: usize,
    pub next: usize,
    pub data: Data,
}

/// The arena html5ever builds into.
pub(crate) struct Tree {
    pub nodes: Vec<Node>,
    pub meta: Meta,
}

/// html5ever's sink: the arena behind a `RefCell`, since html5ever calls it through `&self`.
pub(crate) struct Sink {
    tree: RefCell<Tree>,
    /// `<template>` element → its contents (a detached document node).
    templates: RefCell<Vec<(usize, usize)>>,
}

impl Sink {
    /// A sink for `html`: room is made for about as many nodes as it has tags, so that the
    /// arena is not copied as it grows.
    pub(crate) fn new(html: &str) -> Sink {
        let mut nodes = Vec::with_capacity(memchr::memchr_iter(b'<', html.as_bytes()).count() + 1);
        nodes.push(node(Data::Document));
        Sink {
            tree: RefCell::new(Tree {
                nodes,
                meta: Meta::default(),
            }),
            templates: RefCell::new(Vec::new()),
        }
    }
}

fn node(data: Data) -> Node {
    Node {
        parent: NONE,
        first_child: NONE,
        last_child: NONE,
        prev: NONE,
        next: NONE,
        data,
    }
}

impl Tree {
    fn push(&mut self, data: Data) -> usize {
        self.nodes.push(node(data));
        self.nodes.len() - 1
    }

    /// Unlinks `id` from its parent and siblings.
    fn detach(&mut self, id: usize) {
        let Node {
            parent, prev, next, ..
        } = self.nodes[id];
        if parent == NONE {
            return;
        }
        if prev == NONE {
            self.nodes[parent].first_child = next;
        } else {
            self.nodes[prev].next = next;
        }
        if next == NONE {
            self.nodes[parent].last_child = prev;
        } else {
            self.nodes[next].prev = prev;
        }
        let n = &mut self.nodes[id];
        n.parent = NONE;
        n.prev = NONE;
        n.next = NONE;
    }

    /// Makes the detached `id` the last child of `parent`.
    fn append_child(&mut self, parent: usize, id: usize) {
        let last = self.nodes[parent].last_child;
        {
            let n = &mut self.nodes[id];
            n.parent = parent;
            n.prev = last;
            n.next = NONE;
        }
        if last == NONE {
            self.nodes[parent].first_child = id;
        } else {
            self.nodes[last].next = id;
        }
        self.nodes[parent].last_child = id;
    }

    /// Puts the detached `id` just before `sibling` (which has a parent).
    fn insert_before(&mut self, sibling: usize, id: usize) {
        let parent = self.nodes[sibling].parent;
        let prev = self.nodes[sibling].prev;
        {
            let n = &mut self.nodes[id];
            n.parent = parent;
            n.prev = prev;
            n.next = sibling;
        }
        self.nodes[sibling].prev = id;
        if prev == NONE {
            self.nodes[parent].first_child = id;
        } else {
            self.nodes[prev].next = id;
        }
    }

    /// Appends `text` to the text node `id` and says so, or says it is not a text node.
    fn merge_text(&mut self, id: usize, text: &StrTendril) -> bool {
        match self.nodes.get_mut(id).map(|n| &mut n.data) {
            Some(Data::Text(t)) => {
                t.push_tendril(text);
                true
            }
            _ => false,
        }
    }
}

impl TreeSink for Sink {
    type Handle = usize;
    type Output = Tree;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Tree {
        self.tree.into_inner()
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> usize {
        0
    }

    fn elem_name<'a>(&'a self, target: &'a usize) -> Ref<'a, QualName> {
        Ref::map(self.tree.borrow(), |t| match &t.nodes[*target].data {
            Data::Element { name, .. } => name,
            // html5ever asks only for elements' names; anything else answers as no element.
            _ => &NO_NAME,
        })
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, _: ElementFlags) -> usize {
        let html = name.ns == ns!(html);
        let mut tree = self.tree.borrow_mut();
        if html && name.local == local_name!("meta") {
            read_meta(&attrs, &mut tree.meta);
        }
        let ld_json = html
            && name.local == local_name!("script")
            && attr(&attrs, "type")
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
        let template = html && name.local == local_name!("template");
        let elem = Elem::new(&name.local, &attrs);
        let id = tree.push(Data::Element {
            name,
            elem,
            ld_json,
        });
        if template {
            let contents = tree.push(Data::Document);
            self.templates.borrow_mut().push((id, contents));
        }
        id
    }

    fn create_comment(&self, _text: StrTendril) -> usize {
        self.tree.borrow_mut().push(Data::Other)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> usize {
        self.tree.borrow_mut().push(Data::Other)
    }

    fn append(&self, parent: &usize, child: NodeOrText<usize>) {
        let mut tree = self.tree.borrow_mut();
        match child {
            NodeOrText::AppendNode(id) => {
                tree.detach(id);
                tree.append_child(*parent, id);
            }
            NodeOrText::AppendText(text) => {
                let last = tree.nodes[*parent].last_child;
                if !tree.merge_text(last, &text) {
                    let id = tree.push(Data::Text(text));
                    tree.append_child(*parent, id);
                }
            }
        }
    }

    fn append_based_on_parent_node(
        &self,
        element: &usize,
        prev_element: &usize,
        child: NodeOrText<usize>,
    ) {
        let has_parent = self.tree.borrow().nodes[*element].parent != NONE;
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}

    fn get_template_contents(&self, target: &usize) -> usize {
        let found = self
            .templates
            .borrow()
            .iter()
            .find(|(t, _)| t == target)
            .map(|&(_, c)| c);
        // html5ever asks only for templates, which all have contents; a stray ask gets a
        // detached node, whose children are never read.
        found.unwrap_or_else(|| self.tree.borrow_mut().push(Data::Document))
    }

    fn same_node(&self, x: &usize, y: &usize) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &usize, new_node: NodeOrText<usize>) {
        let mut tree = self.tree.borrow_mut();
        if let NodeOrText::AppendNode(id) = new_node {
            tree.detach(id);
        }
        if tree.nodes[*sibling].parent == NONE {
            return;
        }
        match new_node {
            NodeOrText::AppendNode(id) => tree.insert_before(*sibling, id),
            NodeOrText::AppendText(text) => {
                let prev = tree.nodes[*sibling].prev;
                if !tree.merge_text(prev, &text) {
                    let id = tree.push(Data::Text(text));
                    tree.insert_before(*sibling, id);
                }
            }
        }
    }

    fn add_attrs_if_missing(&self, target: &usize, attrs: Vec<Attribute>) {
        if let Data::Element { name, elem, .. } = &mut self.tree.borrow_mut().nodes[*target].data {
            elem.add_missing(&name.local, &attrs);
        }
    }

    fn remove_from_parent(&self, target: &usize) {
        self.tree.borrow_mut().detach(*target);
    }

    fn reparent_children(&self, node: &usize, new_parent: &usize) {
        let mut tree = self.tree.borrow_mut();
        let mut child = tree.nodes[*node].first_child;
        while child != NONE {
            let next = tree.nodes[child].next;
            tree.detach(child);
            tree.append_child(*new_parent, child);
            child = next;
        }
    }
}

/// The name answered for a node that is not an element.
static NO_NAME: QualName = QualName {
    prefix: None,
    ns: ns!(),
    local: local_name!(""),
};

/// The value of the attribute `name` (in no namespace), if present.
pub(crate) fn attr<'a>(attrs: &'a [Attribute], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|a| a.name.ns == ns!() && &*a.name.local == name)
        .map(|a| &*a.value)
}

/// Reads a `<meta>` tag's title, site name or author (the first of each wins).
fn read_meta(attrs: &[Attribute], meta: &mut Meta) {
    let key = attr(attrs, "property")
        .or_else(|| attr(attrs, "name"))
        .unwrap_or("")
        .to_ascii_lowercase();
    let Some(content) = attr(attrs, "content") else {
        return;
    };
    let slot = match key.as_str() {
        "og:title" | "twitter:title" | "dc.title" => &mut meta.og_title,
        "og:site_name" => &mut meta.site_name,
        "author" | "byl" | "dc.creator" | "sailthru.author" | "parsely-author" => &mut meta.author,
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
