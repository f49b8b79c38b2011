//! Recognising boilerplate: lines and blocks a page shows but a listener must never hear
//! ("Listen to this article", "Scroll to Top", share/print/email rows, "Advertisement", image file
//! names, copyright lines, comment counters, subscribe and newsletter prompts, cookie notices,
//! photo credits, wire-service reporting credits, pointers to more coverage at a web address,
//! where the article first appeared ("Originally published at …"), lines that are only web
//! addresses). Every reader (HTML, Markdown, plain text)
//! asks [`is_boilerplate`] about each block before keeping it, and drops the network names listed
//! under a share label ([`is_share_label`], [`is_share_row`]).

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

/// Words of share, follow, print and email rows: the networks and the actions around them.
const SHARE_WORDS: &[&str] = &[
    "share",
    "this",
    "article",
    "story",
    "post",
    "page",
    "on",
    "via",
    "to",
    "with",
    "follow",
    "us",
    "facebook",
    "twitter",
    "x",
    "linkedin",
    "whatsapp",
    "reddit",
    "pinterest",
    "telegram",
    "email",
    "e-mail",
    "mail",
    "print",
    "messenger",
    "bluesky",
    "threads",
    "mastodon",
    "flipboard",
    "tumblr",
    "pocket",
    "sms",
    "copy",
    "link",
    "save",
    "tweet",
    "comment",
    "comments",
    "gift",
    "instagram",
    "youtube",
    "tiktok",
    "rss",
    "friend",
    "friends",
    "send",
];

/// Words of [`SHARE_WORDS`] that name a network or an action on the page (not "this", "on"...).
fn is_network_or_action(w: &str) -> bool {
    !matches!(
        w,
        "this"
            | "article"
            | "story"
            | "post"
            | "page"
            | "on"
            | "via"
            | "to"
            | "with"
            | "us"
            | "friend"
            | "friends"
    )
}

/// The words of a short row, split at spaces and the separators rows use (`|`, `·`, `•`, `,`,
/// `/`), with colons and brackets around them removed; `None` when the row is long.
fn row_words(t: &str) -> Option<impl Iterator<Item = &str>> {
    (t.len() <= 200).then(|| {
        t.split(|c: char| c.is_whitespace() || matches!(c, '|' | '·' | '•' | ',' | '/'))
            .map(|w| w.trim_matches(|c: char| matches!(c, ':' | '(' | ')' | '[' | ']')))
            .filter(|w| !w.is_empty())
    })
}

/// Whether `w` is one of `words`, in any case.
fn among(words: &[&str], w: &str) -> bool {
    words.iter().any(|x| x.eq_ignore_ascii_case(w))
}

/// True for a row made only of share/follow/print/email words ("Share this: Facebook Twitter
/// Email", "Print | Email", "Facebook", "Follow us on Instagram"), with at least one network or
/// action named.
pub fn is_share_row(text: &str) -> bool {
    let Some(words) = row_words(text.trim()) else {
        return false;
    };
    let mut named = false;
    for w in words {
        if !among(SHARE_WORDS, w) {
            return false;
        }
        named |= is_network_or_action(&w.to_ascii_lowercase());
    }
    named
}

/// True for a label that opens a row or list of share links ("Share this:", "Share", "Share
/// this article", "Follow us"): what follows it, while it only names networks, is not read.
pub fn is_share_label(text: &str) -> bool {
    let Some(mut words) = row_words(text.trim()) else {
        return false;
    };
    const LABEL: &[&str] = &["share", "follow"];
    const REST: &[&str] = &[
        "share", "follow", "this", "article", "story", "post", "page", "on", "via", "us",
    ];
    let first = words.next().is_some_and(|w| among(LABEL, w));
    let mut count = 1;
    for w in words {
        count += 1;
        if count > 4 || !among(REST, w) {
            return false;
        }
    }
    first
}

