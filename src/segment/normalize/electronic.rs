//! URLs and e-mail addresses, read in a short form: the scheme, "www." and any path are left
//! out (`https://www.riversidemarket.example.org/about` → "riversidemarket dot example dot org"),
//! an address is read "jane at example dot com". Digits are said one by one, "-" as "dash" and
//! "_" as "underscore"; short country domains are spelled ("dot D E").

use std::sync::LazyLock;

use regex::Regex;

use super::numbers::digit_by_digit;
use super::tokens::Kind;
use super::{Ctx, Hit};

static EMAIL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^([A-Za-z0-9._%+&-]+)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)$").ok()
});
static URL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^(?i:(https?|ftp)://)?(?i:www\.)?([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)(?::\d+)?(?:[/?#].*)?$").ok()
});

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
        if last && !SAID_TLDS.contains(&label.to_ascii_lowercase().as_str()) && label.len() <= 3 {
            // Country domains are spelled: "dot D E" (a voice reads "DE" as a word).
            let letters: Vec<String> = label
                .chars()
                .map(|c| c.to_ascii_uppercase().to_string())
                .collect();
            out.push(letters.join(" "));
        } else {
            part(label, out);
        }
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
    } else {
        let c = URL.as_ref()?.captures(run)?;
        let h = c.get(2)?.as_str();
        let explicit =
            c.get(1).is_some() || run.get(..4).is_some_and(|w| w.eq_ignore_ascii_case("www."));
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
        host(h, &mut words);
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
    fn urls_are_read_as_their_host() {
        assert_eq!(
            say("see https://www.riversidemarket.example.org/about."),
            "see riversidemarket dot example dot org."
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
            "j dot doe two at mail dot example dot D E"
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
