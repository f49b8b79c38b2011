//! Street addresses: house numbers read the way people say them ("1428 Elm St." → "fourteen
//! twenty-eight Elm Street", "708 N 1st St" → "seven oh eight North first Street"), street words
//! written without a period ("Ave", "Blvd", "Hwy"), compass letters before a street name, and
//! US state codes after a city ("Austin, TX 78701" → "Austin, Texas seven eight seven zero one").
//! A number is a house number only when a street word follows within a few capitalized words.

use super::numbers::{digit_by_digit, in_pairs};
use super::tokens::Kind;
use super::{Ctx, Hit};

/// Street words and what they stand for.
fn street(w: &str) -> Option<&'static str> {
    let mut buf = [0; 16];
    Some(match super::lower_in(w, &mut buf)? {
        "st" | "street" => "Street",
        "ave" | "avenue" => "Avenue",
        "blvd" | "boulevard" => "Boulevard",
        "rd" | "road" => "Road",
        "ln" | "lane" => "Lane",
        "ct" | "court" => "Court",
        "dr" | "drive" => "Drive",
        "hwy" | "highway" => "Highway",
        "expy" | "expressway" => "Expressway",
        "pkwy" | "parkway" => "Parkway",
        "pl" | "place" => "Place",
        "ter" | "terrace" => "Terrace",
        "cir" | "circle" => "Circle",
        "way" => "Way",
        "sq" | "square" => "Square",
        "plaza" => "Plaza",
        _ => return None,
    })
}

fn compass(w: &str) -> Option<&'static str> {
    Some(match w {
        "N" => "North",
        "S" => "South",
        "E" => "East",
        "W" => "West",
        "NE" => "Northeast",
        "NW" => "Northwest",
        "SE" => "Southeast",
        "SW" => "Southwest",
        _ => return None,
    })
}

fn state(code: &str) -> Option<&'static str> {
    Some(match code {
        "AL" => "Alabama",
        "AK" => "Alaska",
        "AZ" => "Arizona",
        "AR" => "Arkansas",
        "CA" => "California",
        "CO" => "Colorado",
        "CT" => "Connecticut",
        "DE" => "Delaware",
        "FL" => "Florida",
        "GA" => "Georgia",
        "HI" => "Hawaii",
        "ID" => "Idaho",
        "IL" => "Illinois",
        "IN" => "Indiana",
        "IA" => "Iowa",
        "KS" => "Kansas",
        "KY" => "Kentucky",
        "LA" => "Louisiana",
        "ME" => "Maine",
        "MD" => "Maryland",
        "MA" => "Massachusetts",
        "MI" => "Michigan",
        "MN" => "Minnesota",
        "MS" => "Mississippi",
        "MO" => "Missouri",
        "MT" => "Montana",
        "NE" => "Nebraska",
        "NV" => "Nevada",
        "NH" => "New Hampshire",
        "NJ" => "New Jersey",
        "NM" => "New Mexico",
        "NY" => "New York",
        "NC" => "North Carolina",
        "ND" => "North Dakota",
        "OH" => "Ohio",
        "OK" => "Oklahoma",
        "OR" => "Oregon",
        "PA" => "Pennsylvania",
        "RI" => "Rhode Island",
        "SC" => "South Carolina",
        "SD" => "South Dakota",
        "TN" => "Tennessee",
        "TX" => "Texas",
        "UT" => "Utah",
        "VT" => "Vermont",
        "VA" => "Virginia",
        "WA" => "Washington",
        "WV" => "West Virginia",
        "WI" => "Wisconsin",
        "WY" => "Wyoming",
        _ => return None,
    })
}

/// AP state abbreviations that are also words, names or other abbreviations ("Ind." for
/// independent, "Pa.", "Ill.", "Wash."): read as states only after a city ("Erie, Pa.").
const AP_AMBIGUOUS: &[&str] = &[
    "Del.", "Ill.", "Ind.", "La.", "Miss.", "Mo.", "Pa.", "Wash.",
];

