//! Symbols: "&" → "and", "%" → "percent", "°" → "degrees", "+" between numbers → "plus", "=" →
//! "equals", "#5" → "number five", "~5" → "about five", "+/-" → "plus or minus", "3 @ $5" →
//! "three at five dollars", "A*" and "5*" → "star", "§" → "section", "p<0.05" → "less than"; asterisks glued to words (footnotes, "f***")
//! and arrows, bullets and emoji are dropped; curly quotes become straight ones. Symbols after
//! numbers (units, "%") are handled in `units`.

use super::tokens::Kind;
use super::{Ctx, Hit};

/// The rule, for single punctuation tokens.
pub(crate) fn rule(ctx: &Ctx, i: usize) -> Option<Hit> {
    let t = ctx.get(i).filter(|t| t.kind == Kind::Punct)?;
    let before_digit = ctx.get(i + 1).is_some_and(|d| d.kind == Kind::Digits);
    let after_digit = ctx.prev(i).is_some_and(|d| d.kind == Kind::Digits);
    let c = t.ch();
    if let Some(hit) = power(ctx, i) {
        return Some(hit);
    }
    if let Some(part) = vulgar_fraction(c) {
        // "3¼": the number was read already; "½" alone is one half.
        return if after_digit && !t.sp {
            let (top, bottom) = part;
            let tail = match (top, bottom) {
                ("one", "half") => "a half".to_string(),
                ("one", "quarter") => "a quarter".to_string(),
                _ => format!("{top} {bottom}"),
            };
            Hit::new(1, format!(" and {tail}"))
        } else {
            Hit::new(1, format!("{} {}", part.0, part.1))
        };
    }
    // A hashtag: "#BlackLivesMatter" → "hashtag Black Lives Matter".
    if c == '#' && (t.sp || ctx.prev(i).is_none_or(|p| p.kind == Kind::Punct)) {
        if let Some(w) = ctx.get(i + 1).filter(|w| !w.sp && w.kind == Kind::Word) {
            // "The hashtag #BLM": the word is said already.
            let said = if ctx.recent_word_in(i, 1, &["hashtag", "hashtags"]) {
                ""
            } else {
                "hashtag "
            };
            // Glued to a sentence's end ("day.#Tag"): a space before it.
            let gap = if t.sp { "" } else { " " };
            if ctx.free_after(i + 2) {
                return Hit::new(2, format!("{gap}{said}{}", split_camel(w.text)));
            }
            // "#COVID19", "#Election2024": the tag's word, and its number read after it.
            return Hit::new(1, said.trim_end());
        }
    }
    if is_pictograph(c) {
        // Emoji and marks nobody reads out ("🎉", "™", "®").
        return Hit::new(1, "");
    }
    let say = match c {
        '&' => "and",
        // A span written with an en dash and no spaces: "Paris–Berlin", "Mon.–Fri.".
        '–' if !t.sp
            && ctx.glued(i + 1)
            && ctx.get(i + 1).is_some_and(|n| n.kind == Kind::Word)
            && ctx
                .prev(i)
                .is_some_and(|p| p.kind == Kind::Word || p.is(".")) =>
        {
            " to "
        }
        // "Q1-Q3", "H1–H2": a span of numbered periods.
        '-' | '–'
            if !t.sp
                && after_digit
                && i >= 2
                && ctx.glued(i - 1)
                && ctx
                    .get(i - 2)
                    .is_some_and(|q| q.text.len() == 1 && q.is_all_caps())
                && ctx.glued(i + 1)
                && ctx.get(i + 1).map(|n| n.text) == ctx.get(i - 2).map(|q| q.text)
                && ctx
                    .get(i + 2)
                    .is_some_and(|d| !d.sp && d.kind == Kind::Digits) =>
        {
            " to "
        }
        // "5.25%-5.5%", "20°–25°": a range of percentages or degrees.
        '-' | '–'
            if !t.sp
                && ctx.prev(i).is_some_and(|p| matches!(p.text, "%" | "°"))
                && before_digit
                && ctx.glued(i + 1) =>
        {
            " to "
        }
        '%' => "percent",
        '°' | 'º' => "degrees",
        // "+/-": plus or minus (the "+" alone before the slash).
        '+' if ctx.glued_is(i + 1, "/") && ctx.glued_is(i + 2, "-") => {
            return Hit::new(3, "plus or minus");
        }
        '+' if before_digit || after_digit => "plus",
        // "C++", "Disney+": a plus glued to the end of a word.
        '+' if !t.sp && glued_after_word_or(ctx, i, "+") => "plus",
        // Symbols inside a run of letters: "tag#name", "cost$".
        '#' if !t.sp && glued_after_word_or(ctx, i, "#") && glued_word_next(ctx, i) => "hash",
        '$' if !t.sp && !before_digit && glued_after_word_or(ctx, i, "$") => "dollar",
        '=' if t.sp || before_digit || after_digit || single_letters(ctx, i) => "equals",
        // The rest of a spaced sum: "5 - 3 - 1 = 1" (the first "5 - 3" is read in `numeric`).
        '-' | '−'
            if t.sp
                && ctx
                    .get(i + 1)
                    .is_some_and(|n| n.sp && n.kind == Kind::Digits)
                && ctx.has_operator() =>
        {
            "minus"
        }
        '×' => "times",
        '÷' => "divided by",
        '±' => "plus or minus",
        '≈' => "approximately",
        '~' if before_digit
            || ctx
                .get(i + 1)
                .is_some_and(|n| !n.sp && super::money::is_currency_symbol(n.text)) =>
        {
            "about"
        }
        // A footnote or a condition marked on a word ("player*", "*Terms apply") or the letters
        // hidden in a word ("f***"): not said. A product between numbers ("3*4", "3 * 4") stays.
        // A rating or a grade: "a 5* hotel", "an A* in maths" → "star".
        '*' if !t.sp
            && ctx.prev(i).is_some_and(|p| {
                p.kind == Kind::Digits && p.text.len() == 1
                    || p.kind == Kind::Word && p.text.len() == 1 && p.is_all_caps()
            })
            && ctx.get(i + 1).is_none_or(|n| n.sp || n.kind == Kind::Punct) =>
        {
            "star"
        }
        '*' if after_digit && before_digit => "times",
        '*' => "",
        '#' | '№' if before_digit => "number",
        // "§ 1001", "§§ 12-14": a statute's section.
        '§' if ctx.glued_is(i + 1, "§") => return Hit::new(2, "sections"),
        '§' => "section",
        // A bound: "p<0.05", "BMI >30", "< 5 ms".
        '<' if ctx
            .get(i + 1)
            .is_some_and(|d| d.kind == Kind::Digits || d.is(".")) =>
        {
            "less than"
        }
        '>' if ctx
            .get(i + 1)
            .is_some_and(|d| d.kind == Kind::Digits || d.is(".")) =>
        {
            "greater than"
        }
        '@' if t.sp && ctx.get(i + 1).is_some_and(|n| !n.sp) => "at",
        // A price or rate: "3 @ $5", "Meet @ noon", "3@$5", "$12@12%".
        '@' if t.sp && ctx.get(i + 1).is_some_and(|n| n.sp) => "at",
        '@' if after_digit
            && ctx
                .get(i + 1)
                .is_some_and(|n| n.kind == Kind::Digits || matches!(n.text, "$" | "€" | "£")) =>
        {
            " at "
        }
        '“' | '”' | '„' | '«' | '»' => "\"",
        '‘' | '’' | '‚' => "'",
        '…' => "...",
        // Arrows and bullets are not said.
        '←' | '→' | '↑' | '↓' | '↔' | '⇒' | '⇐' | '⇔' | '➔' | '➜' | '➡' | '⟶' | '⟵' | '↗' | '↘'
        | '•' | '◦' | '▪' | '▫' | '●' | '○' | '■' | '□' | '►' | '▶' | '◆' | '◇' | '‣' | '⁃'
        | '∙' | '➤' | '✓' | '✔' | '★' | '☆' => "",
        _ => return None,
    };
    Hit::new(1, say)
}

