//! Numbers that are not money, dates, times or phone numbers: cardinals with separators,
//! decimals, negative numbers, ordinals ("35th"), years ("1998", read in pairs unless the number
//! is a quantity), decades ("the 1800s"), fractions ("1/10", "2 1/2"), ranges ("1–3",
//! "2019-2021"), scores and votes ("5-2", "2:1") and units after a number. Numbers read as
//! people say them where they name rather than count: labels ("Room 312", "Section 230" in
//! pairs, "Rm. 10A"), model numbers after a brand ("RTX 4090", "Porsche 911"), airliners, 911,
//! calibers (".45"), seasons ("2024/25"), short years ("'08"), blood pressure and odds ("120/80",
//! "5/1"); and suffixes by context: million or meters ("8m people", "1.8m tall"), temperatures
//! ("35C"), pence ("99p"), seconds ("9.58s"), heights ("6'7\"") and spaced thousands ("5 000").

use super::numbers::{self, cardinal, decade, decimal, digit_by_digit, ordinal, year};
use super::tokens::Kind;
use super::{units, Ctx, Hit};

/// A number as written: integer digits without separators and digits after the point.
pub(crate) struct Num<'a> {
    pub int: String,
    pub frac: Option<&'a str>,
    /// More dotted groups after the fraction (a version number "1.2.3").
    pub more: Vec<&'a str>,
    pub commas: bool,
    /// Tokens used.
    pub n: usize,
}

impl Num<'_> {
    /// The value is exactly one (for singular units).
    pub fn is_one(&self) -> bool {
        self.frac.is_none() && self.int.trim_start_matches('0') == "1"
    }

    pub fn is_plain(&self) -> bool {
        self.frac.is_none() && !self.commas && self.more.is_empty()
    }

    pub fn value(&self) -> Option<u64> {
        if self.int.len() > 18 {
            return None;
        }
        self.int.parse().ok()
    }

    /// The usual reading: cardinal, decimal, or digit by digit for codes ("004") and very long
    /// unseparated digit strings. A number of three or more parts is a version ("3.10.2" →
    /// "three point ten point two").
    pub fn say(&self) -> String {
        if let Some(f) = self.frac {
            if !self.more.is_empty() {
                return self.say_version();
            }
            return decimal(&self.int, f);
        }
        if !self.commas && self.int.len() > 1 && (self.int.starts_with('0') || self.int.len() > 9) {
            return digit_by_digit(&self.int);
        }
        cardinal(&self.int, true)
    }

    /// A version number: each part after the first as a number of its own when it is short
    /// ("3.10" → "three point ten"), digit by digit when it is long or starts with a zero.
    pub fn say_version(&self) -> String {
        let part = |p: &str| {
            if p.len() <= 2 && (p == "0" || !p.starts_with('0')) {
                cardinal(p, false)
            } else {
                digit_by_digit(p)
            }
        };
        let mut s = cardinal(&self.int, false);
        for p in self.frac.iter().chain(&self.more) {
            s.push_str(" point ");
            s.push_str(&part(p));
        }
        s
    }

    /// Read as a year when it looks like one (four digits, 1100–2099), else as [`Num::say`].
    pub fn say_year_like(&self) -> String {
        match self.year() {
            Some(y) => year(y),
            None => self.say(),
        }
    }

    pub fn year(&self) -> Option<u32> {
        if self.is_plain() && self.int.len() == 4 && !self.int.starts_with('0') {
            let y: u32 = self.int.parse().ok()?;
            if (1100..2200).contains(&y) {
                return Some(y);
            }
        }
        None
    }
}

/// Parses a number at token `i`: `8,200`, `2.4`, `.5`, `1.2.3`.
pub(crate) fn parse<'a>(ctx: &Ctx<'a>, i: usize) -> Option<Num<'a>> {
    let t = ctx.get(i)?;
    let mut num = Num {
        int: String::new(),
        frac: None,
        more: Vec::new(),
        commas: false,
        n: 0,
    };
    let mut j = i;
    if t.is(".") {
        let d = ctx.get(i + 1).filter(|d| !d.sp && d.kind == Kind::Digits)?;
        if ctx.prev(i).is_some_and(|p| !t.sp && p.kind != Kind::Punct) {
            return None;
        }
        num.frac = Some(d.text);
        num.n = 2;
        return Some(num);
    }
    if t.kind != Kind::Digits {
        return None;
    }
    num.int.push_str(t.text);
    j += 1;
    if t.text.len() <= 3 {
        while ctx.glued_is(j, ",")
            && ctx
                .get(j + 1)
                .is_some_and(|d| !d.sp && d.kind == Kind::Digits && d.text.len() == 3)
            && !ctx
                .get(j + 2)
                .is_some_and(|x| !x.sp && x.kind == Kind::Digits)
        {
            num.int.push_str(ctx.toks[j + 1].text);
            num.commas = true;
            j += 2;
        }
        if !num.commas {
            let groups = spaced_groups(ctx, i);
            for g in &ctx.toks[i + 1..i + 1 + groups] {
                num.int.push_str(g.text);
                num.commas = true;
            }
            j += groups;
        }
    }
    while ctx.glued_is(j, ".")
        && ctx
            .get(j + 1)
            .is_some_and(|d| !d.sp && d.kind == Kind::Digits)
    {
        let d = ctx.toks[j + 1].text;
        if num.frac.is_none() {
            num.frac = Some(d);
        } else {
            num.more.push(d);
        }
        j += 2;
    }
    // A decimal comma before a percent sign ("3,5%", "12,75 per cent"): one or two digits after
    // a comma are never a thousands group.
    if !num.commas && num.frac.is_none() && ctx.glued_is(j, ",") {
        let digits = ctx
            .get(j + 1)
            .filter(|d| !d.sp && d.kind == Kind::Digits && d.text.len() <= 2);
        let percent = ctx.glued_is(j + 2, "%")
            || ctx.glued_is(j + 2, "pc")
            || ctx
                .get(j + 2)
                .is_some_and(|w| w.sp && matches!(w.text, "percent" | "pc"))
            || ctx.is(j + 2, "per") && ctx.is(j + 3, "cent");
        if let (Some(d), true) = (digits, percent) {
            num.frac = Some(d.text);
            j += 2;
        }
    }
    num.n = j - i;
    Some(num)
}

/// How many groups of three digits follow the number at `i` with one space between each, when
/// they are a thousands separator ("5 000", "12 500 000", also with a no-break or thin space,
/// which the reader turns into a space). Not when the digits after the groups go on (a phone
/// number "555 123 4567"), when something is glued to the last group ("100 100-meter"), or
/// after a month or a number ("May 5 300 people" is a date and a count).
fn spaced_groups(ctx: &Ctx, i: usize) -> usize {
    let lead = &ctx.toks[i];
    // A group of zeros says thousands whatever stands around it ("In Wales, 12 000 homes",
    // "Some 5 000 Ukrainians"); other groups only where they cannot be two numbers.
    let zeros = ctx
        .get(i + 1)
        .is_some_and(|g| g.sp && g.text == "000" && lead.end() + 1 == g.start);
    let after_sign = ctx
        .prev(i)
        .is_some_and(|p| !lead.sp && super::money::is_currency_symbol(p.text));
    if lead.text.starts_with('0')
        || ctx.prev(i).is_some() && !lead.sp && !after_sign
        || !zeros
            && ctx.prev(i).is_some_and(|p| {
                p.kind == Kind::Digits
                    || p.is(",")
                    || p.kind == Kind::Word && super::datetime::month(p.text).is_some()
            })
    {
        return 0;
    }
    let mut n = 0;
    let mut end = lead.end();
    while let Some(g) = ctx.get(i + 1 + n) {
        let one_space = ctx.text[end..g.start].chars().count() == 1;
        if g.kind != Kind::Digits || g.text.len() != 3 || !g.sp || !one_space {
            break;
        }
        n += 1;
        end = g.end();
    }
    let after = ctx.get(i + 1 + n);
    // What follows the groups is the end, punctuation or a word in lower case ("5 000 people"):
    // "400 737 Max jets" is a count and a model.
    let all_zeros = ctx.toks[i + 1..i + 1 + n].iter().all(|g| g.text == "000");
    let goes_on = after.is_some_and(|a| {
        a.kind == Kind::Digits
            || !a.sp && !matches!(a.text, "." | "," | ";" | ")" | "?" | "!")
            || !all_zeros && a.kind == Kind::Word && !a.text.starts_with(|c: char| c.is_lowercase())
    });
    if goes_on {
        0
    } else {
        n
    }
}

const QUANTITY_WORDS: &[&str] = &[
    "about",
    "around",
    "approximately",
    "nearly",
    "almost",
    "over",
    "under",
    "some",
    "than",
    "roughly",
    "exactly",
    "least",
    "most",
    "only",
    "total",
    "number",
    "page",
    "pages",
    "room",
];

/// Verbs after which a four-digit number before a plural noun counts it ("holds 2012 fans",
/// "are 2024 seats"); anywhere else such a number stays a year ("at 2019 levels").
const COUNT_VERBS: &[&str] = &[
    "holds",
    "hold",
    "held",
    "seats",
    "seated",
    "fits",
    "employs",
    "employed",
    "hires",
    "hired",
    "sold",
    "sells",
    "lost",
    "gained",
    "added",
    "killed",
    "injured",
    "counted",
    "registered",
    "recorded",
    "received",
    "drew",
    "draws",
    "attracted",
    "houses",
    "housed",
    "contains",
    "contained",
    "ran",
    "scored",
    "scores",
    "scoring",
    "earned",
    "earns",
    "collected",
    "collects",
    "gathered",
];

/// Words after which "24-7" means around the clock.
const AROUND_THE_CLOCK_BEFORE: &[&str] = &[
    "open",
    "opens",
    "available",
    "a",
    "the",
    "works",
    "work",
    "working",
    "operates",
    "operating",
    "runs",
    "running",
    "staffed",
    "monitored",
    "service",
    "services",
    "care",
];

const SCALE_WORDS: &[&str] = &["hundred", "thousand", "million", "billion", "trillion"];

const SCORE_WORDS: &[&str] = &[
    "vote", "voted", "votes", "won", "win", "wins", "lost", "loss", "losses", "beat", "beats",
    "defeated", "score", "scored", "ruling", "ruled", "decision", "margin", "tie", "tied",
    "victory", "record", "passed", "approved", "rejected", "draw", "drew", "lead", "led", "split",
    "majority",
];

