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
    // Word boundaries are ASCII (`(?-u:\b)`) so that the fast DFA engines can run on any text.
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(concat!(
            r"(?i)^(?:",
            r"listen to (?:this|the) (?:article|story|post)(?-u:\b).{0,30}",
            r"|(?:\d+\s*)?min(?:ute)?s? read|reading time:?.{0,20}",
            r"|scroll to (?:the )?top|back to top",
            r"|(?:share|post|tweet)(?: (?:this|the))?(?: (?:article|story|page|post))?(?: (?:on|via|to) .*)?:?",
            r"|follow us(?: on .*)?|(?:previous|next) (?:article|post|story)",
            r"|print(?: this)?(?: page| article| story)?|email(?: this)?(?: page| article| story)?",
            r"|copy(?: the)? link|link copied",
            r"|advertisements?|sponsored(?: content)?|ad",
            r"|(?:sign up|subscribe)(?: to| for)? .*(?:newsletter|updates|free|now|today)[.!]?",
            r"|subscribe(?: now)?|sign in|log in|register",
            r"|(?:\d+ )?comments?(?: \(\d+\))?|leave a (?:comment|reply)|view comments|show comments",
            r"|tags?:.*|filed under:?.*|related(?: articles| stories| posts| content| reading)?:?",
            r"|most (?:read|popular|viewed):?|read next:?|you (?:may|might) also like:?",
            r"|recommended(?: for you| articles| stories| reading)?:?|trending(?: now)?:?",
            r"|more (?:stories|articles|posts)(?: from .{1,40}| like this)?:?",
            r"|read more:?|continue reading|skip to (?:main )?content|accept(?: all)? cookies",
            r"|table of contents|contents:?|in this (?:article|story):?|on this page:?|jump to:?",
            r"|toggle(?: table of contents)?",
            r"|.*©.*|.*(?-u:\b)all rights reserved(?-u:\b).*|copyright \d{4}.*",
            r"|image:? [\w\- ]*\d[\w\- ]*|(?:image|photo)(?::| by) .*|(?:image|photo)? ?(?:credit|courtesy):? .*",
            r"|(?:image|photo|picture) source:? .*|categor(?:y|ies):.*|posted in [\w ,&]{1,40}",
            r"|.*\.(?:webp|jpe?g|png|gif|svg|avif)",
            // Breadcrumbs: "Home › World › Middle East", "News / Science / Space".
            r"|[^›»>/]{1,30}(?:(?:›|»|>| / )[^›»>/]{1,30}){2,}",
            r")$"
        ))
        .expect("boilerplate pattern is valid")
    });
    re.is_match(t)
}

#[cfg(test)]
mod tests {
    use super::is_boilerplate;

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
