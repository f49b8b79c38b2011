//! Money: a currency symbol before an amount ("$12.50" → "twelve dollars fifty cents",
//! "$41.5 million" → "forty-one point five million dollars", "€300" → "three hundred euros",
//! "US$5" → "five U.S. dollars"), with scale words and suffixes ("m", "bn", "B") and ranges
//! ("$5-10 million", "$250-$300"), decimal commas ("€0,99"), "R$" and "$US", crore and lakh, and
//! an amount before its noun ("a $2.50 toll" → "a two dollar fifty toll"). Amounts with a
//! currency word after them ("4 million yuan") need no rule: the number is read and the word
//! stays.

use super::numbers::{cardinal, under_hundred};
use super::numeric::{parse, Num};
use super::tokens::Kind;
use super::{Ctx, Hit};

/// A currency: its major unit (singular, plural) and minor unit (singular, plural).
struct Currency {
    major: (&'static str, &'static str),
    minor: Option<(&'static str, &'static str)>,
}

const DOLLAR: Currency = Currency {
    major: ("dollar", "dollars"),
    minor: Some(("cent", "cents")),
};

fn symbol(s: &str) -> Option<Currency> {
    Some(match s {
        "$" => DOLLAR,
        "€" => Currency {
            major: ("euro", "euros"),
            minor: Some(("cent", "cents")),
        },
        "£" => Currency {
            major: ("pound", "pounds"),
            minor: Some(("penny", "pence")),
        },
        "¥" => Currency {
            major: ("yen", "yen"),
            minor: None,
        },
        "₩" => Currency {
            major: ("won", "won"),
            minor: None,
        },
        "₹" => Currency {
            major: ("rupee", "rupees"),
            minor: None,
        },
        "₽" => Currency {
            major: ("ruble", "rubles"),
            minor: None,
        },
        "₺" => Currency {
            major: ("lira", "lira"),
            minor: None,
        },
        _ => return None,
    })
}

/// Whether `s` is a currency sign aloud reads ("$", "€", "₹").
pub(crate) fn is_currency_symbol(s: &str) -> bool {
    symbol(s).is_some()
}

/// Whether `s` is a currency code aloud reads ("USD", "EUR").
pub(crate) fn is_currency_code(s: &str) -> bool {
    code(s).is_some()
}

/// ISO currency codes written next to an amount ("USD 5", "20 EUR").
fn code(s: &str) -> Option<(Currency, Option<&'static str>)> {
    Some(match s {
        "USD" => (DOLLAR, Some("U.S.")),
        "EUR" => (symbol("€")?, None),
        "GBP" => (symbol("£")?, None),
        "JPY" => (symbol("¥")?, None),
        "INR" | "Rs" => (symbol("₹")?, None),
        "CAD" => (DOLLAR, Some("Canadian")),
        "AUD" => (DOLLAR, Some("Australian")),
        "CNY" | "RMB" => (
            Currency {
                major: ("yuan", "yuan"),
                minor: None,
            },
            None,
        ),
        "CHF" => (
            Currency {
                major: ("Swiss franc", "Swiss francs"),
                minor: Some(("centime", "centimes")),
            },
            None,
        ),
        _ => return None,
    })
}

/// "USD 5" or "5 million USD".
fn with_code(ctx: &Ctx, i: usize) -> Option<Hit> {
    let t = ctx.get(i)?;
    if t.kind == Kind::Word {
        let (cur, country) = code(t.text)?;
        let first = ctx.get(i + 1).filter(|d| d.sp && d.kind == Kind::Digits)?;
        let _ = first;
        let num = parse(ctx, i + 1)?;
        let mut n = 1 + num.n;
        let mut sc = None;
        // "USD 5 million", and glued as after a sign: "GBP 1.2bn", "EUR 50m".
        if let Some(w) = ctx.get(i + n).filter(|w| w.kind == Kind::Word) {
            if let Some(s) = scale(w.text).filter(|_| w.text.len() > 2 || !w.sp) {
                sc = Some(s);
                n += 1;
            }
        }
        return Hit::new(n, say(&num, sc, &cur, country));
    }
    if t.kind != Kind::Digits {
        return None;
    }
    let num = parse(ctx, i)?;
    let mut n = num.n;
    let mut sc = None;
    if let Some(w) = ctx.get(i + n).filter(|w| w.kind == Kind::Word && w.sp) {
        if let Some(s) = scale(w.text).filter(|_| w.text.len() > 2) {
            sc = Some(s);
            n += 1;
        }
    }
    let c = ctx.get(i + n).filter(|c| c.sp && c.kind == Kind::Word)?;
    let (cur, country) = code(c.text)?;
    Hit::new(n + 1, say(&num, sc, &cur, country))
}

