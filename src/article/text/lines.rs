//! From raw text to units: lines (any of `\n`, `\r\n`, `\r`), groups separated by blank lines,
//! setext underlines attached to the line above, boilerplate and wordless lines dropped, and
//! hard-wrapped lines joined into units. A unit is what the classifier looks at: one paragraph,
//! row, list item or heading candidate.

use crate::article::boilerplate::{
    is_address_line, is_boilerplate, is_share_label, is_share_row, opens_link_list,
};

/// Narrowest and widest line width (in characters) that hard-wrapped prose is assumed to have.
const WRAP_MIN: usize = 40;
const WRAP_MAX: usize = 120;

/// One non-blank line.
#[derive(Debug, Clone)]
pub struct Line<'a> {
    /// The line without surrounding whitespace.
    pub text: &'a str,
    /// Width in characters, leading indentation included.
    pub width: usize,
    /// Leading whitespace in characters.
    pub indent: usize,
    /// Level given by a setext underline below it (`===` 1, `---` 2).
    pub setext: Option<u8>,
    /// Whether tabs split it into table cells.
    pub cells: bool,
    /// Whether it is an entry of a table of contents (short lines after "Table of Contents").
    pub toc: bool,
    /// Whether the whole line was bold (`**…**`, `__…__`; `text` is what is inside).
    pub bold: bool,
}

/// How a unit's first line starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// Plain text.
    None,
    /// A bullet (`-`, `*`, `•`, ...), removed from the unit's text.
    Bullet,
    /// A number (`2.`, `3)`, `2.1`, `IV.`), kept in the text.
    Number,
}

/// A stretch of text the classifier decides about.
#[derive(Debug, Clone)]
pub struct Unit {
    /// The text, lines joined with single spaces.
    pub text: String,
    /// Length of `text` in characters.
    pub chars: usize,
    /// How many lines were joined.
    pub lines: usize,
    /// Setext level, for a single underlined line.
    pub setext: Option<u8>,
    /// What its first line starts with.
    pub marker: Marker,
    /// Length of the number marker in bytes (for `Marker::Number`), else 0.
    pub number_len: usize,
    /// Which blank-line group it belongs to.
    pub group: usize,
    /// Its position inside that group.
    pub index: usize,
    /// Whether it is a row of table cells (now joined as "cell, cell").
    pub cells: bool,
    /// Whether it is an entry of a table of contents.
    pub toc: bool,
    /// Whether it is one line written wholly in bold (`**…**`).
    pub bold: bool,
}

/// Splits text into lines on `\n`, `\r\n` and a lone `\r`.
pub fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n')
        .flat_map(|l| l.strip_suffix('\r').unwrap_or(l).split('\r'))
}

/// The setext level an underline line gives (`===` → 1, `---` → 2), if `t` is one.
fn underline_level(t: &str) -> Option<u8> {
    let first = t.chars().next()?;
    if (first == '=' || first == '-') && t.len() >= 3 && t.chars().all(|c| c == first) {
        Some(if first == '=' { 1 } else { 2 })
    } else {
        None
    }
}

