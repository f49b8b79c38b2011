//! What the normalizer changed in an utterance, as pairs of written and spoken words, so a user
//! can see why a word sounds wrong (`aloud outline --spoken`). A word-level comparison of the two
//! forms; changes of quote style alone ("’" → "'") are not reported.

/// The words as compared: curly quotes and apostrophes made straight.
fn key(w: &str) -> String {
    w.replace(['’', '‘'], "'").replace(['“', '”'], "\"")
}

/// The stretches of `written` that were said differently, each with what is said instead.
/// For example "Dr. Rao paid $5." / "Doctor Rao paid five dollars." gives
/// `[("Dr.", "Doctor"), ("$5.", "five dollars.")]`.
pub fn changes(written: &str, spoken: &str) -> Vec<(String, String)> {
    let a: Vec<&str> = written.split_whitespace().collect();
    let b: Vec<&str> = spoken.split_whitespace().collect();
    let ka: Vec<String> = a.iter().map(|w| key(w)).collect();
    let kb: Vec<String> = b.iter().map(|w| key(w)).collect();
    // Long utterances are compared in one piece rather than with a large table.
    if a.len().saturating_mul(b.len()) > 250_000 {
        return if ka == kb {
            Vec::new()
        } else {
            vec![(a.join(" "), b.join(" "))]
        };
    }
    // Longest common subsequence of words, filled from the end.
    let (n, m) = (a.len(), b.len());
    let mut lcs = vec![0u32; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[at(i, j)] = if ka[i] == kb[j] {
                lcs[at(i + 1, j + 1)] + 1
            } else {
                lcs[at(i + 1, j)].max(lcs[at(i, j + 1)])
            };
        }
    }
    // Hunks as (start in `a`, end in `a`, start in `b`, end in `b`).
    let mut hunks: Vec<(usize, usize, usize, usize)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    let mut open: Option<(usize, usize)> = None;
    while i < n || j < m {
        if i < n && j < m && ka[i] == kb[j] {
            if let Some((ai, bj)) = open.take() {
                hunks.push((ai, i, bj, j));
            }
            i += 1;
            j += 1;
        } else {
            open.get_or_insert((i, j));
            if j < m && (i == n || lcs[at(i, j + 1)] >= lcs[at(i + 1, j)]) {
                j += 1;
            } else {
                i += 1;
            }
        }
    }
    if let Some((ai, bj)) = open {
        hunks.push((ai, n, bj, m));
    }
    // A hunk that only adds or only drops words right after another change belongs to it
    // ("$41.5 million" → "forty-one point five million dollars" is one change, not two).
    let mut merged: Vec<(usize, usize, usize, usize)> = Vec::new();
    for h in hunks {
        if let Some(last) = merged.last_mut() {
            let one_sided = h.0 == h.1 || h.2 == h.3;
            if one_sided && h.0 - last.1 <= 2 && h.0 - last.1 == h.2 - last.3 {
                last.1 = h.1;
                last.3 = h.3;
                continue;
            }
        }
        merged.push(h);
    }
    merged
        .into_iter()
        .map(|(a0, a1, b0, b1)| (a[a0..a1].join(" "), b[b0..b1].join(" ")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_added_after_a_change_joins_that_change() {
        assert_eq!(
            changes(
                "It cost $41.5 million in all.",
                "It cost forty-one point five million dollars in all."
            ),
            vec![(
                "$41.5 million".to_string(),
                "forty-one point five million dollars".to_string()
            )]
        );
    }

    #[test]
    fn changed_words_are_paired_with_their_spoken_form() {
        assert_eq!(
            changes("Dr. Rao paid $5.", "Doctor Rao paid five dollars."),
            vec![
                ("Dr.".to_string(), "Doctor".to_string()),
                ("$5.".to_string(), "five dollars.".to_string())
            ]
        );
    }

    #[test]
    fn quote_style_alone_is_not_a_change() {
        assert!(changes("Iran’s plan", "Iran's plan").is_empty());
    }

    #[test]
    fn identical_text_has_no_changes() {
        assert!(changes("a b c", "a b c").is_empty());
    }
}
