//! Recognising boilerplate: lines and blocks a page shows but a listener must never hear
//! ("Listen to this article", "Scroll to Top", share/print/email rows, "Advertisement", image file
//! names, copyright lines, comment counters, subscribe prompts). Every reader asks
//! [`is_boilerplate`] about each block before keeping it.

use std::sync::OnceLock;

use regex::Regex;

/// True when `text` is boilerplate that opens a list of links to other pages ("Related
/// articles", "Most read", "You may also like", "Read more:"): the short lines after it are
/// headlines of other articles, not this one.
pub fn opens_link_list(text: &str) -> bool {
    let t = text.trim().trim_end_matches(':').trim_end().to_lowercase();
    let t = t.as_str();
    t.starts_with("related")
        || t.starts_with("most read")
        || t.starts_with("most popular")
        || t.starts_with("most viewed")
        || t.starts_with("more stories")
        || t.starts_with("more articles")
        || t.starts_with("more posts")
        || t.starts_with("recommended")
        || t.starts_with("trending")
        || matches!(
            t,
            "read more" | "read next" | "you may also like" | "you might also like"
        )
}

/// True when `text` (one block or line, any case) is boilerplate rather than article text.
pub fn is_boilerplate(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() {
        return true;
    }
    // Long blocks are article text even when they mention "share" or "subscribe".
    if t.chars().count() > 160 {
        return false;
    }
    let folded: String = t.chars().map(fold).collect();
    let first_is_digit = t.chars().next().is_some_and(char::is_numeric);
    ALTERNATIVES
        .iter()
        .zip(&COMPILED)
        .any(|((might, pattern), re)| {
            might(&folded, first_is_digit)
                && re
                    .get_or_init(|| Regex::new(&format!("(?i)^(?:{pattern})$")).ok())
                    .as_ref()
                    .is_some_and(|re| re.is_match(t))
        })
}

/// A quick test on the folded line (and whether it starts with a digit) that is true whenever
/// the pattern beside it could match.
type Might = fn(&str, bool) -> bool;

fn starts(folded: &str, words: &[&str]) -> bool {
    words.iter().any(|w| folded.starts_with(w))
}

/// The boilerplate patterns (each matched against the whole line, any case), each behind a quick
/// test so that a line compiles and runs only the patterns it could match: compiling all of
/// them takes milliseconds, a good part of the time before listening starts. Word boundaries are
/// ASCII (`(?-u:\b)`) so that the fast DFA engines can run on any text.
const ALTERNATIVES: &[(Might, &str)] = &[
    (
        |f, _| f.starts_with("listen"),
        r"listen to (?:this|the) (?:article|story|post)(?-u:\b).{0,30}",
    ),
    (
        |f, d| d || starts(f, &["min", "read"]),
        r"(?:\d+\s*)?min(?:ute)?s? read|reading time:?.{0,20}",
    ),
    (
        |f, _| starts(f, &["scroll", "back"]),
        r"scroll to (?:the )?top|back to top",
    ),
    (
        |f, _| starts(f, &["share", "post", "tweet"]),
        r"(?:share|post|tweet)(?: (?:this|the))?(?: (?:article|story|page|post))?(?: (?:on|via|to) .*)?:?",
    ),
    (
        |f, _| starts(f, &["follow", "previous", "next"]),
        r"follow us(?: on .*)?|(?:previous|next) (?:article|post|story)",
    ),
    (
        |f, _| starts(f, &["print", "email"]),
        r"print(?: this)?(?: page| article| story)?|email(?: this)?(?: page| article| story)?",
    ),
    (
        |f, _| starts(f, &["copy", "link"]),
        r"copy(?: the)? link|link copied",
    ),
    (
        |f, _| starts(f, &["ad", "sponsored"]),
        r"advertisements?|sponsored(?: content)?|ad",
    ),
    (
        |f, _| starts(f, &["sign", "subscribe", "log", "register"]),
        r"(?:sign up|subscribe)(?: to| for)? .*(?:newsletter|updates|free|now|today)[.!]?|subscribe(?: now)?|sign in|log in|register",
    ),
    (
        |f, d| d || starts(f, &["comment", "leave", "view", "show"]),
        r"(?:\d+ )?comments?(?: \(\d+\))?|leave a (?:comment|reply)|view comments|show comments",
    ),
    (
        |f, _| starts(f, &["tag", "filed", "related"]),
        r"tags?:.*|filed under:?.*|related(?: articles| stories| posts| content| reading)?:?",
    ),
    (
        |f, _| starts(f, &["most", "read", "you"]),
        r"most (?:read|popular|viewed):?|read next:?|you (?:may|might) also like:?",
    ),
    (
        |f, _| starts(f, &["recommended", "trending"]),
        r"recommended(?: for you| articles| stories| reading)?:?|trending(?: now)?:?",
    ),
    (
        |f, _| f.starts_with("more"),
        r"more (?:stories|articles|posts)(?: from .{1,40}| like this)?:?",
    ),
    (
        |f, _| starts(f, &["read", "continue", "skip", "accept"]),
        r"read more:?|continue reading|skip to (?:main )?content|accept(?: all)? cookies",
    ),
    (
        |f, _| {
            starts(
                f,
                &["table", "contents", "in this", "on this", "jump", "toggle"],
            )
        },
        r"table of contents|contents:?|in this (?:article|story):?|on this page:?|jump to:?|toggle(?: table of contents)?",
    ),
    (
        |f, _| f.contains('©') || f.contains("all rights reserved") || f.starts_with("copyright"),
        r".*©.*|.*(?-u:\b)all rights reserved(?-u:\b).*|copyright \d{4}.*",
    ),
    (
        |f, _| starts(f, &["image", "photo", "credit", "courtesy", "picture"]),
        r"image:? [\w\- ]*\d[\w\- ]*|(?:image|photo)(?::| by) .*|(?:image|photo)? ?(?:credit|courtesy):? .*|(?:image|photo|picture) source:? .*",
    ),
    (
        |f, _| starts(f, &["categor", "posted in"]),
        r"categor(?:y|ies):.*|posted in [\w ,&]{1,40}",
    ),
    (
        |f, _| {
            [".webp", ".jpg", ".jpeg", ".png", ".gif", ".svg", ".avif"]
                .iter()
                .any(|e| f.ends_with(e))
        },
        r".*\.(?:webp|jpe?g|png|gif|svg|avif)",
    ),
    // Breadcrumbs: "Home › World › Middle East", "News / Science / Space".
    (
        |f, _| f.contains(['›', '»', '>', '/']),
        r"[^›»>/]{1,30}(?:(?:›|»|>| / )[^›»>/]{1,30}){2,}",
    ),
];