/// Scale words and the abbreviations used after amounts.
fn scale(w: &str) -> Option<&'static str> {
    Some(match w {
        "crore" | "crores" => "crore",
        "lakh" | "lakhs" => "lakh",
        "thousand" | "k" | "K" => "thousand",
        "million" | "m" | "M" | "mn" | "mln" => "million",
        "billion" | "b" | "B" | "bn" | "bln" => "billion",
        "trillion" | "tn" | "trn" | "T" => "trillion",
        _ => return None,
    })
}

/// A country prefix glued to the symbol: US$, C$, A$, HK$, NZ$.
fn prefix(s: &str) -> Option<&'static str> {
    Some(match s {
        "US" => "U.S.",
        "C" | "CA" => "Canadian",
        "A" | "AU" => "Australian",
        "HK" => "Hong Kong",
        "NZ" => "New Zealand",
        "S" => "Singapore",
        _ => return None,
    })
}

/// An amount after the symbol at token `at`: the number, then a scale. Returns the tokens used
/// after the symbol, the number and the scale word. The number is glued to the symbol unless
/// `spaced` ("$US 5").
fn amount<'a>(
    ctx: &Ctx<'a>,
    at: usize,
    spaced: bool,
) -> Option<(usize, Num<'a>, Option<&'static str>)> {
    let first = ctx.get(at)?;
    if first.sp && !spaced || !(first.kind == Kind::Digits || first.is(".")) {
        return None;
    }
    let mut num = parse(ctx, at)?;
    // A decimal comma ("€0,99", "€1.234,56", "€3,5", "€1,8 billion"): a comma glued between
    // the whole amount and one or two digits that end it (or come before a scale) is never a
    // thousands separator.
    let decimals = ctx
        .get(at + num.n + 1)
        .filter(|d| !d.sp && d.kind == Kind::Digits)
        .map_or(0, |d| d.text.len());
    let after = ctx.get(at + num.n + 2);
    let ends =
        !after.is_some_and(|x| !x.sp && (x.kind != Kind::Punct || ctx.glued(at + num.n + 3)));
    let scaled = after.is_some_and(|w| w.kind == Kind::Word && scale(w.text).is_some());
    if !num.commas
        && num.more.is_empty()
        && ctx.glued_is(at + num.n, ",")
        && (decimals == 2 && ends || decimals == 1 && (ends || scaled))
    {
        let cents = ctx.toks[at + num.n + 1].text;
        match num.frac {
            None => {}
            // "1.234,56": the point grouped thousands.
            Some(f) if f.len() == 3 => num.int.push_str(f),
            Some(_) => return None,
        }
        num.frac = Some(cents);
        num.n += 2;
    }
    let mut n = num.n;
    let mut sc = None;
    if let Some(w) = ctx.get(at + n).filter(|w| w.kind == Kind::Word) {
        // Glued suffixes ("$5m") or a scale word after a space ("$5 million", "¥30 b").
        let lone = !w.sp
            || matches!(w.text, "thousand" | "million" | "billion" | "trillion")
            || ctx.get(at + n + 1).is_none_or(|x| x.kind != Kind::Word);
        if lone {
            if let Some(s) = scale(w.text) {
                sc = Some(s);
                n += 1;
            }
        }
    }
    Some((n, num, sc))
}

/// Words for an amount in a currency. `country` goes before the unit ("U.S. dollars").
/// How the currency is named after an amount.
#[derive(Clone, Copy, PartialEq)]
enum Named {
    /// As a count: "two dollars fifty cents".
    Counted,
    /// Before the noun the amount describes, singular and without the small unit when there
    /// are whole ones: "a two dollar fifty toll", "a fifty cent fee", "a thirty million dollar
    /// gap".
    BeforeNoun,
    /// Not at all, because the text names it right after a scale ("$75.3 billion dollar hit").
    WrittenAfter,
}

fn say(num: &Num, sc: Option<&str>, cur: &Currency, country: Option<&str>) -> String {
    say_as(num, sc, cur, country, Named::Counted)
}

