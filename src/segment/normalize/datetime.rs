//! Dates and times: "Nov. 3, 2025" → "November third, twenty twenty-five", "4 March" → "the
//! fourth of March", "2025-10-14" and "11/17/05" (US order: month first) → "October fourteenth,
//! twenty twenty-five", "6:30 p.m." → "six thirty PM", "9 a.m." → "nine AM", "14:10:30" → hours,
//! minutes and seconds, race times ("3:43.13"), spans of days ("Nov. 22-24"), US zones by name
//! ("ET" → "Eastern"), and month abbreviations on their own ("Jan." → "January").

use super::numbers::{ordinal, small, year};
use super::tokens::Kind;
use super::{Ctx, Hit};

pub(crate) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A month name or abbreviation: (month index, is an abbreviation, is also a common word).
pub(crate) fn month(w: &str) -> Option<(usize, bool, bool)> {
    if w.len() > 9 {
        return None;
    }
    let mut buf = [0; 16];
    let l = super::lower_in(w, &mut buf)?;
    let full = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(l));
    if let Some(m) = full {
        return Some((m, false, matches!(m, 2 | 4 | 7)));
    }
    let abbr = match l {
        "jan" => 0,
        "feb" => 1,
        "mar" => 2,
        "apr" => 3,
        "jun" => 5,
        "jul" => 6,
        "aug" => 7,
        "sep" | "sept" => 8,
        "oct" => 9,
        "nov" => 10,
        "dec" => 11,
        _ => return None,
    };
    Some((abbr, true, matches!(abbr, 2 | 11)))
}

/// A day of the month at token `k` (1–31, optionally with its ordinal suffix glued).
fn day(ctx: &Ctx, k: usize) -> Option<(usize, u32)> {
    let t = ctx
        .get(k)
        .filter(|t| t.kind == Kind::Digits && t.text.len() <= 2)?;
    let d: u32 = t.text.parse().ok()?;
    if !(1..=31).contains(&d) {
        return None;
    }
    if let Some(w) = ctx.get(k + 1).filter(|w| !w.sp && w.kind == Kind::Word) {
        if ["st", "nd", "rd", "th"]
            .iter()
            .any(|s| w.text.eq_ignore_ascii_case(s))
        {
            return Some((2, d));
        }
        return None;
    }
    // Not a day when a time, a decimal or a unit follows (a span of days, "22-24", is one).
    let span = day_span_end(ctx, k + 1, d).is_some();
    if ctx.glued(k + 1)
        && !span
        && ctx
            .get(k + 1)
            .is_some_and(|p| matches!(p.text, ":" | "." | "%" | "/" | "-"))
        && ctx
            .get(k + 2)
            .is_some_and(|x| !x.sp && x.kind == Kind::Digits)
    {
        return None;
    }
    Some((1, d))
}

/// A four-digit year at token `k`.
fn year_at(ctx: &Ctx, k: usize) -> Option<u32> {
    let t = ctx
        .get(k)
        .filter(|t| t.kind == Kind::Digits && t.text.len() == 4)?;
    if ctx.glued(k + 1)
        && ctx
            .get(k + 1)
            .is_some_and(|p| matches!(p.text, "," | "." | ":"))
        && ctx
            .get(k + 2)
            .is_some_and(|x| !x.sp && x.kind == Kind::Digits)
    {
        return None;
    }
    t.text.parse().ok()
}