/// Groups of consecutive non-blank lines, with boilerplate and wordless lines removed.
pub fn groups(text: &str) -> Vec<Vec<Line<'_>>> {
    let mut groups = Vec::new();
    let mut current: Vec<Line> = Vec::new();
    // Whether the line just above was kept (an underline only applies to a kept line).
    let mut previous_kept = false;
    // Whether we are in the entries of a table of contents.
    let mut in_toc = false;
    // Whether we are in a list of links to other articles ("Related articles"), and whether
    // one of its lines was dropped already (a blank line then ends it).
    let mut in_links = false;
    let mut dropped_link = false;
    // Whether the lines now may be the networks listed after a share label ("Share this:").
    let mut in_share = false;
    for raw in split_lines(text) {
        let t = raw.trim();
        if t.is_empty() {
            in_links &= !dropped_link;
            if !current.is_empty() {
                groups.push(std::mem::take(&mut current));
            }
            previous_kept = false;
            continue;
        }
        if let Some(level) = underline_level(t) {
            if previous_kept {
                if let Some(prev) = current.last_mut() {
                    if prev.setext.is_none() && can_be_underlined(prev.text) {
                        prev.setext = Some(level);
                    }
                }
            }
            previous_kept = false;
            continue;
        }
        let (t, bold) = match crate::article::subhead::bold_line(t) {
            Some(inner) => (inner, true),
            None => (t, false),
        };
        if in_share && is_share_row(t) {
            previous_kept = false;
            continue;
        }
        in_share = false;
        if !t.chars().any(char::is_alphanumeric) || is_boilerplate(t) || is_address_line(t) {
            in_toc |= is_toc_marker(t);
            in_share = is_share_label(t);
            if opens_link_list(t) {
                in_links = true;
                dropped_link = false;
            }
            previous_kept = false;
            continue;
        }
        // Headlines under "Related articles" are other pages' titles: not read. The list ends
        // at the first line that reads like prose, or at a blank line after a headline.
        in_links &= t.len() <= 600 && t.chars().count() <= 150 && !t.ends_with(['.', '!']);
        if in_links {
            dropped_link = true;
            previous_kept = false;
            continue;
        }
        in_toc &= t.len() <= 400 && t.chars().count() <= 100 && !ends_sentence(t);
        let indent = raw
            .chars()
            .take_while(|c| c.is_whitespace())
            .map(|c| if c == '\t' { 4 } else { 1 })
            .sum();
        let width = indent + t.chars().count();
        current.push(Line {
            text: t,
            width,
            indent,
            setext: None,
            cells: split_cells(t).nth(1).is_some(),
            toc: in_toc,
            bold,
        });
        previous_kept = true;
    }
    if !current.is_empty() {
        groups.push(current);
    }
    groups
}

/// True for the line that opens a table of contents ("Table of Contents", "In this article").
pub fn is_toc_marker(t: &str) -> bool {
    let t = t.trim_end_matches(':').trim().to_lowercase();
    matches!(
        t.as_str(),
        "table of contents"
            | "contents"
            | "in this article"
            | "in this story"
            | "on this page"
            | "jump to"
    )
}

/// The cells of a table row copied from a page (browsers separate cells with tabs). Gaps of
/// spaces are not cells: justified text has them too.
fn split_cells(t: &str) -> impl Iterator<Item = &str> {
    t.split('\t').map(str::trim).filter(|c| !c.is_empty())
}

/// Cells joined as they are read: "cell, cell, cell" (no comma after a cell's own punctuation).
fn join_cells(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    for cell in split_cells(t) {
        if !out.is_empty() {
            out.push_str(if out.ends_with(['.', ',', ';', ':', '!', '?']) {
                " "
            } else {
                ", "
            });
        }
        out.push_str(cell);
    }
    out
}

/// A line that an underline turns into a heading: short, not ending a sentence with a period.
fn can_be_underlined(t: &str) -> bool {
    t.len() <= 400 && t.chars().count() <= 100 && !t.ends_with(['.', ','])
}

