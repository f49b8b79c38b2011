//! URLs and e-mail addresses, read as written: the scheme, "www." and a short path are said
//! (`https://www.riversidemarket.example.org/about` → "HTTPS colon slash slash WWW dot
//! riversidemarket dot example dot org slash about"); a long path or one with a query is left
//! out. An address is read "jane at example dot com". Digits are said one by one, "-" as "dash"
//! and "_" as "underscore"; short country domains are written in capitals so a voice spells them
//! ("dot DE").

use std::sync::LazyLock;

use regex::Regex;

use super::numbers::digit_by_digit;
use super::tokens::Kind;
use super::{Ctx, Hit};

static EMAIL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^([A-Za-z0-9._%+&-]+)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)(/.*)?$").ok()
});
static URL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^(?i:(https?|ftp)://)?((?i:www)\.)?([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)(?::\d+)?([/?#].*)?$").ok()
});
/// A path short and plain enough to be said: segments of letters, digits, "-", "_" and ".".
static SAID_PATH: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^(?:/[A-Za-z0-9._-]*){1,2}$").ok());
/// The longest path that is said; longer ones are left out.
const MAX_SAID_PATH: usize = 32;

/// Top-level domains said as words; others are spelled.
const SAID_TLDS: &[&str] = &[
    "com", "org", "net", "edu", "gov", "info", "biz", "mil", "int", "news", "app", "dev", "shop",
    "online", "site", "blog",
];
/// Bare domains (no scheme, no www) are recognized only with one of these endings.
const KNOWN_TLDS: &[&str] = &[
    "com", "org", "net", "edu", "gov", "info", "io", "co", "uk", "de", "fr", "it", "es", "nl",
    "ca", "au", "jp", "cn", "ru", "ir", "in", "br", "ch", "se", "no", "eu", "us", "ai", "app",
    "dev", "news", "tv", "me", "ly", "gg", "be", "at", "pl", "sm",
];

/// One part of an address: letters as written, digits one by one, symbols as words.
fn part(s: &str, out: &mut Vec<String>) {
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut Vec<String>| {
        if !word.is_empty() {
            out.push(std::mem::take(word));
        }
    };
    for c in s.chars() {
        match c {
            'a'..='z' | 'A'..='Z' => word.push(c),
            '0'..='9' => {
                flush(&mut word, out);
                out.push(digit_by_digit(&c.to_string()));
            }
            '.' => {
                flush(&mut word, out);
                out.push("dot".into());
            }
            '-' => {
                flush(&mut word, out);
                out.push("dash".into());
            }
            '_' => {
                flush(&mut word, out);
                out.push("underscore".into());
            }
            '+' => {
                flush(&mut word, out);
                out.push("plus".into());
            }
            '&' => {
                flush(&mut word, out);
                out.push("ampersand".into());
            }
            _ => flush(&mut word, out),
        }
    }
    flush(&mut word, out);
}

fn host(h: &str, out: &mut Vec<String>) {
    let labels: Vec<&str> = h.split('.').collect();
    for (k, label) in labels.iter().enumerate() {
        if k > 0 {
            out.push("dot".into());
        }
        let last = k + 1 == labels.len();
        if last
            && !SAID_TLDS.contains(&label.to_ascii_lowercase().as_str())
            && label.len() <= 3
            && label.bytes().all(|b| b.is_ascii_alphabetic())
        {
            // Country domains in capitals, which a voice spells: "dot DE".
            out.push(label.to_ascii_uppercase());
        } else {
            part(label, out);
        }
    }
}

/// A path after a host, when it is short and plain: "/about/team" → "slash about slash team".
/// A bare "/", paths of three or more parts, paths with a query and ones with a long number (an
/// article's or issue's id, which would be read digit by digit) are not said.
fn path(p: &str, out: &mut Vec<String>) {
    let p = p.trim_end_matches('/');
    let long_number = p
        .split(|c: char| !c.is_ascii_digit())
        .any(|digits| digits.len() > 4);
    if p.is_empty()
        || p.len() > MAX_SAID_PATH
        || long_number
        || !SAID_PATH.as_ref().is_some_and(|r| r.is_match(p))
    {
        return;
    }
    for seg in p.split('/').skip(1) {
        out.push("slash".into());
        part(seg, out);
    }
}

