//! Abbreviations expanded by context: titles before a name ("Dr. Rao" → "Doctor Rao", "Mrs." →
//! "Missus"), street words after a name ("Elm Dr." → "Elm Drive", "Main St." → "Main Street"),
//! "St." before a name as "Saint", "No. 12" → "number twelve", Latin ("e.g.", "i.e.", "etc.",
//! "vs.") and company words ("Inc.", "Ltd.", "Co."), ranks and plural titles ("Maj.", "Sens."),
//! parts of works before a number ("Vol. 2"), "No 10", "w/", "y/y" and short days before a date
//! ("Wed 8 Jan"). Month abbreviations are in `datetime`.

use super::tokens::Kind;
use std::borrow::Cow;

use super::{Ctx, Hit};

/// An abbreviation written at `i`: its text with dots ("e.g.", "Dr.") and the tokens it uses.
/// A word without a dot is borrowed, so looking at every word allocates nothing.
pub(crate) fn written<'a>(ctx: &Ctx<'a>, i: usize) -> Option<(Cow<'a, str>, usize)> {
    let w = ctx.get(i).filter(|w| w.kind == Kind::Word)?;
    if !ctx.glued_is(i + 1, ".") {
        return Some((Cow::Borrowed(w.text), 1));
    }
    let mut key = format!("{}.", w.text);
    let mut n = 2;
    // Dotted runs of short parts: e.g., i.e., a.m., Ph.D.
    while w.text.len() <= 2 && n < 8 {
        match ctx.get(i + n) {
            Some(p)
                if !p.sp
                    && p.kind == Kind::Word
                    && p.text.len() <= 2
                    && ctx.glued_is(i + n + 1, ".") =>
            {
                key.push_str(p.text);
                key.push('.');
                n += 2;
            }
            _ => break,
        }
    }
    Some((Cow::Owned(key), n))
}

/// Whether a sentence starts at token `i`: first in the utterance (after opening quotes or
/// brackets), or after "!", "?" or a full stop that does not end an abbreviation ("vs.", "Dr.",
/// an initial or "U.S.").
fn sentence_starts_at(ctx: &Ctx, i: usize) -> bool {
    let opener = |t: &super::tokens::Tok| matches!(t.text, "\"" | "“" | "‘" | "'" | "(" | "[");
    match ctx.prev(i) {
        None => true,
        Some(p) if matches!(p.text, "!" | "?") => true,
        Some(p) if p.text == "." => ctx.prev(i - 1).is_some_and(|w| {
            let key = format!("{}.", w.text);
            w.kind != Kind::Word
                || (w.text.chars().count() > 1 && title(&key).is_none() && fixed(&key).is_none())
        }),
        Some(_) => (0..i).all(|k| ctx.get(k).is_some_and(opener)),
    }
}

/// Titles said before a name.
fn title(key: &str) -> Option<&'static str> {
    Some(match key {
        "Mr." | "Mr" => "Mister",
        "Mrs." | "Mrs" => "Missus",
        "Ms." | "Ms" => "Miz",
        "Dr." | "Dr" => "Doctor",
        "Prof." => "Professor",
        "Gen." => "General",
        "Lt." => "Lieutenant",
        "Col." => "Colonel",
        "Capt." => "Captain",
        "Sgt." => "Sergeant",
        "Cmdr." => "Commander",
        "Adm." => "Admiral",
        "Gov." => "Governor",
        "Sen." => "Senator",
        "Rep." => "Representative",
        "Rev." => "Reverend",
        "Pres." => "President",
        "Supt." => "Superintendent",
        "Hon." => "Honorable",
        "Maj." => "Major",
        "Brig." => "Brigadier",
        "Cpl." => "Corporal",
        "Pvt." => "Private",
        "Pfc." => "Private First Class",
        "Spc." => "Specialist",
        "Cdr." => "Commander",
        "Det." => "Detective",
        "Insp." => "Inspector",
        "Atty." => "Attorney",
        "Amb." => "Ambassador",
        "Msgr." => "Monsignor",
        "Fr." => "Father",
        "Rt." => "Right",
        "Sens." => "Senators",
        "Reps." => "Representatives",
        "Govs." => "Governors",
        "Gens." => "Generals",
        _ => return None,
    })
}