/// The rule: a number at `i` (optionally signed) and what follows it.
pub(crate) fn rule(ctx: &Ctx, i: usize) -> Option<Hit> {
    let t = ctx.get(i)?;
    let (sign, at) = match t.text {
        "-" | "−" | "+" | "–"
            if ctx
                .get(i + 1)
                .is_some_and(|d| !d.sp && (d.kind == Kind::Digits || d.is(".")))
                && ctx
                    .prev(i)
                    .is_none_or(|p| t.sp || matches!(p.text, "(" | "[" | "=" | "/")) =>
        {
            (if t.text == "+" { "plus" } else { "minus" }, i + 1)
        }
        // A year cut short: "back in '08" → "oh eight", "the class of '99".
        "'" | "’"
            if t.sp
                && ctx
                    .get(i + 1)
                    .is_some_and(|d| !d.sp && d.kind == Kind::Digits && d.text.len() == 2)
                && !ctx.glued_is(i + 2, "s")
                && ctx.free_after(i + 2) =>
        {
            let d = ctx.toks[i + 1].text;
            let said = match d.strip_prefix('0') {
                Some(unit) => format!("oh {}", cardinal(unit, false)),
                None => cardinal(d, false),
            };
            return Hit::new(2, said);
        }
        // The '90s: the apostrophe is not said.
        "'" | "’"
            if ctx
                .get(i + 1)
                .is_some_and(|d| !d.sp && d.kind == Kind::Digits && d.text.len() == 2)
                && ctx.glued_is(i + 2, "s") =>
        {
            ("", i + 1)
        }
        _ => ("", i),
    };
    if at == i && t.kind != Kind::Digits && !t.is(".") {
        return None;
    }
    if at != i && sign.is_empty() && !ctx.glued_is(at + 1, "s") {
        return None;
    }
    let num = parse(ctx, at)?;
    let j = at + num.n;
    if let Some(hit) = caliber(ctx, i, &num, j) {
        return Some(hit);
    }
    if sign.is_empty() {
        if let Some(hit) = duration(ctx, i, &num, j) {
            return Some(hit);
        }
    }
    // A release after its software's name or "version": "Python 3.12" → "three point twelve".
    let released = num.frac.is_some()
        && sign.is_empty()
        && !num.commas
        && ctx.prev(i).is_some_and(|p| {
            p.kind == Kind::Word
                && (VERSIONED.contains(&p.text)
                    || matches!(p.text, "version" | "Version" | "v" | "V")
                        && !ctx.get(j).is_some_and(|u| u.kind == Kind::Word && !u.sp))
        });
    if released {
        return Hit::new(j - i, num.say_version());
    }
    // Inside a code of parts joined by "-" or "/" ("XR-25/1200", "7-413-b"): no plural, no
    // fraction, no "and", long numbers digit by digit.
    let code_before = at == i && num.is_plain() && in_code_after_joiner(ctx, at);
    let code_after = num.is_plain()
        && matches!(ctx.get(j), Some(d) if !d.sp && matches!(d.text, "-" | "/"))
        && ctx.get(j + 1).is_some_and(|w| {
            !w.sp && w.kind == Kind::Word && w.is_all_caps() && units::unit(w.text).is_none()
        });
    // "mid-2019", "pre-2020", "late-1990s": a year after a prefix, not a code.
    let year_prefix = code_before
        && at >= 2
        && ctx.toks[at - 1].is("-")
        && [
            "mid", "early", "late", "pre", "post", "end", "start", "spring", "summer", "autumn",
            "fall", "winter",
        ]
        .iter()
        .any(|w| ctx.toks[at - 2].text.eq_ignore_ascii_case(w));
    let code_before = code_before && !year_prefix;
    // An interstate written short: "I-405" → "I four oh five" (as "Interstate 405").
    if code_before
        && at >= 2
        && ctx.toks[at - 1].is("-")
        && ctx.toks[at - 2].is("I")
        && ctx.toks[at - 2].sp
        && num.is_plain()
        && num.int.len() == 3
        && !ctx.glued(j)
    {
        return Hit::new(j - i, numbers::in_pairs(&num.int));
    }
    if year_prefix && !ctx.glued(j) {
        if let Some(y) = num.year() {
            return Hit::new(j - i, year(y));
        }
    }
    // "F-16s" are jets, but in a longer code ("1/f-4s") the "s" is a part of its own.
    let long_code = code_before && at >= 2 && in_code_after_joiner(ctx, at - 2);
    let prefix = |s: String| {
        if sign.is_empty() {
            s
        } else {
            format!("{sign} {s}")
        }
    };

    // Ordinals: 5th, 35th, 1,000th. A wrong suffix ("4rd") is left to be read as written.
    if num.frac.is_none() {
        if let Some(w) = ctx.get(j).filter(|w| !w.sp && w.kind == Kind::Word) {
            let suf = w.text.to_ascii_lowercase();
            if matches!(suf.as_str(), "st" | "nd" | "rd" | "th")
                && suf == numbers::ordinal_suffix(&num.int)
            {
                return Hit::new(j + 1 - i, prefix(ordinal(&num.int)));
            }
        }
    }

    if sign.is_empty() && num.is_plain() {
        if let Some(hit) = named_number(ctx, i, &num.int, j) {
            return Some(hit);
        }
        if let Some(hit) = clock_hours(ctx, i, &num.int, j) {
            return Some(hit);
        }
        if let Some(hit) = label_number(ctx, i, &num.int, j) {
            return Some(hit);
        }
    }

    // "1000s of people", "100s of", "10,000s of": a round number in the plural is a great many.
    if num.frac.is_none() && ctx.glued_is(j, "s") && ctx.is(j + 1, "of") {
        let many = match num.int.as_str() {
            "100" => Some("hundreds"),
            "1000" => Some("thousands"),
            "10000" => Some("tens of thousands"),
            "100000" => Some("hundreds of thousands"),
            "1000000" => Some("millions"),
            _ => None,
        };
        if let Some(many) = many {
            return Hit::new(j + 1 - i, many);
        }
    }
    // Decades: the 1800s, the '90s, 1980's.
    if num.is_plain() && num.int.ends_with('0') && matches!(num.int.len(), 2 | 4) {
        // "1980's" is the decade; "the RTX 4090's price" a possessive.
        let apostrophe_s = (ctx.glued_is(j, "'") || ctx.glued_is(j, "’"))
            && ctx.glued_is(j + 1, "s")
            && (num.int.len() == 2 || num.year().is_some());
        if ctx.glued_is(j, "s")
            || apostrophe_s
            || (num.int.len() == 4
                && ctx.is(j, "s")
                && ctx.get(j + 1).is_none_or(|x| x.kind != Kind::Word))
        {
            let n = if apostrophe_s { 2 } else { 1 };
            let first = decade(&num.int);
            // A range of decades: 1960s-80s.
            if let Some((m, second)) = decade_after_dash(ctx, j + n) {
                return Hit::new(j + n + m - i, format!("{first} to {second}"));
            }
            return Hit::new(j + n - i, first);
        }
    }

    // Feet and inches: "6'7\"", "5′ 11″" → "six foot seven".
    let feet = num.is_plain()
        && num.int.len() == 1
        && sign.is_empty()
        && ctx
            .get(j)
            .is_some_and(|f| !f.sp && matches!(f.text, "'" | "′" | "’"))
        && ctx
            .get(j + 2)
            .is_some_and(|q| !q.sp && matches!(q.text, "\"" | "″" | "”"));
    let inches = ctx
        .get(j + 1)
        .filter(|d| feet && d.kind == Kind::Digits && d.text.len() <= 2)
        .and_then(|d| d.text.parse::<u32>().ok())
        .filter(|&n| n < 12);
    if let Some(inches) = inches {
        let said = format!(
            "{} foot {}",
            cardinal(&num.int, false),
            cardinal(&inches.to_string(), false)
        );
        return Hit::new(j + 3 - i, said);
    }

    // Feet and inches written with units: "6ft 7in", "6ft7ins" → "six foot seven".
    if num.is_plain() && num.int.len() == 1 && sign.is_empty() && ctx.glued_is(j, "ft") {
        let k = j + 1;
        let inches = ctx
            .get(k)
            .filter(|d| d.kind == Kind::Digits && d.text.len() <= 2)
            .and_then(|d| d.text.parse::<u32>().ok())
            .filter(|&n| n < 12);
        let unit = ctx
            .get(k + 1)
            .is_some_and(|u| !u.sp && matches!(u.text, "in" | "ins"));
        if let (Some(inches), true) = (inches, unit) {
            let said = format!(
                "{} foot {}",
                cardinal(&num.int, false),
                cardinal(&inches.to_string(), false)
            );
            return Hit::new(k + 2 - i, said);
        }
    }

    // Video resolutions: 1080p, 720p, 1080i.
    if num.is_plain()
        && matches!(
            num.int.as_str(),
            "240" | "360" | "480" | "540" | "576" | "720" | "1080" | "1440" | "2160" | "4320"
        )
    {
        if let Some(w) = ctx.get(j).filter(|w| !w.sp && matches!(w.text, "p" | "i")) {
            return Hit::new(
                j + 1 - i,
                format!("{} {}", numbers::in_pairs(&num.int), w.text),
            );
        }
    }

    // Teams named for a number: "49ers" → "forty-niners", "76ers" → "seventy-sixers".
    if num.is_plain() && at == i && num.int.len() <= 3 && ctx.glued_is(j, "ers") {
        let words = cardinal(&num.int, true);
        let ending = if words.ends_with('e') { "rs" } else { "ers" };
        return Hit::new(j + 1 - i, format!("{words}{ending}"));
    }

    // Plural numbers: "Boeing 737s", "in threes": the last word takes the plural.
    if num.is_plain()
        && at == i
        && !long_code
        && ctx.glued_is(j, "s")
        && !ctx
            .prev(i)
            .is_some_and(|p| !ctx.toks[i].sp && p.kind == Kind::Word)
        && !num.int.starts_with('0')
        && num.int.len() <= 9
    {
        return Hit::new(
            j + 1 - i,
            numbers::pluralize_last(&cardinal(&num.int, true)),
        );
    }

    // Fractions: 1/10, 3 1/2.
    if !code_before {
        if let Some(hit) = fraction(ctx, i, at, &num) {
            return Some(hit);
        }
    }

    // Dimensions with a unit: "3x4 m" → "three by four meters".
    if let Some(hit) = dimensions(ctx, i, &num, j, &prefix) {
        return Some(hit);
    }

    // Ranges and scores: 1–3, 2019-2021, 5-2; ratios 2:1.
    if let Some(hit) = range(ctx, i, &num, j, &prefix) {
        return Some(hit);
    }

    // Digits inside a code of letters and digits ("e11822c27732"): read digit by digit.
    let glued_before = ctx
        .prev(at)
        .is_some_and(|p| !ctx.toks[at].sp && p.kind == Kind::Word);
    let glued_after = ctx.get(j).is_some_and(|w| !w.sp && w.kind == Kind::Word);
    // A model's four digits before its letter, after a dash ("i5-9300H"): in pairs.
    if code_before
        && glued_after
        && num.is_plain()
        && num.int.len() == 4
        && !num.int.starts_with('0')
    {
        return Hit::new(j - i, numbers::in_pairs(&num.int));
    }
    if (glued_before || code_before)
        && num.is_plain()
        && (num.int.len() >= 5 || glued_after && num.int.len() >= 3)
    {
        return Hit::new(j - i, digit_by_digit(&num.int));
    }
    if (code_before || code_after) && !num.int.starts_with('0') {
        return Hit::new(j - i, cardinal(&num.int, false));
    }
    // "401(k)": the plan is read "four oh one k".
    if num.int == "401"
        && ctx.glued_is(j, "(")
        && ctx.glued_is(j + 1, "k")
        && ctx.glued_is(j + 2, ")")
    {
        return Hit::new(j + 3 - i, "four oh one k");
    }

    // Units, possibly after a scale word: 12 kg, 100 million kg, 3.75%.
    let mut said = prefix(num.say());
    let one = num.is_one() && sign.is_empty();
    if let Some(w) = ctx.get(j).filter(|w| w.kind == Kind::Word) {
        if SCALE_WORDS.iter().any(|s| w.text.eq_ignore_ascii_case(s)) {
            if let Some((m, unit)) = units::after_number(ctx, j + 1, false) {
                return Hit::new(j + 1 + m - i, format!("{said} {} {unit}", w.text));
            }
            return Hit::new(j - i, said);
        }
    }
    if ctx.glued_is(j, "-") {
        // "a 5-km race": a unit after a hyphen is an adjective, singular.
        if let Some(w) = ctx.get(j + 1).filter(|w| !w.sp && w.kind == Kind::Word) {
            if let Some(u) = units::unit(w.text) {
                if w.text.len() > 1 {
                    return Hit::new(j + 2 - i, format!("{said}-{}", u.0));
                }
            }
        }
    }
    // "1.2m people", "3bn": a glued m or bn after a decimal is a scale, not meters.
    if let Some(w) = ctx.get(j).filter(|w| !w.sp && w.kind == Kind::Word) {
        // Nothing glued after the suffix ("50K", not "50Kbps").
        let alone = ctx.free_after(j + 1);
        // "reach 35C", "1.5C of warming", "highs of 90F": a temperature written without its
        // degree sign, as British papers and climate reports do.
        if let Some(scale) = glued_scale(ctx, i, j, &num).filter(|_| num.int.len() <= 3) {
            let degrees = if num.is_one() { "degree" } else { "degrees" };
            return Hit::new(j + 1 - i, format!("{said} {degrees} {scale}"));
        }
        // "99p", "a 50p coin": pence (resolutions such as "1080p" are read above).
        if w.text == "p"
            && alone
            && num.more.is_empty()
            && !num.commas
            && num.int.len() <= 3
            && sign.is_empty()
        {
            let unit = if num.is_one() { "penny" } else { "pence" };
            return Hit::new(j + 1 - i, format!("{said} {unit}"));
        }
        // "ran 9.58s": seconds, when a decimal has an "s" glued to it.
        if w.text == "s" && alone && num.frac.is_some() && num.more.is_empty() {
            return Hit::new(j + 1 - i, format!("{said} seconds"));
        }
        // "a 5K run", "4K video": the letter is the name.
        // "won the 10K on Sunday", "a 401k": a race, a retirement plan. ("The 100K milestone"
        // counts: a noun follows.)
        let noun_next = ctx.get(j + 1).is_some_and(|n| {
            n.sp && n.kind == Kind::Word
                && n.text.chars().all(|c| c.is_ascii_lowercase())
                && ![
                    "on", "in", "at", "and", "or", "was", "is", "last", "this", "with", "for",
                    "race", "run",
                ]
                .contains(&n.text)
        });
        let named = ctx.recent_word_in(i, 1, &["the"]) && !noun_next
            || matches!(num.int.as_str(), "401" | "403" | "457")
            || ctx.get(j + 1).is_some_and(|n| {
                n.sp && [
                    "run",
                    "runs",
                    "race",
                    "races",
                    "runner",
                    "runners",
                    "walk",
                    "TV",
                    "TVs",
                    "video",
                    "videos",
                    "display",
                    "displays",
                    "resolution",
                    "screen",
                    "screens",
                    "monitor",
                    "monitors",
                    "camera",
                    "cameras",
                    "streaming",
                    "Ultra",
                ]
                .iter()
                .any(|x| n.text.eq_ignore_ascii_case(x))
            });
        // "4K", "8K" (a picture's resolution), or before a name ("4K UHD", "4K 24FPS").
        let resolution = w.text == "K"
            && (matches!(num.int.as_str(), "4" | "8") && num.is_plain()
                || ctx
                    .get(j + 1)
                    .is_some_and(|n| n.sp && (n.is_capitalized() || n.kind == Kind::Digits)));
        let scale = match w.text {
            "m" if alone && m_is_million(ctx, i, j, &num) => Some("million"),
            "mn" if num.frac.is_some() => Some("million"),
            "M" if num.frac.is_some() && alone => Some("million"),
            "K" | "k"
                if alone && !named && !resolution && (num.is_plain() || num.frac.is_some()) =>
            {
                Some("thousand")
            }
            "bn" | "bln" => Some("billion"),
            "tn" if num.frac.is_some() => Some("trillion"),
            _ => None,
        };
        if let Some(scale) = scale {
            return Hit::new(j + 1 - i, format!("{said} {scale}"));
        }
        // Before a word: "1.5x faster", "a 10x return" are times, "a 3x3 grid" is by. Alone
        // ("4.4x", "2x8") the letter stays a letter: a label or a code.
        let word_after = |k: usize| ctx.get(k).is_some_and(|n| n.sp && n.kind == Kind::Word);
        // A multiplier is small or round ("1.5x", "10x", "100x"); "777x" is a name.
        let multiplier = num.frac.is_some() || num.int.len() <= 2 || num.int.ends_with('0');
        if w.text == "x" && alone && num.int != "0" && multiplier && word_after(j + 1) {
            return Hit::new(j + 1 - i, format!("{said} times"));
        }
        if w.text == "x"
            && num.int != "0"
            && ctx
                .get(j + 1)
                .is_some_and(|d| !d.sp && d.kind == Kind::Digits)
        {
            if let Some(second) = parse(ctx, j + 1) {
                let end = j + 1 + second.n;
                if word_after(end) && units::unit(ctx.toks[end].text).is_none() {
                    // A screen's pixels are said in pairs: "1920x1080" → "nineteen twenty by
                    // ten eighty".
                    let side = |n: &Num, words: String| {
                        if n.is_plain() && n.int.len() == 4 {
                            numbers::in_pairs(&n.int)
                        } else {
                            words
                        }
                    };
                    let first = side(&num, said.clone());
                    let second_said = side(&second, second.say());
                    return Hit::new(end - i, format!("{first} by {second_said}"));
                }
            }
        }
    }
    if !glued_before {
        // "a 45° angle", "an 80 km drive": after "a" and before a noun the measure describes the
        // noun and its unit is singular ("a forty-five degree angle").
        // A camera's megapixels describe it with or without an article ("12MP back camera").
        let camera = ctx.get(j).is_some_and(|u| u.is("MP"));
        let attributive = |m: usize| {
            (camera
                || ctx.prev(i).is_some_and(|a| {
                    [
                        "a", "an", "the", "this", "that", "its", "his", "her", "their", "our",
                        "my", "your", "each", "every",
                    ]
                    .iter()
                    .any(|d| a.text.eq_ignore_ascii_case(d))
                }))
                && ctx.get(j + m).is_some_and(|w| {
                    w.kind == Kind::Word
                        && ![
                            "and", "or", "of", "to", "per", "than", "is", "was", "are", "were",
                            "in", "on", "at", "for", "from", "with", "by", "away", "long", "wide",
                            "high", "tall", "deep", "ago", "later", "earlier", "apart", "each",
                            "he", "she", "they", "we", "i", "you", "it", "that", "which", "who",
                            "remained", "remain", "remains", "left",
                        ]
                        .iter()
                        .any(|c| w.text.eq_ignore_ascii_case(c))
                })
        };
        if let Some((m, unit)) = units::after_number(ctx, j, one) {
            if !one && attributive(m) {
                if let Some((m, unit)) = units::after_number(ctx, j, true) {
                    return Hit::new(j + m - i, format!("{said} {unit}"));
                }
            }
            return Hit::new(j + m - i, format!("{said} {unit}"));
        }
    }

    // A long digit string that names something instead of counting it (a ZIP code, an order or
    // ticket number, a number on a line of its own): digit by digit, as it would be read out.
    if sign.is_empty() && at == i && num.is_plain() && num.int.len() >= 5 && names(ctx, i, j) {
        return Hit::new(j - i, digit_by_digit(&num.int));
    }

    // Years: a plain four-digit number 1100–2199 unless it is clearly a quantity; 1000–1099
    // after a word that introduces a year ("in 1066").
    if sign.is_empty() {
        let early = num
            .is_plain()
            .then(|| num.int.parse::<u32>().ok())
            .flatten()
            .filter(|y| (1001..1100).contains(y) && num.int.len() == 4)
            .filter(|_| ctx.recent_word_in(i, 1, &["in", "since", "circa", "year"]));
        if let Some(y) = num.year().or(early) {
            let quantity = ctx.recent_word_in(i, 1, QUANTITY_WORDS)
                && !ctx.prev(i).is_some_and(|p| p.is_capitalized());
            // "holds 2012 fans", "are 2024 seats": a count before its plural noun, unless a
            // word that introduces a year comes first ("the 2012 elections", "in 2012 votes").
            let counted = ctx.get(j).is_some_and(|w| {
                w.sp && w.kind == Kind::Word
                    && w.text.len() > 3
                    && w.text.ends_with('s')
                    && !w.text.ends_with("ss")
                    && w.text.chars().all(|c| c.is_ascii_lowercase())
            }) && (ctx.recent_word_in(i, 1, COUNT_VERBS)
                || ctx.recent_word_in(i, 1, &["are", "were"])
                    && i >= 2
                    && ctx.recent_word_in(i - 1, 1, &["there"]))
                && ctx.prev(i).is_some_and(|p| p.kind == Kind::Word);
            if !quantity && !counted {
                said = year(y);
            }
        }
    }
    Hit::new(j - i, said)
}