/// Associated Press state abbreviations ("Calif.", "N.J."), written with their periods.
fn ap_state(key: &str) -> Option<&'static str> {
    Some(match key {
        "Ala." => "Alabama",
        "Ariz." => "Arizona",
        "Ark." => "Arkansas",
        "Calif." => "California",
        "Colo." => "Colorado",
        "Conn." => "Connecticut",
        "Del." => "Delaware",
        "Fla." => "Florida",
        "Ga." => "Georgia",
        "Ill." => "Illinois",
        "Ind." => "Indiana",
        "Kan." => "Kansas",
        "Ky." => "Kentucky",
        "La." => "Louisiana",
        "Md." => "Maryland",
        "Mass." => "Massachusetts",
        "Mich." => "Michigan",
        "Minn." => "Minnesota",
        "Miss." => "Mississippi",
        "Mo." => "Missouri",
        "Mont." => "Montana",
        "Neb." => "Nebraska",
        "Nev." => "Nevada",
        "N.H." => "New Hampshire",
        "N.J." => "New Jersey",
        "N.M." => "New Mexico",
        "N.Y." => "New York",
        "N.C." => "North Carolina",
        "N.D." => "North Dakota",
        "Okla." => "Oklahoma",
        "Ore." => "Oregon",
        "Pa." => "Pennsylvania",
        "R.I." => "Rhode Island",
        "S.C." => "South Carolina",
        "S.D." => "South Dakota",
        "Tenn." => "Tennessee",
        "Vt." => "Vermont",
        "Va." => "Virginia",
        "Wash." => "Washington",
        "W.Va." => "West Virginia",
        "Wis." => "Wisconsin",
        "Wyo." => "Wyoming",
        _ => return None,
    })
}

/// Whether the quadrant at `i` ("NW") comes right after a street word ("Ave", "St.") and ends
/// the address or a part of it.
fn quadrant_after_street(ctx: &Ctx, i: usize) -> bool {
    let dotted = ctx.prev(i).is_some_and(|d| d.is(".") && !d.sp);
    let Some(k) = i.checked_sub(if dotted { 2 } else { 1 }) else {
        return false;
    };
    ctx.get(k)
        .is_some_and(|s| s.kind == Kind::Word && s.is_capitalized() && street(s.text).is_some())
        && ctx.get(i + 1).is_none_or(|x| x.kind == Kind::Punct)
}

/// Whether a street word follows token `j` within three capitalized words (or ordinals).
fn street_follows(ctx: &Ctx, mut j: usize) -> bool {
    if ctx.get(j).is_some_and(|t| compass(t.text).is_some()) {
        j += 1;
        if ctx.glued_is(j, ".") {
            j += 1;
        }
    }
    let mut names = 0;
    while names < 4 {
        let Some(t) = ctx.get(j) else { return false };
        if names > 0 && t.kind == Kind::Word && street(t.text).is_some() {
            return true;
        }
        let ordinal = t.kind == Kind::Digits
            && ctx
                .get(j + 1)
                .is_some_and(|s| !s.sp && matches!(s.text, "st" | "nd" | "rd" | "th"));
        if ordinal {
            j += 2;
        } else if t.is_capitalized() {
            j += 1;
        } else {
            return false;
        }
        names += 1;
    }
    false
}

/// A lawmaker's party and state after the name, "(D-Mich.)", ", R-Texas,", "(I-VT)":
/// "Democrat of Michigan".
fn party_and_state(ctx: &Ctx, i: usize) -> Option<Hit> {
    let t = ctx.get(i)?;
    let party = match t.text {
        "D" => "Democrat",
        "R" => "Republican",
        "I" => "Independent",
        _ => return None,
    };
    if !ctx.prev(i).is_some_and(|p| matches!(p.text, "(" | ",")) || !ctx.glued_is(i + 1, "-") {
        return None;
    }
    let s = ctx.get(i + 2).filter(|s| !s.sp && s.kind == Kind::Word)?;
    let ap = super::abbrev::written(ctx, i + 2).and_then(|(key, n)| ap_state(&key).map(|s| (s, n)));
    let (name, n) = match ap {
        Some(found) => found,
        None => {
            let name = state(s.text).or_else(|| {
                [
                    "Alaska", "Hawaii", "Idaho", "Iowa", "Maine", "Ohio", "Texas", "Utah",
                ]
                .into_iter()
                .find(|n| *n == s.text)
            })?;
            (name, 1)
        }
    };
    // What follows closes the label: ")", ",", ";", the end, or (after "Mich.") a new sentence.
    let after = ctx.get(i + 2 + n);
    let dotted = ctx.get(i + 1 + n).is_some_and(|d| d.is("."));
    let closes = after.is_none_or(|x| {
        x.kind == Kind::Punct && matches!(x.text, ")" | "," | "." | ";")
            || dotted && x.sp && x.is_capitalized()
    });
    if !closes {
        return None;
    }
    // A period that also ends the sentence stays: "said Gary Peters, D-Mich."
    let end = if dotted && after.is_none_or(|x| x.is_capitalized()) {
        "."
    } else {
        ""
    };
    Hit::new(2 + n, format!("{party} of {name}{end}"))
}