fn say_as(
    num: &Num,
    sc: Option<&str>,
    cur: &Currency,
    country: Option<&str>,
    named: Named,
) -> String {
    let unit = |plural: bool| {
        let u = if plural && named != Named::BeforeNoun {
            cur.major.1
        } else {
            cur.major.0
        };
        match country {
            Some(c) => format!("{c} {u}"),
            None => u.to_string(),
        }
    };
    if let Some(sc) = sc {
        if named == Named::WrittenAfter {
            return format!("{} {sc}", num.say());
        }
        return format!("{} {sc} {}", num.say(), unit(true));
    }
    let frac = num.frac.unwrap_or("");
    let whole_is_zero = num.int.trim_start_matches('0').is_empty();
    // Cents: one or two digits, or more when only zeros follow ($20.500 is twenty dollars fifty).
    let cents = match (cur.minor, frac.len()) {
        (_, 0) => Some(0),
        (Some(_), 1) => frac.parse::<u32>().ok().map(|c| c * 10),
        (Some(_), _) if frac[2..].bytes().all(|b| b == b'0') => frac[..2].parse::<u32>().ok(),
        (None, _) if frac.bytes().all(|b| b == b'0') => Some(0),
        _ => None,
    };
    let Some(cents) = cents.filter(|_| num.more.is_empty()) else {
        return format!("{} {}", num.say(), unit(true));
    };
    let whole = if num.int.is_empty() { "0" } else { &num.int };
    let mut out = String::new();
    if !whole_is_zero || cents == 0 {
        let words = if num.commas || whole.len() <= 12 {
            cardinal(whole, true)
        } else {
            num.say()
        };
        let one = whole.trim_start_matches('0') == "1";
        out.push_str(&words);
        out.push(' ');
        out.push_str(&unit(!one));
    }
    if cents > 0 {
        if let Some(minor) = cur.minor {
            let whole_units = !out.is_empty();
            if whole_units {
                out.push(' ');
            }
            under_hundred(cents, &mut out);
            match named {
                // "a two dollar fifty toll": the cents need no name after whole units.
                Named::BeforeNoun if whole_units => {}
                Named::BeforeNoun => {
                    out.push(' ');
                    out.push_str(minor.0);
                }
                _ => {
                    out.push(' ');
                    out.push_str(if cents == 1 { minor.0 } else { minor.1 });
                }
            }
        }
    }
    out
}