/// Nouns whose number is an identifier ("ZIP 90210", "PIN: 48213", "ticket 553201").
const IDENTIFIER_NOUNS: &[&str] = &[
    "zip",
    "zipcode",
    "postcode",
    "code",
    "id",
    "pin",
    "ref",
    "reference",
    "invoice",
    "ticket",
    "tracking",
    "serial",
    "confirmation",
    "policy",
    "passport",
    "licence",
    "license",
    "registration",
    "ext",
    "extension",
    "badge",
    "acct",
];

/// Nouns that name things by a number when the number is announced: "order number 48213",
/// "case No. 20431", "flight #10234" (but "order 10000 units" is a quantity).
const NUMBERED_NOUNS: &[&str] = &[
    "order",
    "case",
    "flight",
    "account",
    "customer",
    "member",
    "patient",
    "employee",
    "student",
    "model",
    "part",
    "item",
    "product",
    "catalog",
    "catalogue",
    "claim",
    "file",
    "document",
    "lot",
    "batch",
    "room",
    "phone",
    "routing",
    "booking",
    "reservation",
    "transaction",
    "receipt",
    "shipment",
];

/// The unseparated number in tokens `i..j` names something rather than counts it: it follows an
/// identifier noun (possibly with ":" or "#" between), or "number", "No." or "#" after a noun that
/// is numbered that way, or it is all the utterance has to say (a ZIP code or a reference on a
/// line of its own; a quantity has something it counts, and 10,000 or more is written with
/// separators in edited text).
fn names(ctx: &Ctx, i: usize, j: usize) -> bool {
    let alone = ctx
        .toks
        .iter()
        .enumerate()
        .all(|(k, t)| (i..j).contains(&k) || t.kind == Kind::Punct);
    if alone {
        return true;
    }
    // The words before the number, skipping ":", "#" and the dot of "No.".
    let mut words = ctx.toks[..i]
        .iter()
        .rev()
        .filter(|t| !matches!(t.text, ":" | "#" | "."));
    let announced = i > 0 && ctx.toks[i - 1].is("#");
    let Some(w) = words.next().filter(|w| w.kind == Kind::Word) else {
        return false;
    };
    let is_in = |w: &str, set: &[&str]| set.iter().any(|s| w.eq_ignore_ascii_case(s));
    if is_in(w.text, IDENTIFIER_NOUNS) {
        // Unless the number counts the plural right after it: "ran the code 100000 times".
        let counts = ctx.toks.get(j).is_some_and(|t| {
            t.kind == Kind::Word
                && t.text.len() > 2
                && t.text.ends_with('s')
                && !is_in(t.text, &["was", "has", "this", "its", "his", "does", "is"])
        });
        return !counts;
    }
    let noun = if announced {
        Some(w)
    } else if is_in(w.text, &["number", "no", "nr", "num"]) {
        words.next().filter(|w| w.kind == Kind::Word)
    } else {
        None
    };
    noun.is_some_and(|n| is_in(n.text, NUMBERED_NOUNS) || is_in(n.text, IDENTIFIER_NOUNS))
}

/// The number at `at` is glued to a "-" or "/" that is glued to a word or a number before it:
/// a part of a code ("XR-25", the "7" in "1/f-7").
fn in_code_after_joiner(ctx: &Ctx, at: usize) -> bool {
    ctx.glued(at)
        && ctx.prev(at).is_some_and(|p| matches!(p.text, "-" | "/"))
        && ctx.glued(at - 1)
        && ctx
            .prev(at - 1)
            .is_some_and(|q| matches!(q.kind, Kind::Word | Kind::Digits))
}

/// "3x4 m", "2 × 1.5 × 3 cm": sizes joined by "x" or "×" and followed by a unit are read with
/// "by". Without a unit ("2x8") the "x" stays a letter.
fn dimensions(
    ctx: &Ctx,
    i: usize,
    num: &Num,
    mut j: usize,
    prefix: &dyn Fn(String) -> String,
) -> Option<Hit> {
    let mut said = prefix(num.say());
    let mut parts = 1;
    while parts < 3 {
        let x = ctx.get(j).filter(|x| matches!(x.text, "x" | "×"))?;
        let next = ctx.get(j + 1).filter(|d| d.kind == Kind::Digits)?;
        // Glued on both sides or spaced on both sides.
        if x.sp != next.sp {
            break;
        }
        let n = parse(ctx, j + 1)?;
        said.push_str(" by ");
        said.push_str(&n.say());
        j += 1 + n.n;
        parts += 1;
        if !ctx.get(j).is_some_and(|x| matches!(x.text, "x" | "×")) {
            break;
        }
    }
    if parts < 2 {
        return None;
    }
    if let Some((m, unit)) = units::after_number(ctx, j, false) {
        return Hit::new(j + m - i, format!("{said} {unit}"));
    }
    // A unit written out: "105 x 68 metres", "a 10 x 12 foot room".
    let unit_word = ctx.get(j).is_some_and(|w| {
        w.sp && w.kind == Kind::Word
            && [
                "metres",
                "meters",
                "metre",
                "meter",
                "feet",
                "foot",
                "inches",
                "inch",
                "yards",
                "miles",
                "kilometres",
                "kilometers",
                "centimetres",
                "centimeters",
                "millimetres",
                "millimeters",
                "pixels",
            ]
            .contains(&w.text)
    });
    if !unit_word {
        return None;
    }
    Hit::new(j - i, said)
}

/// `-80s` after a decade.
fn decade_after_dash(ctx: &Ctx, j: usize) -> Option<(usize, String)> {
    let dash = ctx
        .get(j)
        .filter(|d| !d.sp && matches!(d.text, "-" | "–"))?;
    let _ = dash;
    let num = parse(ctx, j + 1).filter(|n| n.is_plain() && !ctx.toks[j + 1].sp)?;
    let k = j + 1 + num.n;
    if num.int.ends_with('0') && ctx.glued_is(k, "s") {
        return Some((num.n + 2, decade(&num.int)));
    }
    None
}

fn fraction(ctx: &Ctx, i: usize, at: usize, num: &Num) -> Option<Hit> {
    if !num.is_plain() {
        return None;
    }
    let j = at + num.n;
    // Mixed number: whole, space, then a fraction.
    let (whole, top_at) =
        if ctx.get(j).is_some_and(|d| d.sp && d.kind == Kind::Digits) && ctx.glued_is(j + 1, "/") {
            (Some(num), j)
        } else {
            (None, at)
        };
    let top = ctx.get(top_at).filter(|d| d.kind == Kind::Digits)?;
    let slash = top_at + 1;
    let s = ctx.get(slash).filter(|s| s.is("/"))?;
    let bottom = ctx.get(slash + 1).filter(|b| b.kind == Kind::Digits)?;
    // "1795 / 1805" with spaces on both sides, or glued on both sides.
    if s.sp != bottom.sp {
        return None;
    }
    let mut end = slash + 2;
    // Another slash or a decimal point: a date, a path or something else.
    if ctx.glued_is(end, "/")
        || ctx.glued_is(end, ".") && ctx.get(end + 1).is_some_and(|x| x.kind == Kind::Digits)
    {
        return None;
    }
    if ctx.glued_is(end, ",")
        && ctx
            .get(end + 1)
            .is_some_and(|x| !x.sp && x.kind == Kind::Digits)
    {
        return None;
    }
    if let Some(w) = ctx.get(end).filter(|w| !w.sp && w.kind == Kind::Word) {
        if matches!(
            w.text.to_ascii_lowercase().as_str(),
            "st" | "nd" | "rd" | "th"
        ) {
            end += 1;
        } else if units::unit(w.text).is_none() {
            return None;
        }
    }
    // Fixed expressions written like fractions.
    if whole.is_none() && end == slash + 2 {
        let idiom = match (top.text, bottom.text) {
            ("24", "7") => Some("twenty-four seven"),
            ("9", "11") => Some("nine eleven"),
            ("50", "50") => Some("fifty-fifty"),
            ("20", "20") => Some("twenty-twenty"),
            _ => None,
        };
        if let Some(said) = idiom {
            return Hit::new(end - i, said);
        }
        if at == i {
            if let Some(said) = not_a_fraction(ctx, i, top.text, bottom.text, end) {
                return Hit::new(end - i, said);
            }
        }
    }
    let one = top.text.trim_start_matches('0') == "1";
    let numerator = cardinal(top.text, false);
    let frac_words = match numbers::denominator(bottom.text, !one) {
        Some(d) => format!("{numerator} {d}"),
        None => format!("{numerator} over {}", cardinal(bottom.text, false)),
    };
    let said = match whole {
        Some(w) => {
            let tail = match (one, bottom.text) {
                (true, "2") => "a half".to_string(),
                (true, "4") => "a quarter".to_string(),
                _ => frac_words,
            };
            format!("{} and {tail}", cardinal(&w.int, true))
        }
        None => frac_words,
    };
    let said = if at != i {
        format!("minus {said}")
    } else {
        said
    };
    if let Some((m, unit)) = units::after_number(ctx, end, false) {
        return Hit::new(end + m - i, format!("{said} {unit}"));
    }
    Hit::new(end - i, said)
}