/// The rule.
pub(crate) fn rule(ctx: &Ctx, i: usize) -> Option<Hit> {
    let t = ctx.get(i)?;
    if let Some(hit) = party_and_state(ctx, i) {
        return Some(hit);
    }
    match t.kind {
        Kind::Digits => {
            if t.text.len() > 5 || t.text.starts_with('0') || ctx.glued(i + 1) {
                return None;
            }
            if ctx.prev(i).is_some_and(|p| !t.sp || p.is("$")) {
                return None;
            }
            if street_follows(ctx, i + 1) {
                return Hit::new(1, in_pairs(t.text));
            }
            None
        }
        Kind::Word => {
            // Compass letter between a house number and a street name.
            if let Some(c) = compass(t.text) {
                // A quadrant after the street: "Pennsylvania Ave NW," → "Avenue Northwest".
                if t.text.len() == 2 && t.sp && quadrant_after_street(ctx, i) {
                    return Hit::new(1, c);
                }
                if ctx.prev(i).is_some_and(|p| p.kind == Kind::Digits) && t.sp {
                    let n = if ctx.glued_is(i + 1, ".") { 2 } else { 1 };
                    if ctx
                        .get(i + n)
                        .is_some_and(|x| x.sp && (x.is_capitalized() || x.kind == Kind::Digits))
                    {
                        return Hit::new(n, c);
                    }
                }
            }
            // A street word without a period after a name: "Elm Ave", "San Tomas hwy".
            let shouted = t.text.len() > 1 && t.is_all_caps();
            if !ctx.glued_is(i + 1, ".") && !t.text.eq_ignore_ascii_case("street") && !shouted {
                if let Some(s) = street(t.text) {
                    let ordinal_before = i >= 2
                        && ctx.prev(i).is_some_and(|p| !p.sp && p.kind == Kind::Word)
                        && ctx.get(i - 2).is_some_and(|d| d.kind == Kind::Digits);
                    let after_name =
                        t.sp && (ctx.prev(i).is_some_and(|p| p.is_capitalized()) || ordinal_before);
                    let quadrant = ctx.get(i + 1).is_some_and(|q| {
                        q.sp && q.text.len() == 2
                            && compass(q.text).is_some()
                            && ctx.get(i + 2).is_none_or(|x| x.kind == Kind::Punct)
                    });
                    // "on Oxford St are busy": a lower-case word after it ends the name too
                    // ("Smith Dr is" could be a doctor, so not for "Dr").
                    let lower_after = t.text != "Dr"
                        && ctx.get(i + 1).is_some_and(|x| {
                            x.sp && x.kind == Kind::Word
                                && x.text.starts_with(|c: char| c.is_ascii_lowercase())
                        });
                    let ends = quadrant
                        || lower_after
                        || ctx.get(i + 1).is_none_or(|x| x.kind == Kind::Punct);
                    if after_name
                        && ends
                        && t.text.len() <= 4
                        && !t.text.eq_ignore_ascii_case("way")
                    {
                        return Hit::new(1, s);
                    }
                }
            }
            // A state code after "City,": "Austin, TX" and an optional ZIP code.
            let after_city = ctx.prev(i).is_some_and(|p| p.is(","))
                && i >= 2
                && ctx.get(i - 2).is_some_and(|c| c.is_capitalized());
            if !after_city {
                // "laws in Calif. and Fla.": an abbreviation no word or name is written like;
                // not inside a longer one ("18 U.S.C. 1001").
                // (Every key starts with a capital and ends with a period: look only there.)
                if !t.sp && i > 0 || !t.ch().is_ascii_uppercase() || !ctx.glued_is(i + 1, ".") {
                    return None;
                }
                let (key, n) = super::abbrev::written(ctx, i)?;
                let name = ap_state(&key).filter(|_| !AP_AMBIGUOUS.contains(&key.as_ref()))?;
                let end = if ctx.get(i + n).is_none() { "." } else { "" };
                return Hit::new(n, format!("{name}{end}"));
            }
            if !t.sp {
                return None;
            }
            let written = super::abbrev::written(ctx, i);
            if let Some((key, n)) = &written {
                if let Some(name) = ap_state(key) {
                    // The period also ends the sentence when nothing follows.
                    let end = if ctx.get(i + n).is_none() { "." } else { "" };
                    return Hit::new(*n, format!("{name}{end}"));
                }
            }
            // "Washington, DC 20500", "D.C. 20500": the district keeps its letters.
            if let Some((key, n)) = written.filter(|(k, _)| k == "DC" || k == "D.C.") {
                let zip = ctx
                    .get(i + n)
                    .filter(|z| z.sp && z.kind == Kind::Digits && z.text.len() == 5)?;
                return Hit::new(n + 1, format!("{key} {}", digit_by_digit(zip.text)));
            }
            let name = state(t.text)?;
            // "FL 95051" or "FL, 95051".
            let zip_at = if ctx.glued_is(i + 1, ",") {
                i + 2
            } else {
                i + 1
            };
            let zip = ctx
                .get(zip_at)
                .filter(|z| z.sp && z.kind == Kind::Digits && z.text.len() == 5);
            let ends = ctx.get(i + 1).is_none_or(|x| x.kind == Kind::Punct);
            if let Some(z) = zip {
                let comma = if zip_at == i + 2 { "," } else { "" };
                return Hit::new(
                    zip_at + 1 - i,
                    format!("{name}{comma} {}", digit_by_digit(z.text)),
                );
            }
            // Codes that are also words stand for a state only before a ZIP code.
            if ends && !matches!(t.text, "OK" | "OR" | "IN" | "ME" | "HI") {
                return Hit::new(1, name);
            }
            None
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
    fn house_numbers_are_read_in_pairs() {
        assert_eq!(
            say("at 1428 Elm St."),
            "at fourteen twenty-eight Elm Street."
        );
        assert_eq!(say("123 Park Ave"), "one twenty-three Park Avenue");
        assert_eq!(say("708 N 1st St"), "seven oh eight North first Street");
    }

    #[test]
    fn a_number_before_capitalized_words_without_a_street_word_is_a_number() {
        assert_eq!(
            say("123 New Yorkers"),
            "one hundred and twenty-three New Yorkers"
        );
    }

    #[test]
    fn a_lawmakers_party_and_state() {
        assert_eq!(
            say("Sen. Gary Peters (D-Mich.) said"),
            "Senator Gary Peters (Democrat of Michigan) said"
        );
        assert_eq!(
            say("Rep. Jane Roe, R-Texas, voted"),
            "Representative Jane Roe, Republican of Texas, voted"
        );
        assert_eq!(
            say("Sanders (I-VT) spoke"),
            "Sanders (Independent of Vermont) spoke"
        );
        assert_eq!(say("a D-Day story"), "a D-Day story");
        assert_eq!(
            say("said Sen. Gary Peters, D-Mich."),
            "said Senator Gary Peters, Democrat of Michigan."
        );
        assert_eq!(
            say("Peters, D-Mich. The bill"),
            "Peters, Democrat of Michigan. The bill"
        );
    }

    #[test]
    fn state_codes_after_a_city() {
        assert_eq!(
            say("Austin, TX 78701"),
            "Austin, Texas seven eight seven zero one"
        );
        assert_eq!(say("from Albany, NY."), "from Albany, New York.");
    }

    #[test]
    fn quadrants_after_the_street_and_the_district_with_its_zip_code() {
        assert_eq!(
            say("1600 Pennsylvania Ave NW, Washington, DC 20500"),
            "sixteen hundred Pennsylvania Avenue Northwest, Washington, DC two zero five zero zero"
        );
        assert_eq!(say("at 50 F St. NW."), "at fifty F Street Northwest.");
        assert_eq!(
            say("Washington, D.C. 20500"),
            "Washington, D.C. two zero five zero zero"
        );
        assert_eq!(say("Go NW, then east"), "Go NW, then east");
    }

    #[test]
    fn ap_state_abbreviations_that_are_no_word_are_read_anywhere() {
        assert_eq!(
            say("Laws in Calif., Fla. and Mich. differ."),
            "Laws in California, Florida and Michigan differ."
        );
        assert_eq!(say("She moved to Ariz."), "She moved to Arizona.");
        assert_eq!(say("the N.J. governor"), "the New Jersey governor");
        // Words and other abbreviations stay for their own rules.
        assert_eq!(
            say("He felt Ill. Then he slept"),
            "He felt Ill. Then he slept"
        );
        assert_eq!(say("Pa. Dutch"), "Pa. Dutch");
        assert_eq!(
            say("under 18 U.S.C. 1001"),
            "under eighteen U.S.C. one thousand one"
        );
    }

    #[test]
    fn ap_state_abbreviations_after_a_city() {
        assert_eq!(
            say("in Fresno, Calif., on Monday"),
            "in Fresno, California, on Monday"
        );
        assert_eq!(say("from Newark, N.J."), "from Newark, New Jersey.");
    }

    #[test]
    fn state_codes_that_are_words_need_a_zip_code() {
        assert_eq!(say("Fine, OK."), "Fine, OK.");
    }
}