/// The marker a line starts with, and the byte length of what to strip (bullets) or keep
/// (numbers).
pub fn marker(t: &str) -> (Marker, usize) {
    let mut chars = t.char_indices();
    let Some((_, first)) = chars.next() else {
        return (Marker::None, 0);
    };
    if matches!(first, '-' | '*' | '+' | '•' | '·' | '‣' | '▪' | '◦' | '–') {
        let rest = &t[first.len_utf8()..];
        if rest.starts_with([' ', '\t']) {
            return (Marker::Bullet, first.len_utf8());
        }
        return (Marker::None, 0);
    }
    // Numbers: `12.` `3)` `(3)` `2.1` `2.1.` followed by a space; Roman numerals with a dot.
    let b = t.as_bytes();
    let mut i = 0;
    let paren = b.first() == Some(&b'(');
    if paren {
        i += 1;
    }
    let start = i;
    let mut dots_inside = 0;
    loop {
        let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 || digits > 3 {
            break;
        }
        i += digits;
        if b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
            i += 1;
            dots_inside += 1;
            continue;
        }
        break;
    }
    if i > start {
        let closed = match b.get(i) {
            Some(b'.') => !paren,
            Some(b')') => true,
            _ => dots_inside > 0 && !paren,
        };
        let end = if matches!(b.get(i), Some(b'.') | Some(b')')) {
            i + 1
        } else {
            i
        };
        // `2.1 Details` is a number; `2.5 million` is not.
        let bare = !matches!(b.get(i), Some(b'.') | Some(b')'));
        let next_upper = t[end..].trim_start().starts_with(char::is_uppercase);
        if closed && b.get(end).is_some_and(|c| *c == b' ' || *c == b'\t') && (!bare || next_upper)
        {
            return (Marker::Number, end);
        }
        return (Marker::None, 0);
    }
    let roman = b
        .iter()
        .take_while(|c| matches!(c, b'I' | b'V' | b'X' | b'L' | b'C'))
        .count();
    if (1..=7).contains(&roman)
        && b.get(roman) == Some(&b'.')
        && b.get(roman + 1).is_some_and(|c| *c == b' ')
    {
        return (Marker::Number, roman + 1);
    }
    (Marker::None, 0)
}

/// True when the text ends a sentence or clause: `.`, `!`, `?`, `;`, `:`, `,` or `…`, possibly
/// followed by closing quotes or brackets.
pub fn ends_closed(t: &str) -> bool {
    let t = t.trim_end_matches(['"', '\'', '”', '’', '»', ')', ']', '*', '_', ' ']);
    t.ends_with(['.', '!', '?', ';', ':', ',', '…'])
}

/// True when the text ends like a sentence (`.`, `!`, `?`, `…`, maybe with closing quotes).
pub fn ends_sentence(t: &str) -> bool {
    t.trim_end_matches(['"', '\'', '”', '’', '»', ')', ']'])
        .ends_with(['.', '!', '?', '…'])
}

/// True when the last word is a title or abbreviation that rarely ends a sentence ("Mr.", "Dr.",
/// "U.S.", an initial "J."), so a line ending with it continues on the next.
fn ends_with_abbreviation(t: &str) -> bool {
    const ABBREVIATIONS: [&str; 16] = [
        "mr.", "mrs.", "ms.", "dr.", "st.", "prof.", "gen.", "sen.", "rep.", "gov.", "jr.", "sr.",
        "e.g.", "i.e.", "vs.", "no.",
    ];
    let last = t.rsplit(char::is_whitespace).next().unwrap_or(t);
    let initial = last.len() == 2 && last.starts_with(|c: char| c.is_ascii_uppercase());
    let dotted = last.len() >= 4 && last.matches('.').count() >= 2 && !last.contains("..");
    initial || dotted || ABBREVIATIONS.iter().any(|a| last.eq_ignore_ascii_case(a))
}

fn starts_uppercase(t: &str) -> bool {
    t.chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(|c| c.is_uppercase() || c.is_numeric())
}

fn starts_lowercase(t: &str) -> bool {
    t.chars().next().is_some_and(char::is_lowercase)
}

fn first_word_chars(t: &str) -> usize {
    t.split_whitespace().next().map_or(0, |w| w.chars().count())
}

/// True for a short ALL CAPS line, which always breaks from what follows.
pub fn is_caps_line(t: &str) -> bool {
    if t.len() > 320 {
        return false;
    }
    let mut letters = 0;
    for c in t.chars() {
        if c.is_alphabetic() {
            if !c.is_uppercase() {
                return false;
            }
            letters += 1;
        }
    }
    letters >= 3 && t.chars().count() <= 80
}