/// The rule: a URL or an e-mail address starting at token `i`.
pub(crate) fn rule(ctx: &Ctx, i: usize) -> Option<Hit> {
    let t = ctx.get(i)?;
    if t.kind == Kind::Punct {
        return None;
    }
    // Only at the start of a run of non-space text (or after an opening bracket or quote), so
    // each run is looked at once.
    if !t.sp
        && !ctx
            .prev(i)
            .is_some_and(|p| p.sp && matches!(p.text, "(" | "[" | "<" | "\"" | "'" | "“" | "‘"))
    {
        return None;
    }
    let rest = ctx.rest(i);
    let run_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let run = &rest[..run_len];
    if !run.contains('.') {
        return None;
    }
    // Trailing punctuation belongs to the sentence.
    let run = run.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '"', '\'', '’', '”']);
    let mut words = Vec::new();
    if run.contains('@') {
        let c = EMAIL.as_ref()?.captures(run)?;
        part(c.get(1)?.as_str(), &mut words);
        words.push("at".into());
        host(c.get(2)?.as_str(), &mut words);
        if let Some(p) = c.get(3) {
            path(p.as_str(), &mut words);
        }
    } else {
        let c = URL.as_ref()?.captures(run)?;
        let h = c.get(3)?.as_str();
        let explicit = c.get(1).is_some() || c.get(2).is_some();
        let tld = h.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
        if !explicit {
            // A bare domain: known ending, a first label longer than one letter, no digits only.
            let first = h.split('.').next().unwrap_or("");
            if !KNOWN_TLDS.contains(&tld.as_str())
                || first.len() < 2
                || first.bytes().all(|b| b.is_ascii_digit())
                || run.len() != h.len() && !run[h.len()..].starts_with('/')
            {
                return None;
            }
        }
        if let Some(scheme) = c.get(1) {
            words.push(scheme.as_str().to_ascii_uppercase());
            words.push("colon slash slash".into());
        }
        if c.get(2).is_some() {
            words.push("WWW dot".into());
        }
        host(h, &mut words);
        if let Some(p) = c.get(4) {
            path(p.as_str(), &mut words);
        }
    }
    let n = ctx.tokens_in(i, run.len())?;
    Hit::new(n, words.join(" "))
}

#[cfg(test)]
mod tests {
    use crate::segment::normalize::spoken;
    use crate::segment::Lexicon;

    fn say(s: &str) -> String {
        spoken(s, &Lexicon::default())
    }

    #[test]
    fn urls_are_read_with_scheme_www_and_a_short_path() {
        assert_eq!(
            say("see https://www.riversidemarket.example.org/about."),
            "see HTTPS colon slash slash WWW dot riversidemarket dot example dot org slash about."
        );
        assert_eq!(
            say("www.lakeshorebakery.net"),
            "WWW dot lakeshorebakery dot net"
        );
        assert_eq!(
            say("www.tidepool.org.nz/42-fish"),
            "WWW dot tidepool dot org dot NZ slash four two dash fish"
        );
    }

    #[test]
    fn long_paths_and_queries_are_left_out() {
        assert_eq!(
            say("http://example.com/search?q=bread&page=2 now"),
            "HTTP colon slash slash example dot com now"
        );
        assert_eq!(
            say("example.org/a/very/long/path/with-many-segments-in-it"),
            "example dot org"
        );
        // Three parts, or an article's number: the host is enough.
        assert_eq!(
            say("See https://code.example.com/river-lang/river/issues/12345 for it."),
            "See HTTPS colon slash slash code dot example dot com for it."
        );
        assert_eq!(
            say("The site news.example.co.uk/world-12345678 had it."),
            "The site news dot example dot co dot UK had it."
        );
        assert_eq!(
            say("example.org/news/2024"),
            "example dot org slash news slash two zero two four"
        );
    }

    #[test]
    fn email_addresses_say_at_and_dot() {
        assert_eq!(
            say("write to jane@example.com"),
            "write to jane at example dot com"
        );
        assert_eq!(
            say("j.doe2@mail.example.de"),
            "j dot doe two at mail dot example dot DE"
        );
        assert_eq!(
            say("k9@post.example.xyz"),
            "k nine at post dot example dot XYZ"
        );
        assert_eq!(
            say("ops@example.co.uk/rota"),
            "ops at example dot co dot UK slash rota"
        );
    }

    #[test]
    fn long_run_without_spaces_is_handled_in_linear_time() {
        let run = "a.".repeat(50_000);
        assert!(say(&run).starts_with("a.a."));
        let quoted = "'9".repeat(50_000);
        assert!(say(&quoted).starts_with("'nine'nine"));
    }

    #[test]
    fn bare_domains_need_a_known_ending() {
        assert_eq!(
            say("visit example.com today"),
            "visit example dot com today"
        );
        assert_eq!(say("Node.js is fine"), "Node.js is fine");
    }
}
