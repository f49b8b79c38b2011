//! Phone numbers and other digit groups read digit by digit: North American numbers with or
//! without a country code ("+1 (555) 123-4567" → "plus one, five five five, one two three, four
//! five six seven"), social security numbers, toll-free numbers with letters, international
//! numbers written with a leading "+", numbers written with spaces ("555 123 4567"), local
//! numbers ("555-0199"), numbers with a trunk 0 ("0800 123 4567"), and IP addresses ("dot"
//! between the groups).

use std::sync::LazyLock;

use regex::Regex;

use super::numbers::{cardinal, digit_by_digit};
use super::tokens::Kind;
use super::{Ctx, Hit};

static NANP: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"^(?:\+(\d{1,3})[ -]?|(1)-)?(?:\((\d{3})\)|(\d{3}))[ .-]?(\d{3})([ .-])(\d{4})(?:-(\d{1,4}))?",
    )
    .ok()
});
/// A local number without its area code ("555-0199"), or a number that starts with a trunk 0
/// as British and European numbers do ("0800 123 4567", "020 7946 0958").
static LOCAL: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"^(\d{3})-(\d{4})").ok());
static TRUNK: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^(0\d{2,4})[ -](\d{3,4})(?:[ -](\d{3,4}))?").ok());
static SSN: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^(\d{3})-(\d{2})-(\d{4})").ok());
static IP: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"^\d{1,3}(?:\.\d{1,3}){3}").ok());
static TOLL_FREE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^1-(8\d\d)-([A-Z0-9]{1,7}(?:-[A-Z0-9]{1,7}){0,3})").ok());
static INTERNATIONAL: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^\+\d{1,3}(?:[ -]\(?\d{1,4}\)?){2,5}").ok());

fn digits_or_letters(group: &str) -> String {
    if group.bytes().all(|b| b.is_ascii_digit()) {
        digit_by_digit(group)
    } else {
        // Letters are said as written ("GO U HAUL"), digits one by one.
        let mut out = String::new();
        for c in group.chars() {
            if !out.is_empty()
                && (c.is_ascii_digit() || out.ends_with(|p: char| p.is_ascii_digit()))
            {
                out.push(' ');
            }
            if let Some(d) = c.to_digit(10) {
                out.push_str(&digit_by_digit(&d.to_string()));
            } else {
                out.push(c);
            }
        }
        out
    }
}