/// Numbers that are names, read as people say them: an emergency number after "call" or before
/// "call" ("911" → "nine one one"), and an airliner's model ("Boeing 737-800" → "Boeing seven
/// thirty-seven eight hundred", "A350-900" → "A three fifty nine hundred", "737s").
fn named_number(ctx: &Ctx, i: usize, int: &str, j: usize) -> Option<Hit> {
    let word_before = |set: &[&str]| {
        ctx.prev(i).is_some_and(|p| {
            p.kind == Kind::Word && set.iter().any(|w| p.text.eq_ignore_ascii_case(w))
        })
    };
    let word_after = |set: &[&str]| {
        ctx.get(j).is_some_and(|w| {
            w.sp && w.kind == Kind::Word && set.iter().any(|s| w.text.eq_ignore_ascii_case(s))
        })
    };
    let glued_before = ctx
        .prev(i)
        .is_some_and(|p| !ctx.toks[i].sp && p.kind == Kind::Word);
    if matches!(int, "911" | "999" | "112" | "988" | "411")
        && !glued_before
        && ctx.free_after(j)
        && (word_before(&[
            "call", "calls", "called", "calling", "dial", "dials", "dialed", "dialled", "dialing",
            "dialling", "text", "texted", "texting",
        ]) || word_after(&[
            "call",
            "caller",
            "dispatcher",
            "operator",
            "center",
            "centre",
            "system",
            "line",
            "emergency",
            "tape",
            "recording",
        ]) || int == "911"
            && word_after(&[
                "calls",
                "callers",
                "dispatchers",
                "operators",
                "centers",
                "lines",
                "tapes",
                "recordings",
            ]))
    {
        return Hit::new(j - i, numbers::digit_by_digit(int));
    }
    let b = int.as_bytes();
    // A variant's letters glued after ("777X", "787-9"): the noun comes after them.
    let lettered = ctx
        .get(j)
        .is_some_and(|w| !w.sp && w.kind == Kind::Word && w.text.len() <= 3 && w.is_all_caps());
    let variant = ctx.glued_is(j, "-")
        && ctx
            .get(j + 1)
            .is_some_and(|d| !d.sp && d.kind == Kind::Digits && d.text.len() <= 3);
    let word_after = |set: &[&str]| {
        let mut k = j;
        if variant {
            k += 2;
            // "777-300ER".
            if ctx.get(k).is_some_and(|w| !w.sp && w.kind == Kind::Word) {
                k += 1;
            }
        } else if lettered {
            k += 1;
        }
        ctx.get(k).is_some_and(|w| {
            w.sp && w.kind == Kind::Word && set.iter().any(|s| w.text.eq_ignore_ascii_case(s))
        })
    };
    let boeing = b.len() == 3
        && b[0] == b'7'
        && b[2] == b'7'
        && !glued_before
        && (ctx
            .prev(i)
            .is_some_and(|p| p.text == "Boeing" || p.text == "Boeing's" || p.text == "Boeing’s")
            || word_after(&[
                "MAX",
                "Dreamliner",
                "Dreamliners",
                "jet",
                "jets",
                "jetliner",
                "jetliners",
                "aircraft",
                "airliner",
                "airliners",
                "plane",
                "planes",
                "freighter",
                "freighters",
            ]));
    let airbus = b.len() == 3
        && matches!(b[0], b'2' | b'3')
        && ctx.prev(i).is_some_and(|p| glued_before && p.text == "A")
        && ctx
            .prev(i - 1)
            .is_none_or(|q| q.kind != Kind::Word || ctx.toks[i - 1].sp);
    if !(boeing || airbus) {
        return None;
    }
    let mut said = numbers::in_pairs(int);
    let mut end = j;
    // The variant: "737-800", "A350-900", "787-9".
    if variant {
        said = format!("{said} {}", cardinal(ctx.toks[end + 1].text, false));
        end += 2;
    } else if ctx.glued_is(end, "s") {
        said = numbers::pluralize_last(&said);
        end += 1;
    }
    Hit::new(end - i, said)
}

/// A gun's caliber, written with its leading point: "a .22 rifle", "Colt .45", ".357 Magnum" →
/// "twenty-two", "forty-five", "three fifty-seven". Elsewhere ".5" is a decimal ("point five").
fn caliber(ctx: &Ctx, i: usize, num: &Num, j: usize) -> Option<Hit> {
    let digits = num
        .frac
        .filter(|f| num.int.is_empty() && (2..=3).contains(&f.len()))?;
    let is_in = |t: Option<&super::tokens::Tok>, set: &[&str]| {
        t.is_some_and(|w| {
            w.kind == Kind::Word && set.iter().any(|s| w.text.eq_ignore_ascii_case(s))
        })
    };
    // "a .45-caliber pistol": the hyphen before the word.
    let k = if ctx.glued_is(j, "-") { j + 1 } else { j };
    let gun_after = is_in(
        ctx.get(k),
        &[
            "caliber",
            "calibre",
            "cal",
            "rifle",
            "rifles",
            "pistol",
            "pistols",
            "revolver",
            "revolvers",
            "handgun",
            "handguns",
            "magnum",
            "acp",
            "special",
            "round",
            "rounds",
            "bullet",
            "bullets",
            "ammunition",
            "ammo",
            "cartridge",
            "cartridges",
            "shell",
            "shells",
            "semiautomatic",
            "semi",
        ],
    );
    let maker_before = is_in(
        ctx.prev(i),
        &[
            "Colt",
            "Winchester",
            "Remington",
            "Ruger",
            "Glock",
            "Beretta",
            "Smith",
            "Wesson",
        ],
    );
    if !(gun_after || maker_before) || ctx.get(i).is_some_and(|t| !t.is(".")) {
        return None;
    }
    Hit::new(j - i, numbers::in_pairs(digits))
}

/// Whether the number at `i` with "C" or "F" glued at `j` is a temperature: a decimal, a sign,
/// or a word around it that speaks of one ("reach 35C", "35C today", "2C of warming").
fn temperature(ctx: &Ctx, i: usize, j: usize, num: &Num) -> bool {
    // `i` is the sign when there is one ("-5C").
    let signed = matches!(ctx.toks[i].text, "-" | "−" | "+");
    // The first number of a range ("highs of 20-25C") tells for the second.
    let from = match ctx.prev(i) {
        Some(d) if matches!(d.text, "-" | "–") && !d.sp && i >= 2 => {
            if ctx.toks[i - 2].kind == Kind::Digits {
                i - 2
            } else {
                i
            }
        }
        _ => i,
    };
    let before = ctx
        .prev(from)
        .filter(|p| p.kind == Kind::Word)
        .is_some_and(|p| {
            [
                "at",
                "baked",
                "bake",
                "recorded",
                "record",
                "sizzled",
                "between",
                "to",
                "and",
                "reach",
                "reached",
                "reaches",
                "reaching",
                "hit",
                "hits",
                "hitting",
                "of",
                "around",
                "about",
                "above",
                "below",
                "over",
                "under",
                "near",
                "highs",
                "lows",
                "high",
                "low",
                "than",
                "exceed",
                "exceeded",
                "exceeding",
                "topped",
                "tops",
                "approaching",
                "nearly",
                "almost",
                "roughly",
                "temperatures",
                "temperature",
                "peaked",
                "soared",
                "fell",
                "dropped",
                "rose",
                "warming",
                "minus",
            ]
            .iter()
            .any(|w| p.text.eq_ignore_ascii_case(w))
        });
    let after = ctx
        .get(j + 1)
        .filter(|n| n.sp && n.kind == Kind::Word)
        .is_some_and(|n| {
            [
                "of",
                "warming",
                "heat",
                "temperatures",
                "temperature",
                "today",
                "tomorrow",
                "tonight",
                "on",
                "in",
                "by",
                "above",
                "below",
                "mark",
                "threshold",
                "limit",
                "target",
                "rise",
                "increase",
                "hotter",
                "warmer",
                "cooler",
                "colder",
                "degrees",
                "outside",
                "inside",
                "average",
                "drop",
            ]
            .iter()
            .any(|w| n.text.eq_ignore_ascii_case(w))
        });
    // A decimal is a temperature too; "1.5C" is no apartment.
    let decimal = num.frac.is_some() && num.more.is_empty();
    // A label before ("Apt 35C", "Gate 12F") is handled by `label_number`; a code glued before
    // ("B-52F") is not a temperature.
    let code = ctx
        .prev(i)
        .is_some_and(|p| !ctx.toks[i].sp && p.kind == Kind::Word);
    // "at 14C Elm Road": a flat before a street's name.
    let named_after = ctx
        .get(j + 1)
        .is_some_and(|n| n.sp && n.kind == Kind::Word && n.is_capitalized());
    !code && !named_after && (signed || decimal || before || after)
}

/// A time written in parts with short units: "1h 32m 10s" → "one hour thirty-two minutes ten
/// seconds", "2h 15m", a lap of "1m 29.708s". Two parts at least, hours before minutes before
/// seconds, so "32m" alone stays for the meters-or-million rule.
fn duration(ctx: &Ctx, i: usize, first: &Num, j: usize) -> Option<Hit> {
    let rank = |u: &str| match u {
        "h" | "hr" | "hrs" => Some((0, "hour", "hours")),
        "m" | "min" | "mins" => Some((1, "minute", "minutes")),
        "s" | "sec" | "secs" => Some((2, "second", "seconds")),
        _ => None,
    };
    let unit_at = |k: usize| {
        ctx.get(k)
            .filter(|u| !u.sp && u.kind == Kind::Word)
            .filter(|_| ctx.free_after(k + 1))
            .and_then(|u| rank(u.text))
    };
    let first_unit = unit_at(j)?;
    let mut parts = vec![(first.say(), first.is_one(), first_unit)];
    let mut end = j + 1;
    while parts.len() < 3 {
        if !ctx.get(end).is_some_and(|d| d.sp && d.kind == Kind::Digits) {
            break;
        }
        let Some(next) = parse(ctx, end) else { break };
        let Some(unit) = unit_at(end + next.n) else {
            break;
        };
        if parts.last().is_some_and(|p| p.2 .0 >= unit.0) {
            break;
        }
        parts.push((next.say(), next.is_one(), unit));
        end += next.n + 1;
    }
    if parts.len() < 2 {
        return None;
    }
    let said: Vec<String> = parts
        .iter()
        .map(|(n, one, (_, singular, plural))| {
            format!("{n} {}", if *one { singular } else { plural })
        })
        .collect();
    Hit::new(end - i, said.join(" "))
}

/// "Celsius" or "Fahrenheit" for a "C" or "F" glued at `j` to the number at `i` with nothing
/// glued after it, when the words around make it a temperature ([`temperature`]).
fn glued_scale(ctx: &Ctx, i: usize, j: usize, num: &Num) -> Option<&'static str> {
    let scale = match ctx.get(j).filter(|w| !w.sp)?.text {
        "C" => "Celsius",
        "F" => "Fahrenheit",
        _ => return None,
    };
    (ctx.free_after(j + 1) && temperature(ctx, i, j, num)).then_some(scale)
}

/// Whether "m" glued to the number at `i` (the "m" at `j`) means million or meters, from the
/// words around it: "8m people", "5m euros", "$3.5m" are millions; "1.8m tall", "a 2.5m wall",
/// "threw 74.35m", "the 100m" are meters. Without a telling word, a decimal with one digit is a
/// million ("raised 1.5m") and anything else meters.
fn m_is_million(ctx: &Ctx, i: usize, j: usize, num: &Num) -> bool {
    let next = ctx.get(j + 1).filter(|w| w.sp && w.kind == Kind::Word);
    let is = |w: &str, set: &[&str]| set.iter().any(|s| w.eq_ignore_ascii_case(s));
    // A race's distance ("the 400m in 44 seconds", "10,000m") is meters.
    let race = num.frac.is_none()
        && matches!(
            num.int.as_str(),
            "100" | "200" | "400" | "800" | "1500" | "3000" | "5000" | "10000"
        );
    if let Some(w) = next {
        // "1m fled", "2m were displaced": people who did something.
        let verb = w.text.len() >= 4
            && w.text.ends_with("ed")
            && w.text.chars().all(|c| c.is_ascii_lowercase());
        if verb && !race || is(w.text, &["were", "are", "have", "had", "who", "remain"]) {
            return true;
        }
        if is(
            w.text,
            &[
                "tall",
                "high",
                "long",
                "wide",
                "deep",
                "away",
                "above",
                "below",
                "underwater",
                "high-jump",
                "long-jump",
                "race",
                "sprint",
                "final",
                "hurdles",
                "freestyle",
                "backstroke",
                "butterfly",
                "breaststroke",
                "medley",
                "relay",
                "runner",
                "runners",
                "heat",
                "heats",
                "times",
                "record",
                "records",
                "champion",
                "title",
                "waves",
                "wave",
                "drop",
                "jump",
                "throw",
                "dive",
            ],
        ) {
            return false;
        }
        // "8m people", "2m Britons".
        let plural_noun = w.text.len() > 3
            && w.text.ends_with('s')
            && !w.text.ends_with("ss")
            && w.text.chars().skip(1).all(|c| c.is_ascii_lowercase());
        if plural_noun
            || is(
                w.text,
                &[
                    "people",
                    "children",
                    "euros",
                    "dollars",
                    "pounds",
                    "yuan",
                    "yen",
                    "rupees",
                    "francs",
                    "won",
                    "deal",
                    "fine",
                    "budget",
                    "bill",
                    "loss",
                    "profit",
                    "fund",
                    "contract",
                    "investment",
                    "settlement",
                    "salary",
                    "transfer",
                    "fee",
                    "package",
                    "bonus",
                    "loan",
                    "debt",
                    "pay",
                    "payout",
                    "grant",
                    "deficit",
                    "surplus",
                    "prize",
                    "euro",
                    "pound",
                    "dollar",
                ],
            )
            || w.text == "in" && !race
        {
            return true;
        }
        // "a 2.5m wall": a measure before the thing it measures.
        if ctx.recent_word_in(i, 1, &["a", "an"])
            && ctx.prev(i).is_some_and(|p| p.kind == Kind::Word)
        {
            return false;
        }
    }
    if race {
        return false;
    }
    // "Sales topped 10m.", "raised 3m": money after a word that counts it.
    if ctx.recent_word_in(
        i,
        2,
        &[
            "raised",
            "topped",
            "sold",
            "earned",
            "worth",
            "cost",
            "costs",
            "spent",
            "paid",
            "lost",
            "valued",
            "revenue",
            "sales",
            "profit",
            "profits",
            "turnover",
            "viewers",
            "users",
            "subscribers",
            "downloads",
            "votes",
            "visitors",
            "population",
        ],
    ) {
        return true;
    }
    matches!(num.frac, Some(f) if f.len() == 1)
}

