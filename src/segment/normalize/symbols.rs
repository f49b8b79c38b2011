//! Symbols: "&" → "and", "%" → "percent", "°" → "degrees", "+" between numbers → "plus", "=" →
//! "equals", "#5" → "number five", "~5" → "about five", "3 @ $5" → "three at five dollars"; arrows and bullets are dropped; curly
//! quotes become straight ones. Symbols after numbers (units, "%") are handled in `units`.

use super::tokens::Kind;
use super::{Ctx, Hit};

/// The rule, for single punctuation tokens.
pub(crate) fn rule(ctx: &Ctx, i: usize) -> Option<Hit> {
    let t = ctx.get(i).filter(|t| t.kind == Kind::Punct)?;
    let before_digit = ctx.get(i + 1).is_some_and(|d| d.kind == Kind::Digits);
    let after_digit = ctx.prev(i).is_some_and(|d| d.kind == Kind::Digits);
    let c = t.ch();
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
        '%' => "percent",
        '°' | 'º' => "degrees",
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
        '~' if before_digit => "about",
        '#' | '№' if before_digit => "number",
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
    fn curly_quotes_become_straight() {
        assert_eq!(say("“Yes,” she said"), "\"Yes,\" she said");
    }
}