/// "Month day[,] year" starting at a month word.
fn month_first(ctx: &Ctx, i: usize) -> Option<Hit> {
    let w = ctx.get(i).filter(|w| w.kind == Kind::Word)?;
    let (m, abbr, ambiguous) = month(w.text)?;
    let mut k = i + 1;
    let dotted = ctx.glued_is(k, ".");
    if dotted {
        k += 1;
    }
    if abbr && !dotted && !w.is_capitalized() && ctx.get(k).is_none_or(|t| t.kind != Kind::Digits) {
        return None;
    }
    let name = MONTHS[m];
    // A span of months: "April-June 2024" → "April to June".
    let dash = ctx
        .get(i + 1)
        .is_some_and(|d| !d.sp && matches!(d.text, "-" | "–"));
    let second = ctx
        .get(i + 2)
        .filter(|n| !n.sp && n.kind == Kind::Word)
        .and_then(|n| month(n.text));
    if let (true, true, Some((m2, abbr2, _))) = (dash, w.is_capitalized(), second) {
        // A short second name ("Jan-Mar") is said whole here; a full one reads on its own.
        if abbr2 && !ctx.glued_is(i + 3, ".") {
            return Hit::new(3, format!("{name} to {}", MONTHS[m2]));
        }
        return Hit::new(2, format!("{name} to"));
    }
    if let Some((n, d)) = day(ctx, k) {
        let mut end = k + n;
        let mut said = format!("{name} {}", ordinal(&d.to_string()));
        // A span of days: "Nov. 22-24" → "November twenty-second to twenty-fourth"; "March 3
        // to 5." the same, when the second number ends the date (not "March 3 to 5 pm").
        let glued_dash = ctx.glued(end) && ctx.glued(end + 1);
        if let Some(last) = day_span_end(ctx, end, d).filter(|_| glued_dash) {
            said.push_str(" to ");
            said.push_str(&ordinal(&last.to_string()));
            end += 2;
        } else if let Some(word) = span_word(ctx, end) {
            let last = later_day(ctx, end + 1, d).filter(|_| ctx.toks[end + 1].sp);
            let ends = ctx.get(end + 2).is_none_or(|x| {
                x.kind == Kind::Punct && !ctx.glued(end + 3)
                    || x.sp && x.kind == Kind::Digits && x.text.len() == 4
            });
            if let (Some(last), true) = (last, ends) {
                said.push_str(&format!(" {word} {}", ordinal(&last.to_string())));
                end += 2;
            }
        }
        let comma = ctx.is(end, ",") && ctx.get(end + 1).is_some_and(|t| t.sp);
        let y_at = if comma { end + 1 } else { end };
        let has_year = ctx.get(y_at).is_some_and(|t| t.sp) && year_at(ctx, y_at).is_some();
        if ambiguous && !w.is_capitalized() && !has_year {
            return None;
        }
        if has_year {
            let y = year_at(ctx, y_at).unwrap_or(0);
            said.push_str(if comma { ", " } else { " " });
            said.push_str(&year(y));
            end = y_at + 1;
        }
        return Hit::new(end - i, said);
    }
    if ambiguous && !w.is_capitalized() {
        return None;
    }
    // "Jan." or "Jan 2020": the month's name; the year is read by the number rules.
    if abbr && (dotted || w.is_capitalized() && year_at(ctx, k).is_some()) {
        if dotted && !w.is_capitalized() {
            return None;
        }
        let end = if dotted && ctx.get(k).is_none() {
            k - 1
        } else {
            k
        };
        return Hit::new(end - i, name);
    }
    None
}