/// The rule: a currency symbol (with an optional country prefix) and an amount, or a range of
/// amounts.
pub(crate) fn rule(ctx: &Ctx, i: usize) -> Option<Hit> {
    let t = ctx.get(i)?;
    // A loss written with a minus before the sign: "-$1.20", "−€5".
    if matches!(t.text, "-" | "−")
        && ctx
            .prev(i)
            .is_none_or(|p| t.sp || matches!(p.text, "(" | "["))
        && ctx
            .get(i + 1)
            .is_some_and(|s| !s.sp && symbol(s.text).is_some())
    {
        let hit = rule(ctx, i + 1)?;
        return Hit::new(hit.n + 1, format!("minus {}", hit.say));
    }
    if let Some(hit) = with_code(ctx, i) {
        return Some(hit);
    }
    // Brazil's real: "R$30".
    if t.is("R") && ctx.glued_is(i + 1, "$") {
        let real = Currency {
            major: ("real", "reais"),
            minor: Some(("centavo", "centavos")),
        };
        let (n, num, sc) = amount(ctx, i + 2, false)?;
        return Hit::new(2 + n, say(&num, sc, &real, None));
    }
    let (mut country, sym_at) = match prefix(t.text) {
        Some(c) if t.kind == Kind::Word && ctx.glued(i + 1) => (Some(c), i + 1),
        _ => (None, i),
    };
    let cur = symbol(ctx.get(sym_at)?.text)?;
    // "The A$ fell": the currency itself, with no amount.
    if let Some(c) = country.filter(|_| {
        sym_at == i + 1
            && cur.major.0 == "dollar"
            && !ctx
                .get(i + 2)
                .is_some_and(|d| !d.sp && (d.kind == Kind::Digits || d.is(".")))
    }) {
        return Hit::new(2, format!("{c} dollar"));
    }
    // The country after the sign, as Australian and New Zealand papers write it: "$US5", "$A 20".
    let mut amount_at = sym_at + 1;
    if country.is_none() && t.is("$") {
        if let Some(c) = ctx
            .get(i + 1)
            .filter(|w| !w.sp && w.kind == Kind::Word && w.is_all_caps())
            .and_then(|w| prefix(w.text))
        {
            if ctx.get(i + 2).is_some_and(|d| d.kind == Kind::Digits) {
                country = Some(c);
                amount_at = i + 2;
            }
        }
    }
    let (n, num, sc) = amount(ctx, amount_at, amount_at != sym_at + 1)?;
    let sym_at = amount_at - 1;
    let mut end = sym_at + 1 + n;
    // A range: $5-10 million, $250-$300, $5 to $10.
    if let Some(d) = ctx
        .get(end)
        .filter(|d| !d.sp && matches!(d.text, "-" | "–"))
    {
        let _ = d;
        let repeat =
            ctx.glued(end + 1) && ctx.get(end + 1).is_some_and(|s| symbol(s.text).is_some());
        let at2 = if repeat { end + 2 } else { end + 1 };
        if let Some((n2, num2, sc2)) = amount(ctx, at2, false).filter(|_| ctx.glued(at2) || repeat)
        {
            end = at2 + n2;
            if sc.is_none() && sc2.is_some() {
                // $5-10 million: the scale covers both.
                let words = format!("{} to {}", num.say(), say(&num2, sc2, &cur, country));
                return Hit::new(end - i, words);
            }
            let words = format!(
                "{} to {}",
                say(&num, sc, &cur, country),
                say(&num2, sc2, &cur, country)
            );
            return Hit::new(end - i, words);
        }
    }
    // "a $30 million gap", "a $100,000 prize", "a $2.50 toll": before its noun the amount
    // describes it, and the unit is singular ("a thirty million dollar gap").
    let after_a = ctx
        .prev(i)
        .is_some_and(|a| a.text.eq_ignore_ascii_case("a") || a.text.eq_ignore_ascii_case("an"));
    let noun_next = ctx.get(end).is_some_and(|w| {
        w.sp && w.kind == Kind::Word
            && w.text.chars().next().is_some_and(char::is_lowercase)
            && ![
                "a", "an", "the", "and", "or", "of", "in", "to", "for", "from", "on", "by", "at",
                "per", "each", "more", "less", "than", "was", "is", "plus",
            ]
            .contains(&w.text)
    });
    // "$75.3 billion dollar hit": the unit written again after the amount is said once.
    let unit_again = ctx.get(end).is_some_and(|w| {
        w.sp && (w.text.eq_ignore_ascii_case(cur.major.0)
            || w.text.eq_ignore_ascii_case(cur.major.1))
    });
    let named = if unit_again && sc.is_some() {
        Named::WrittenAfter
    } else if after_a && noun_next {
        Named::BeforeNoun
    } else {
        Named::Counted
    };
    let mut words = say_as(&num, sc, &cur, country, named);
    // "$3.50/gallon", "$20/hr": a rate.
    if ctx.glued_is(end, "/") {
        if let Some(w) = ctx.get(end + 1).filter(|w| !w.sp && w.kind == Kind::Word) {
            let per = match w.text {
                "hr" | "h" => "hour",
                "mo" => "month",
                "yr" => "year",
                "wk" => "week",
                "day" | "month" | "year" | "week" | "hour" | "night" | "person" | "gallon"
                | "liter" | "share" | "barrel" | "ton" | "tonne" | "unit" | "head" => w.text,
                other => match super::units::unit(other) {
                    Some(u) => u.0,
                    None => return Hit::new(end - i, words),
                },
            };
            words.push_str(" per ");
            words.push_str(per);
            return Hit::new(end + 2 - i, words);
        }
    }
    Hit::new(end - i, words)
}

#[cfg(test)]
mod tests {
    use crate::segment::normalize::spoken;
    use crate::segment::Lexicon;

    fn say(s: &str) -> String {
        spoken(s, &Lexicon::default())
    }

