//! Deciding what each unit of a plain-text article is: title, byline, heading, or a block
//! (paragraph, list item, table row, question). See the parent module for the rules.

use std::sync::OnceLock;

use regex::Regex;

use super::lines::{ends_closed, ends_sentence, is_caps_line, Marker, Unit};
use crate::article::BlockKind;

/// Longest heading, in characters and words.
const HEADING_MAX_CHARS: usize = 100;
const HEADING_MAX_WORDS: usize = 14;
/// Longest heading in sentence case ("Why it matters"), in words.
const SENTENCE_CASE_HEADING_MAX_WORDS: usize = 8;
/// Longest title, in characters and words.
const TITLE_MAX_CHARS: usize = 150;
const TITLE_MAX_WORDS: usize = 25;
/// Longest standalone line read as a table row rather than a paragraph.
const ROW_MAX_CHARS: usize = 250;
/// A unit at least this long is prose even without closing punctuation.
const PROSE_MIN_CHARS: usize = 120;

/// What a unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The article title.
    Title,
    /// The byline.
    Byline,
    /// A section heading of this level.
    Heading(u8),
    /// A block of this kind in the current section.
    Block(BlockKind),
    /// Not read: a site menu ("Home", "News", "Sport") above the title.
    Menu,
}

/// A unit's candidacy before runs of candidates are resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cand {
    /// A heading whatever surrounds it (setext, ALL CAPS).
    Strong(u8),
    /// A numbered heading (`2. The afternoon problem`) unless it turns out to be a list.
    Numbered(u8),
    /// A short unpunctuated line.
    Generic,
    /// Not a heading.
    Content,
}

fn count_up_to(iter: impl Iterator, limit: usize) -> usize {
    iter.take(limit + 1).count()
}

/// A short line without closing punctuation that starts with a capital (or a digit).
fn heading_like(t: &str) -> bool {
    let words = count_up_to(t.split_whitespace(), HEADING_MAX_WORDS);
    if t.len() > HEADING_MAX_CHARS * 4
        || count_up_to(t.chars(), HEADING_MAX_CHARS) > HEADING_MAX_CHARS
        || words > HEADING_MAX_WORDS
        || ends_closed(t)
        || !t.chars().any(char::is_alphabetic)
    {
        return false;
    }
    // A longer line in sentence case is more likely an image caption than a heading.
    if words > SENTENCE_CASE_HEADING_MAX_WORDS && !title_case(t) {
        return false;
    }
    t.chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(|c| !c.is_lowercase())
}

/// True when most significant words start with a capital ("What Comes Next for the Port").
fn title_case(t: &str) -> bool {
    const SMALL: [&str; 22] = [
        "a", "an", "the", "of", "in", "on", "for", "to", "and", "or", "but", "with", "at", "by",
        "from", "as", "is", "are", "vs", "into", "via", "it",
    ];
    let significant: Vec<char> = t
        .split_whitespace()
        .take(HEADING_MAX_WORDS + 1)
        .filter(|w| {
            let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
            !SMALL.iter().any(|s| bare.eq_ignore_ascii_case(s))
        })
        .filter_map(|w| w.chars().find(|c| c.is_alphabetic()))
        .collect();
    let capital = significant.iter().filter(|c| c.is_uppercase()).count();
    significant.len() >= 2 && capital * 10 >= significant.len() * 8
}

/// A short question in Title Case ("What Comes Next for the Port?"): a heading, where a question
/// in sentence case ("Who could blame them?") is prose.
fn question_heading(t: &str) -> bool {
    t.ends_with('?')
        && t.len() <= HEADING_MAX_CHARS * 4
        && t.chars().count() <= HEADING_MAX_CHARS
        && count_up_to(t.split_whitespace(), HEADING_MAX_WORDS) <= HEADING_MAX_WORDS
        && title_case(t)
}

/// A unit that reads as running prose (so a short line before it can be its heading).
fn prose(u: &Unit) -> bool {
    u.marker == Marker::None
        && (u.lines > 1 || ends_sentence(&u.text) || u.chars >= PROSE_MIN_CHARS)
}