/// "day Month [year]" starting at a number: "4 March 2025" → "the fourth of March twenty
/// twenty-five".
fn day_first(ctx: &Ctx, i: usize) -> Option<Hit> {
    if ctx
        .prev(i)
        .is_some_and(|p| p.kind == Kind::Word && month(p.text).is_some())
    {
        return None;
    }
    let (n, d) = day(ctx, i)?;
    // The first day of a span before a month: "3-5 March", "from 3 to 5 March" → "the third
    // to"; the second is read as a date in its turn.
    let dash = ctx.get(i + n).is_some_and(|p| matches!(p.text, "-" | "–"));
    if let Some(word) = span_word(ctx, i + n).or(dash.then_some("to")) {
        let k = i + n + 1;
        let second = later_day(ctx, k, d);
        // "5th-7th March": the second day's ordinal ending.
        let suffix = ctx
            .get(k + 1)
            .is_some_and(|s| !s.sp && matches!(s.text, "st" | "nd" | "rd" | "th"));
        let m = k + 1 + usize::from(suffix);
        let month_after = ctx.get(m).is_some_and(|w| {
            w.sp && w.kind == Kind::Word
                && w.is_capitalized()
                && month(w.text).is_some_and(|m| !m.1)
        });
        if second.is_some() && month_after {
            return Hit::new(k - i, format!("the {} {word}", ordinal(&d.to_string())));
        }
    }
    let w = ctx.get(i + n).filter(|w| w.kind == Kind::Word && w.sp)?;
    let (m, abbr, ambiguous) = month(w.text)?;
    // "5 may apply", "3 march on": a word, not a month, in lower case.
    if ambiguous && !w.is_capitalized() && year_at(ctx, i + n + 1).is_none() {
        return None;
    }
    let mut end = i + n + 1;
    if abbr && !ctx.glued_is(end, ".") && !w.is_capitalized() && year_at(ctx, end).is_none() {
        // "4 mar" could be anything; "25 jul 2012" is a date.
        if ctx.get(end).is_some_and(|t| t.kind == Kind::Word) {
            return None;
        }
    }
    if ctx.glued_is(end, ".") && abbr {
        // The period ends the sentence too when nothing follows; keep it then.
        if ctx.get(end + 1).is_some() {
            end += 1;
        }
    }
    let mut said = format!("the {} of {}", ordinal(&d.to_string()), MONTHS[m]);
    if ctx.get(end).is_some_and(|t| t.sp) {
        if let Some(y) = year_at(ctx, end) {
            said.push(' ');
            said.push_str(&year(y));
            end += 1;
        }
    }
    Hit::new(end - i, said)
}

fn two_digit_year(y: &str) -> u32 {
    let n: u32 = y.parse().unwrap_or(0);
    if y.len() == 4 {
        n
    } else if n < 50 {
        2000 + n
    } else {
        1900 + n
    }
}

/// Numeric dates: 2025-10-14, 2016/07/03, 11/17/05, 01.10.2010.
fn numeric(ctx: &Ctx, i: usize) -> Option<Hit> {
    let a = ctx.get(i).filter(|t| t.kind == Kind::Digits)?;
    let sep = ctx
        .get(i + 1)
        .filter(|s| !s.sp && matches!(s.text, "-" | "/" | "."))?;
    let b = ctx.get(i + 2).filter(|t| !t.sp && t.kind == Kind::Digits)?;
    if !ctx.glued_is(i + 3, sep.text) {
        return None;
    }
    let c = ctx.get(i + 4).filter(|t| !t.sp && t.kind == Kind::Digits)?;
    // A fourth group: an address or a phone number, not a date.
    if ctx.glued(i + 5)
        && ctx
            .get(i + 6)
            .is_some_and(|t| !t.sp && t.kind == Kind::Digits)
    {
        return None;
    }
    let num = |s: &str| s.parse::<u32>().unwrap_or(0);
    let (y, m, d) = if a.text.len() == 4 && b.text.len() <= 2 && c.text.len() <= 2 {
        (num(a.text), num(b.text), num(c.text))
    } else if a.text.len() <= 2 && b.text.len() <= 2 && matches!(c.text.len(), 2 | 4) {
        let (x, z) = (num(a.text), num(b.text));
        let y = two_digit_year(c.text);
        if x > 12 && z <= 12 {
            (y, z, x)
        } else {
            (y, x, z)
        }
    } else {
        return None;
    };
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || sep.is("-") && a.text.len() != 4 {
        return None;
    }
    let said = format!(
        "{} {}, {}",
        MONTHS[(m - 1) as usize],
        ordinal(&d.to_string()),
        year(y)
    );
    Hit::new(5, said)
}

