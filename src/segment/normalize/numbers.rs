//! Numbers as words: cardinals of any size, ordinals, years, decades, digit strings, decimals and
//! fraction denominators. Pure functions over digit strings; deciding which reading a number in a
//! sentence gets is the job of the rules in the sibling modules.
//!
//! Conventions: tens and units are hyphenated ("forty-one"); "and" follows "hundred" only in the
//! last group of a cardinal ("one hundred and twenty-three", "one hundred twenty-three thousand")
//! and never in ordinals or fractions ("one hundred twenty-first").

const ONES: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];
const SCALES: [&str; 12] = [
    "",
    "thousand",
    "million",
    "billion",
    "trillion",
    "quadrillion",
    "quintillion",
    "sextillion",
    "septillion",
    "octillion",
    "nonillion",
    "decillion",
];

/// Words for 0–99.
pub(crate) fn under_hundred(n: u32, out: &mut String) {
    if n < 20 {
        out.push_str(ONES[n as usize]);
    } else {
        out.push_str(TENS[(n / 10) as usize]);
        if !n.is_multiple_of(10) {
            out.push('-');
            out.push_str(ONES[(n % 10) as usize]);
        }
    }
}

/// Words for 1–999; `and` puts "and" after "hundred".
fn under_thousand(n: u32, and: bool, out: &mut String) {
    let (h, r) = (n / 100, n % 100);
    if h > 0 {
        out.push_str(ONES[h as usize]);
        out.push_str(" hundred");
        if r > 0 {
            out.push_str(if and { " and " } else { " " });
        }
    }
    if r > 0 || h == 0 {
        under_hundred(r, out);
    }
}

/// Words for a small number.
pub(crate) fn small(n: u32) -> String {
    cardinal(&n.to_string(), true)
}

/// The cardinal reading of a string of ASCII digits (no separators): "8200" → "eight thousand two
/// hundred". Numbers too big for the named scales are read digit by digit.
pub(crate) fn cardinal(digits: &str, and: bool) -> String {
    let digits = digits.trim_start_matches('0');
    if digits.is_empty() {
        return "zero".to_string();
    }
    let groups = digits.len().div_ceil(3);
    if groups > SCALES.len() {
        return digit_by_digit(digits);
    }
    let mut out = String::with_capacity(digits.len() * 8);
    let first = digits.len() - (groups - 1) * 3;
    let mut pos = 0;
    for g in 0..groups {
        let len = if g == 0 { first } else { 3 };
        let value: u32 = digits[pos..pos + len].parse().unwrap_or(0);
        pos += len;
        if value == 0 {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        let scale = groups - 1 - g;
        under_thousand(value, and && scale == 0, &mut out);
        if scale > 0 {
            out.push(' ');
            out.push_str(SCALES[scale]);
        }
    }
    out
}

/// "123" → "one two three"; `oh` reads 0 as "oh".
pub(crate) fn digit_by_digit(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() * 6);
    for c in digits.chars() {
        if let Some(d) = c.to_digit(10) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(ONES[d as usize]);
        }
    }
    out
}

/// Turns the last word of a cardinal into its ordinal: "twenty-one" → "twenty-first".
pub(crate) fn ordinalize(words: &str) -> String {
    let cut = words.rfind([' ', '-']).map_or(0, |i| i + 1);
    let (head, last) = words.split_at(cut);
    let last = match last {
        "one" => "first".to_string(),
        "two" => "second".to_string(),
        "three" => "third".to_string(),
        "five" => "fifth".to_string(),
        "eight" => "eighth".to_string(),
        "nine" => "ninth".to_string(),
        "twelve" => "twelfth".to_string(),
        w if w.ends_with('y') => format!("{}ieth", &w[..w.len() - 1]),
        w => format!("{w}th"),
    };
    format!("{head}{last}")
}

/// The ordinal reading of digits: "35" → "thirty-fifth".
pub(crate) fn ordinal(digits: &str) -> String {
    ordinalize(&cardinal(digits, false))
}

