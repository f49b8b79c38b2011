//! Text to Kokoro tokens: espeak-ng IPA with stress, punctuation kept the way the reference
//! implementation (kokoro-onnx, through the `phonemizer` package) keeps it, mapped to Kokoro's
//! 114-symbol vocabulary, and split into batches the model can take in one pass.
//!
//! The reference hides punctuation from espeak-ng and puts it back afterwards: the text is cut at
//! every run of punctuation marks (`; : , . ! ? ¡ ¿ — … " « » “ ” ( ) { } [ ]`, with the white space
//! around the run; a `,` or `.` between two digits is not a mark), each piece between the runs is
//! phonemized on its own, and the runs are put back as they were written. [`phonemize`] does the
//! same with aloud's libespeak-ng, so that the model hears the quotation marks, dashes and
//! brackets it was trained with. One difference, on purpose: espeak-ng's language-switch marks
//! (`(fr)`) are removed, where the reference keeps them and the model reads `(`, `f`, `r`, `)` as
//! sounds. Symbols outside the vocabulary are dropped by [`tokenize`], which reports them.

use crate::synth::espeak;
use crate::synth::SynthError;

/// The longest token sequence the model takes in one pass (its context is 512 with the two pads).
pub const MAX_TOKENS: usize = 510;

/// Kokoro v1.0's vocabulary: symbol and token id (from the model's `config.json`).
pub const VOCAB: [(char, i64); 114] = [
    (';', 1),
    (':', 2),
    (',', 3),
    ('.', 4),
    ('!', 5),
    ('?', 6),
    ('—', 9),
    ('…', 10),
    ('"', 11),
    ('(', 12),
    (')', 13),
    ('“', 14),
    ('”', 15),
    (' ', 16),
    ('\u{303}', 17),
    ('ʣ', 18),
    ('ʥ', 19),
    ('ʦ', 20),
    ('ʨ', 21),
    ('ᵝ', 22),
    ('\u{AB67}', 23),
    ('A', 24),
    ('I', 25),
    ('O', 31),
    ('Q', 33),
    ('S', 35),
    ('T', 36),
    ('W', 39),
    ('Y', 41),
    ('ᵊ', 42),
    ('a', 43),
    ('b', 44),
    ('c', 45),
    ('d', 46),
    ('e', 47),
    ('f', 48),
    ('h', 50),
    ('i', 51),
    ('j', 52),
    ('k', 53),
    ('l', 54),
    ('m', 55),
    ('n', 56),
    ('o', 57),
    ('p', 58),
    ('q', 59),
    ('r', 60),
    ('s', 61),
    ('t', 62),
    ('u', 63),
    ('v', 64),
    ('w', 65),
    ('x', 66),
    ('y', 67),
    ('z', 68),
    ('ɑ', 69),
    ('ɐ', 70),
    ('ɒ', 71),
    ('æ', 72),
    ('β', 75),
    ('ɔ', 76),
    ('ɕ', 77),
    ('ç', 78),
    ('ɖ', 80),
    ('ð', 81),
    ('ʤ', 82),
    ('ə', 83),
    ('ɚ', 85),
    ('ɛ', 86),
    ('ɜ', 87),
    ('ɟ', 90),
    ('ɡ', 92),
    ('ɥ', 99),
    ('ɨ', 101),
    ('ɪ', 102),
    ('ʝ', 103),
    ('ɯ', 110),
    ('ɰ', 111),
    ('ŋ', 112),
    ('ɳ', 113),
    ('ɲ', 114),
    ('ɴ', 115),
    ('ø', 116),
    ('ɸ', 118),
    ('θ', 119),
    ('œ', 120),
    ('ɹ', 123),
    ('ɾ', 125),
    ('ɻ', 126),
    ('ʁ', 128),
    ('ɽ', 129),
    ('ʂ', 130),
    ('ʃ', 131),
    ('ʈ', 132),
    ('ʧ', 133),
    ('ʊ', 135),
    ('ʋ', 136),
    ('ʌ', 138),
    ('ɣ', 139),
    ('ɤ', 140),
    ('χ', 142),
    ('ʎ', 143),
    ('ʒ', 147),
    ('ʔ', 148),
    ('ˈ', 156),
    ('ˌ', 157),
    ('ː', 158),
    ('ʰ', 162),
    ('ʲ', 164),
    ('↓', 169),
    ('→', 171),
    ('↗', 172),
    ('↘', 173),
    ('ᵻ', 177),
];