/// Whether the break between lines `a` and `b` of a group whose widest line is `w` characters is
/// a soft wrap inside one paragraph.
fn soft_break(a: &Line, b: &Line, w: usize) -> bool {
    if a.setext.is_some()
        || b.setext.is_some()
        || a.cells
        || b.cells
        || marker(b.text).0 != Marker::None
    {
        return false;
    }
    if is_caps_line(a.text) || is_caps_line(b.text) {
        return false;
    }
    let open = !ends_closed(a.text);
    if a.text.ends_with('-') && starts_lowercase(b.text) {
        return true;
    }
    if open && starts_lowercase(b.text) && w >= WRAP_MIN {
        return true;
    }
    // A line that ends a sentence before a capital is kept apart: rows and one-line paragraphs
    // stay separate, and for wrapped prose the sentences are the same either way.
    if !(WRAP_MIN..=WRAP_MAX).contains(&w)
        || ends_sentence(a.text) && !ends_with_abbreviation(a.text) && starts_uppercase(b.text)
    {
        return false;
    }
    // Greedy wrapping broke here because the next word did not fit.
    if a.width + 1 + first_word_chars(b.text) > w {
        return true;
    }
    // Other wrappers (fmt) leave lines a little shorter; a nearly full line that stops
    // mid-sentence continues on the next.
    open && a.width * 10 >= w * 8
}

