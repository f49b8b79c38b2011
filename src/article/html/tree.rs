//! The tree html5ever builds: a linked arena that keeps only what the extractor reads.
//!
//! html5ever drives a [`TreeSink`]; this one stores each node once, in a `Vec`, linked to its
//! parent and siblings by index, so the tree builder's moves (adoption agency, foster parenting,
//! reparenting) are a few index swaps. An element keeps its name and the few attributes the
//! extractor looks at (see [`Elem`]), already lower-cased, instead of every attribute, plus what a
//! few elements need ([`Extra`]); text stays in html5ever's own buffers.
//! [`Dom::parse`](super::dom::Dom::parse) then copies the tree into document order, reading the
//! page's metadata on the way.

use std::borrow::Cow;
use std::cell::{Ref, RefCell};

use html5ever::tendril::StrTendril;
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{local_name, ns, Attribute, QualName};

use super::dom::Elem;

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
        /// What this kind of element needs beyond that.
        extra: Extra,
    },
    /// Text (adjacent runs are merged).
    Text(StrTendril),
    /// A comment or processing instruction: kept only so html5ever can place it.
    Other,
}

/// What a few elements keep beyond [`Elem`].
pub(crate) enum Extra {
    /// Nothing (most elements).
    None,
    /// A `<script type="application/ld+json">`, whose text may name the author.
    LdJson,
    /// A `<meta>` tag's key (`property` or `name`, lower-cased) and `content`.
    Meta(Box<(String, String)>),
    /// A `<template>`'s contents: a detached document node.
    Template(usize),
    /// `<html>` and `<body>` keep every attribute: a repeated tag adds those they lack.
    Attrs(Vec<Attribute>),
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
}

/// html5ever's sink: the arena behind a `RefCell`, since html5ever calls it through `&self`.
pub(crate) struct Sink {
    tree: RefCell<Tree>,
}

impl Sink {
    /// A sink for `html`: room is made for about as many nodes as it has tags, so that the
    /// arena is not copied as it grows.
    pub(crate) fn new(html: &str) -> Sink {
        let mut nodes = Vec::with_capacity(memchr::memchr_iter(b'<', html.as_bytes()).count() + 1);
        nodes.push(node(Data::Document));
        Sink {
            tree: RefCell::new(Tree { nodes }),
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
        let mut tree = self.tree.borrow_mut();
        let elem = Elem::new(&name.local, &attrs);
        let extra = if name.ns != ns!(html) {
            Extra::None
        } else {
            match name.local {
                local_name!("script")
                    if attr(&attrs, "type")
                        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
                {
                    Extra::LdJson
                }
                local_name!("meta") => match attr(&attrs, "content") {
                    Some(content) => {
                        let key = attr(&attrs, "property")
                            .or_else(|| attr(&attrs, "name"))
                            .unwrap_or("")
                            .to_ascii_lowercase();
                        Extra::Meta(Box::new((key, content.to_string())))
                    }
                    None => Extra::None,
                },
                local_name!("template") => Extra::Template(tree.push(Data::Document)),
                local_name!("html") | local_name!("body") => Extra::Attrs(attrs),
                _ => Extra::None,
            }
        };
        tree.push(Data::Element { name, elem, extra })
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
        let mut tree = self.tree.borrow_mut();
        match &tree.nodes[*target].data {
            Data::Element {
                extra: Extra::Template(contents),
                ..
            } => *contents,
            // html5ever asks only for templates; a stray ask gets a detached node, whose
            // children are never read.
            _ => tree.push(Data::Document),
        }
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
        // Called for a repeated <html> or <body> tag, which keep all their attributes.
        if let Data::Element {
            name,
            elem,
            extra: Extra::Attrs(mine),
        } = &mut self.tree.borrow_mut().nodes[*target].data
        {
            for a in attrs {
                if !mine.iter().any(|m| m.name == a.name) {
                    mine.push(a);
                }
            }
            *elem = Elem::new(&name.local, mine);
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