/// The suffix an ordinal of this number takes in writing: 1 → "st", 12 → "th", 22 → "nd".
pub(crate) fn ordinal_suffix(digits: &str) -> &'static str {
    let b = digits.as_bytes();
    let last = b.last().map_or(0, |d| d - b'0');
    let tens = if b.len() > 1 {
        b[b.len() - 2] - b'0'
    } else {
        0
    };
    match (tens, last) {
        (1, _) => "th",
        (_, 1) => "st",
        (_, 2) => "nd",
        (_, 3) => "rd",
        _ => "th",
    }
}

/// A year as people say it: 1998 → "nineteen ninety-eight", 2005 → "two thousand five",
/// 1906 → "nineteen oh six", 1900 → "nineteen hundred", 2000 → "two thousand".
pub(crate) fn year(n: u32) -> String {
    if !(1000..10000).contains(&n) || n.is_multiple_of(1000) || (2000..2010).contains(&n) {
        return cardinal(&n.to_string(), true);
    }
    let mut out = String::with_capacity(24);
    pair(n / 100, n % 100, &mut out);
    out
}

/// Two pairs of digits as people say them, into `out`: (19, 6) → "nineteen oh six", (7, 0) →
/// "seven hundred", (27, 88) → "twenty-seven eighty-eight". Years, model numbers and 24-hour
/// times are read this way.
pub(crate) fn pair(hi: u32, lo: u32, out: &mut String) {
    under_hundred(hi, out);
    match lo {
        0 => out.push_str(" hundred"),
        1..=9 => {
            out.push_str(" oh ");
            under_hundred(lo, out);
        }
        _ => {
            out.push(' ');
            under_hundred(lo, out);
        }
    }
}

/// A number read in pairs of digits, as house numbers and model numbers are said: 123 → "one
/// twenty-three", 708 → "seven oh eight", 2788 → "twenty-seven eighty-eight", 1080 → "ten
/// eighty". Round hundreds and thousands, and other lengths, are read as cardinals.
pub(crate) fn in_pairs(d: &str) -> String {
    let n: u32 = d.parse().unwrap_or(0);
    let paired = match d.len() {
        3 => !n.is_multiple_of(100),
        4 => !n.is_multiple_of(1000),
        _ => false,
    };
    if !paired || d.starts_with('0') {
        return cardinal(d, true);
    }
    let mut s = String::new();
    pair(n / 100, n % 100, &mut s);
    s
}

/// Pluralizes the last word of a number: "nineteen eighty" → "nineteen eighties".
pub(crate) fn pluralize_last(words: &str) -> String {
    if let Some(stem) = words.strip_suffix('y') {
        format!("{stem}ies")
    } else if words.ends_with('x') {
        format!("{words}es")
    } else {
        format!("{words}s")
    }
}

/// A decade: "1980" → "nineteen eighties", "1800" → "eighteen hundreds", "80" → "eighties".
pub(crate) fn decade(digits: &str) -> String {
    let n: u32 = digits.parse().unwrap_or(0);
    let words = if digits.len() == 4 {
        year(n)
    } else {
        cardinal(digits, true)
    };
    pluralize_last(&words)
}

/// A decimal: integer part (may be empty, as in ".5") and the digits after the point.
pub(crate) fn decimal(int: &str, frac: &str) -> String {
    let mut out = if int.is_empty() {
        String::new()
    } else {
        cardinal(int, true)
    };
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str("point ");
    out.push_str(&digit_by_digit(frac));
    out
}