/// Words after which a number is a label, not a count: "Room 312", "Flight 370", "Section 230",
/// "Form 1040", "Interstate 405". Matched in any case.
const LABEL_WORDS: &[&str] = &[
    "room",
    "rm",
    "suite",
    "ste",
    "apt",
    "apartment",
    "unit",
    "flight",
    "gate",
    "platform",
    "pier",
    "highway",
    "hwy",
    "interstate",
    "section",
    "sec",
    "proposition",
    "prop",
    "bldg",
];

/// Labels that are also common words, verbs or names, matched only when capitalized: "Article
/// 370", "Senate Bill 1047", "Local 1199", "Rule 702", "Form 1040", "Route 128".
const CAPITALIZED_LABELS: &[&str] = &[
    "Article", "Bill", "Local", "Rule", "Exhibit", "Ward", "Form", "Route", "Bus", "Building",
];

/// Software named before its release number ("Python 3.12", "iOS 17.4"), which is read as a
/// version: each part a number of its own.
const VERSIONED: &[&str] = &[
    "Python",
    "Linux",
    "kernel",
    "iOS",
    "iPadOS",
    "macOS",
    "watchOS",
    "Android",
    "Ubuntu",
    "Debian",
    "Fedora",
    "Rust",
    "Java",
    "PHP",
    "Perl",
    "Ruby",
    "Firefox",
    "Chrome",
    "Bluetooth",
    "Kotlin",
    "Swift",
    "Django",
    "Node",
    "Unity",
    "Blender",
    "GNOME",
    "KDE",
    "HTTP",
    "Claude",
    "Gemini",
    "Llama",
];

/// Brands whose models are numbers said in pairs ("Porsche 911" → "nine eleven").
const PRODUCT_NAMES: &[&str] = &[
    "Xbox",
    "Office",
    "Windows",
    "Microsoft",
    "Porsche",
    "Peugeot",
    "Ferrari",
    "Cessna",
    "Fiat",
    "Volvo",
    "Saab",
    "Galaxy",
    "Pixel",
    "Ryzen",
    "Radeon",
    "GeForce",
    "Snapdragon",
    "Exynos",
    "FTSE",
    "Nikkei",
    "RTX",
    "GTX",
];

/// A number that labels something, read the way people say it: three or four digits in pairs
/// ("Room 312" → "Room three twelve", "Section 230" → "two thirty", "Form 1040" → "ten forty",
/// also "the 1040 form" and each number of "Sections 230 and 231"), and a letter glued after it is a letter, not a unit ("Rm. 10A" → "ten
/// A", "Interstate 35W" → "thirty-five W").
fn label_number(ctx: &Ctx, i: usize, int: &str, j: usize) -> Option<Hit> {
    if int.starts_with('0') || int.len() > 4 || !ctx.toks[i].sp {
        return None;
    }
    // The label before: "Room 312", "Rm. 10A" (the dot of an abbreviation skipped), or before
    // a list of such numbers ("Sections 230 and 231", "Rooms 312, 314 and 316").
    let mut k = i.checked_sub(1)?;
    if ctx.toks[k].is(".") && !ctx.toks[k].sp {
        k = k.checked_sub(1)?;
    }
    let mut listed = 0;
    while listed < 8 && int.len() >= 3 && k >= 2 {
        let sep = &ctx.toks[k];
        let before = &ctx.toks[k - 1];
        let joins = sep.sp && matches!(sep.text, "and" | "or" | "&") || sep.is(",") && !sep.sp;
        if !joins || before.kind != Kind::Digits || before.text.len() < 3 {
            break;
        }
        k -= 2;
        listed += 1;
    }
    let label = ctx.get(k).is_some_and(|s| s.is("§"))
        || ctx
            .get(k)
            .filter(|w| w.kind == Kind::Word)
            .is_some_and(|w| {
                let one = match w.text.strip_suffix('s') {
                    Some(stem) if stem.len() > 2 => stem,
                    _ => w.text,
                };
                [w.text, one].into_iter().any(|t| {
                    LABEL_WORDS.iter().any(|l| t.eq_ignore_ascii_case(l))
                        || CAPITALIZED_LABELS.contains(&t)
                })
            });
    // A product's model number after its brand or an acronym: "RTX 4090", "Xbox 360",
    // "Porsche 911", "FTSE 250"; not an amount or a measure ("EU 750 billion").
    let product = k + 1 == i
        && int.len() >= 3
        && !ctx.shouting
        && ctx
            .get(k)
            .filter(|w| w.kind == Kind::Word)
            .is_some_and(|w| {
                (w.is_all_caps()
                    // After an organisation's acronym three digits are more often a count
                    // ("the UN 193 member states", "UK 650 MPs"): acronyms take four digits.
                    && int.len() == 4
                    && (2..=5).contains(&w.text.chars().count())
                    && !super::money::is_currency_code(w.text)
                    && !super::acronyms::is_organisation(w.text))
                    || PRODUCT_NAMES.contains(&w.text)
            })
        && !ctx.get(j).is_some_and(|n| {
            n.kind == Kind::Word
                && (SCALE_WORDS.iter().any(|s| n.text.eq_ignore_ascii_case(s))
                    || units::unit(n.text).is_some())
        });
    let label = label || product;
    // "the 1040 form", "a 1099 form": a tax form named before the word.
    let form_after = int.len() == 4
        && ctx
            .get(j)
            .is_some_and(|w| w.sp && matches!(w.text, "form" | "forms"))
        && ctx.recent_word_in(i, 1, &["the", "a", "your", "his", "her", "their", "IRS"]);
    // "Building 250 homes", "unit 300 soldiers": a count of the plural after it, after a label
    // word that is also a verb or is written in lower case; "Section 232 tariffs" and "RTX 4090
    // cards" are labels before their noun.
    let verbish = ctx.get(k).is_some_and(|w| {
        !w.is_capitalized() || matches!(w.text, "Building" | "Form" | "Route" | "Bus")
    });
    let counts = verbish
        && ctx.get(j).is_some_and(|w| {
            w.sp && w.kind == Kind::Word
                && w.text.len() > 3
                && w.text.ends_with('s')
                && w.text.chars().all(|c| c.is_ascii_lowercase())
        });
    if !(form_after || label && !counts) {
        return None;
    }
    let said = if int.len() >= 3 {
        numbers::in_pairs(int)
    } else {
        cardinal(int, false)
    };
    // A letter glued after the number ("10A", "35W", "4B"), with nothing glued after it.
    if let Some(w) = ctx.get(j).filter(|w| !w.sp && w.kind == Kind::Word) {
        let letter = w.text.len() == 1 && w.is_all_caps();
        if letter && ctx.free_after(j + 1) {
            return Hit::new(j + 1 - i, format!("{said} {}", w.text));
        }
        return None;
    }
    // Anything else glued after it ("Section 230-232", "Room 12:30") is for the other rules, but
    // for a possessive ("the RTX 4090's price"); a short number alone is read as usual.
    let possessive = matches!(ctx.get(j), Some(a) if !a.sp && matches!(a.text, "'" | "’"))
        && ctx.glued_is(j + 1, "s");
    if int.len() < 3
        || !possessive
            && ctx.get(j).is_some_and(|n| {
                !n.sp && !matches!(n.text, "." | "," | ";" | ")" | "(" | "?" | "!")
            })
    {
        return None;
    }
    Hit::new(j - i, said)
}

/// A time on the 24-hour clock written as four digits before a time zone or "hours": "0900
/// GMT" → "oh nine hundred GMT", "1430 UTC" → "fourteen thirty UTC".
fn clock_hours(ctx: &Ctx, i: usize, int: &str, j: usize) -> Option<Hit> {
    if int.len() != 4 || ctx.glued(j) {
        return None;
    }
    let zone = ctx.get(j).filter(|w| w.sp && w.kind == Kind::Word)?;
    let hours = matches!(zone.text, "hours" | "hrs");
    if !hours
        && !matches!(
            zone.text,
            "GMT" | "UTC" | "Zulu" | "BST" | "CET" | "EST" | "EDT" | "PST" | "PDT"
        )
    {
        return None;
    }
    // "logged 2000 hours", "1200 hours of overtime": a count of hours, not a time.
    let at_a_time = int.starts_with('0')
        || ctx.recent_word_in(
            i,
            1,
            &[
                "at", "by", "from", "until", "till", "before", "after", "since",
            ],
        );
    let of_next = ctx
        .get(j + 1)
        .is_some_and(|w| w.text.eq_ignore_ascii_case("of"));
    if hours && (of_next || !at_a_time) {
        return None;
    }
    let (h, m): (u32, u32) = (int[..2].parse().ok()?, int[2..].parse().ok()?);
    if h > 23 || m > 59 {
        return None;
    }
    let mut said = String::new();
    if h < 10 {
        said.push_str("oh ");
    }
    numbers::pair(h, m, &mut said);
    Hit::new(j - i, said)
}

/// "N/M" that is not read as a fraction: a split of a hundred ("60/40" → "sixty-forty"), a
/// score out of five, ten or a hundred before a noun or after "rated" ("4/5 stars" → "four out
/// of five stars"), or a month and day after a word that introduces a date ("on 6/15" → "on
/// June fifteenth").
fn not_a_fraction(ctx: &Ctx, i: usize, top: &str, bottom: &str, end: usize) -> Option<String> {
    let (a, b) = (top.parse::<u32>().ok()?, bottom.parse::<u32>().ok()?);
    // A season or a fiscal year: "2024/25" → "twenty twenty-four to twenty-five".
    if top.len() == 4 && bottom.len() == 2 && (1900..2100).contains(&a) && (a + 1) % 100 == b {
        // "1999/00" → "nineteen ninety-nine to two thousand".
        let second = if b == 0 {
            year(a + 1)
        } else {
            cardinal(bottom, false)
        };
        return Some(format!("{} to {second}", year(a)));
    }
    // "the 24/25 season", "the 25/26 budget": two years written short.
    let season_after = ctx.get(end).is_some_and(|w| {
        w.sp && [
            "season",
            "seasons",
            "budget",
            "campaign",
            "term",
            "year",
            "tax",
            "financial",
            "fiscal",
            "school",
        ]
        .iter()
        .any(|s| w.text.eq_ignore_ascii_case(s))
    });
    if top.len() == 2 && bottom.len() == 2 && (a + 1) % 100 == b && season_after {
        return Some(format!(
            "{} {}",
            cardinal(top, false),
            cardinal(bottom, false)
        ));
    }
    if top.starts_with('0') || bottom.starts_with('0') {
        return None;
    }
    // A cricket score, runs for wickets: "England were 245/6" → "two hundred and forty-five for
    // six". No fraction is written with a top that large over ten or less.
    if a >= 50 && b <= 10 && ctx.get(end).is_none_or(|n| n.kind == Kind::Punct || n.sp) {
        return Some(format!(
            "{} for {}",
            cardinal(top, true),
            cardinal(bottom, false)
        ));
    }
    if a % 10 == 0 && b % 10 == 0 && a + b == 100 {
        return Some(format!(
            "{}-{}",
            cardinal(top, false),
            cardinal(bottom, false)
        ));
    }
    let next = ctx.get(end).filter(|w| w.sp && w.kind == Kind::Word);
    // Blood pressure: "120/80 mmHg", "a blood pressure of 140/90" → "one forty over ninety".
    let pressure = next.is_some_and(|w| w.text.eq_ignore_ascii_case("mmhg"))
        || ctx.recent_word_in(i, 3, &["pressure", "BP"]);
    if pressure && a > b && (60..=260).contains(&a) && (30..=160).contains(&b) {
        return Some(format!(
            "{} over {}",
            numbers::in_pairs(top),
            cardinal(bottom, false)
        ));
    }
    // Odds: "odds of 5/1", "at 9/2", "5/1 odds" → "five to one".
    let odds = ctx.recent_word_in(i, 2, &["odds"])
        || next.is_some_and(|w| matches!(w.text, "odds" | "shot" | "favourite" | "favorite"));
    if odds && !top.is_empty() && !bottom.is_empty() && a < 1000 && b < 1000 {
        return Some(format!(
            "{} to {}",
            cardinal(top, false),
            cardinal(bottom, false)
        ));
    }
    // A measure after it ("3/4 cup", "5/16 inch"): a fraction of it.
    let measure = next.is_some_and(|w| {
        units::unit(w.text).is_some()
            || matches!(
                w.text.to_ascii_lowercase().trim_end_matches('s'),
                "inch"
                    | "inche"
                    | "cup"
                    | "mile"
                    | "teaspoon"
                    | "tablespoon"
                    | "pound"
                    | "ounce"
                    | "gallon"
                    | "acre"
                    | "hour"
                    | "second"
                    | "minute"
                    | "yard"
                    | "foot"
            )
    });
    let noun_after = !measure
        && next.is_some_and(|w| {
            !matches!(
                w.text.to_ascii_lowercase().as_str(),
                "of" | "and" | "or" | "to" | "in"
            )
        });
    let rated = ctx.recent_word_in(i, 1, &["rated", "scored", "rating", "score", "scores"]);
    // A month and a day: after a word that brings a date ("on 6/10", "since 9/10"); after "by"
    // or "from" (which also bring fractions: "fell by 1/3") and with no such word ("expires
    // 12/31") only what cannot be a plain fraction (a day past 12, or the larger number on top).
    const DATE_WORDS: [&str; 10] = [
        "on", "due", "until", "till", "since", "through", "before", "after", "starting", "ending",
    ];
    let of_after = next.is_some_and(|w| w.text.eq_ignore_ascii_case("of"));
    let not_plain_fraction = a > b || b > 12;
    let date_word = ctx.recent_word_in(i, 1, &DATE_WORDS);
    let dated = if date_word {
        !(matches!(b, 2 | 3 | 4 | 8) && a < b)
    } else {
        not_plain_fraction && !rated
    };
    if (1..=12).contains(&a) && (1..=31).contains(&b) && dated && !measure && !of_after {
        let month = super::datetime::MONTHS[a as usize - 1];
        return Some(format!("{month} {}", numbers::ordinal(bottom)));
    }
    // "a 3/5 majority", "a 1/10 chance": after an article the fraction describes the noun.
    let article = ctx.recent_word_in(i, 1, &["a", "an"]);
    // "3/12 samples": a count of a plural noun out of a number no fraction is said with.
    let plural_after = next.is_some_and(|w| {
        w.text.len() > 3 && w.text.ends_with('s') && w.text.chars().all(|c| c.is_ascii_lowercase())
    });
    if (matches!(b, 5 | 10) && a <= b && noun_after && !article)
        || (b > 4 && b != 8 && b != 16 && a <= b && noun_after && plural_after && !article)
        || (matches!(b, 5 | 10 | 100) && a <= b && rated)
    {
        return Some(format!(
            "{} out of {}",
            cardinal(top, false),
            cardinal(bottom, false)
        ));
    }
    None
}