/// The token id of `symbol`, if the vocabulary has it.
pub fn token_id(symbol: char) -> Option<i64> {
    VOCAB.iter().find(|(c, _)| *c == symbol).map(|(_, id)| *id)
}

/// Punctuation the reference keeps out of espeak-ng's sight and puts back.
const MARKS: &str = ";:,.!?¡¿—…\"«»“”(){}[]";

/// Whether the character at `i` of `chars` is a punctuation mark: one of [`MARKS`], except a
/// `,` or `.` with a digit on both sides (a decimal or thousands separator).
fn is_mark(chars: &[char], i: usize) -> bool {
    let c = chars[i];
    if !MARKS.contains(c) {
        return false;
    }
    if c == ',' || c == '.' {
        let digit_before = i > 0 && chars[i - 1].is_ascii_digit();
        let digit_after = chars.get(i + 1).is_some_and(char::is_ascii_digit);
        return !(digit_before && digit_after);
    }
    true
}

/// A piece of text between punctuation, or a run of punctuation with the white space around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Words to phonemize.
    Words(String),
    /// Punctuation (and the spaces around it) kept as written.
    Marks(String),
}

/// `text` cut into words and punctuation runs, in order; concatenated they give `text` back.
pub fn pieces(text: &str) -> Vec<Piece> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut words = String::new();
    let mut i = 0;
    while i < chars.len() {
        if !is_mark(&chars, i) {
            words.push(chars[i]);
            i += 1;
            continue;
        }
        // A run: marks, possibly with white space between them, and the white space on both
        // sides (the white space before it is taken back from the words).
        let kept = words.trim_end().len();
        let mut run: String = words[kept..].to_string();
        words.truncate(kept);
        let mut end = i;
        loop {
            while end < chars.len() && is_mark(&chars, end) {
                run.push(chars[end]);
                end += 1;
            }
            let mut j = end;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            let spaces: String = chars[end..j].iter().collect();
            run.push_str(&spaces);
            end = j;
            if !(end < chars.len() && is_mark(&chars, end)) {
                break;
            }
        }
        if !words.is_empty() {
            out.push(Piece::Words(std::mem::take(&mut words)));
        }
        out.push(Piece::Marks(run));
        i = end;
    }
    if !words.is_empty() {
        out.push(Piece::Words(words));
    }
    out
}