/// Each pattern of [`ALTERNATIVES`], compiled on first use.
static COMPILED: [OnceLock<Option<Regex>>; ALTERNATIVES.len()] =
    [const { OnceLock::new() }; ALTERNATIVES.len()];

/// Lower case as the patterns' `(?i)` sees it where the quick tests look: ASCII letters, plus
/// the two non-ASCII letters that fold to ASCII ones (`ſ` to `s`, the Kelvin sign to `k`).
fn fold(c: char) -> char {
    match c {
        'ſ' => 's',
        '\u{212A}' => 'k',
        c => c.to_ascii_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::{fold, is_boilerplate, ALTERNATIVES};

    #[test]
    fn boilerplate_behind_each_quick_test_is_still_found() {
        for line in [
            "ſhare on Facebook",
            "AD",
            "Photo credit: A. Person",
            "Credit: Wire",
            "3 comments",
            "Copyright 2024 Someone",
            "Toggle",
            "Reading time: 4 minutes",
            "portrait.JPG",
        ] {
            assert!(is_boilerplate(line), "{line:?}");
        }
        let plain: String = "The talks resumed on Tuesday.".chars().map(fold).collect();
        assert!(
            ALTERNATIVES.iter().all(|(might, _)| !might(&plain, false)),
            "an ordinary sentence compiles no pattern"
        );
    }

    #[test]
    fn reader_chrome_is_boilerplate() {
        for line in [
            "Listen to this article",
            "Scroll to Top",
            "Share on Facebook",
            "Print this page",
            "Email this page",
            "Copy link",
            "Advertisement",
            "image fd142e2b 1269 4f3e a177 e11822c27732.webp",
            "Photo: Jane Doe/Reuters",
            "Image by Sam Lee",
            "© 2025 Example News. All rights reserved.",
            "12 Comments",
            "Subscribe to our newsletter",
            "Tags: politics, economy",
            "Home › World › Middle East",
            "Listen to this article · 6 min",
            "Table of Contents",
            "In this article:",
            "5 min read",
            "Share:",
            "Follow us on Instagram",
            "Next article",
            "Image source: Wire Photos",
            "Posted in Politics, World",
            "You may also like",
            "More stories from Harbour Herald",
            "Most popular:",
            "News / Science / Space",
        ] {
            assert!(is_boilerplate(line), "{line:?} should be boilerplate");
        }
    }

    #[test]
    fn article_sentences_are_not_boilerplate() {
        for line in [
            "Share prices fell sharply on Monday after the announcement.",
            "The company said it would print fewer copies next year.",
            "Summary",
            "Frequently Asked Questions",
            "By Jane Doe | Reuters | March 3",
            "Posted in 2019, the video was watched by millions.",
            "Next steps for the council",
            "Prices rose 5% in May / June and fell in July.",
            "Photos from the scene show a damaged bridge and flooded streets near the river.",
            "Image quality improved a lot.",
            "Photo finish decides the sprint.",
        ] {
            assert!(!is_boilerplate(line), "{line:?} is article text");
        }
    }
}

#[cfg(test)]
mod link_list_tests {
    use super::{is_boilerplate, opens_link_list};

    #[test]
    fn link_list_openers_are_boilerplate_and_say_so() {
        for line in [
            "Related articles",
            "Most read",
            "You may also like",
            "Read more:",
        ] {
            assert!(is_boilerplate(line) && opens_link_list(line), "{line}");
        }
        assert!(!opens_link_list("Scroll to Top"));
    }
}