/// Abbreviations read the same way wherever they are.
fn fixed(key: &str) -> Option<&'static str> {
    Some(match key {
        "e.g." => "for example",
        "E.g." => "For example",
        "i.e." => "that is",
        "I.e." => "That is",
        "etc." => "et cetera",
        "Etc." => "Et cetera",
        "vs." | "vs" => "versus",
        "approx." | "Approx." => "approximately",
        "Inc." => "Incorporated",
        "Ltd." => "Limited",
        "Corp." => "Corporation",
        "Bros." => "Brothers",
        "Dept." => "Department",
        "Univ." => "University",
        "Jr." => "Junior",
        "Sr." => "Senior",
        "Mt." => "Mount",
        "Ave." => "Avenue",
        "Blvd." => "Boulevard",
        "Rd." => "Road",
        "Ln." => "Lane",
        "Hwy." => "Highway",
        "Sq." => "Square",
        "Fig." => "Figure",
        "a.m." => "AM",
        "p.m." => "PM",
        "Co." => "Company",
        "Ph.D." => "P H D",
        "a.k.a." | "aka" => "also known as",
        "YoY" | "yoy" | "YoY." | "yoy." => "year on year",
        "QoQ" | "qoq" | "QoQ." | "qoq." => "quarter on quarter",
        "esp." => "especially",
        "incl." => "including",
        "Incl." => "Including",
        "excl." => "excluding",
        "Excl." => "Excluding",
        "Messrs." => "Messieurs",
        // Days written short with a period ("Mon."); "Sat." and "Sun." only in a span (below).
        _ => {
            return key
                .strip_suffix('.')
                .filter(|d| !matches!(*d, "Sat" | "Sun"))
                .and_then(short_day)
        }
    })
}

/// The full name of a day written short and capitalized without a period ("Wed").
fn short_day(w: &str) -> Option<&'static str> {
    Some(match w {
        "Mon" => "Monday",
        "Tue" | "Tues" => "Tuesday",
        "Wed" => "Wednesday",
        "Thu" | "Thur" | "Thurs" => "Thursday",
        "Fri" => "Friday",
        "Sat" => "Saturday",
        "Sun" => "Sunday",
        _ => return None,
    })
}

/// A day written short without a period at either end of a span of days ("Mon–Fri",
/// "Sat-Sun"): its full name, and "to" for the dash after the first.
fn day_in_span(ctx: &Ctx, i: usize) -> Option<Hit> {
    let full = short_day(ctx.get(i)?.text)?;
    let dash = |k: usize| ctx.glued(k) && ctx.get(k).is_some_and(|d| matches!(d.text, "–" | "-"));
    let day_at = |k: usize| ctx.get(k).is_some_and(|w| short_day(w.text).is_some());
    let starts = dash(i + 1) && ctx.glued(i + 2) && day_at(i + 2);
    let ends = i >= 2 && ctx.glued(i) && dash(i - 1) && day_at(i - 2);
    if starts {
        return Hit::new(2, format!("{full} to"));
    }
    if ends {
        return Hit::new(1, full);
    }
    None
}