/// Joins each group's lines into units.
pub fn units(groups: &[Vec<Line>]) -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::new();
    for (g, lines) in groups.iter().enumerate() {
        let w = lines.iter().map(|l| l.width).max().unwrap_or(0);
        let mut index = 0;
        let mut current: Option<(Unit, usize)> = None; // the unit and its first line's indent
        for (i, line) in lines.iter().enumerate() {
            let join = match (&current, i.checked_sub(1).map(|p| &lines[p])) {
                (Some((unit, indent)), Some(prev)) => {
                    let (m, _) = marker(line.text);
                    if m != Marker::None
                        || line.setext.is_some()
                        || prev.setext.is_some()
                        || line.bold
                        || prev.bold
                        || line.cells
                        || prev.cells
                    {
                        false
                    } else if unit.marker != Marker::None
                        && (line.indent > *indent
                            || !ends_closed(prev.text) && starts_lowercase(line.text))
                    {
                        // An indented line, or a lowercase one after an unfinished line,
                        // continues the list item.
                        true
                    } else {
                        soft_break(prev, line, w)
                    }
                }
                _ => false,
            };
            if join {
                if let Some((unit, _)) = current.as_mut() {
                    let hyphen = unit.text.ends_with('-')
                        && unit
                            .text
                            .trim_end_matches('-')
                            .ends_with(char::is_alphabetic)
                        && line.text.starts_with(char::is_alphabetic);
                    if !hyphen {
                        unit.text.push(' ');
                        unit.chars += 1;
                    }
                    unit.text.push_str(line.text);
                    unit.chars += line.width - line.indent;
                    unit.lines += 1;
                }
                continue;
            }
            if let Some((unit, _)) = current.take() {
                units.push(unit);
                index += 1;
            }
            let (m, len) = marker(line.text);
            let (text, number_len) = match m {
                Marker::Bullet => (line.text[len..].trim_start(), 0),
                Marker::Number => (line.text, len),
                Marker::None => (line.text, 0),
            };
            let text = if line.cells {
                join_cells(text)
            } else {
                text.to_string()
            };
            current = Some((
                Unit {
                    chars: text.chars().count(),
                    text,
                    lines: 1,
                    setext: line.setext,
                    marker: m,
                    number_len,
                    group: g,
                    index,
                    cells: line.cells,
                    toc: line.toc,
                    bold: line.bold,
                },
                line.indent,
            ));
        }
        if let Some((unit, _)) = current.take() {
            units.push(unit);
        }
    }
    units
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit_texts(text: &str) -> Vec<String> {
        units(&groups(text)).into_iter().map(|u| u.text).collect()
    }

    #[test]
    fn all_line_endings_split_lines() {
        let v: Vec<&str> = split_lines("a\r\nb\rc\nd").collect();
        assert_eq!(v, ["a", "b", "c", "d"]);
    }

    #[test]
    fn hard_wrapped_prose_is_joined_into_one_unit() {
        let text = "The committee met on Tuesday to discuss the budget for the coming\n\
                    year, and after a long debate it agreed to fund the new library and\n\
                    the repairs to the old bridge.\n";
        assert_eq!(
            unit_texts(text),
            [
                "The committee met on Tuesday to discuss the budget for the coming year, and \
              after a long debate it agreed to fund the new library and the repairs to the \
              old bridge."
            ]
        );
    }

    #[test]
    fn short_standalone_lines_are_not_run_together() {
        let text = "Location Lisbon, Portugal\nDate the second Monday of May\n\
                    Participants delegates from twelve cities, with observers\n";
        assert_eq!(unit_texts(text).len(), 3);
    }

    #[test]
    fn long_unwrapped_lines_stay_separate_even_when_similar_in_length() {
        let a = "First row label Then a long sentence that explains the first row of the table in detail.";
        let b = "Second row label Another long sentence that explains the second row of the table in full.";
        let a = format!("{a} {a}");
        let b = format!("{b} {b}");
        assert_eq!(unit_texts(&format!("{a}\n{b}\n")).len(), 2);
    }

    #[test]
    fn a_wrap_after_a_title_abbreviation_does_not_end_the_paragraph() {
        let text = "The new harbour master, who took office in March, is the daughter of Dr.\n\
                    Ellen Marsh, who held the same post for twenty years before her.\n";
        assert_eq!(unit_texts(text).len(), 1);
    }

    #[test]
    fn tab_separated_cells_are_joined_with_commas() {
        assert_eq!(
            unit_texts("Station\tDeparts\tArrives\nValley Junction\t21:40\t\t06:15\n"),
            ["Station, Departs, Arrives", "Valley Junction, 21:40, 06:15"]
        );
    }

    #[test]
    fn a_hyphen_at_a_wrap_joins_without_a_space() {
        let text = "This is a rather long line of wrapped prose about a long-\n\
                    standing dispute between the two neighbouring towns of the valley.\n";
        assert!(unit_texts(text)[0].contains("long-standing dispute"));
    }

    #[test]
    fn bullets_start_items_and_indented_lines_continue_them() {
        let text = "- first item\n  continues here\n- second item\n* third item\n";
        assert_eq!(
            unit_texts(text),
            ["first item continues here", "second item", "third item"]
        );
    }

    #[test]
    fn a_list_item_wrapped_without_indentation_continues_in_lowercase() {
        assert_eq!(
            unit_texts(
                "- bring a hat and
some water
- and a map
"
            ),
            ["bring a hat and some water", "and a map"]
        );
    }

    #[test]
    fn markers_are_recognised_only_when_followed_by_a_space() {
        assert_eq!(marker("2. The afternoon problem").0, Marker::Number);
        assert_eq!(marker("2.1 Details").0, Marker::Number);
        assert_eq!(marker("(3) Third").0, Marker::Number);
        assert_eq!(marker("IV. Results").0, Marker::Number);
        assert_eq!(marker("2.5 million people").0, Marker::None);
        assert_eq!(marker("3.5%").0, Marker::None);
        assert_eq!(marker("-5 degrees").0, Marker::None);
        assert_eq!(marker("• dot").0, Marker::Bullet);
        assert_eq!(marker("In 1990 we").0, Marker::None);
    }

    #[test]
    fn underlines_mark_the_line_above_and_separators_vanish() {
        let g = groups("Heading\n=======\ntext\n\n---\n\nMore\n");
        assert_eq!(g[0][0].setext, Some(1));
        assert_eq!(g[0].len(), 2);
        assert_eq!(g.len(), 2);
    }

    #[test]
    fn headlines_under_a_related_articles_line_are_dropped_until_prose() {
        let g = groups("Related articles\nCity Council Votes on Budget\nFerry Times Change\n\nBack to the story.\n");
        let texts: Vec<&str> = g.iter().flatten().map(|l| l.text).collect();
        assert_eq!(texts, ["Back to the story."]);
        let g = groups("Read more:\nFerry Times Change\n\nThe Next Part\n\nText.\n");
        let texts: Vec<&str> = g.iter().flatten().map(|l| l.text).collect();
        assert_eq!(texts, ["The Next Part", "Text."]);
    }

    #[test]
    fn boilerplate_lines_are_dropped_before_grouping() {
        let g = groups("Title\n\nListen to this article\n\nScroll to Top\n");
        assert_eq!(g.len(), 1);
    }
}