/// AM or PM at token `k`: "pm", "PM", "p.m.", "p.m", "a.m.". Returns the tokens used, the
/// words, and whether a final period was used.
fn meridiem(ctx: &Ctx, k: usize) -> Option<(usize, &'static str, bool)> {
    let t = ctx.get(k).filter(|t| t.kind == Kind::Word)?;
    let which = |s: &str| match s {
        "am" | "AM" | "a" | "A" => Some("AM"),
        "pm" | "PM" | "p" | "P" => Some("PM"),
        _ => None,
    };
    match t.text.len() {
        2 => {
            let w = which(t.text)?;
            let dot = ctx.glued_is(k + 1, ".");
            Some((1 + dot as usize, w, dot))
        }
        1 => {
            let w = which(t.text)?;
            if !ctx.glued_is(k + 1, ".")
                || !ctx
                    .get(k + 2)
                    .is_some_and(|m| !m.sp && (m.is("m") || m.is("M")))
            {
                return None;
            }
            let dot = ctx.glued_is(k + 3, ".");
            Some((3 + dot as usize, w, dot))
        }
        _ => None,
    }
}

/// A time zone at token `k`: "EST", "est", "e.s.t".
fn zone(ctx: &Ctx, k: usize) -> Option<(usize, String)> {
    const ZONES: [&str; 22] = [
        "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "gmt", "utc", "bst", "cet", "cest",
        "ist", "jst", "et", "pt", "ct", "mt", "akst", "hst", "aest",
    ];
    let t = ctx.get(k).filter(|t| t.kind == Kind::Word)?;
    if ZONES.iter().any(|z| t.text.eq_ignore_ascii_case(z)) {
        if t.text.len() == 2 && !t.is_all_caps() {
            return None;
        }
        // America's zones written short are said by name: "9 a.m. ET" → "nine AM Eastern".
        let named = match t.text {
            "ET" => "Eastern",
            "CT" => "Central",
            "MT" => "Mountain",
            "PT" => "Pacific",
            _ => return Some((1, t.text.to_ascii_uppercase())),
        };
        return Some((1, named.to_string()));
    }
    // Dotted: e.s.t or e.s.t.
    if t.text.len() == 1 {
        let mut letters = String::new();
        let mut j = k;
        while let Some(w) = ctx
            .get(j)
            .filter(|w| w.kind == Kind::Word && w.text.len() == 1 && (j == k || !w.sp))
        {
            letters.push_str(&w.text.to_ascii_uppercase());
            j += 1;
            if ctx.glued_is(j, ".") {
                j += 1;
            } else {
                break;
            }
        }
        if letters.len() >= 2 && ZONES.contains(&letters.to_ascii_lowercase().as_str()) {
            return Some((j - k, letters));
        }
    }
    None
}

/// The last day of a span that starts with day `first` and a dash at token `dash` ("22-24",
/// "5–7"): a later day of the month with nothing glued after it.
/// A word that joins two days of a span, at token `k`: "to", "and", "through", "until".
fn span_word(ctx: &Ctx, k: usize) -> Option<&'static str> {
    let w = ctx.get(k).filter(|w| w.sp && w.kind == Kind::Word)?;
    ["to", "and", "through", "until"]
        .into_iter()
        .find(|s| *s == w.text)
}

/// The day at token `k` when it comes after `first` in the same month: the end of a span.
fn later_day(ctx: &Ctx, k: usize, first: u32) -> Option<u32> {
    ctx.get(k)
        .filter(|x| x.kind == Kind::Digits && x.text.len() <= 2)
        .and_then(|x| x.text.parse::<u32>().ok())
        .filter(|&l| l > first && l <= 31)
}

fn day_span_end(ctx: &Ctx, dash: usize, first: u32) -> Option<u32> {
    ctx.get(dash).filter(|p| matches!(p.text, "-" | "–"))?;
    let last = later_day(ctx, dash + 1, first)?;
    let glued_after = ctx
        .get(dash + 2)
        .is_some_and(|x| !x.sp && x.kind != Kind::Punct);
    (!glued_after).then_some(last)
}