/// The rule.
pub(crate) fn rule(ctx: &Ctx, i: usize) -> Option<Hit> {
    let w = ctx.get(i).filter(|w| w.kind == Kind::Word)?;
    if ctx.prev(i).is_some_and(|p| !w.sp && p.kind != Kind::Punct) {
        return None;
    }
    if let Some(hit) = day_in_span(ctx, i) {
        return Some(hit);
    }
    // "Mt Everest": a mountain's name after it (with a period it is in the table below).
    if w.text == "Mt"
        && !ctx.glued_is(i + 1, ".")
        && ctx
            .get(i + 1)
            .is_some_and(|n| n.sp && n.kind == Kind::Word && n.is_capitalized())
    {
        return Hit::new(1, "Mount");
    }
    // A day written short before a date: "Wed 8 Jan", "Sat, Jan 11" → "Wednesday", "Saturday".
    if let Some(full) = short_day(w.text) {
        let mut k = i + 1;
        if ctx.is(k, ",") {
            k += 1;
        }
        let is_month = |k: usize| {
            ctx.get(k)
                .is_some_and(|t| super::datetime::month(t.text).is_some())
        };
        let date_after = ctx
            .get(k)
            .is_some_and(|d| d.kind == Kind::Digits && d.text.len() <= 2 && is_month(k + 1))
            || is_month(k) && ctx.get(k + 1).is_some_and(|d| d.kind == Kind::Digits);
        if date_after {
            return Hit::new(1, full);
        }
    }
    // "est. 1998": established (a year after it).
    if matches!(w.text, "est" | "Est")
        && ctx.glued_is(i + 1, ".")
        && ctx
            .get(i + 2)
            .is_some_and(|d| d.sp && d.kind == Kind::Digits && d.text.len() == 4)
    {
        let word = if w.text == "Est" {
            "Established"
        } else {
            "established"
        };
        return Hit::new(2, word);
    }
    // "y/y", "q/q", "m/m": year on year, quarter on quarter, month on month.
    if w.text.len() == 1
        && ctx.glued_is(i + 1, "/")
        && ctx.glued_is(i + 2, w.text)
        && ctx.get(i + 3).is_none_or(|t| t.sp || t.kind == Kind::Punct)
    {
        let period = match w.text {
            "y" | "Y" => Some("year"),
            "q" | "Q" => Some("quarter"),
            "m" | "M" => Some("month"),
            "w" | "W" => Some("week"),
            _ => None,
        };
        if let Some(p) = period {
            return Hit::new(3, format!("{p} on {p}"));
        }
    }
    // "w/" and "w/o": with and without.
    if (w.text == "w" || w.text == "W") && ctx.glued_is(i + 1, "/") {
        if ctx.glued_is(i + 2, "o") && ctx.get(i + 3).is_none_or(|t| t.sp || t.kind == Kind::Punct)
        {
            return Hit::new(3, "without");
        }
        if ctx.get(i + 2).is_none_or(|t| t.sp) {
            return Hit::new(2, "with");
        }
    }
    let (key, n) = written(ctx, i)?;
    let dotted = key.ends_with('.');
    // A period that also ends the utterance is kept as its end.
    let last = ctx.get(i + n).is_none();
    let finish = |n: usize, words: &str| {
        if dotted && last {
            Hit::new(n, format!("{words}."))
        } else {
            Hit::new(n, words)
        }
    };
    let next = ctx.get(i + n);
    let next_is_name = next.is_some_and(|t| t.is_capitalized() && t.sp);
    let prev_is_name = ctx
        .prev(i)
        .is_some_and(|p| p.is_capitalized() || p.kind == Kind::Digits);
    match &*key {
        // Dr.: Doctor before a name, Drive after one.
        "Dr." | "Dr" => {
            if next_is_name || !prev_is_name {
                if !dotted && !next_is_name {
                    return None;
                }
                return finish(n, "Doctor");
            }
            return finish(n, "Drive");
        }
        // "Rt. 66" is a road; "Rt. Hon." a title (below).
        "Rt." if next.is_some_and(|t| t.kind == Kind::Digits) => return finish(n, "Route"),
        // "Roe v. Wade": a case between two names.
        "v." if next_is_name && prev_is_name => return finish(n, "versus"),
        // St.: Saint before a name, Street after one ("Main St.", "42nd St.").
        "St." | "St" => {
            // A capitalized word that opens a sentence or a place ("At St. Mary's") is no
            // street's name.
            let prev_is_name = prev_is_name
                && !ctx.prev(i).is_some_and(|p| {
                    [
                        "At", "The", "A", "An", "In", "On", "From", "To", "Of", "For", "By",
                        "With", "And", "But", "Near", "Outside", "Inside", "Behind", "Into",
                        "Across", "Along", "Past", "Via", "Like",
                    ]
                    .contains(&p.text)
                })
                || ctx.prev(i).is_some_and(|p| {
                    matches!(p.text, "st" | "nd" | "rd" | "th")
                        && ctx.prev(i - 1).is_some_and(|d| d.kind == Kind::Digits)
                });
            if next_is_name && !prev_is_name {
                return finish(n, "Saint");
            }
            if prev_is_name && (dotted || next.is_none_or(|t| t.kind == Kind::Punct)) {
                return finish(n, "Street");
            }
            if dotted && next_is_name {
                return finish(n, "Saint");
            }
            return None;
        }
        "Ft." => return finish(n, if next_is_name { "Fort" } else { "feet" }),
        // Parts of an address before their number: "Apt. 3", "Ste. 200", "Rm. 5", "Bldg. 7".
        "Apt." | "Ste." | "Rm." | "Bldg." if next.is_some_and(|t| t.kind == Kind::Digits) => {
            let word = match &*key {
                "Apt." => "Apartment",
                "Ste." => "Suite",
                "Rm." => "Room",
                _ => "Building",
            };
            return finish(n, word);
        }
        "ca." | "c." if next.is_some_and(|t| t.kind == Kind::Digits) => return finish(n, "circa"),
        // Parts of a work before their number or numeral: "Vol. 2", "Ch. IV", "Pt. II" (but
        // "Pt. Reyes" is a point, and "vol." in running text a volume of something).
        "Vol." | "Vols." | "Ch." | "Chap." | "Pt."
            if next.is_some_and(|t| {
                t.sp && (t.kind == Kind::Digits
                    || t.kind == Kind::Word && super::acronyms::roman_value(t.text).is_some())
            }) =>
        {
            let word = match &*key {
                "Vol." => "Volume",
                "Vols." => "Volumes",
                "Pt." => "Part",
                _ => "Chapter",
            };
            return finish(n, word);
        }
        // Sat. and Sun. only in a span of days ("Sat.–Sun."), not "the Sun."
        "Sat." | "Sun." => {
            let dash =
                |t: Option<&super::tokens::Tok>| t.is_some_and(|t| matches!(t.text, "–" | "-"));
            if dash(next) || dash(ctx.prev(i)) {
                return finish(n, if key == "Sat." { "Saturday" } else { "Sunday" });
            }
            return None;
        }
        // No. 12, Nos. 3 and 4, p. 12, pp. 3-5.
        // "No 10 said" (British style, no period): number, unless it counts what follows
        // ("No 5 cases are alike").
        "No" if next.is_some_and(|t| t.kind == Kind::Digits && t.sp)
            && !ctx.get(i + 2).is_some_and(|w| {
                w.kind == Kind::Word
                    && (w.text.len() > 2
                        && w.text.ends_with('s')
                        && !matches!(w.text, "has" | "was" | "is" | "does")
                        && w.text.chars().all(|c| c.is_ascii_lowercase())
                        || matches!(w.text, "people" | "children" | "men" | "women"))
            }) =>
        {
            return Hit::new(
                n,
                if sentence_starts_at(ctx, i) {
                    "Number"
                } else {
                    "number"
                },
            );
        }
        "No." | "no." | "Nos." | "nos." | "p." | "pp." => {
            // "No. 1" and "No.1".
            if next.is_some_and(|t| t.kind == Kind::Digits && (t.sp || key.starts_with('N'))) {
                let word = match &*key {
                    "No." | "no." => "number",
                    "Nos." | "nos." => "numbers",
                    "p." => "page",
                    _ => "pages",
                };
                // "No." is written capitalized mid-sentence too ("case No. 12"): the word is
                // capitalized only where a sentence starts.
                let starts = sentence_starts_at(ctx, i);
                return Hit::new(
                    n,
                    if w.is_capitalized() && starts {
                        capitalize(word)
                    } else {
                        word.into()
                    },
                );
            }
            return None;
        }
        _ => {}
    }
    // "Fr. 1 million" is Swiss francs, not Father.
    if key == "Fr." && next.is_some_and(|t| t.kind == Kind::Digits) {
        return None;
    }
    if let Some(t) = title(&key) {
        // Undotted titles ("Mr Smith") only before a name.
        if dotted || next_is_name {
            return finish(n, t);
        }
        return None;
    }
    if let Some(f) = fixed(&key) {
        if key == "Co." && !prev_is_name {
            return None;
        }
        return finish(n, f);
    }
    None
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use crate::segment::normalize::spoken;
    use crate::segment::Lexicon;

    fn say(s: &str) -> String {
        spoken(s, &Lexicon::default())
    }

    #[test]
    fn short_days_before_dates_and_established() {
        assert_eq!(say("Wed 8 Jan"), "Wednesday the eighth of January");
        assert_eq!(say("on Sat, Jan 11"), "on Saturday, January eleventh");
        assert_eq!(say("est. 1998"), "established nineteen ninety-eight");
        assert_eq!(say("the Sun rose"), "the Sun rose");
        assert_eq!(say("we Wed in May"), "we Wed in May");
    }

    #[test]
    fn finance_shorthand_and_aka() {
        assert_eq!(
            say("sales rose 5% y/y"),
            "sales rose five percent year on year"
        );
        assert_eq!(say("up 2% q/q."), "up two percent quarter on quarter.");
        assert_eq!(say("growth YoY"), "growth year on year");
        assert_eq!(say("rose 20% YoY."), "rose twenty percent year on year.");
        assert_eq!(say("worth Fr. 1 million"), "worth Fr. one million");
        assert_eq!(say("Smith, aka Bob"), "Smith, also known as Bob");
    }

    #[test]
    fn shorthand_for_with_volume_and_chapter() {
        assert_eq!(
            say("coffee w/ milk, tea w/o sugar"),
            "coffee with milk, tea without sugar"
        );
        assert_eq!(
            say("see Ch. 4 and Vol. 2"),
            "see Chapter four and Volume two"
        );
        assert_eq!(say("Vol. III"), "Volume Three");
        assert_eq!(say("an R/W disk"), "an R/W disk");
    }

    #[test]
    fn number_written_no_with_or_without_its_period() {
        assert_eq!(say("No 10 said"), "Number ten said");
        assert_eq!(say("a No 10 spokesman"), "a number ten spokesman");
        assert_eq!(say("No.1 in the charts"), "Number one in the charts");
        assert_eq!(say("No 5 cases are alike"), "No five cases are alike");
        assert_eq!(say("No 2 people are alike"), "No two people are alike");
        assert_eq!(say("No 10 has denied it"), "Number ten has denied it");
        assert_eq!(say("No, 10 is enough"), "No, ten is enough");
    }

    #[test]
    fn ranks_and_plural_titles_before_names() {
        assert_eq!(
            say("Maj. Gen. Pat Ryder spoke"),
            "Major General Pat Ryder spoke"
        );
        assert_eq!(
            say("Sens. Warren and Sanders"),
            "Senators Warren and Sanders"
        );
        assert_eq!(
            say("Cpl. Lee and Pvt. Ryan"),
            "Corporal Lee and Private Ryan"
        );
        assert_eq!(say("Det. Sgt. Jones"), "Detective Sergeant Jones");
        assert_eq!(say("in Roe v. Wade"), "in Roe versus Wade");
    }

    #[test]
    fn saint_and_street_by_what_stands_around() {
        assert_eq!(say("At St. Mary's Hospital"), "At Saint Mary's Hospital");
        assert_eq!(say("The St. Louis Cardinals"), "The Saint Louis Cardinals");
        assert_eq!(
            say("on 42nd St. on Monday"),
            "on forty-second Street on Monday"
        );
        assert_eq!(say("500 Main St."), "five hundred Main Street.");
        assert_eq!(say("in St. Paul"), "in Saint Paul");
    }

    #[test]
    fn a_span_of_short_days_is_said_in_full() {
        assert_eq!(
            say("Open Mon–Fri, 9-5"),
            "Open Monday to Friday, nine to five"
        );
        assert_eq!(say("Sat-Sun closed"), "Saturday to Sunday closed");
    }

    #[test]
    fn parts_of_an_address_before_their_number_are_said_in_full() {
        assert_eq!(
            say("500 Pine St., Ste. 200, in Denver"),
            "five hundred Pine Street, Suite two hundred, in Denver"
        );
        assert_eq!(
            say("She lives in Apt. 3 now."),
            "She lives in Apartment three now."
        );
        assert_eq!(say("Rm. 5 in Bldg. 7"), "Room five in Building seven");
        assert_eq!(say("Ste. Anne"), "Ste. Anne");
    }

    #[test]
    fn dr_before_a_name_is_doctor() {
        assert_eq!(say("Dr. Amina Rao spoke"), "Doctor Amina Rao spoke");
        assert_eq!(say("said Dr. Rao"), "said Doctor Rao");
    }

    #[test]
    fn dr_after_a_street_name_is_drive() {
        assert_eq!(
            say("on Elm Dr. near the park"),
            "on Elm Drive near the park"
        );
        assert_eq!(
            say("She lives at 12 Elm Dr."),
            "She lives at twelve Elm Drive."
        );
    }

    #[test]
    fn st_is_saint_before_a_name_and_street_after_one() {
        assert_eq!(say("St. Louis is big"), "Saint Louis is big");
        assert_eq!(say("in St. Petersburg"), "in Saint Petersburg");
        assert_eq!(say("on Main St. today"), "on Main Street today");
    }

    #[test]
    fn mount_and_number() {
        assert_eq!(say("Mt. Everest"), "Mount Everest");
        assert_eq!(say("No. 12 on the list"), "Number twelve on the list");
        assert_eq!(say("no. 5"), "number five");
        assert_eq!(
            say("It was ranked No. 3 in the state."),
            "It was ranked number three in the state."
        );
        assert_eq!(
            say("He won. No. 2 came next."),
            "He won. Number two came next."
        );
    }

    #[test]
    fn latin_abbreviations_are_read_in_english() {
        assert_eq!(say("fruit, e.g. apples"), "fruit, for example apples");
        assert_eq!(say("one, i.e. this"), "one, that is this");
        assert_eq!(say("pens, paper, etc."), "pens, paper, et cetera.");
        assert_eq!(say("Iran vs. Israel"), "Iran versus Israel");
        assert_eq!(say("Etc. is short"), "Et cetera is short");
        assert_eq!(say("E.g. apples"), "For example apples");
    }

    #[test]
    fn degrees_and_latin_shorthand() {
        assert_eq!(say("a Ph.D. student"), "a P H D student");
        assert_eq!(say("Smith, a.k.a. Bob"), "Smith, also known as Bob");
        assert_eq!(say("built ca. 1500"), "built circa fifteen hundred");
    }

    #[test]
    fn honorifics_are_spoken() {
        assert_eq!(say("Mr. Lee"), "Mister Lee");
        assert_eq!(say("Mrs. Lee"), "Missus Lee");
        assert_eq!(say("Ms. Lee"), "Miz Lee");
    }

    #[test]
    fn company_words_are_read_naturally() {
        assert_eq!(say("Acme Inc. said"), "Acme Incorporated said");
        assert_eq!(say("Acme Ltd. said"), "Acme Limited said");
        assert_eq!(say("Ford Motor Co. said"), "Ford Motor Company said");
    }

    #[test]
    fn weekday_spans_are_read_in_full() {
        assert_eq!(say("open Mon.–Fri. only"), "open Monday to Friday only");
        assert_eq!(say("Sat.-Sun. hours"), "Saturday-Sunday hours");
        assert_eq!(say("under the Sun."), "under the Sun.");
    }
}
