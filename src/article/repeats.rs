//! Text said twice: a pull quote that repeats a sentence of the body, a figure caption or a
//! teaser that copies a paragraph. [`drop_repeats`] removes a short block whose words appear as
//! one unbroken run inside another block of the article, so the listener hears them once, where
//! the body has them.
//!
//! Blocks are compared by their words (letters and digits, lower-cased, hashed), so punctuation,
//! quote marks and case do not hide a repeat. A candidate is a paragraph of [`MIN_WORDS`] to
//! [`MAX_WORDS`] words (shorter ones, "Yes." or "Read more", repeat by chance), or a quote of at
//! least [`MIN_QUOTE_WORDS`] (pull quotes are often short lines); list items are never dropped
//! (a step that an introduction also quotes is still a step). It repeats a longer block that
//! contains its words; a quote also repeats an equal paragraph, or an equal quote before it (equal paragraphs are a refrain the
//! author wrote twice, and stay). The work is linear in the article's length: every run of
//! [`MIN_WORDS`] words (and of [`MIN_QUOTE_WORDS`], when there are short quotes) is looked up
//! among the candidates' first words, and a candidate is compared at most [`MAX_LOOKUPS`] times.

use std::collections::HashMap;

use super::{BlockKind, Document};

/// The fewest words a paragraph needs to count as a repeat.
pub const MIN_WORDS: usize = 6;
/// The fewest words a quote needs to count as a repeat: a pull quote is often a short line
/// ("We had no other choice.").
pub const MIN_QUOTE_WORDS: usize = 4;
/// The most words of a paragraph or list item that may be dropped as a repeat.
pub const MAX_WORDS: usize = 60;
/// Places compared per candidate, at most.
const MAX_LOOKUPS: usize = 8;
/// Candidates that start with the same words, at most (more are copies of one another).
const MAX_SAME_START: usize = 64;

/// A hash of each word of `text` (letters and digits, lower-cased), in order. No allocation per
/// word: reading stays fast on large inputs.
fn words(text: &str) -> Vec<u64> {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut h = OFFSET;
    let mut in_word = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // ASCII without decoding; anything else a whole character at a time.
        let (lower, alnum, len) = if bytes[i].is_ascii() {
            let b = bytes[i];
            (b.to_ascii_lowercase() as u64, b.is_ascii_alphanumeric(), 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            let lower = c.to_lowercase().next().unwrap_or(c);
            (lower as u64, c.is_alphanumeric(), c.len_utf8())
        };
        i += len;
        if alnum {
            h = (h ^ lower).wrapping_mul(PRIME);
            in_word = true;
        } else if in_word {
            out.push(h);
            h = OFFSET;
            in_word = false;
        }
    }
    if in_word {
        out.push(h);
    }
    out
}

/// Keys are hashes already: the map uses them as they are.
#[derive(Default, Clone, Copy)]
struct AsIs(u64);