/// Two numbers joined by a colon that no clock shows ("27:43", "26:46.57", "60:40"): a ratio
/// after or before a word that says so ("a 60:40 split" → "sixty to forty", "50:50" →
/// "fifty-fifty"), else minutes and seconds ("twenty-seven minutes forty-three seconds").
fn past_the_hours(ctx: &Ctx, i: usize, first: u32) -> Option<(usize, String)> {
    if !ctx.glued_is(i + 1, ":") {
        return None;
    }
    let m = ctx
        .get(i + 2)
        .filter(|m| !m.sp && m.kind == Kind::Digits && m.text.len() == 2)?;
    let second: u32 = m.text.parse().ok()?;
    // "12:34:56" or "27:43:10" are for other rules.
    if ctx.glued_is(i + 3, ":") {
        return None;
    }
    const RATIO_WORDS: &[&str] = &[
        "split", "ratio", "chance", "basis", "share", "mix", "blend", "odds", "deal", "vote",
    ];
    let ratio = ctx.recent_word_in(i, 2, RATIO_WORDS)
        || ctx
            .get(i + 3)
            .is_some_and(|w| w.sp && RATIO_WORDS.contains(&w.text));
    if ratio || first == second {
        let (a, b) = (small(first), small(second));
        let said = if first == second {
            format!("{a}-{b}")
        } else {
            format!("{a} to {b}")
        };
        return Some((3, said));
    }
    if second >= 60 {
        return None;
    }
    let mut said = format!("{} minutes {}", small(first), small(second));
    let mut n = 3;
    if let Some(f) = ctx
        .get(i + 4)
        .filter(|f| {
            ctx.glued_is(i + 3, ".") && !f.sp && f.kind == Kind::Digits && f.text.len() <= 3
        })
        .filter(|_| ctx.free_after(i + 5))
    {
        said.push_str(" point ");
        said.push_str(&super::numbers::digit_by_digit(f.text));
        n = 5;
    }
    said.push_str(if second == 1 && n == 3 {
        " second"
    } else {
        " seconds"
    });
    Some((n, said))
}