/// The rule: a phone-like digit pattern starting at token `i`.
pub(crate) fn rule(ctx: &Ctx, i: usize) -> Option<Hit> {
    let t = ctx.get(i)?;
    if !(t.kind == Kind::Digits || t.is("+") || t.is("(")) {
        return None;
    }
    // Part of a longer code ("ISBN 978-0-...") or a word: not a phone number.
    if ctx
        .prev(i)
        .is_some_and(|p| !t.sp && (p.kind != Kind::Punct || p.is("-") || p.is(".")))
    {
        return None;
    }
    let rest = ctx.rest(i);
    let head = rest.as_bytes();
    if head.len() < 7 {
        return None;
    }
    let hit = |len: usize, said: String| ctx.tokens_in(i, len).and_then(|n| Hit::new(n, said));
    // Quick tests that rule the patterns out without compiling them (most numbers in an article
    // are years and counts): what each pattern needs right after its leading digits.
    let lead = rest.chars().take_while(|c| c.is_numeric()).count();
    let after_lead = rest.chars().nth(lead);
    let may_be_ip = (1..=3).contains(&lead) && after_lead == Some('.');
    let may_be_ssn = lead == 3 && after_lead == Some('-');
    // A NANP number has ten digits and a `.` or `-` within its first 19 characters (or three
    // groups with spaces between: "555 123 4567").
    let may_be_nanp = rest.chars().take(19).filter(|c| c.is_numeric()).count() >= 10
        && rest
            .chars()
            .take(19)
            .any(|c| c == '.' || c == '-' || c == ' ' && lead == 3);
    if t.kind == Kind::Digits {
        if let Some(c) = IP
            .as_ref()
            .filter(|_| may_be_ip)
            .and_then(|r| r.captures(rest))
        {
            let m = c.get(0)?;
            if !ctx.glued_next_is_digit_after(i, m.len()) {
                let said: Vec<String> = m.as_str().split('.').map(digit_by_digit).collect();
                return hit(m.len(), said.join(" dot "));
            }
        }
        if let Some(c) = SSN
            .as_ref()
            .filter(|_| may_be_ssn)
            .and_then(|r| r.captures(rest))
        {
            let m = c.get(0)?;
            if !ctx.glued_next_is_digit_after(i, m.len()) {
                let said: Vec<String> = (1..4)
                    .filter_map(|g| c.get(g))
                    .map(|g| digit_by_digit(g.as_str()))
                    .collect();
                return hit(m.len(), said.join(", "));
            }
        }
        if let Some(c) = TOLL_FREE
            .as_ref()
            .filter(|_| rest.starts_with("1-8"))
            .and_then(|r| r.captures(rest))
        {
            let m = c.get(0)?;
            let tail = c.get(2).map_or("", |g| g.as_str());
            if tail.bytes().any(|b| b.is_ascii_uppercase()) {
                let area = c.get(1).map_or("", |g| g.as_str());
                let mut parts = vec!["one".to_string(), cardinal(area, true)];
                // Letters run together ("GO U HAUL"); a digit group ends a part.
                let mut cur = String::new();
                for g in tail.split('-') {
                    if !cur.is_empty() {
                        cur.push(' ');
                    }
                    cur.push_str(&digits_or_letters(g));
                    if g.bytes().any(|b| b.is_ascii_digit()) {
                        parts.push(std::mem::take(&mut cur));
                    }
                }
                if !cur.is_empty() {
                    parts.push(cur);
                }
                return hit(m.len(), parts.join(", "));
            }
        }
    }
    if let Some(c) = NANP
        .as_ref()
        .filter(|_| may_be_nanp)
        .and_then(|r| r.captures(rest))
    {
        let m = c.get(0)?;
        // "2025.10.1234" style dotted numbers need a phone-like shape on both separators.
        let mut parts = Vec::new();
        if let Some(cc) = c.get(1) {
            parts.push(format!("plus {}", digit_by_digit(cc.as_str())));
        }
        if c.get(2).is_some() {
            // "1-800-…": the long-distance prefix.
            parts.push("one".to_string());
        }
        let area = c.get(3).or(c.get(4));
        for (k, g) in [area, c.get(5), c.get(7), c.get(8)]
            .into_iter()
            .flatten()
            .enumerate()
        {
            // A toll-free area code is said as people say it: "eight hundred".
            if k == 0 && g.as_str() == "800" {
                parts.push("eight hundred".to_string());
            } else {
                parts.push(digit_by_digit(g.as_str()));
            }
        }
        if !ctx.glued_next_is_digit_after(i, m.len()) {
            return hit(m.len(), parts.join(", "));
        }
    }
    if t.kind == Kind::Digits && lead == 3 && after_lead == Some('-') {
        if let Some(c) = LOCAL.as_ref().and_then(|r| r.captures(rest)) {
            let m = c.get(0)?;
            let line = c.get(2)?.as_str();
            // "555-0199" cannot be a range (a range does not end with a leading zero); right
            // after "call" or "phone" any seven digits are a number.
            let phone_word = ctx.recent_word_in(
                i,
                1,
                &[
                    "call",
                    "phone",
                    "telephone",
                    "tel",
                    "fax",
                    "dial",
                    "hotline",
                ],
            );
            if (line.starts_with('0') || phone_word) && !ctx.glued_next_is_digit_after(i, m.len()) {
                let said = [c.get(1)?.as_str(), line].map(digit_by_digit).join(", ");
                return hit(m.len(), said);
            }
        }
    }
    if t.kind == Kind::Digits && t.text.starts_with('0') && t.text.len() >= 3 {
        if let Some(c) = TRUNK.as_ref().and_then(|r| r.captures(rest)) {
            let m = c.get(0)?;
            // At least ten digits, as a whole number with its trunk prefix has.
            let digits = m.as_str().bytes().filter(u8::is_ascii_digit).count();
            if digits >= 10 && !ctx.glued_next_is_digit_after(i, m.len()) {
                let said: Vec<String> = (1..4)
                    .filter_map(|g| c.get(g))
                    .map(|g| digit_by_digit(g.as_str()))
                    .collect();
                return hit(m.len(), said.join(", "));
            }
        }
    }
    if t.is("+") {
        if let Some(m) = INTERNATIONAL.as_ref().and_then(|r| r.find(rest)) {
            let groups: Vec<String> = m
                .as_str()
                .split([' ', '-', '(', ')'])
                .filter(|g| !g.is_empty())
                .enumerate()
                .map(|(k, g)| {
                    let g = g.trim_start_matches('+');
                    if k == 0 {
                        format!("plus {}", digit_by_digit(g))
                    } else {
                        digit_by_digit(g)
                    }
                })
                .collect();
            if !ctx.glued_next_is_digit_after(i, m.len()) {
                return hit(m.len(), groups.join(", "));
            }
        }
    }
    None
}

impl Ctx<'_> {
    /// The text `len` bytes after token `i` continues with a digit or a letter (the match was
    /// part of something longer).
    fn glued_next_is_digit_after(&self, i: usize, len: usize) -> bool {
        let rest = self.rest(i);
        rest[len.min(rest.len())..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
    }
}

#[cfg(test)]
mod tests {
    use crate::segment::normalize::spoken;
    use crate::segment::Lexicon;

    fn say(s: &str) -> String {
        spoken(s, &Lexicon::default())
    }

    #[test]
    fn north_american_numbers_are_read_in_digit_groups() {
        assert_eq!(
            say("call 555-123-4567"),
            "call five five five, one two three, four five six seven"
        );
        assert_eq!(
            say("+1 (555) 123-4567"),
            "plus one, five five five, one two three, four five six seven"
        );
        assert_eq!(
            say("call 555 123 4567 now"),
            "call five five five, one two three, four five six seven now"
        );
        // Not three groups in a phone's shape.
        assert_eq!(
            say("555 123 45678"),
            "five hundred and fifty-five one hundred and twenty-three forty-five thousand six hundred and seventy-eight"
        );
    }

    #[test]
    fn toll_free_local_and_trunk_prefixed_numbers() {
        assert_eq!(
            say("call 1-800-273-8255"),
            "call one, eight hundred, two seven three, eight two five five"
        );
        assert_eq!(
            say("call 555-0199"),
            "call five five five, zero one nine nine"
        );
        assert_eq!(
            say("ring 0800 123 4567"),
            "ring zero eight zero zero, one two three, four five six seven"
        );
        assert_eq!(
            say("on 020 7946 0958"),
            "on zero two zero, seven nine four six, zero nine five eight"
        );
        // Ranges stay ranges.
        assert_eq!(say("from 100-2000"), "from one hundred to two thousand");
        assert_eq!(
            say("in 2019-2021"),
            "in twenty nineteen to twenty twenty-one"
        );
    }

    #[test]
    fn international_numbers_keep_their_groups() {
        assert_eq!(
            say("+44 20 7946 0958"),
            "plus four four, two zero, seven nine four six, zero nine five eight"
        );
    }

    #[test]
    fn ip_addresses_say_dot() {
        assert_eq!(say("10.0.0.1"), "one zero dot zero dot zero dot one");
    }
}