/// A number read as an hour of the clock: "9" → "nine", "9.30" → "nine thirty", "9.05" → "nine
/// oh five"; `None` past twelve or for minutes past 59.
fn hour_words(n: &Num) -> Option<String> {
    let h: u32 = n.int.parse().ok().filter(|h| (1..=12).contains(h))?;
    match n.frac {
        None if n.more.is_empty() => Some(cardinal(&n.int, false)),
        Some(f) if f.len() == 2 && n.more.is_empty() => {
            let m: u32 = f.parse().ok().filter(|m| *m < 60)?;
            if m == 0 {
                return Some(numbers::small(h));
            }
            let mut said = String::new();
            numbers::pair(h, m, &mut said);
            Some(said)
        }
        _ => None,
    }
}

fn range(
    ctx: &Ctx,
    i: usize,
    num: &Num,
    j: usize,
    prefix: &dyn Fn(String) -> String,
) -> Option<Hit> {
    let dash = ctx.get(j)?;
    let colon = dash.is(":");
    // Inside a chain of dashes ("1-413-te-b-1-5"), or after letters glued to the number
    // ("i9-14900K", "RX-7800"): a code, not a range.
    if ctx.prev(i).is_some_and(|p| {
        !ctx.toks[i].sp
            && (matches!(p.text, "-" | "–" | "/")
                // (but a fiscal year is a span: "FY2024-25")
                || p.kind == Kind::Word && !p.text.eq_ignore_ascii_case("FY"))
    }) {
        return None;
    }
    if !matches!(dash.text, "-" | "–" | "—" | ":") {
        return None;
    }
    // "1990 – 1995", "pages 10 - 20": a dash with a space on both sides is a range too.
    let spaced = dash.sp && (dash.is("–") || dash.is("-"));
    let second_tok = ctx.get(j + 1).filter(|d| d.kind == Kind::Digits)?;
    let second = parse(ctx, j + 1)?;
    let end = j + 1 + second.n;
    // "1-2=5", "1- 2 = 5": arithmetic, however it is spaced. A spaced hyphen is arithmetic
    // too in a sentence with an operator ("x = 7 - 2", "10 - 3 + 2").
    let equation =
        dash.is("-") && (ctx.get(end).is_some_and(|e| e.is("=")) || spaced && ctx.has_operator());
    if !equation && ((dash.sp && !spaced) || second_tok.sp != spaced) {
        return None;
    }
    // A chain of spaced dashes ("4 - 8 - 15 - 16", "12 - 25 - 2020"): not a range; left as
    // written.
    let chained_after = ctx.get(end).is_some_and(|d| d.sp && dash.is(d.text))
        && ctx.get(end + 1).is_some_and(|d| d.kind == Kind::Digits);
    let chained_before = ctx
        .prev(i)
        .is_some_and(|d| dash.is(d.text) && ctx.toks[i].sp)
        && i.checked_sub(2)
            .and_then(|k| ctx.get(k))
            .is_some_and(|d| d.kind == Kind::Digits);
    if spaced && !equation && (chained_after || chained_before) {
        return None;
    }
    // More dashes: a phone number, an ISBN or a serial ("1-413-b"); leave it.
    if ctx.glued_is(end, "-")
        && ctx.get(end + 1).is_some_and(|d| {
            !d.sp
                && (d.kind == Kind::Digits
                    || d.kind == Kind::Word && (d.text.len() <= 2 || d.is_all_caps()))
        })
    {
        return None;
    }
    if colon && (second_tok.text.len() == 2 || !num.is_plain() || !second.is_plain()) {
        return None;
    }
    let unit = units::after_number(ctx, end, false);
    let (a, b) = (num.value(), second.value());
    let scores = ctx.recent_word_in(i, 6, SCORE_WORDS);
    // 1960-80: the second number shortens a year.
    let short_year = num.year().is_some()
        && second.is_plain()
        && second.int.len() == 2
        && matches!((a, b), (Some(a), Some(b)) if b > a % 100);
    // Decimals compare with their fractions: "0.71-0.95" rises.
    let exact = |n: &Num| {
        format!("{}.{}", n.int, n.frac.unwrap_or("0"))
            .parse::<f64>()
            .ok()
    };
    let ascending = num.more.is_empty()
        && second.more.is_empty()
        && matches!((exact(num), exact(&second)), (Some(a), Some(b)) if a < b)
        || short_year;
    // "a 50-50 chance", "open 24-7".
    if num.is_plain() && second.is_plain() && unit.is_none() {
        match (num.int.as_str(), second.int.as_str()) {
            ("50", "50") => return Hit::new(end - i, "fifty-fifty"),
            // Around the clock only after a word that says so ("open 24-7", "a 24-7 line");
            // else a score ("It finished 24-7").
            ("24", "7")
                if !spaced && !scores && ctx.recent_word_in(i, 1, AROUND_THE_CLOCK_BEFORE) =>
            {
                return Hit::new(end - i, "twenty-four seven")
            }
            _ => {}
        }
    }
    // "7-9am", "9.30-11pm": a span of hours.
    let meridiem = ctx
        .get(end)
        .filter(|w| !w.sp && w.kind == Kind::Word)
        .filter(|_| ctx.free_after(end + 1))
        .and_then(|w| match w.text {
            "am" | "AM" => Some("AM"),
            "pm" | "PM" => Some("PM"),
            _ => None,
        });
    if let Some(m) = meridiem.filter(|_| !colon) {
        if let (Some(a), Some(b)) = (hour_words(num), hour_words(&second)) {
            return Hit::new(end + 1 - i, format!("{} to {b} {m}", prefix(a)));
        }
    }
    let word = if equation {
        "minus"
    } else if ascending && ctx.recent_word_in(i, 1, &["between"]) {
        // "between 40-50%" → "between forty and fifty percent".
        "and"
    } else if colon || unit.is_some() || scores || ascending {
        "to"
    } else if matches!((a, b), (Some(a), Some(b)) if a <= 150 && b <= 150) && num.is_plain() {
        // Two small numbers, the first larger: most likely a score.
        "to"
    } else {
        ","
    };
    let (first, last) = if unit.is_none() && num.year().is_some() {
        // 2019-2021, 1960-80.
        let last = if second.year().is_some() {
            second.say_year_like()
        } else if second.is_plain() && second.int.len() == 2 {
            let n: u32 = second.int.parse().unwrap_or(0);
            if n < 10 {
                format!("oh {}", numbers::small(n))
            } else {
                numbers::small(n)
            }
        } else {
            second.say()
        };
        (num.say_year_like(), last)
    } else {
        (num.say(), second.say())
    };
    let joined = if word == "," {
        format!("{}, {last}", prefix(first))
    } else {
        format!("{} {word} {last}", prefix(first))
    };
    // "Highs of 20-25C": a range of temperatures written without the degree sign.
    match (unit, glued_scale(ctx, i, end, num)) {
        (Some((m, u)), _) => Hit::new(end + m - i, format!("{joined} {u}")),
        (None, Some(scale)) => Hit::new(end + 1 - i, format!("{joined} degrees {scale}")),
        (None, None) => Hit::new(end - i, joined),
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
    fn millions_and_meters_written_m_and_temperatures_without_the_degree_sign() {
        assert_eq!(say("Some 8m people"), "Some eight million people");
        assert_eq!(say("raised 5m euros"), "raised five million euros");
        assert_eq!(
            say("He was 1.8m tall"),
            "He was one point eight meters tall"
        );
        assert_eq!(
            say("He threw 74.35m"),
            "He threw seventy-four point three five meters"
        );
        assert_eq!(say("a 2.5m wall"), "a two point five meter wall");
        assert_eq!(say("it raised 1.5m"), "it raised one point five million");
        // Minutes among other parts of a time.
        assert_eq!(
            say("The race took 1h 32m 10s."),
            "The race took one hour thirty-two minutes ten seconds."
        );
        assert_eq!(
            say("It lasted 2h 15m."),
            "It lasted two hours fifteen minutes."
        );
        assert_eq!(
            say("a lap of 1m 29.708s"),
            "a lap of one minute twenty-nine point seven zero eight seconds"
        );
        assert_eq!(say("a 32m yacht"), "a thirty-two meter yacht");
        assert_eq!(
            say("Madrid baked at 44C."),
            "Madrid baked at forty-four degrees Celsius."
        );
        assert_eq!(
            say("The UK recorded 40C."),
            "The UK recorded forty degrees Celsius."
        );
        assert_eq!(
            say("He ran the 100m in 9.79 seconds."),
            "He ran the one hundred meters in nine point seven nine seconds."
        );
        assert_eq!(
            say("She won the 10,000m in Paris."),
            "She won the ten thousand meters in Paris."
        );
        assert_eq!(say("It said 1m fled."), "It said one million fled.");
        assert_eq!(say("Sales topped 10m."), "Sales topped ten million.");
        assert_eq!(say("They had 2m users."), "They had two million users.");
        assert_eq!(say("100m people"), "one hundred million people");
        assert_eq!(
            say("reach 35C today"),
            "reach thirty-five degrees Celsius today"
        );
        assert_eq!(
            say("1.5C of warming"),
            "one point five degrees Celsius of warming"
        );
        assert_eq!(say("Highs of 90F"), "Highs of ninety degrees Fahrenheit");
        assert_eq!(say("it was -5C"), "it was minus five degrees Celsius");
        // A seat, a grade or a code keeps its letter.
        assert_eq!(say("seat 35C"), "seat thirty-five C");
        assert_eq!(say("Apt. 4C"), "Apartment four C");
    }

    #[test]
    fn a_measure_before_its_noun_after_any_determiner_is_singular() {
        assert_eq!(say("the 96W adapter"), "the ninety-six watt adapter");
        assert_eq!(
            say("its 155 mm shells"),
            "its one hundred and fifty-five millimeter shells"
        );
        assert_eq!(say("the 10 km is flat"), "the ten kilometers is flat");
        assert_eq!(say("the 30 m long wall"), "the thirty meters long wall");
    }

    #[test]
    fn model_numbers_after_a_brand_or_an_acronym() {
        assert_eq!(say("the RTX 4090"), "the R.T.X. forty ninety");
        assert_eq!(
            say("the RTX 4090's price"),
            "the R.T.X. forty ninety's price"
        );
        assert_eq!(say("an Xbox 360"), "an Xbox three sixty");
        assert_eq!(say("a Porsche 911"), "a Porsche nine eleven");
        assert_eq!(say("the FTSE 250 fell"), "the Footsie two fifty fell");
        assert!(!say("a Core i9-14900K").contains(" to "));
        // Counts and amounts after an acronym stay counts.
        assert_eq!(
            say("the EU 750 billion fund"),
            "the E.U. seven hundred and fifty billion fund"
        );
        assert!(say("UK 300 troops").ends_with("three hundred troops"));
        assert_eq!(say("the 1980's"), "the nineteen eighties");
    }

    #[test]
    fn what_a_listener_heard_wrong_from_new_rules() {
        assert_eq!(
            say("the UN 193 member states"),
            "the U.N. one hundred and ninety-three member states"
        );
        assert_eq!(
            say("the Section 232 tariffs"),
            "the Section two thirty-two tariffs"
        );
        assert_eq!(say("RTX 4090 cards"), "R.T.X. forty ninety cards");
        assert_eq!(
            say("Some 5 000 Ukrainians fled"),
            "Some five thousand Ukrainians fled"
        );
        assert_eq!(
            say("In Wales, 12 000 homes"),
            "In Wales, twelve thousand homes"
        );
        assert_eq!(
            say("It cost €1 500."),
            "It cost one thousand five hundred euros."
        );
        assert_eq!(say("About 2m Britons"), "About two million Britons");
        assert_eq!(say("A 2m deficit"), "A two million deficit");
        assert_eq!(
            say("Shares rose 3p to 120p"),
            "Shares rose three pence to one hundred and twenty pence"
        );
        assert_eq!(say("fell 2.5p"), "fell two point five pence");
        assert_eq!(say("The exam grade was 5C"), "The exam grade was five C");
        assert_eq!(
            say("He lives at 14C Elm Road"),
            "He lives at fourteen C Elm Road"
        );
        assert_eq!(say("the 12C average"), "the twelve degrees Celsius average");
        assert_eq!(say("The 10km he ran"), "The ten kilometers he ran");
        assert_eq!(
            say("the 24/25 season"),
            "the twenty-four twenty-five season"
        );
    }

    #[test]
    fn counts_after_an_organisation_fiscal_spans_and_race_distances() {
        assert!(say("In the US 2500 people died").contains("two thousand five hundred"));
        assert_eq!(
            say("in FY2024-25"),
            "in FY twenty twenty-four to twenty-five"
        );
        assert_eq!(say("the 400m runners"), "the four hundred meter runners");
        assert_eq!(
            say("the 5 kg that remained"),
            "the five kilograms that remained"
        );
        assert_eq!(
            say("the 1999/00 season"),
            "the nineteen ninety-nine to two thousand season"
        );
    }

    #[test]
    fn a_score_of_points_is_a_count() {
        assert_eq!(say("on I-405 south"), "on I-four oh five south");
        assert_eq!(say("on I-95"), "on I-ninety-five");
        assert_eq!(
            say("He scored 1128 points"),
            "He scored one thousand one hundred and twenty-eight points"
        );
        assert_eq!(say("in 2019 points rose"), "in twenty nineteen points rose");
    }

    #[test]
    fn blood_pressure_and_odds_are_not_fractions() {
        assert_eq!(
            say("a blood pressure of 120/80"),
            "a blood pressure of one twenty over eighty"
        );
        assert_eq!(say("140/90 mmHg"), "one forty over ninety mmHg");
        assert_eq!(say("at odds of 5/1"), "at odds of five to one");
        assert_eq!(say("a 9/2 shot"), "a nine to two shot");
        assert_eq!(say("fell by 1/3"), "fell by one third");
    }

    #[test]
    fn pence_and_heights_in_feet_and_inches() {
        assert_eq!(say("costs 99p"), "costs ninety-nine pence");
        assert_eq!(say("a 50p coin"), "a fifty pence coin");
        assert_eq!(say("the 6'7\" forward"), "the six foot seven forward");
        assert_eq!(say("The 6ft 7in striker"), "The six foot seven striker");
        assert_eq!(say("He is 5ft11ins tall."), "He is five foot eleven tall.");
        assert_eq!(say("a 6ft wall"), "a six foot wall");
        assert_eq!(say("she is 5′11″ tall"), "she is five foot eleven tall");
        assert_eq!(say("in 1080p"), "in ten eighty p");
    }

    #[test]
    fn seasons_years_after_a_prefix_and_seconds() {
        assert_eq!(
            say("the 2024/25 season"),
            "the twenty twenty-four to twenty-five season"
        );
        assert_eq!(say("in mid-2019"), "in mid-twenty nineteen");
        assert_eq!(
            say("since pre-2020 levels"),
            "since pre-twenty twenty levels"
        );
        assert_eq!(
            say("Bolt ran 9.58s"),
            "Bolt ran nine point five eight seconds"
        );
        assert_eq!(say("an XR-2019 part"), "an XR-two thousand nineteen part");
    }

    #[test]
    fn a_caliber_is_read_without_its_point() {
        assert_eq!(say("a Colt .45 pistol"), "a Colt forty-five pistol");
        assert_eq!(say("a .22 rifle"), "a twenty-two rifle");
        assert_eq!(say("a .357 Magnum"), "a three fifty-seven Magnum");
        assert_eq!(say("a .45-caliber handgun"), "a forty-five-caliber handgun");
        assert_eq!(say("rose .25 points"), "rose point two five points");
    }

    #[test]
    fn thousands_separated_by_spaces_are_one_number() {
        assert_eq!(
            say("a crowd of 5 000 came"),
            "a crowd of five thousand came"
        );
        assert_eq!(
            say("12 500 000 people"),
            "twelve million five hundred thousand people"
        );
        assert_eq!(
            say("about 1 250."),
            "about one thousand two hundred and fifty."
        );
        // A phone number, a date before a count, a measure glued after: not one number.
        assert_eq!(
            say("call 555 123 4567"),
            "call five five five, one two three, four five six seven"
        );
        assert_eq!(
            say("on May 5 300 people"),
            "on May fifth three hundred people"
        );
        assert!(say("its 400 737 Max jets").starts_with("its four hundred seven thirty-seven"));
        assert_eq!(
            say("the 12 100-meter finalists"),
            "the twelve one hundred-meter finalists"
        );
    }

    #[test]
    fn a_number_that_labels_something_is_read_as_people_say_it() {
        assert_eq!(say("Room 312"), "Room three twelve");
        // A list after one label, and the label in the plural.
        assert_eq!(
            say("Section 230 and 231 apply"),
            "Section two thirty and two thirty-one apply"
        );
        assert_eq!(
            say("Rooms 312, 314 or 316"),
            "Rooms three twelve, three fourteen or three sixteen"
        );
        assert_eq!(
            say("Room 312 and 40 guests"),
            "Room three twelve and forty guests"
        );
        assert_eq!(say("Rm. 10A."), "Room ten A.");
        assert_eq!(say("Apt. 4B"), "Apartment four B");
        assert_eq!(say("on Interstate 35W"), "on Interstate thirty-five W");
        assert_eq!(
            say("Section 230 of the law"),
            "Section two thirty of the law"
        );
        assert_eq!(say("Flight 370 vanished"), "Flight three seventy vanished");
        assert_eq!(say("Interstate 405"), "Interstate four oh five");
        assert_eq!(say("Form 1040"), "Form ten forty");
        assert_eq!(say("the 1040 form"), "the ten forty form");
        assert_eq!(say("Senate Bill 1047"), "Senate Bill ten forty-seven");
        assert_eq!(say("Suite 200B"), "Suite two hundred B");
        // Still counts and units where the word is not a label.
        assert_eq!(say("a 13A plug"), "a thirteen ampere plug");
        assert_eq!(
            say("they form 250 teams"),
            "they form two hundred and fifty teams"
        );
        assert_eq!(
            say("Building 250 homes"),
            "Building two hundred and fifty homes"
        );
        assert_eq!(say("filed 1040 forms"), "filed one thousand forty forms");
        assert_eq!(say("Route 66"), "Route sixty-six");
    }

    #[test]
    fn a_long_number_on_its_own_is_read_digit_by_digit() {
        // Nothing to count: a ZIP code, a reference or a table cell of IDs.
        assert_eq!(say("48213"), "four eight two one three");
        assert_eq!(say("(70112)"), "(seven zero one one two)");
        assert_eq!(say("- 604522."), "- six zero four five two two.");
        // Shorter numbers, separators, a sign or a unit still make it a quantity.
        assert_eq!(say("9000"), "nine thousand");
        assert_eq!(say("31,000"), "thirty-one thousand");
        assert_eq!(say("-13000"), "minus thirteen thousand");
        assert_eq!(say("0.00125"), "zero point zero zero one two five");
        assert_eq!(say("27000 kg"), "twenty-seven thousand kilograms");
    }

    #[test]
    fn long_numbers_in_prose_are_still_quantities() {
        // Written without separators but counting something: the listener wants the amount.
        assert_eq!(
            say("A crowd of 25000 people filled the square."),
            "A crowd of twenty-five thousand people filled the square."
        );
        assert_eq!(
            say("The town had 13000."),
            "The town had thirteen thousand."
        );
        assert_eq!(
            say("We need to order 10000 more."),
            "We need to order ten thousand more."
        );
        assert_eq!(say("the number 50000"), "the number fifty thousand");
        // An identifier noun before a number that counts the plural after it.
        assert_eq!(
            say("They ran the code 100000 times."),
            "They ran the code one hundred thousand times."
        );
        assert_eq!(
            say("ticket 553201 was drawn"),
            "ticket five five three two zero one was drawn"
        );
    }

    #[test]
    fn long_numbers_after_an_identifier_noun_are_read_digit_by_digit() {
        assert_eq!(say("ZIP 94110"), "zip nine four one one zero");
        assert_eq!(say("my PIN: 20731"), "my pin: two zero seven three one");
        assert_eq!(
            say("Order number 48213 shipped"),
            "Order number four eight two one three shipped"
        );
        assert_eq!(
            say("ticket #553201"),
            "ticket number five five three two zero one"
        );
        assert_eq!(say("case No. 20431"), "case number two zero four three one");
    }

    #[test]
    fn a_measure_before_its_noun_is_singular() {
        assert_eq!(say("a 45° angle"), "a forty-five degree angle");
        assert_eq!(say("an 80 km drive"), "an eighty kilometer drive");
        assert_eq!(say("a 20°C day"), "a twenty degree Celsius day");
        // Not before a noun, or not after "a": plural as usual.
        assert_eq!(say("turn 45° left"), "turn forty-five degrees left");
        assert_eq!(say("it was 45°."), "it was forty-five degrees.");
        assert_eq!(say("a further 10 kg"), "a further ten kilograms");
        assert_eq!(say("a 5% rise"), "a five percent rise");
    }

    #[test]
    fn thousands_separators_are_read_as_one_number() {
        assert_eq!(say("8,200 people"), "eight thousand two hundred people");
        assert_eq!(say("1,000,000"), "one million");
    }

    #[test]
    fn commas_between_short_groups_are_a_list() {
        assert_eq!(say("1,2"), "one,two");
    }

    #[test]
    fn decimals_and_percentages() {
        assert_eq!(say("2.4"), "two point four");
        assert_eq!(say("up 3.75%"), "up three point seven five percent");
        // Releases of software, and any number of three parts, are versions.
        assert_eq!(
            say("Python 3.12 is out"),
            "Python three point twelve is out"
        );
        assert_eq!(say("in version 2.05"), "in version two point zero five");
        assert_eq!(say("v2.14 shipped"), "v two point fourteen shipped");
        assert_eq!(say("Rust 1.83.0"), "Rust one point eighty-three point zero");
        assert_eq!(
            say("It rose 3.10 points"),
            "It rose three point one zero points"
        );
        // A decimal comma before a percent sign; without one the comma is a list's.
        assert_eq!(say("up 3,5% in May"), "up three point five percent in May");
        assert_eq!(
            say("grew 12,75 per cent"),
            "grew twelve point seven five per cent"
        );
        assert_eq!(say("pages 3,5 and 7"), "pages three,five and seven");
    }

    #[test]
    fn negative_numbers_say_minus() {
        assert_eq!(say("-2"), "minus two");
        assert_eq!(say("at -0.5 degrees"), "at minus zero point five degrees");
    }

    #[test]
    fn ordinals_with_matching_suffixes() {
        assert_eq!(say("the 5th and 35th"), "the fifth and thirty-fifth");
        assert_eq!(say("21st century"), "twenty-first century");
    }

    #[test]
    fn four_digit_years_are_read_as_years() {
        assert_eq!(say("in 1998"), "in nineteen ninety-eight");
        assert_eq!(say("in 2023"), "in twenty twenty-three");
        assert_eq!(say("by 2100"), "by twenty-one hundred");
        assert_eq!(say("in 2005"), "in two thousand five");
    }

    #[test]
    fn years_before_a_plural_noun_stay_years() {
        assert_eq!(
            say("compared with 2019 levels"),
            "compared with twenty nineteen levels"
        );
        assert_eq!(say("at 2019 levels"), "at twenty nineteen levels");
        assert_eq!(
            say("Turnout for 2024 elections"),
            "Turnout for twenty twenty-four elections"
        );
        assert_eq!(say("won 2020 primaries"), "won twenty twenty primaries");
        assert_eq!(
            say("The company's 2023 earnings"),
            "The company's twenty twenty-three earnings"
        );
    }

    #[test]
    fn more_numbers_that_stay_what_they_are() {
        assert_eq!(
            say("The Chiefs beat the Raiders 24-7"),
            "The Chiefs beat the Raiders twenty-four to seven"
        );
        assert_eq!(
            say("She won the 10K on Sunday"),
            "She won the ten K on Sunday"
        );
        assert_eq!(say("her 401k plan"), "her four hundred and one k plan");
        assert_eq!(
            say("The 112 operators were busy"),
            "The one hundred and twelve operators were busy"
        );
        assert_eq!(say("911 dispatchers said"), "nine one one dispatchers said");
        assert_eq!(say("Call 911."), "Call nine one one.");
        assert_eq!(
            say("Neighbors called 911, police said"),
            "Neighbors called nine one one, police said"
        );
        assert_eq!(
            say("Volunteers logged 2000 hours"),
            "Volunteers logged two thousand hours"
        );
        assert_eq!(
            say("worked 1200 hours of overtime"),
            "worked twelve hundred hours of overtime"
        );
        assert_eq!(say("had 2019 revenues"), "had twenty nineteen revenues");
        assert_eq!(
            say("Those were 2020 numbers"),
            "Those were twenty twenty numbers"
        );
        assert_eq!(
            say("The 100K milestone"),
            "The one hundred thousand milestone"
        );
        assert_eq!(
            say("Over 5K people signed"),
            "Over five thousand people signed"
        );
        assert_eq!(
            say("It finished 24-7."),
            "It finished twenty-four to seven."
        );
        assert_eq!(
            say("The 787-9 Dreamliner"),
            "The seven eighty-seven nine Dreamliner"
        );
    }

    #[test]
    fn counts_before_a_plural_noun_and_early_years() {
        assert_eq!(
            say("The stadium holds 2012 fans"),
            "The stadium holds two thousand twelve fans"
        );
        assert_eq!(
            say("There are 2024 seats"),
            "There are two thousand twenty-four seats"
        );
        assert_eq!(say("the 2012 elections"), "the twenty twelve elections");
        assert_eq!(
            say("in 2012 votes were cast"),
            "in twenty twelve votes were cast"
        );
        assert_eq!(
            say("the Battle of Hastings in 1066"),
            "the Battle of Hastings in ten sixty-six"
        );
        assert_eq!(
            say("rose 1066 points"),
            "rose one thousand sixty-six points"
        );
    }

    #[test]
    fn four_digit_quantities_are_cardinals() {
        assert_eq!(
            say("about 1500 people"),
            "about one thousand five hundred people"
        );
        assert_eq!(say("1500 kg"), "one thousand five hundred kilograms");
    }

    #[test]
    fn decades_are_plural() {
        assert_eq!(say("the 1800s"), "the eighteen hundreds");
        assert_eq!(say("the '90s"), "the nineties");
        assert_eq!(say("mid-1980s"), "mid-nineteen eighties");
    }

    #[test]
    fn parts_of_codes_are_read_without_and() {
        assert_eq!(say("part 245-XQ"), "part two hundred forty-five-XQ");
        assert_eq!(
            say("3-512-kt-a-2-7"),
            "three-five hundred twelve-kt-a-two-seven"
        );
        assert_eq!(
            say("SU-27/480377-xk"),
            "SU-twenty-seven/four eight zero three seven seven-xk"
        );
        assert_eq!(say("12/12/450"), "twelve/twelve/four hundred fifty");
        assert_eq!(say("K-0420"), "K-zero four two zero");
        assert_eq!(say("2/q-6s"), "two/q-six s");
    }

    #[test]
    fn plural_jets_and_fractions_outside_codes_are_kept() {
        assert_eq!(say("two F-16s"), "two F-sixteens");
        assert_eq!(say("add 1/4 cup"), "add one quarter cup");
        assert_eq!(say("a 100-MW plant"), "a one hundred-megawatt plant");
    }

    #[test]
    fn dimensions_with_a_unit_read_by() {
        assert_eq!(say("a 3x4 m rug"), "a three by four meters rug");
        assert_eq!(say("4x6 ft2"), "four by six square feet");
        assert_eq!(
            say("20 × 30 × 5 cm"),
            "twenty by thirty by five centimeters"
        );
        assert_eq!(say("3x4"), "three x four");
    }

    #[test]
    fn ranges_read_to() {
        assert_eq!(say("1–3 days"), "one to three days");
        assert_eq!(
            say("95% CI 0.71-0.95"),
            "ninety-five percent CI zero point seven one to zero point nine five"
        );
        assert_eq!(
            say("Between 40-50% of staff"),
            "Between forty and fifty percent of staff"
        );
        assert_eq!(
            say("Highs of 20-25C"),
            "Highs of twenty to twenty-five degrees Celsius"
        );
        assert_eq!(say("open 7-9am"), "open seven to nine AM");
        assert_eq!(say("9.30-11pm"), "nine thirty to eleven PM");
        assert_eq!(say("1000s of people"), "thousands of people");
        assert_eq!(say("Q1-Q3 results"), "Q one to Q three results");
        assert_eq!(
            say("a 105 x 68 metres pitch"),
            "a one hundred and five by sixty-eight metres pitch"
        );
        assert_eq!(
            say("England were 245/6 at lunch"),
            "England were two hundred and forty-five for six at lunch"
        );
        assert_eq!(say("3/12 samples"), "three out of twelve samples");
        assert_eq!(say("2/3 of voters"), "two thirds of voters");
        assert_eq!(say("2019-2021"), "twenty nineteen to twenty twenty-one");
        assert_eq!(say("2-5 kg"), "two to five kilograms");
        assert_eq!(say("1960-80"), "nineteen sixty to eighty");
        assert_eq!(
            say("1990 – 1995"),
            "nineteen ninety to nineteen ninety-five"
        );
        assert_eq!(say("pages 10 - 20"), "pages ten to twenty");
        assert_eq!(say("it rose 5 - 10 percent"), "it rose five to ten percent");
        assert_eq!(say("The score was 3 - 1."), "The score was three to one.");
        assert_eq!(say("7 - 2 = 5"), "seven minus two equals five");
        assert_eq!(say("7- 2 = 5"), "seven minus two equals five");
        assert_eq!(say("x = 7 - 2"), "x equals seven minus two");
        assert_eq!(
            say("10 - 3 + 2 = 9"),
            "ten minus three plus two equals nine"
        );
        assert_eq!(
            say("5 - 3 - 1 = 1"),
            "five minus three minus one equals one"
        );
        assert_eq!(
            say("the code 4 - 8 - 15 - 16"),
            "the code four - eight - fifteen - sixteen"
        );
        assert_eq!(
            say("on 12 - 25 - 2020"),
            "on twelve - twenty-five - twenty twenty"
        );
    }

    #[test]
    fn larger_first_number_without_context_is_not_a_range() {
        assert_eq!(say("978-0"), "nine hundred and seventy-eight, zero");
    }

    #[test]
    fn digits_inside_a_letter_code_are_read_one_by_one() {
        assert_eq!(say("id e11822c"), "id e one one eight two two c");
    }

    #[test]
    fn retirement_plan_401k_is_read_as_named() {
        assert_eq!(say("a 401(k) plan"), "a four oh one k plan");
    }

    #[test]
    fn scores_and_votes_read_to() {
        assert_eq!(say("won 5-2"), "won five to two");
        assert_eq!(
            say("voted 218-210"),
            "voted two hundred and eighteen to two hundred and ten"
        );
        assert_eq!(say("a 2:1 ratio"), "a two to one ratio");
    }

    #[test]
    fn fractions_use_ordinal_denominators() {
        assert_eq!(say("1/10"), "one tenth");
        assert_eq!(say("3/4"), "three quarters");
        assert_eq!(say("2 1/2 cups"), "two and a half cups");
        assert_eq!(say("5/32"), "five thirty-seconds");
    }

    #[test]
    fn emergency_numbers_and_airliners_are_read_as_people_say_them() {
        assert_eq!(say("Call 911 for help."), "Call nine one one for help.");
        assert_eq!(say("a 911 call"), "a nine one one call");
        assert_eq!(say("dial 999 now"), "dial nine nine nine now");
        assert_eq!(
            say("911 people came"),
            "nine hundred and eleven people came"
        );
        assert_eq!(
            say("Boeing 737-800"),
            "Boeing seven thirty-seven eight hundred"
        );
        assert_eq!(say("the 747 jets"), "the seven forty-seven jets");
        assert_eq!(say("a 737 MAX"), "a seven thirty-seven MAX");
        assert_eq!(
            say("Airbus A350-900 jets"),
            "Airbus A-three fifty nine hundred jets"
        );
        assert_eq!(say("the A380"), "the A-three eighty");
        assert_eq!(
            say("seat 747 was empty"),
            "seat seven hundred and forty-seven was empty"
        );
    }

    #[test]
    fn twenty_four_hour_times_before_a_zone() {
        assert_eq!(say("at 0900 GMT"), "at oh nine hundred G.M.T.");
        assert_eq!(say("by 1430 UTC"), "by fourteen thirty UTC");
        assert_eq!(say("at 2305 hours"), "at twenty-three oh five hours");
        assert_eq!(say("2500 hours"), "two thousand five hundred hours");
    }

    #[test]
    fn teams_named_for_a_number() {
        assert_eq!(say("the 49ers won"), "the forty-niners won");
        assert_eq!(say("the 76ers lost"), "the seventy-sixers lost");
    }

    #[test]
    fn plural_numbers_pluralize_the_last_word() {
        assert_eq!(say("two Boeing 737s"), "two Boeing seven thirty-sevens");
        assert_eq!(say("in his 40s"), "in his forties");
    }

    #[test]
    fn video_resolutions_are_read_in_pairs() {
        assert_eq!(say("1080p video"), "ten eighty p video");
        assert_eq!(say("720p"), "seven twenty p");
    }

    #[test]
    fn fifty_fifty_is_an_expression() {
        assert_eq!(say("a 50-50 chance"), "a fifty-fifty chance");
        assert_eq!(say("The 24-7 store"), "The twenty-four seven store");
    }

    #[test]
    fn multipliers_and_scale_letters() {
        assert_eq!(say("1.5x faster"), "one point five times faster");
        assert_eq!(say("a 10x return"), "a ten times return");
        assert_eq!(say("a 3x3 grid"), "a three by three grid");
        assert_eq!(say("earns 50K a year"), "earns fifty thousand a year");
        assert_eq!(say("A 3.2M deal"), "A three point two million deal");
        assert_eq!(say("a 2.5k bonus"), "a two point five thousand bonus");
        assert_eq!(say("a 5K run"), "a five K run");
        assert_eq!(say("4K video"), "four K video");
        assert_eq!(say("a 4K UHD TV"), "a four K UHD TV");
        assert_eq!(say("the 777X jets"), "the seven seventy-seven X jets");
        assert_eq!(say("about 9x as good"), "about nine times as good");
        assert_eq!(
            say("a 1920x1080 screen"),
            "a nineteen twenty by ten eighty screen"
        );
        assert_eq!(say("3M said"), "three M said");
        assert_eq!(say("4.4x"), "four point four x");
        assert_eq!(say("2x8"), "two x eight");
    }

    #[test]
    fn fixed_expressions_are_not_fractions() {
        assert_eq!(say("open 24/7"), "open twenty-four seven");
        assert_eq!(say("after 9/11"), "after nine eleven");
        assert_eq!(say("20/20 vision"), "twenty-twenty vision");
    }

    #[test]
    fn more_dates_with_a_slash() {
        assert_eq!(say("Sales on 6/10 rose"), "Sales on June tenth rose");
        assert_eq!(say("The vote on 4/5"), "The vote on April fifth");
        assert_eq!(say("on 12/4"), "on December fourth");
        assert_eq!(
            say("It expires 12/31."),
            "It expires December thirty-first."
        );
        assert_eq!(say("on sale 10/15"), "on sale October fifteenth");
        assert_eq!(
            say("about 5/16 of an inch"),
            "about five sixteenths of an inch"
        );
    }

    #[test]
    fn slashes_that_stay_fractions() {
        assert_eq!(say("Prices fell by 1/3"), "Prices fell by one third");
        assert_eq!(
            say("from 1/4 to 1/2 of the budget"),
            "from one quarter to one half of the budget"
        );
        assert_eq!(say("A 3/5 majority"), "A three fifths majority");
        assert_eq!(
            say("a 1/100 scale model"),
            "a one one hundredth scale model"
        );
        assert_eq!(say("fell by 1/5"), "fell by one fifth");
        assert_eq!(say("on 1/2 of the days"), "on one half of the days");
    }

    #[test]
    fn splits_scores_and_dates_written_with_a_slash() {
        assert_eq!(say("The 60/40 split held."), "The sixty-forty split held.");
        assert_eq!(say("the 80/20 rule"), "the eighty-twenty rule");
        assert_eq!(say("Rated 4/5 stars"), "Rated four out of five stars");
        assert_eq!(
            say("only 7/10 people agreed"),
            "only seven out of ten people agreed"
        );
        assert_eq!(say("it scored 9/10."), "it scored nine out of ten.");
        assert_eq!(say("Sales on 6/15 rose"), "Sales on June fifteenth rose");
        assert_eq!(say("Due by 12/1."), "Due by December first.");
        // Still fractions: a measure, "of", no date word before.
        assert_eq!(say("add 3/4 cup"), "add three quarters cup");
        assert_eq!(say("1/10 of a second"), "one tenth of a second");
        assert_eq!(say("on 5/16 inch bolts"), "on five sixteenths inch bolts");
        assert_eq!(say("about 2/3 of voters"), "about two thirds of voters");
    }

    #[test]
    fn glued_m_after_a_decimal_is_million_and_after_an_integer_meters() {
        assert_eq!(say("1.2m people"), "one point two million people");
        assert_eq!(say("the 100m sprint"), "the one hundred meter sprint");
        assert_eq!(say("3bn"), "three billion");
    }

    #[test]
    fn codes_with_leading_zeros_are_read_digit_by_digit() {
        assert_eq!(say("agent 007"), "agent zero zero seven");
    }

    #[test]
    fn version_numbers_read_each_dot_as_point() {
        assert_eq!(say("1.2.3"), "one point two point three");
    }
}