    #[test]
    fn amounts_written_the_way_other_countries_write_them() {
        assert_eq!(say("costs €0,99 now"), "costs ninety-nine cents now");
        assert_eq!(
            say("The EU gave €1,8 billion."),
            "The E.U. gave one point eight billion euros."
        );
        assert_eq!(
            say("It cost €2,5bn."),
            "It cost two point five billion euros."
        );
        assert_eq!(say("€3,5 each"), "three euros fifty cents each");
        assert_eq!(
            say("€1.234,56"),
            "one thousand two hundred and thirty-four euros fifty-six cents"
        );
        assert_eq!(say("€1,500 fine"), "one thousand five hundred euros fine");
        assert_eq!(say("paid $US5 million"), "paid five million U.S. dollars");
        assert_eq!(say("a $A 20 note"), "a twenty Australian dollar note");
        assert_eq!(say("R$30 each"), "thirty reais each");
        assert_eq!(say("R$1,50"), "one real fifty centavos");
    }

    #[test]
    fn codes_with_glued_scales_and_indian_amounts() {
        assert_eq!(say("GBP 1.2bn"), "one point two billion pounds");
        assert_eq!(say("EUR 50m"), "fifty million euros");
        assert_eq!(say("₹500 crore"), "five hundred crore rupees");
        assert_eq!(say("Rs 500 crore"), "five hundred crore rupees");
        assert_eq!(say("₹2 lakh"), "two lakh rupees");
    }

    #[test]
    fn an_amount_with_cents_before_its_noun() {
        assert_eq!(say("a $2.50 toll"), "a two dollar fifty toll");
        assert_eq!(say("a $0.50 fee"), "a fifty cent fee");
        assert_eq!(say("a £1.20 stamp"), "a one pound twenty stamp");
        assert_eq!(
            say("it costs $2.50 now"),
            "it costs two dollars fifty cents now"
        );
    }

    #[test]
    fn scale_words_come_before_the_currency() {
        assert_eq!(say("$41.5 million"), "forty-one point five million dollars");
        assert_eq!(say("$3bn deal"), "three billion dollars deal");
    }

    #[test]
    fn an_amount_before_its_noun_has_a_singular_unit() {
        assert_eq!(say("a $30 million gap"), "a thirty million dollar gap");
        assert_eq!(
            say("A $100,000 prize"),
            "A one hundred thousand dollar prize"
        );
        assert_eq!(say("an €80 fine"), "an eighty euro fine");
        assert_eq!(say("a $5 a month fee"), "a five dollars a month fee");
        assert_eq!(say("paid $30 million to"), "paid thirty million dollars to");
        assert_eq!(
            say("a $30 million in aid"),
            "a thirty million dollars in aid"
        );
    }

    #[test]
    fn a_minus_before_the_currency_is_said() {
        assert_eq!(
            say("Oil lost -$1.20 a barrel"),
            "Oil lost minus one dollar twenty cents a barrel"
        );
        assert_eq!(say("(-€5)"), "(minus five euros)");
        assert_eq!(say("pay-$5"), "pay-five dollars");
    }

    #[test]
    fn dollars_and_cents_are_read_apart() {
        assert_eq!(say("$12.50"), "twelve dollars fifty cents");
        assert_eq!(say("$1.01"), "one dollar one cent");
        assert_eq!(say("$0.75"), "seventy-five cents");
        assert_eq!(say("$3.00"), "three dollars");
    }

    #[test]
    fn separators_in_amounts() {
        assert_eq!(
            say("$1,350"),
            "one thousand three hundred and fifty dollars"
        );
    }

    #[test]
    fn euros_pounds_and_us_dollars() {
        assert_eq!(say("€300"), "three hundred euros");
        assert_eq!(say("£2.50"), "two pounds fifty pence");
        assert_eq!(say("US$5"), "five U.S. dollars");
    }

    #[test]
    fn currency_codes_before_or_after_the_amount() {
        assert_eq!(say("USD 500"), "five hundred U.S. dollars");
        assert_eq!(say("20 EUR"), "twenty euros");
        assert_eq!(say("3 million CHF"), "three million Swiss francs");
    }

    #[test]
    fn money_ranges_share_the_scale() {
        assert_eq!(say("$5-10 million"), "five to ten million dollars");
        assert_eq!(
            say("$250-$300"),
            "two hundred and fifty dollars to three hundred dollars"
        );
    }

    #[test]
    fn rates_read_per() {
        assert_eq!(say("$3.50/gallon"), "three dollars fifty cents per gallon");
        assert_eq!(say("$20/hr"), "twenty dollars per hour");
        assert_eq!(say("€2/kg"), "two euros per kilogram");
    }

    #[test]
    fn a_dollar_sign_without_an_amount_stays() {
        assert_eq!(say("costs $ more"), "costs $ more");
    }
}