/// A power written with superscripts or a caret, glued to what it raises: "mc²" → "mc
/// squared", "10⁶" and "10^6" → "ten to the sixth", "10⁻³" → "ten to the minus third".
fn power(ctx: &Ctx, i: usize) -> Option<Hit> {
    let t = ctx.get(i)?;
    let base = ctx.prev(i)?;
    if t.sp || !(matches!(base.kind, Kind::Word | Kind::Digits) || base.is(")")) {
        return None;
    }
    let (digits, minus, n) = if t.is("^") {
        let mut k = i + 1;
        let minus = ctx.glued_is(k, "-") || ctx.glued_is(k, "−");
        if minus {
            k += 1;
        }
        let d = ctx
            .get(k)
            .filter(|d| !d.sp && d.kind == Kind::Digits && d.text.len() <= 3)?;
        (d.text.to_string(), minus, k + 1 - i)
    } else {
        let mut digits = String::new();
        let mut minus = false;
        let mut k = i;
        while let Some(s) = ctx.get(k).filter(|s| k == i || !s.sp) {
            match s.ch() {
                '⁻' if k == i => minus = true,
                c => match crate::article::footnotes::SUPERSCRIPT_DIGITS
                    .iter()
                    .position(|&x| x == c)
                {
                    Some(d) if s.text.chars().count() == 1 => {
                        digits.push(char::from(b'0' + d as u8))
                    }
                    _ => break,
                },
            }
            k += 1;
        }
        if digits.is_empty() || digits.len() > 3 {
            return None;
        }
        (digits, minus, k - i)
    };
    let said = match (minus, digits.as_str()) {
        (false, "2") => "squared".to_string(),
        (false, "3") => "cubed".to_string(),
        (true, d) => format!("to the minus {}", super::numbers::ordinal(d)),
        (false, d) => format!("to the {}", super::numbers::ordinal(d)),
    };
    Hit::new(n, format!(" {said}"))
}