/// The denominator of a fraction: 2 → "half"/"halves", 4 → "quarter"/"quarters", 10 → "tenth"/
/// "tenths". `None` for 1 and 0 (read as "over").
pub(crate) fn denominator(digits: &str, plural: bool) -> Option<String> {
    let d = digits.trim_start_matches('0');
    match (d, plural) {
        ("" | "1", _) => None,
        ("2", false) => Some("half".into()),
        ("2", true) => Some("halves".into()),
        ("4", false) => Some("quarter".into()),
        ("4", true) => Some("quarters".into()),
        (_, false) => Some(ordinal(d)),
        (_, true) => Some(format!("{}s", ordinal(d))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cardinal_puts_and_only_in_the_last_group() {
        assert_eq!(cardinal("123", true), "one hundred and twenty-three");
        assert_eq!(
            cardinal("123123", true),
            "one hundred twenty-three thousand one hundred and twenty-three"
        );
        assert_eq!(cardinal("8200", true), "eight thousand two hundred");
        assert_eq!(cardinal("1000000", true), "one million");
        assert_eq!(
            cardinal("123000012", true),
            "one hundred twenty-three million twelve"
        );
    }

    #[test]
    fn cardinal_of_zero_and_leading_zeros() {
        assert_eq!(cardinal("0", true), "zero");
        assert_eq!(cardinal("007", true), "seven");
    }

    #[test]
    fn cardinal_beyond_named_scales_is_read_digit_by_digit() {
        let big = "1".repeat(40);
        assert_eq!(cardinal(&big, true).split(' ').count(), 40);
    }

    #[test]
    fn ordinals_change_the_last_word() {
        assert_eq!(ordinal("5"), "fifth");
        assert_eq!(ordinal("35"), "thirty-fifth");
        assert_eq!(ordinal("12"), "twelfth");
        assert_eq!(ordinal("20"), "twentieth");
        assert_eq!(ordinal("121"), "one hundred twenty-first");
        assert_eq!(ordinal("1000000"), "one millionth");
    }

    #[test]
    fn ordinal_suffix_follows_english_rules() {
        assert_eq!(ordinal_suffix("1"), "st");
        assert_eq!(ordinal_suffix("11"), "th");
        assert_eq!(ordinal_suffix("22"), "nd");
        assert_eq!(ordinal_suffix("113"), "th");
        assert_eq!(ordinal_suffix("103"), "rd");
    }

    #[test]
    fn years_are_read_in_pairs() {
        assert_eq!(year(1998), "nineteen ninety-eight");
        assert_eq!(year(2023), "twenty twenty-three");
        assert_eq!(year(2100), "twenty-one hundred");
        assert_eq!(year(2005), "two thousand five");
        assert_eq!(year(1906), "nineteen oh six");
        assert_eq!(year(2000), "two thousand");
        assert_eq!(year(2010), "twenty ten");
    }

    #[test]
    fn pairs_read_house_and_model_numbers() {
        assert_eq!(in_pairs("123"), "one twenty-three");
        assert_eq!(in_pairs("708"), "seven oh eight");
        assert_eq!(in_pairs("1080"), "ten eighty");
        assert_eq!(in_pairs("1000"), "one thousand");
        assert_eq!(in_pairs("12"), "twelve");
    }

    #[test]
    fn decades_are_plural_years() {
        assert_eq!(decade("1800"), "eighteen hundreds");
        assert_eq!(decade("1980"), "nineteen eighties");
        assert_eq!(decade("2000"), "two thousands");
        assert_eq!(decade("80"), "eighties");
    }

    #[test]
    fn decimals_read_digits_after_the_point() {
        assert_eq!(decimal("2", "4"), "two point four");
        assert_eq!(decimal("", "5"), "point five");
        assert_eq!(decimal("0", "004"), "zero point zero zero four");
    }

    #[test]
    fn denominators_use_half_and_quarter() {
        assert_eq!(denominator("2", false).as_deref(), Some("half"));
        assert_eq!(denominator("4", true).as_deref(), Some("quarters"));
        assert_eq!(denominator("10", false).as_deref(), Some("tenth"));
        assert_eq!(denominator("32", true).as_deref(), Some("thirty-seconds"));
        assert_eq!(denominator("1", false), None);
    }
}