/// A row of short pieces joined by ` | `, ` · ` or ` • ` of which one is boilerplate ("Print |
/// Email | Share", "Ferry fares rise · Bridge closed · Sign up for our newsletter").
fn is_furniture_row(t: &str) -> bool {
    if !t.contains(['|', '·', '•']) {
        return false;
    }
    let pieces: Vec<&str> = t
        .split(['|', '·', '•'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    pieces.len() >= 2
        && pieces.iter().all(|p| {
            // A piece with a sentence's end inside it ("Fares stay. Print") holds prose.
            p.split_whitespace().nth(12).is_none()
                && !p.ends_with('.')
                && ![". ", "? ", "! "].iter().any(|end| p.contains(end))
        })
        && pieces
            .iter()
            .any(|p| !p.contains(['|', '·', '•']) && is_boilerplate(p))
}

/// Headlines of other stories tagged `[VIDEO]`, `[PICS]`, `[INSIGHT]`: two or more such tags.
fn is_teaser_row(t: &str) -> bool {
    if t.len() > 600 || !t.contains('[') {
        return false;
    }
    let tags = t
        .split('[')
        .skip(1)
        .filter(|part| {
            part.split_once(']').is_some_and(|(tag, after)| {
                let after = after.trim_start();
                tag.len() >= 3
                    && tag.len() <= 12
                    && tag.bytes().all(|b| b.is_ascii_uppercase() || b == b' ')
                    && (after.is_empty()
                        || after.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                        || after.starts_with(['|', '·', '•', '\'', '"', '‘', '“']))
            })
        })
        .count();
    tags >= 2
}

/// A line that is only full web addresses ("https://example.com/a"): the Markdown and plain-text
/// readers drop it. (A web page shows such a line as a link the reader may follow, so the HTML
/// reader keeps it; a bare "www.example.com" is often a site's sign-off and stays everywhere.)
pub fn is_address_line(t: &str) -> bool {
    t.split_whitespace().all(|w| {
        let w = w.trim_matches(|c: char| matches!(c, '<' | '>' | '(' | ')'));
        w.starts_with("http://") || w.starts_with("https://")
    })
}

/// A cookie notice ("We use cookies to improve your experience. By continuing…").
fn is_cookie_notice(t: &str) -> bool {
    if t.len() > 600
        || !t
            .as_bytes()
            .windows(6)
            .any(|w| w.eq_ignore_ascii_case(b"cookie"))
    {
        return false;
    }
    let folded: String = t.chars().map(fold).collect();
    folded.contains("cookie")
        && [
            "we use cookies",
            "site uses cookies",
            "page uses cookies",
            "use of cookies",
            "accept cookies",
            "accept all",
            "cookie settings",
            "cookie policy",
            "cookie preferences",
            "you agree",
            "you consent",
        ]
        .iter()
        .any(|p| folded.contains(p))
}

/// A photo credit on a line of its own: "Jane Doe/Agency", "Chang W. Lee/The Daily Paper".
pub fn is_photo_credit(text: &str) -> bool {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    if text.len() > 80 || !text.contains('/') {
        return false;
    }
    let re = RE.get_or_init(|| {
        Regex::new(concat!(
            r"^(?:\p{Lu}[\p{L}.'’-]*\s+){1,4}\p{Lu}[\p{L}.'’-]*\s*/\s*",
            r"(?:\p{Lu}[\p{L}&.'’-]*\s*){1,5}$"
        ))
        .ok()
    });
    re.as_ref().is_some_and(|re| re.is_match(text.trim()))
}

/// True when `text` (one block or line, any case) is boilerplate rather than article text.
pub fn is_boilerplate(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() {
        return true;
    }
    if is_cookie_notice(t) {
        return true;
    }
    // Long blocks are article text even when they mention "share" or "subscribe".
    if t.chars().count() > 160 {
        return false;
    }
    if is_teaser_row(t) {
        return true;
    }
    // "You may also like...": the trailing dots say nothing.
    let t = if t.ends_with("...") || t.ends_with('…') {
        t.trim_end_matches(['.', '…']).trim_end()
    } else {
        t
    };
    if t.is_empty() {
        return true;
    }
    if is_share_row(t) && t.split_whitespace().nth(1).is_some()
        || is_photo_credit(t)
        || is_furniture_row(t)
    {
        return true;
    }
    // At most 160 characters here, so at most 640 bytes: folded on the stack, not the heap.
    let mut buf = [0u8; 640];
    let owned: String;
    let folded = if t.len() <= buf.len() {
        fold_into(t, &mut buf)
    } else {
        owned = t.chars().map(fold).collect();
        &owned
    };
    let first_is_digit = t.chars().next().is_some_and(char::is_numeric);
    ALTERNATIVES
        .iter()
        .zip(&COMPILED)
        .any(|((might, pattern), re)| {
            might(folded, first_is_digit)
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
        r"follow us(?: on .*)?|follow (?:us|him|her|them|me) (?:on|at) (?:twitter|facebook|instagram|x|linkedin|threads|bluesky|mastodon)(?-u:\b).{0,60}|(?:previous|next) (?:article|post|story)",
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
        r"advert(?:isement|ising)?s?|sponsored(?: content)?|ad",
    ),
    (
        |f, _| starts(f, &["sign", "subscribe", "log", "register"]),
        r"(?:sign up|subscribe)(?: to| for)? .*(?:newsletters?|updates|free|now|today)(?: here)?[.!]?|subscribe(?: now)?|sign in|log in|register",
    ),
    // A call to sign up: "Click here to subscribe to the Harbour newsletter", "Get more
    // stories like this in your inbox!".
    (
        |f, _| f.contains("newsletter") || f.contains("inbox"),
        r"(?:click here (?:to|and) )?(?:sign up|subscribe|register)(?: now)?(?: to| for)? (?:our|the|my|a) .{0,60}newsletters?(?-u:\b).{0,80}|get .{0,60} (?:in|to|into) your inbox[.!]?",
    ),
    // "Follow the Harbour Times on Instagram and YouTube", "Follow @harbour on Twitter to ...".
    (
        |f, _| f.starts_with("follow"),
        // The networks end the line or lead on to more of them, a handle or what to follow for
        // ("Follow the tangent at x = 2" is mathematics).
        concat!(
            r"follow .{1,60}(?-u:\b)(?:on|at|via) (?:twitter|facebook|instagram|youtube|linkedin|tiktok|threads|bluesky|mastodon|x)",
            r"(?:(?:,| and| or| &) (?:twitter|facebook|instagram|youtube|linkedin|tiktok|threads|bluesky|mastodon|x))*",
            r"(?:[.!]|(?: @| to| for| at)(?-u:\b).{0,100})?",
        ),
    ),
    // A wire story's credits: "(Reporting by A; editing by B)".
    (
        |f, _| starts(f, &["(reporting", "reporting", "(additional", "additional"]),
        r"\(?(?:additional )?reporting by .{3,250}[;,] (?:additional reporting|editing|writing)(?: by)? .{3,250}|\((?:additional )?reporting by .{3,250}\)\.?",
    ),
    // A pointer elsewhere that ends in a web address: "Follow our coverage at https://...".
    (
        |f, _| {
            f.contains("http")
                && starts(
                    f,
                    &[
                        "follow", "more", "for more", "read", "see", "watch", "listen",
                    ],
                )
        },
        // "More" and "follow" only as a pointer ("More coverage at", "Follow our coverage at"),
        // not as prose ("More than 2,000 residents signed at https://...").
        concat!(
            r"(?:(?:follow (?:us|our|along|live|this|the latest)|for more|read|see|watch|listen",
            r"|more (?:coverage|news|stories|information|info|details|updates|on|about|at))(?-u:\b)",
            r"|more(?: [\p{L}'’-]+){0,3}:)",
            r".{0,100}https?://\S+(?: and https?://\S+)?\.?",
        ),
    ),
    (
        |f, _| f.contains("newsletter"),
        r"(?:(?:get|join|try) (?:our|the|my) .{0,40}newsletters?|newsletters?(?: sign[ -]?up)?:?|.{0,40} newsletters?:? sign(?: |-)?up.*)[.!]?",
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
        |f, _| {
            starts(
                f,
                &[
                    "don",
                    "must",
                    "editor",
                    "see also",
                    "also read",
                    "latest",
                    "top stories",
                    "in case",
                ],
            )
        },
        r"don[’']?t miss(?: this)?:?|must read:?|editor[’']?s[’']? picks?:?|see also:?|also read:?|latest (?:news|stories|headlines):?|top stories:?|in case you missed it:?",
    ),
    // Where the article appeared first: "Originally published at example.com on May 2, 2019.",
    // "This article is republished from The Conversation under a Creative Commons license.",
    // "A version of this story first appeared in ...". And "Other people are reading".
    (
        |f, _| {
            starts(
                f,
                &[
                    "originally",
                    "this article",
                    "this story",
                    "this post",
                    "a version of",
                    "other people",
                    "people are",
                    "what others",
                ],
            )
        },
        concat!(
            // A place and perhaps a date, nothing after: "Originally published in 1851, the
            // novel sold poorly" is the article's own sentence.
            r"originally (?:published|posted|appeared) (?:at|on|in|by) [^,;]{3,80}?(?: on [^;]{3,30}?)?\.?",
            r"|this (?:article|story|post) (?:was|is|has been) (?:originally |first )?(?:re)?(?:published|posted) (?:at|on|in|by|from) [^,;]{3,80}?(?: under (?:a|the) creative commons licen[cs]e| with permission)?\.?(?: read the original(?: article)?\.?)?",
            r"|a version of this (?:article|story|post) (?:first |originally )?(?:appeared|was published) .{3,120}",
            r"|(?:other )?people are reading:?|what others are reading:?",
        ),
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
    // Players and widgets that do not work in a reader, and their controls.
    (
        |f, _| {
            starts(
                f,
                &[
                    "media",
                    "this slideshow",
                    "loading",
                    "enlarge",
                    "text size",
                    "next",
                    "learn",
                    "recent",
                    "popular",
                    "like this",
                    "share it",
                ],
            )
        },
        r"media playback is (?:unsupported|not supported) on your device|this (?:slideshow|video|content) requires javascript\.?|loading(?: content)?(?: ?\.\.\.|…)?|enlarge (?:image|photo|this image)|text size|next prev|learn more|recent (?:articles|posts|stories)|popular(?: (?:this week|today|now|articles|stories|posts))?|like this (?:story|article|post)\?(?: share it with a friend!?)?|share it with a friend!?",
    ),
    (
        |f, _| {
            f.contains("contributed") || f.starts_with("write to") || f.starts_with("this document")
        },
        r".{1,80} contributed (?:to this (?:report|story|article)|reporting(?: from .{1,40})?)\.?|write to .{1,60} at \S+@\S+|this (?:document|article|material) is subject to copyright\.?",
    ),
    // A photo credit in parentheses: "(Jane Doe/Agency)", "(Photo: Getty Images)".
    (
        |f, _| f.starts_with('('),
        r"\((?:(?:photo|image|picture|credit)s?:? .{1,70}|[^()]{1,70}/[^()]{1,70})\)",
    ),
    // An e-mail address on its own.
    (|f, _| f.contains('@'), r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    // Breadcrumbs: "Home › World › Middle East", "News / Science / Space".
    (
        |f, _| f.contains(['›', '»', '>', '/']),
        r"[^›»>/]{1,30}(?:(?:›|»|>| / )[^›»>/]{1,30}){2,}",
    ),
];

/// Each pattern of [`ALTERNATIVES`], compiled on first use.
static COMPILED: [OnceLock<Option<Regex>>; ALTERNATIVES.len()] =
    [const { OnceLock::new() }; ALTERNATIVES.len()];

/// `t` folded (see [`fold`]) into `buf`, which holds at least `t.len()` bytes (folding never
/// makes a character longer).
fn fold_into<'b>(t: &str, buf: &'b mut [u8]) -> &'b str {
    let mut len = 0;
    for c in t.chars().map(fold) {
        len += c.encode_utf8(&mut buf[len..]).len();
    }
    std::str::from_utf8(&buf[..len]).unwrap_or_default()
}

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
    use super::{fold, fold_into, is_boilerplate, ALTERNATIVES};

    #[test]
    fn folding_on_the_stack_gives_what_folding_each_character_gives() {
        let longest = "😀".repeat(160);
        for t in ["ſHARE on \u{212A}ICK", "Café ÉTÉ", longest.as_str(), ""] {
            let mut buf = [0u8; 640];
            let expected: String = t.chars().map(fold).collect();
            assert_eq!(fold_into(t, &mut buf), expected);
        }
    }

    #[test]
    fn where_an_article_first_appeared_is_not_read() {
        for line in [
            "Originally published at www.example.com on March 3, 2015.",
            "This article is republished from The Harbour Review under a Creative Commons license.",
            "A version of this story first appeared in the Harbour Times.",
            "Other People Are Reading",
        ] {
            assert!(is_boilerplate(line), "{line:?}");
        }
        for line in [
            "Originally, the plan was to open the library in May.",
            "Originally published in 1851, the novel sold poorly.",
            "This article is republished from many sources, critics complain, without credit.",
            "This story was hard to report, and took a year.",
            "People are reading more books than a decade ago, the survey found.",
        ] {
            assert!(!is_boilerplate(line), "{line:?}");
        }
    }

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
mod furniture_tests {
    use super::{is_address_line, is_boilerplate, is_share_label, is_share_row};

    #[test]
    fn share_print_newsletter_cookie_credit_and_address_rows_are_boilerplate() {
        for line in [
            "Share this: Facebook Twitter Email",
            "Share on X, LinkedIn, WhatsApp",
            "Print | Email",
            "Facebook · Twitter · Email",
            "Ferry fares rise · Bridge closed for repairs · Sign up for our newsletter",
            "Get our free morning newsletter",
            "Newsletter sign-up",
            "We use cookies to improve your experience. By continuing to browse you agree to our cookie policy.",
            "Sam Reed/Harbour Times",
            "You may also like...",
            "DON'T MISS",
            "Editor’s picks",
            "Ferry fares rise [VIDEO] Bridge closed for the winter [PICS]",
            "Advert",
            "Media playback is unsupported on your device",
            "This slideshow requires JavaScript.",
            "Loading content ...",
            "Follow him on Twitter @harbourwriter.",
            "Sign up for our Email Newsletters here.",
            "Ana Lima contributed reporting from the islands.",
            "Write to Sam Reed at sam.reed@example.com",
            "(Ana Lima/The Harbour Times via Wire)",
            "(Photo: Wire Images)",
            "sam.reed@example.com",
            "Click here to subscribe to The Harbour Newsletter",
            "Sign up to our newsletter for ferry times and harbour news",
            "Get More Stories Like This in Your Inbox!",
            "(Reporting by Ana Lima; editing by Sam Reed)",
            "Reporting by Ana Lima; additional reporting by Sam Reed and Jo Park",
            "Follow our full coverage of the storm at https://example.com/storm",
            "More harbour news: https://example.com/harbour and https://example.com/ferries",
            "Like this story? Share it with a friend!",
            "Follow the Harbour Times on Instagram, Facebook and YouTube.",
            "Follow @harbourdeals on Twitter to keep up with the latest fares.",
            "Follow us on X",
            "More coverage at https://example.com/storm",
        ] {
            assert!(is_boilerplate(line), "{line:?} should be boilerplate");
        }
    }

    #[test]
    fn prose_that_mentions_furniture_words_is_kept() {
        for line in [
            "The trust's newsletter first reported the plan in the spring.",
            "Newsletters are popular again.",
            "Share prices on Facebook and Twitter fell.",
            "By Jane Doe | Reuters | March 3",
            // A sentence with a share row pasted onto its line.
            "Fares stay the same. Print | Email | Share",
            "The bakery uses cookies from a family recipe.",
            "Visit https://example.com for the timetable.",
            "The [NEW] ferry and the [OLD] one met in the bay.",
            "Don't miss the last ferry tonight, the captain said.",
            "(The ferry runs hourly.)",
            "Popular demand brought the ferry back.",
            "Follow the river to the old mill.",
            "Reporting by the harbour paper found that fares doubled.",
            "Readers can sign up for the ferry ballot in the spring.",
            "See the timetable at https://example.com/ferry before you travel.",
            "More than 2,000 residents signed the petition at https://example.org/petition",
            "Follow the tangent at x = 2 until it meets the axis.",
            "Follow-up visits are listed at https://example.org/clinic",
        ] {
            assert!(!is_boilerplate(line), "{line:?} is article text");
        }
    }

    #[test]
    fn address_lines_are_only_full_addresses() {
        assert!(is_address_line("https://example.com/lighthouse-keepers"));
        assert!(is_address_line(
            "<http://example.org/a> https://example.org/b"
        ));
        assert!(!is_address_line("www.example.org"));
        assert!(!is_address_line("Visit https://example.com today"));
    }

    #[test]
    fn share_labels_open_rows_of_network_names() {
        assert!(is_share_label("Share this:"));
        assert!(is_share_label("Share"));
        assert!(is_share_label("Follow us"));
        assert!(!is_share_label("Share prices"));
        assert!(is_share_row("Facebook"));
        assert!(is_share_row("WhatsApp"));
        assert!(!is_share_row("Facebook profits"));
        assert!(!is_share_row("this page"));
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