/// `word` with a space before each capital that follows a lower-case letter: "BlackLivesMatter"
/// → "Black Lives Matter"; "NBAFinals" and "metoo" stay as they are.
fn split_camel(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 4);
    let mut prev_lower = false;
    for c in word.chars() {
        if c.is_uppercase() && prev_lower {
            out.push(' ');
        }
        prev_lower = c.is_lowercase();
        out.push(c);
    }
    out
}

/// A fraction written as one character: its numerator and denominator as words.
fn vulgar_fraction(c: char) -> Option<(&'static str, &'static str)> {
    Some(match c {
        '½' => ("one", "half"),
        '⅓' => ("one", "third"),
        '⅔' => ("two", "thirds"),
        '¼' => ("one", "quarter"),
        '¾' => ("three", "quarters"),
        '⅕' => ("one", "fifth"),
        '⅖' => ("two", "fifths"),
        '⅗' => ("three", "fifths"),
        '⅘' => ("four", "fifths"),
        '⅙' => ("one", "sixth"),
        '⅚' => ("five", "sixths"),
        '⅛' => ("one", "eighth"),
        '⅜' => ("three", "eighths"),
        '⅝' => ("five", "eighths"),
        '⅞' => ("seven", "eighths"),
        _ => return None,
    })
}

/// Emoji, their joiners and variation selectors, and the trademark signs: not read out.
fn is_pictograph(c: char) -> bool {
    matches!(c,
        '™' | '®' | '©' | '℠' | '\u{200D}' | '\u{FE0F}' | '\u{FE0E}'
        | '\u{2600}'..='\u{27BF}'
        | '\u{1F000}'..='\u{1FAFF}'
        | '\u{E0020}'..='\u{E007F}')
}

/// The token before `i` is a word, or `same`, and `i` is glued to it.
fn glued_after_word_or(ctx: &Ctx, i: usize, same: &str) -> bool {
    ctx.glued(i)
        && ctx
            .prev(i)
            .is_some_and(|p| p.kind == Kind::Word || p.is(same))
}

/// A word glued right after token `i`.
fn glued_word_next(ctx: &Ctx, i: usize) -> bool {
    ctx.get(i + 1)
        .is_some_and(|n| !n.sp && n.kind == Kind::Word)
}

/// "y=x": one-letter names on both sides.
fn single_letters(ctx: &Ctx, i: usize) -> bool {
    let one = |t: Option<&super::tokens::Tok>| {
        t.is_some_and(|t| t.kind == Kind::Word && t.text.chars().count() == 1)
    };
    one(ctx.prev(i)) && one(ctx.get(i + 1))
}

#[cfg(test)]
mod tests {
    use crate::segment::normalize::spoken;
    use crate::segment::Lexicon;

    fn say(s: &str) -> String {
        spoken(s, &Lexicon::default())
    }

    #[test]
    fn ampersand_is_and() {
        assert_eq!(say("Smith & Sons"), "Smith and Sons");
    }