/// A clock time at token `i`: returns tokens used and words.
fn clock(ctx: &Ctx, i: usize) -> Option<(usize, String)> {
    let h_tok = ctx
        .get(i)
        .filter(|t| t.kind == Kind::Digits && t.text.len() <= 2)?;
    let h: u32 = h_tok.text.parse().ok()?;
    if h > 24 {
        return past_the_hours(ctx, i, h);
    }
    let mut k = i + 1;
    let mut minutes = None;
    let mut seconds = None;
    let sep = ctx.get(k).filter(|s| !s.sp && (s.is(":") || s.is(".")));
    if let Some(sep) = sep {
        if let Some(m) = ctx
            .get(k + 1)
            .filter(|m| !m.sp && m.kind == Kind::Digits && m.text.len() == 2)
        {
            let mv: u32 = m.text.parse().ok()?;
            if mv < 60 {
                minutes = Some(mv);
                k += 2;
                if sep.is(":") && ctx.glued_is(k, ":") {
                    if let Some(s) = ctx
                        .get(k + 1)
                        .filter(|s| !s.sp && s.kind == Kind::Digits && s.text.len() == 2)
                    {
                        let sv: u32 = s.text.parse().ok()?;
                        if sv < 60 {
                            seconds = Some(sv);
                            k += 2;
                        }
                    }
                }
            }
        }
        let m = minutes?;
        // A race time, minutes and seconds to the hundredth: "3:43.13", "1:32.608".
        if sep.is(":") && seconds.is_none() && ctx.glued_is(k, ".") {
            if let Some(f) = ctx
                .get(k + 1)
                .filter(|f| !f.sp && f.kind == Kind::Digits && f.text.len() <= 3)
            {
                // Nothing glued after, or punctuation (a full stop only at the end or before a
                // space: "won in 3:43.13.").
                let ends = |t: &super::tokens::Tok| {
                    t.kind == Kind::Punct
                        && !t.is(":")
                        && (!t.is(".") || ctx.get(k + 3).is_none_or(|n| n.sp))
                };
                if !ctx.glued(k + 2) || ctx.get(k + 2).is_some_and(ends) {
                    let said = format!(
                        "{} {} {} point {} seconds",
                        small(h),
                        if h == 1 { "minute" } else { "minutes" },
                        small(m),
                        super::numbers::digit_by_digit(f.text)
                    );
                    return Some((k + 2 - i, said));
                }
            }
        }
        if ctx.glued(k)
            && ctx.get(k).is_some_and(|t| {
                t.kind == Kind::Digits
                    || t.is(":")
                    || t.is(".")
                        && ctx
                            .get(k + 1)
                            .is_some_and(|d| !d.sp && d.kind == Kind::Digits)
            })
        {
            return None;
        }
    }
    let mer = meridiem(ctx, k);
    let dot_sep = sep.is_some_and(|s| s.is("."));
    if mer.is_none() && (minutes.is_none() || dot_sep) {
        return None;
    }
    let mut said = String::new();
    let plural = |n: u32, w: &str| {
        if n == 1 {
            w.to_string()
        } else {
            format!("{w}s")
        }
    };
    if let Some(s) = seconds {
        let m = minutes.unwrap_or(0);
        said = format!(
            "{} {} {} {} and {} {}",
            small(h),
            plural(h, "hour"),
            small(m),
            plural(m, "minute"),
            small(s),
            plural(s, "second")
        );
    } else {
        said.push_str(&small(h));
        // (A zone can follow only where no meridiem does: looked up once, used again below.)
        let zone_after = if mer.is_none() { zone(ctx, k) } else { None };
        match minutes {
            // "16:00 GMT": on the 24-hour clock with a zone, "sixteen hundred" ("23:00"
            // alone stays "twenty-three o'clock").
            Some(0) if mer.is_none() && h >= 13 && zone_after.is_some() => {
                said.push_str(" hundred")
            }
            Some(0) if mer.is_none() => said.push_str(" o'clock"),
            Some(0) | None => {}
            Some(m) if m < 10 => {
                said.push_str(" oh ");
                said.push_str(&small(m));
            }
            Some(m) => {
                said.push(' ');
                said.push_str(&small(m));
            }
        }
    }
    if let Some((n, w, dot)) = mer {
        said.push(' ');
        said.push_str(w);
        k += n;
        if dot && ctx.get(k).is_none() {
            said.push('.');
        }
    }
    if mer.is_some() || seconds.is_some() || minutes.is_some() {
        let z_at = k;
        if let Some((n, z)) = zone(ctx, z_at) {
            said.push(' ');
            said.push_str(&z);
            k += n;
        }
    }
    Some((k - i, said))
}