/// `text` as IPA with stress and its punctuation, the way the reference phonemizes for Kokoro,
/// spoken by espeak-ng's voice `voice` (`en-us`, `en-gb`). White space is one space, none at the
/// ends. Symbols outside the vocabulary are still there ([`tokenize`] drops them).
pub fn phonemize(text: &str, voice: &str) -> Result<String, SynthError> {
    let mut out = String::new();
    for piece in pieces(text.trim()) {
        match piece {
            Piece::Marks(m) => out.push_str(&m),
            Piece::Words(w) => {
                let clauses = espeak::phonemize(voice, &w)?;
                let ipa: Vec<String> = clauses
                    .iter()
                    .map(|c| espeak::strip_language_flags(&c.phonemes).trim().to_string())
                    .filter(|p| !p.is_empty())
                    .collect();
                out.push_str(&ipa.join(" "));
            }
        }
    }
    Ok(out.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The token ids of `phonemes`, and the symbols left out because the vocabulary lacks them.
pub fn tokenize(phonemes: &str) -> (Vec<i64>, Vec<char>) {
    let mut ids = Vec::with_capacity(phonemes.len());
    let mut unknown = Vec::new();
    for c in phonemes.chars() {
        match token_id(c) {
            Some(id) => ids.push(id),
            None => {
                if !unknown.contains(&c) {
                    unknown.push(c);
                }
            }
        }
    }
    (ids, unknown)
}

/// `phonemes` without the symbols the vocabulary lacks, white space made single spaces.
pub fn known(phonemes: &str) -> String {
    let kept: String = phonemes
        .chars()
        .filter(|c| token_id(*c).is_some())
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

const SENTENCE_ENDS: &str = ".!?…";
const CLAUSE_ENDS: &str = ",;:—";

/// Cuts `phonemes` (vocabulary symbols only, one token per character) into batches of at most
/// `max` tokens for separate passes: at the ends of sentences if that is enough, else also at
/// clause punctuation, else also between words; a single word longer than `max` (which no
/// language has) is cut where it must be. Batches are balanced: as few as the cuts allow, and
/// as even as they can be within that number, because a short batch is spoken at a different
/// pace. Punctuation stays with the text before it. Each batch is trimmed; empty ones are dropped.
pub fn batches(phonemes: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let text = phonemes.trim();
    if text.chars().count() <= max {
        return if text.is_empty() {
            Vec::new()
        } else {
            vec![text.to_string()]
        };
    }
    let mut atoms = Vec::new();
    split_atoms(text, max, 0, &mut atoms);
    let lengths: Vec<usize> = atoms.iter().map(|a| a.chars().count()).collect();
    let fewest = pack(&lengths, max).len();
    // The smallest limit that needs no more batches than `max` does.
    let (mut low, mut high) = (lengths.iter().copied().max().unwrap_or(1), max);
    while low < high {
        let mid = (low + high) / 2;
        if pack(&lengths, mid).len() <= fewest {
            high = mid;
        } else {
            low = mid + 1;
        }
    }
    pack(&lengths, low)
        .into_iter()
        .map(|(a, b)| atoms[a..b].join(" "))
        .collect()
}

/// Splits `text` into pieces of at most `max` characters at the boundary of `level` (0:
/// sentence ends, 1: clause punctuation, 2: spaces) or finer, pushing them to `out`.
fn split_atoms(text: &str, max: usize, level: usize, out: &mut Vec<String>) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    if text.chars().count() <= max {
        out.push(text.to_string());
        return;
    }
    for lvl in level..3 {
        let parts = split_after(text, lvl);
        if parts.len() > 1 {
            for p in parts {
                split_atoms(&p, max, lvl + 1, out);
            }
            return;
        }
    }
    // One unbroken run longer than the model takes: cut it rather than lose its end.
    let chars: Vec<char> = text.chars().collect();
    for chunk in chars.chunks(max) {
        out.push(chunk.iter().collect());
    }
}

/// `text` split at white space that follows a sentence end (`level` 0), a clause mark (1), or
/// any white space (2).
fn split_after(text: &str, level: usize) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut prev: Option<char> = None;
    for c in text.chars() {
        let cut = c.is_whitespace()
            && match level {
                0 => prev.is_some_and(|p| SENTENCE_ENDS.contains(p)),
                1 => prev.is_some_and(|p| CLAUSE_ENDS.contains(p)),
                _ => true,
            };
        if cut {
            if !current.trim().is_empty() {
                parts.push(std::mem::take(&mut current));
            }
            current.clear();
        } else {
            current.push(c);
        }
        prev = Some(c);
    }
    if !current.trim().is_empty() {
        parts.push(current);
    }
    parts
}

/// Groups consecutive atoms of `lengths` (joined by one space) into batches of at most `limit`,
/// as index ranges.
fn pack(lengths: &[usize], limit: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let (mut start, mut size) = (0usize, 0usize);
    for (i, len) in lengths.iter().enumerate() {
        let grown = if i == start { *len } else { size + 1 + len };
        if grown > limit && i > start {
            out.push((start, i));
            start = i;
            size = *len;
        } else {
            size = grown;
        }
    }
    if !lengths.is_empty() {
        out.push((start, lengths.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vocabulary_has_114_distinct_symbols_and_ids() {
        let mut ids: Vec<i64> = VOCAB.iter().map(|(_, i)| *i).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 114);
        let mut chars: Vec<char> = VOCAB.iter().map(|(c, _)| *c).collect();
        chars.sort_unstable();
        chars.dedup();
        assert_eq!(chars.len(), 114);
        assert_eq!(token_id(' '), Some(16));
        assert_eq!(token_id('ˈ'), Some(156));
        assert_eq!(token_id('ᵻ'), Some(177));
        assert_eq!(token_id('g'), None, "Kokoro's g is U+0261 ɡ");
    }

    #[test]
    fn punctuation_runs_keep_their_spaces_and_decimals_stay_in_words() {
        let got = pieces("Well, he said \"no\" — twice. It cost 3.5 million!");
        let w = |s: &str| Piece::Words(s.into());
        let m = |s: &str| Piece::Marks(s.into());
        assert_eq!(
            got,
            vec![
                w("Well"),
                m(", "),
                w("he said"),
                m(" \""),
                w("no"),
                m("\" — "),
                w("twice"),
                m(". "),
                w("It cost 3.5 million"),
                m("!"),
            ]
        );
        let joined: String = got
            .iter()
            .map(|p| match p {
                Piece::Words(s) | Piece::Marks(s) => s.as_str(),
            })
            .collect();
        assert_eq!(joined, "Well, he said \"no\" — twice. It cost 3.5 million!");
        assert_eq!(pieces("…"), vec![m("…")]);
        assert_eq!(
            pieces("(aside) end"),
            vec![m("("), w("aside"), m(") "), w("end")]
        );
    }

    #[test]
    fn tokenize_maps_each_symbol_and_reports_the_unknown_once() {
        let (ids, unknown) = tokenize("hˈɛloʊ, wˈɜːld!");
        assert_eq!(
            ids,
            vec![50, 156, 86, 54, 57, 135, 3, 16, 65, 156, 87, 158, 54, 46, 5]
        );
        assert!(unknown.is_empty());
        let (ids, unknown) = tokenize("a#b#");
        assert_eq!(ids, vec![43, 44]);
        assert_eq!(unknown, vec!['#']);
        assert_eq!(known(" a#  b\n"), "a b");
    }

    #[test]
    fn short_text_is_one_batch() {
        assert_eq!(batches("həlˈoʊ.", 510), vec!["həlˈoʊ.".to_string()]);
        assert!(batches("   ", 510).is_empty());
    }

    #[test]
    fn long_text_is_cut_at_sentences_first_then_clauses_never_inside_a_word() {
        let s = "aaaa bbbb. cccc dddd, eeee ffff. gggg";
        let b = batches(s, 12);
        for batch in &b {
            assert!(batch.chars().count() <= 12, "{b:?}");
        }
        // Every word survives whole, in order.
        let words: Vec<&str> = b.iter().flat_map(|x| x.split(' ')).collect();
        assert_eq!(
            words,
            vec!["aaaa", "bbbb.", "cccc", "dddd,", "eeee", "ffff.", "gggg"]
        );
        // Sentence ends are used before clause marks: the first cut follows "bbbb.".
        let b = batches(s, 20);
        assert_eq!(b[0], "aaaa bbbb.");
        assert!(b.iter().all(|x| x.chars().count() <= 20), "{b:?}");
    }

    #[test]
    fn batches_are_balanced() {
        // Ten 9-character words: packing greedily to 50 gives 50 + 39; balanced gives 2 × ~45.
        let s = ["abcdefghi"; 10].join(" ");
        let b = batches(&s, 50);
        assert_eq!(b.len(), 2);
        let lens: Vec<usize> = b.iter().map(|x| x.chars().count()).collect();
        assert!(lens.iter().all(|l| (39..=49).contains(l)), "{lens:?}");
    }

    #[test]
    fn a_word_longer_than_the_limit_is_cut_rather_than_lost() {
        let b = batches("abcdefghij", 4);
        assert_eq!(b.concat(), "abcdefghij");
        assert!(b.iter().all(|x| x.chars().count() <= 4));
    }

    #[test]
    fn phonemize_keeps_punctuation_and_stress_like_the_reference() {
        let p = phonemize("Hello, world! \"Yes\" — (maybe).", "en-us").unwrap();
        assert!(p.starts_with("həlˈoʊ, wˈɜːld! \""), "{p}");
        assert!(p.contains("\" — ("), "{p}");
        assert!(p.ends_with(")."), "{p}");
        assert!(p.contains('ˈ'), "{p}");
    }
}