    #[test]
    fn an_at_sign_in_a_price_or_standing_alone_is_at() {
        assert_eq!(say("Buy 3 @ $5 each."), "Buy three at five dollars each.");
        assert_eq!(say("Buy 3@$5 each."), "Buy three at five dollars each.");
        assert_eq!(say("$12@12%"), "twelve dollars at twelve percent");
        assert_eq!(say("Meet @ noon."), "Meet at noon.");
        assert_eq!(say("Follow @aloud now."), "Follow at aloud now.");
        assert_eq!(say("mail bob@example.com"), "mail bob at example dot com");
    }

    #[test]
    fn plus_between_numbers_is_plus() {
        assert_eq!(say("2+3"), "two plus three");
    }

    #[test]
    fn symbols_glued_inside_a_code_are_said() {
        assert_eq!(
            say("I write C++ and g++"),
            "I write C plus plus and g plus plus"
        );
        assert_eq!(say("on Hulu+ tonight"), "on Hulu plus tonight");
        assert_eq!(say("key#value"), "key hash value");
        assert_eq!(say("abc$$xyz$"), "abc dollar dollar xyz dollar");
        assert_eq!(say("it costs $5"), "it costs five dollars");
        assert_eq!(say("a #3 pick"), "a number three pick");
    }

    #[test]
    fn equations_read_minus_and_equals() {
        assert_eq!(say("7-2=5"), "seven minus two equals five");
        assert_eq!(say("y=x"), "y equals x");
    }

    #[test]
    fn arrows_and_bullets_are_dropped() {
        assert_eq!(say("• first → second"), "first second");
    }

    #[test]
    fn lone_bullet_keeps_its_text() {
        assert_eq!(say("•"), "•");
        assert_eq!(say("—"), "—");
    }

    #[test]
    fn powers_fractions_and_emoji() {
        assert_eq!(say("E = mc²"), "E equals mc squared");
        assert_eq!(say("10⁶ cells"), "ten to the sixth cells");
        assert_eq!(say("10^6 cells"), "ten to the sixth cells");
        assert_eq!(say("x^2 + y^3"), "x squared plus y cubed");
        assert_eq!(say("10⁻³ seconds"), "ten to the minus third seconds");
        assert_eq!(say("an area of 5 m²"), "an area of five square meters");
        assert_eq!(say("½ cup"), "one half cup");
        assert_eq!(say("3¼ miles"), "three and a quarter miles");
        assert_eq!(say("2¾ hours"), "two and three quarters hours");
        assert_eq!(say("Fans cheered 🎉🔥 loudly."), "Fans cheered loudly.");
        assert_eq!(say("👍🏽 agreed"), "agreed");
        assert_eq!(
            say("iPhone™ and Coca-Cola® sold"),
            "iPhone and Coca-Cola sold"
        );
    }

    #[test]
    fn hashtags_are_said_with_their_words_apart() {
        assert_eq!(
            say("Follow #BlackLivesMatter now"),
            "Follow hashtag Black Lives Matter now"
        );
        assert_eq!(say("#metoo"), "hashtag metoo");
        assert_eq!(say("The hashtag #BLM spread"), "The hashtag BLM spread");
        assert_eq!(
            say("the day.#TodayInSenate"),
            "the day. hashtag Today In Senate"
        );
        assert!(!say("Posts tagged #Election2024 grew").contains('#'));
    }

    #[test]
    fn a_range_of_percentages_reads_to() {
        assert_eq!(
            say("rates of 5.25%-5.5%"),
            "rates of five point two five percent to five point five percent"
        );
        assert_eq!(say("up 3%–4% on"), "up three percent to four percent on");
    }

    #[test]
    fn sections_and_bounds() {
        assert_eq!(
            say("under 18 U.S.C. § 1001"),
            "under eighteen U.S.C. section ten oh one"
        );
        assert_eq!(say("§§ 12-14 apply"), "sections twelve to fourteen apply");
        assert_eq!(
            say("a benefit (p<0.05) in BMI >30 patients"),
            "a benefit (p less than zero point zero five) in BMI greater than thirty patients"
        );
        assert_eq!(say("if a < b"), "if a < b");
    }

    #[test]
    fn curly_quotes_become_straight() {
        assert_eq!(say("“Yes,” she said"), "\"Yes,\" she said");
    }
}