/// The rule: dates and times.
pub(crate) fn rule(ctx: &Ctx, i: usize) -> Option<Hit> {
    let t = ctx.get(i)?;
    match t.kind {
        Kind::Word => month_first(ctx, i),
        Kind::Digits => {
            if let Some(h) = numeric(ctx, i) {
                return Some(h);
            }
            if let Some((n, said)) = clock(ctx, i) {
                // A range of times: 2pm-5pm, 9:00 am - 5:00 pm.
                let k = i + n;
                let dash = ctx
                    .get(k)
                    .filter(|d| matches!(d.text, "-" | "–") || d.text.eq_ignore_ascii_case("to"));
                if let Some(d) = dash {
                    let next = k + 1;
                    if ctx.get(next).is_some_and(|x| x.sp == d.sp) {
                        if let Some((m, second)) = clock(ctx, next) {
                            return Hit::new(n + 1 + m, format!("{said} to {second}"));
                        }
                    }
                }
                return Hit::new(n, said);
            }
            day_first(ctx, i)
        }
        Kind::Punct => None,
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
    fn race_times_and_the_hours_of_the_24_hour_clock() {
        assert_eq!(
            say("won in 3:43.13"),
            "won in three minutes forty-three point one three seconds"
        );
        assert_eq!(
            say("a 1:32.608 lap"),
            "a one minute thirty-two point six zero eight seconds lap"
        );
        assert_eq!(say("at 16:00 GMT"), "at sixteen hundred GMT");
        assert_eq!(
            say("He won in 3:43.13."),
            "He won in three minutes forty-three point one three seconds."
        );
        assert_eq!(say("at 9:00"), "at nine o'clock");
        assert_eq!(
            say("He finished in 27:43."),
            "He finished in twenty-seven minutes forty-three seconds."
        );
        assert_eq!(
            say("in 26:46.57 today"),
            "in twenty-six minutes forty-six point five seven seconds today"
        );
        assert_eq!(say("a 60:40 split"), "a sixty to forty split");
        assert_eq!(say("a 50:50 chance"), "a fifty-fifty chance");
        assert_eq!(say("at 23:00"), "at twenty-three o'clock");
        assert_eq!(
            say("on Nov. 22-24, 2025"),
            "on November twenty-second to twenty-fourth, twenty twenty-five"
        );
        assert_eq!(say("Jan 5-7"), "January fifth to seventh");
        assert_eq!(say("from March 3 to 5."), "from March third to fifth.");
        assert_eq!(
            say("March 3 through 5, 2025"),
            "March third through fifth, twenty twenty-five"
        );
        // Not when the second number is a time or a count.
        assert_eq!(say("on March 3 to 5 pm"), "on March third to five PM");
        assert_eq!(
            say("The fair runs 3-5 March."),
            "The fair runs the third to the fifth of March."
        );
        assert_eq!(
            say("between 3 and 5 March 2025"),
            "between the third and the fifth of March twenty twenty-five"
        );
        assert_eq!(
            say("from 3 March to 5 April"),
            "from the third of March to the fifth of April"
        );
        assert_eq!(say("children aged 3 to 5"), "children aged three to five");
        assert_eq!(
            say("rules 3 to 5 may apply"),
            "rules three to five may apply"
        );
        assert_eq!(say("5th-7th March"), "the fifth to the seventh of March");
        assert_eq!(say("April-June 2024"), "April to June twenty twenty-four");
        assert_eq!(say("in Jan-Mar"), "in January to March");
        assert_eq!(say("at 9 a.m. ET"), "at nine AM Eastern");
        assert_eq!(say("8 p.m. PT"), "eight PM Pacific");
        assert_eq!(say("at 16:30"), "at sixteen thirty");
    }

    #[test]
    fn abbreviated_month_day_and_year() {
        assert_eq!(say("Nov. 3, 2025"), "November third, twenty twenty-five");
        assert_eq!(say("on March 4 at noon"), "on March fourth at noon");
    }

    #[test]
    fn day_before_month_reads_the_of() {
        assert_eq!(
            say("4 March 2025"),
            "the fourth of March twenty twenty-five"
        );
    }

    #[test]
    fn iso_and_us_numeric_dates() {
        assert_eq!(say("2025-10-14"), "October fourteenth, twenty twenty-five");
        assert_eq!(say("11/17/05"), "November seventeenth, two thousand five");
    }

    #[test]
    fn clock_times_with_meridiem() {
        assert_eq!(say("at 6:30 p.m. today"), "at six thirty PM today");
        assert_eq!(say("9 a.m."), "nine AM.");
        assert_eq!(say("at 5pm"), "at five PM");
        assert_eq!(say("7:05 am"), "seven oh five AM");
    }

    #[test]
    fn full_hours_without_meridiem_say_o_clock() {
        assert_eq!(say("at 10:00"), "at ten o'clock");
    }

    #[test]
    fn time_ranges_read_to() {
        assert_eq!(say("9am-5pm"), "nine AM to five PM");
    }

    #[test]
    fn hours_minutes_seconds() {
        assert_eq!(say("1:01:01"), "one hour one minute and one second");
    }

    #[test]
    fn may_as_a_verb_is_not_a_month() {
        assert_eq!(say("you may 3 times"), "you may three times");
    }

    #[test]
    fn lone_month_abbreviation_is_expanded() {
        assert_eq!(say("since Jan. the rate"), "since January the rate");
    }
}