/// A dateline: "March 3, 2025", "3 March 2025", "2025-03-03", "Updated: …".
fn date_like(t: &str) -> bool {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    if t.len() > 160 {
        return false;
    }
    // Without a digit only the first alternative can match: rule lines out before compiling.
    if !t.chars().any(char::is_numeric) {
        let head: String = t
            .chars()
            .take(12)
            .map(|c| {
                if c == 'ſ' {
                    's'
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect();
        if !["published", "updated", "posted", "last updated"]
            .iter()
            .any(|w| head.starts_with(w))
        {
            return false;
        }
    }
    RE.get_or_init(|| {
        const MONTH: &str = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?";
        Regex::new(&format!(
            r"(?i)^(?:published|updated|posted|last updated)(?-u:\b)|(?-u:\b)\d{{4}}-\d{{1,2}}-\d{{1,2}}(?-u:\b)|(?-u:\b)\d{{1,2}}/\d{{1,2}}/\d{{2,4}}(?-u:\b)|(?-u:\b){MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}(?-u:\b)|(?-u:\b)\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH},?\s+\d{{4}}(?-u:\b)"
        ))
        .ok()
    })
    .as_ref()
    .is_some_and(|re| re.is_match(t))
}

/// The byline a line states ("By Jane Doe", "by Jane Doe and Sam Lee | Reuters"), as written.
pub fn byline(text: &str) -> Option<String> {
    let t = text.trim();
    if t.len() > 200 {
        return None;
    }
    let rest = t.get(..3).filter(|p| p.eq_ignore_ascii_case("by "))?;
    let rest = t[rest.len()..].trim_start();
    let starts_name = rest.chars().next().is_some_and(char::is_uppercase);
    let words = rest.split_whitespace().count();
    (starts_name && words <= 12 && !t.ends_with(['.', '?', '!', ':']))
        .then(|| crate::article::collapse_whitespace(t))
}

/// True for a heading that opens an FAQ section.
pub fn is_faq_heading(h: &str) -> bool {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    // Every alternative has "faq", "question" or `&`: rule headings out before compiling.
    let folded: String = h
        .chars()
        .map(|c| {
            if c == 'ſ' {
                's'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    if !(folded.contains("faq") || folded.contains("question") || folded.contains('&')) {
        return false;
    }
    RE.get_or_init(|| {
        Regex::new(r"(?i)(?-u:\b)(?:faqs?|frequently asked questions|questions (?:and|&) answers|q\s*&\s*a|common questions)(?-u:\b)").ok()
    })
    .as_ref()
    .is_some_and(|re| re.is_match(h))
}

/// True when a line inside an FAQ asks a question: it ends with `?`, starts with `Q:`, or (for a
/// line that looked like a heading) starts with a question word and is not in Title Case ("How to
/// renew a passport" asks; "What We Learned" is the next section).
pub fn asks(t: &str, heading_like: bool) -> bool {
    if t.trim_end_matches(['"', '\'', '”', '’', ')'])
        .ends_with('?')
        || t.starts_with("Q:")
        || t.starts_with("Q.")
    {
        return true;
    }
    const WORDS: [&str; 18] = [
        "what", "how", "why", "when", "where", "who", "which", "whose", "is", "are", "can", "do",
        "does", "should", "will", "could", "would", "did",
    ];
    heading_like
        && !title_case(t)
        && t.split_whitespace()
            .next()
            .is_some_and(|w| WORDS.iter().any(|q| w.eq_ignore_ascii_case(q)))
}

fn date_like_line(u: &Unit) -> bool {
    u.lines == 1 && date_like(&u.text)
}

fn title_like(u: &Unit) -> bool {
    let words = count_up_to(u.text.split_whitespace(), TITLE_MAX_WORDS);
    (u.lines == 1 || u.setext.is_some())
        && u.marker == Marker::None
        && u.chars <= TITLE_MAX_CHARS
        && words <= TITLE_MAX_WORDS
        && !(u.text.ends_with('.') && words > 4)
        && !date_like(&u.text)
        && byline(&u.text).is_none()
}

/// True when unit `i` opens a group of at least two further rows that are all longer than it:
/// the caption of a small table ("Opening Hours" over "Saturday 9 am to 1 pm", ...).
fn heads_rows(units: &[Unit], i: usize, group_len: usize) -> bool {
    let u = &units[i];
    group_len >= 3
        && count_up_to(u.text.split_whitespace(), 6) <= 6
        && units[i + 1..]
            .iter()
            .take_while(|n| n.group == u.group)
            .all(|n| n.chars > u.chars)
}

/// How many units at the start form a site menu: a first group of at least three one-line
/// entries of at most three words each, without punctuation, followed by a title.
fn menu_len(units: &[Unit]) -> usize {
    let len = units.iter().take_while(|u| u.group == 0).count();
    let entry = |u: &Unit| {
        u.lines == 1
            && u.marker == Marker::None
            && u.setext.is_none()
            && u.chars <= 25
            && u.text.split_whitespace().count() <= 3
            && !ends_closed(&u.text)
    };
    let is_menu =
        len >= 3 && units[..len].iter().all(entry) && units.get(len).is_some_and(title_like);
    if is_menu {
        len
    } else {
        0
    }
}

/// The level a numbered heading's marker gives: `2.` → 2, `2.1` → 3.
fn numbered_level(u: &Unit) -> u8 {
    let marker = u
        .text
        .get(..u.number_len)
        .unwrap_or("")
        .trim_end_matches(['.', ')', ' ', '\t']);
    (2 + marker.matches('.').count()).min(6) as u8
}

/// Per-unit candidacy; `groups` tells how many units and numbered units each group has.
fn candidate(units: &[Unit], i: usize, group_units: &[usize], group_numbers: &[usize]) -> Cand {
    let u = &units[i];
    if u.toc {
        return Cand::Content;
    }
    if let Some(level) = u.setext {
        return Cand::Strong(level);
    }
    if u.lines == 1
        && u.marker == Marker::None
        && is_caps_line(&u.text)
        && count_up_to(u.text.split_whitespace(), 12) <= 12
        && !ends_closed(u.text.trim_end_matches(':'))
    {
        return Cand::Strong(2);
    }
    if u.lines != 1 || u.cells {
        return Cand::Content;
    }
    // A bold line that reads like a heading, before body text, is a subhead.
    if u.bold
        && crate::article::subhead::looks_like_subhead(&u.text)
        && units
            .get(i + 1)
            .is_some_and(|n| prose(n) || n.marker != Marker::None)
    {
        return Cand::Strong(2);
    }
    // Alone between blank lines, or opening (or set between) prose inside a group.
    let alone = group_units[u.group] == 1;
    let placed = alone || {
        // What follows may open the next group when this line closes its own.
        let next = units.get(i + 1);
        let prev_ok = u.index == 0 || i.checked_sub(1).is_some_and(|p| prose(&units[p]));
        prev_ok && next.is_some_and(|n| prose(n) || n.marker != Marker::None)
            || u.index == 0 && heads_rows(units, i, group_units[u.group])
    };
    if !placed {
        return Cand::Content;
    }
    match u.marker {
        Marker::Number
            if group_numbers[u.group] == 1
                && heading_like(u.text.get(u.number_len..).unwrap_or("")) =>
        {
            Cand::Numbered(numbered_level(u))
        }
        Marker::None
            if heading_like(&u.text) && !date_like(&u.text) && byline(&u.text).is_none() =>
        {
            Cand::Generic
        }
        Marker::None if question_heading(&u.text) => Cand::Generic,
        _ => Cand::Content,
    }
}

/// Decides every unit's role. `groups` is the number of blank-line separated groups.
pub fn roles(units: &[Unit], groups: usize) -> Vec<Role> {
    let group_count = units.last().map_or(0, |u| u.group + 1).max(groups);
    let mut group_units = vec![0usize; group_count];
    let mut group_numbers = vec![0usize; group_count];
    for u in units {
        group_units[u.group] += 1;
        if u.marker == Marker::Number {
            group_numbers[u.group] += 1;
        }
    }

    let mut roles: Vec<Option<Role>> = vec![None; units.len()];
    let mut start = menu_len(units);
    for role in &mut roles[..start] {
        *role = Some(Role::Menu);
    }
    if units.get(start).is_some_and(title_like) {
        roles[start] = Some(Role::Title);
        start += 1;
    }
    // The byline follows the title, possibly after a dateline.
    let mut k = start;
    while let Some(u) = units
        .get(k)
        .filter(|u| u.lines == 1 && u.marker == Marker::None)
    {
        if byline(&u.text).is_some() {
            roles[k] = Some(Role::Byline);
            break;
        }
        if !date_like(&u.text) {
            break;
        }
        k += 1;
    }

    let cands: Vec<Cand> = (0..units.len())
        .map(|i| {
            if i < start || roles[i].is_some() || date_like_line(&units[i]) && i <= k {
                Cand::Content
            } else {
                candidate(units, i, &group_units, &group_numbers)
            }
        })
        .collect();

    // Resolve runs of numbered/generic candidates with nothing between them.
    let mut i = start;
    while i < units.len() {
        if !matches!(cands[i], Cand::Numbered(_) | Cand::Generic) {
            if let Cand::Strong(level) = cands[i] {
                roles[i] = Some(Role::Heading(level));
            }
            i += 1;
            continue;
        }
        let mut j = i;
        while j < units.len() && matches!(cands[j], Cand::Numbered(_) | Cand::Generic) {
            j += 1;
        }
        let at_end = j == units.len();
        let numbered = cands[i..j]
            .iter()
            .filter(|c| matches!(c, Cand::Numbered(_)))
            .count();
        let generic = (j - i) - numbered;
        for k in i..j {
            roles[k] = Some(match cands[k] {
                Cand::Numbered(_) if at_end || numbered >= 2 => Role::Block(BlockKind::ListItem),
                Cand::Numbered(level) => Role::Heading(level),
                _ if at_end => Role::Block(BlockKind::Paragraph),
                _ if generic >= 3 => Role::Block(BlockKind::ListItem),
                _ => Role::Heading(2),
            });
        }
        i = j;
    }

    // Everything else is a block; standalone single lines sharing a group are table rows.
    let mut group_rows = vec![0usize; group_count];
    let mut group_cells = vec![0usize; group_count];
    for (u, r) in units.iter().zip(&roles) {
        if r.is_none() && u.lines == 1 && u.marker == Marker::None {
            group_rows[u.group] += 1;
        }
        if u.cells {
            group_cells[u.group] += 1;
        }
    }
    let rows_allowed = groups >= 3;
    units
        .iter()
        .zip(roles)
        .map(|(u, r)| {
            r.unwrap_or_else(|| {
                Role::Block(if u.toc {
                    BlockKind::ListItem
                } else if u.cells && group_cells[u.group] >= 2 {
                    BlockKind::TableRow
                } else if u.marker != Marker::None {
                    BlockKind::ListItem
                } else if rows_allowed
                    && u.lines == 1
                    && group_rows[u.group] >= 2
                    && u.chars <= ROW_MAX_CHARS
                {
                    BlockKind::TableRow
                } else {
                    BlockKind::Paragraph
                })
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_like_lines_are_short_capitalised_and_unpunctuated() {
        assert!(heading_like("Concerns Surrounding the Deal"));
        assert!(heading_like("Why it matters"));
        assert!(!heading_like("Why it matters."));
        assert!(!heading_like("Here is what we know:"));
        assert!(!heading_like("and then it went on"));
        assert!(!heading_like(&"Word ".repeat(20)));
        assert!(heading_like(
            "The Role of Friendly Governments in Mediating Talks"
        ));
        assert!(!heading_like(
            "Protesters gather outside the parliament building in the capital on Monday"
        ));
    }

    #[test]
    fn title_case_questions_are_headings_and_sentence_case_ones_are_not() {
        assert!(question_heading("What Comes Next for the Port?"));
        assert!(question_heading("Is the Deal Worth It?"));
        assert!(!question_heading("Who could blame them?"));
        assert!(!question_heading(
            "What is the significance of the Iran US negotiations proposed by President Masoud Pezeshkian?"
        ));
    }

    #[test]
    fn bylines_name_people_after_by() {
        assert_eq!(byline("By Jane Doe").as_deref(), Some("By Jane Doe"));
        assert_eq!(
            byline("by  Ana Lima and Tom Ek | Wire").as_deref(),
            Some("by Ana Lima and Tom Ek | Wire")
        );
        assert_eq!(byline("By the time we arrived, it was over."), None);
        assert_eq!(byline("Bystanders gathered"), None);
    }

    #[test]
    fn datelines_are_recognised() {
        for d in [
            "March 3, 2025",
            "3 March 2025",
            "Updated 10:42 GMT",
            "2025-03-03",
            "Tuesday, Sept. 9, 2025",
        ] {
            assert!(date_like(d), "{d}");
        }
        assert!(!date_like("March Madness Returns"));
        assert!(!date_like("The May Elections"));
    }

    #[test]
    fn faq_headings_and_questions_are_recognised() {
        assert!(is_faq_heading("Frequently Asked Questions"));
        assert!(is_faq_heading("FAQ"));
        assert!(is_faq_heading("Q&A"));
        assert!(!is_faq_heading("Summary"));
        assert!(asks("What happens next?", false));
        assert!(asks("How to renew a passport", true));
        assert!(!asks("How to renew a passport", false));
        assert!(!asks("Key Points Details", true));
        assert!(!asks("What We Learned", true));
    }
}