impl std::hash::Hasher for AsIs {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | b as u64;
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type Keyed<V> = HashMap<u64, V, std::hash::BuildHasherDefault<AsIs>>;

/// The key of a run of word hashes.
fn key(run: &[u64]) -> u64 {
    run.iter().fold(0u64, |k, &w| {
        (k.rotate_left(7) ^ w).wrapping_mul(0x9e37_79b9_7f4a_7c15)
    })
}

/// Which blocks are dropped, and how often each candidate was compared.
struct Marks {
    drop: Vec<bool>,
    looked: Vec<usize>,
}

impl Marks {
    /// Looks up every run of `n` words of block `j` among the candidates keyed by their first
    /// `n` words, and marks those that `j` repeats.
    fn scan(
        &mut self,
        j: usize,
        texts: &[Vec<u64>],
        at: &[(usize, usize, BlockKind)],
        n: usize,
        starts: &mut Keyed<Vec<usize>>,
    ) {
        let hay = &texts[j];
        for (p, run) in hay.windows(n).enumerate() {
            let Some(candidates) = starts.get_mut(&key(run)) else {
                continue;
            };
            let mut k = 0;
            while k < candidates.len() {
                let i = candidates[k];
                // A candidate already dropped, or compared as often as it may be, is done
                // with: out of the list, so that text repeated many times stays linear.
                if self.drop[i] || self.looked[i] >= MAX_LOOKUPS {
                    candidates.swap_remove(k);
                    continue;
                }
                k += 1;
                if i == j {
                    continue;
                }
                self.looked[i] += 1;
                let needle = &texts[i];
                if hay.get(p..p + needle.len()) != Some(needle.as_slice()) {
                    continue;
                }
                self.drop[i] = if hay.len() > needle.len() {
                    true
                } else {
                    // Equal blocks: a quote goes (the later of two quotes); two equal
                    // paragraphs were written twice on purpose (a refrain) and stay.
                    let (quote, other_quote) =
                        (at[i].2 == BlockKind::Quote, at[j].2 == BlockKind::Quote);
                    quote && (!other_quote || j < i)
                };
            }
        }
    }
}

/// Removes blocks whose text the article already says elsewhere (see the module
/// documentation). Headings and footnotes are left alone.
pub fn drop_repeats(doc: &mut Document) {
    // Every block that can hold or be a repeat, by (section, block).
    let mut at = Vec::new();
    let mut texts: Vec<Vec<u64>> = Vec::new();
    for (s, section) in doc.sections.iter().enumerate() {
        for (b, block) in section.blocks.iter().enumerate() {
            if matches!(
                block.kind,
                BlockKind::Paragraph | BlockKind::Quote | BlockKind::ListItem
            ) {
                at.push((s, b, block.kind));
                texts.push(words(&block.text));
            }
        }
    }
    // Candidates, by the key of their first words: six for most, four for a short quote (so
    // that a common four-word opening does not use up a paragraph's lookups).
    let mut starts: Keyed<Vec<usize>> = Keyed::default();
    let mut short_starts: Keyed<Vec<usize>> = Keyed::default();
    for (i, t) in texts.iter().enumerate() {
        let candidate = match at[i].2 {
            BlockKind::Quote => t.len() >= MIN_QUOTE_WORDS,
            BlockKind::Paragraph => (MIN_WORDS..=MAX_WORDS).contains(&t.len()),
            _ => false,
        };
        if candidate {
            let (map, n) = if t.len() >= MIN_WORDS {
                (&mut starts, MIN_WORDS)
            } else {
                (&mut short_starts, MIN_QUOTE_WORDS)
            };
            let list = map.entry(key(&t[..n])).or_default();
            if list.len() < MAX_SAME_START {
                list.push(i);
            }
        }
    }
    if starts.is_empty() && short_starts.is_empty() {
        return;
    }
    let mut marks = Marks {
        drop: vec![false; texts.len()],
        looked: vec![0usize; texts.len()],
    };
    for j in 0..texts.len() {
        // Only other blocks are marked while `j` is scanned: a dropped hay stays dropped.
        if marks.drop[j] {
            continue;
        }
        marks.scan(j, &texts, &at, MIN_WORDS, &mut starts);
        if !short_starts.is_empty() {
            marks.scan(j, &texts, &at, MIN_QUOTE_WORDS, &mut short_starts);
        }
    }
    let drop = marks.drop;
    if !drop.contains(&true) {
        return;
    }
    // Each section keeps the blocks not marked, in one pass (not one removal per block).
    let mut gone = at
        .iter()
        .zip(&drop)
        .filter(|(_, &d)| d)
        .map(|(&(s, b, _), _)| (s, b))
        .peekable();
    for (s, section) in doc.sections.iter_mut().enumerate() {
        let mut b = 0;
        section.blocks.retain(|_| {
            let keep = gone.next_if_eq(&(s, b)).is_none();
            b += 1;
            keep
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Block, Section};

    fn doc(blocks: &[(BlockKind, &str)]) -> Document {
        Document {
            sections: vec![Section {
                blocks: blocks.iter().map(|(k, t)| Block::new(*k, t)).collect(),
                ..Section::default()
            }],
            ..Document::default()
        }
    }

    fn texts(d: &Document) -> Vec<String> {
        d.sections[0]
            .blocks
            .iter()
            .map(|b| b.text.clone())
            .collect()
    }

    const BODY: &str = "The council met on Tuesday. \"We will rebuild the bridge before the winter comes,\" the mayor said, to applause from the public gallery.";

    #[test]
    fn a_pull_quote_that_repeats_the_body_is_dropped_wherever_it_stands() {
        let quote = "“We will rebuild the bridge before the winter comes”";
        for blocks in [
            vec![(BlockKind::Quote, quote), (BlockKind::Paragraph, BODY)],
            vec![(BlockKind::Paragraph, BODY), (BlockKind::Quote, quote)],
        ] {
            let mut d = doc(&blocks);
            drop_repeats(&mut d);
            assert_eq!(texts(&d), vec![BODY.to_string()]);
        }
    }

    #[test]
    fn a_short_pull_quote_goes_but_a_short_paragraph_stays() {
        // Four words quoted from the body: a pull quote, though short.
        let mut d = doc(&[
            (BlockKind::Quote, "“We will rebuild it.”"),
            (
                BlockKind::Paragraph,
                "“We will rebuild it,” the mayor said on Tuesday.",
            ),
        ]);
        drop_repeats(&mut d);
        assert_eq!(
            texts(&d),
            ["“We will rebuild it,” the mayor said on Tuesday."]
        );
        // A paragraph of four words that the next one also says is the author's: it stays.
        let blocks = [
            (BlockKind::Paragraph, "The bridge will reopen."),
            (
                BlockKind::Paragraph,
                "The bridge will reopen in May, the mayor said.",
            ),
        ];
        let mut d = doc(&blocks);
        drop_repeats(&mut d);
        assert_eq!(texts(&d).len(), 2);
        // Three words are too few even for a quote.
        let mut d = doc(&[
            (BlockKind::Quote, "We rebuild it."),
            (
                BlockKind::Paragraph,
                "We rebuild it, the mayor said on Tuesday.",
            ),
        ]);
        drop_repeats(&mut d);
        assert_eq!(texts(&d).len(), 2);
    }

    #[test]
    fn repeats_in_several_sections_go_and_everything_else_stays_in_order() {
        let body = "The ferry left the harbour at dawn with ninety passengers and two cars aboard.";
        let quote = "ferry left the harbour at dawn with ninety passengers";
        let mut d = Document::default();
        for n in 0..3 {
            d.sections.push(Section {
                blocks: vec![
                    Block::new(BlockKind::Quote, quote),
                    Block::new(BlockKind::Paragraph, &format!("Section {n} begins here.")),
                    Block::new(BlockKind::Paragraph, body),
                    Block::new(BlockKind::Quote, quote),
                ],
                ..Section::default()
            });
        }
        drop_repeats(&mut d);
        for (n, section) in d.sections.iter().enumerate() {
            let texts: Vec<&str> = section.blocks.iter().map(|b| b.text.as_str()).collect();
            assert_eq!(texts, [format!("Section {n} begins here.").as_str(), body]);
        }
    }

    #[test]
    fn a_caption_copied_from_a_paragraph_is_said_once() {
        let caption = "The mayor said, to applause from the public gallery";
        let mut d = doc(&[
            (BlockKind::Paragraph, BODY),
            (BlockKind::Paragraph, caption),
            (BlockKind::Paragraph, "Work starts in May."),
        ]);
        drop_repeats(&mut d);
        assert_eq!(
            texts(&d),
            vec![BODY.to_string(), "Work starts in May.".to_string()]
        );
    }

    #[test]
    fn an_equal_quote_gives_way_and_equal_paragraphs_stay() {
        let p = "Six words that say the same thing twice.";
        let mut d = doc(&[(BlockKind::Paragraph, p), (BlockKind::Paragraph, p)]);
        drop_repeats(&mut d);
        assert_eq!(texts(&d).len(), 2, "a refrain is read each time");
        let mut d = doc(&[(BlockKind::Quote, p), (BlockKind::Paragraph, p)]);
        drop_repeats(&mut d);
        assert_eq!(texts(&d).len(), 1);
        assert_eq!(d.sections[0].blocks[0].kind, BlockKind::Paragraph);
        let mut d = doc(&[(BlockKind::Quote, p), (BlockKind::Quote, p)]);
        drop_repeats(&mut d);
        assert_eq!(texts(&d).len(), 1);
    }

    #[test]
    fn a_list_step_quoted_by_the_introduction_stays() {
        let step = "Add the flour, sugar and salt to the bowl";
        let mut d = doc(&[
            (
                BlockKind::Paragraph,
                "First you add the flour, sugar and salt to the bowl, then you wait.",
            ),
            (BlockKind::ListItem, step),
        ]);
        drop_repeats(&mut d);
        assert_eq!(texts(&d).len(), 2);
    }

    #[test]
    fn short_or_different_blocks_stay() {
        let mut d = doc(&[
            (BlockKind::Paragraph, "Yes."),
            (BlockKind::Paragraph, "Yes."),
            (BlockKind::Paragraph, BODY),
            // Shares words with the body, but not as one run.
            (
                BlockKind::Quote,
                "The council will rebuild the bridge before the winter.",
            ),
        ]);
        let before = texts(&d);
        drop_repeats(&mut d);
        assert_eq!(texts(&d), before);
    }

    #[test]
    fn a_long_paragraph_is_never_dropped_even_when_repeated_inside_a_longer_one() {
        let long: String = (0..70).map(|i| format!("word{i} ")).collect();
        let longer = format!("{long} and then some more.");
        let mut d = doc(&[
            (BlockKind::Paragraph, &longer),
            (BlockKind::Paragraph, long.trim()),
        ]);
        drop_repeats(&mut d);
        assert_eq!(texts(&d).len(), 2);
    }
}
