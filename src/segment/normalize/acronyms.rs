//! Acronyms and Roman numerals. "US" in running text is the country and is written "U.S." (so
//! no voice reads the word "us"), as is "USA"; known initialisms that engines read as words
//! ("IRGC", "IAEA", "WHO"), initialisms with no vowel ("CNN") and ones that start with an
//! unusual vowel pair are spelled with dots so each letter is said, while word acronyms
//! ("NASA", "NATO", "COVID") stay words; a stock ticker no English word could start like
//! ("TSLA") is spelled. Roman numerals after a name are read as numbers: "World War II" → "World
//! War Two", "Henry VIII" → "Henry the Eighth", "Henry V" after a monarch's name, "GTA VI" after
//! an acronym → "GTA Six"; the pronoun "I" is left alone, and "XL" is a size. An acronym before a
//! name loses its added period ("CEO Tim Cook" → "C.E.O Tim Cook") so the voice does not stop.
//! In a line written in capitals (a shouted heading) these rules are off.

use super::numbers::{cardinal, ordinal};
use super::tokens::Kind;
use super::{Ctx, Hit};

/// Initialisms said letter by letter that speech engines tend to read as words.
const SPELLED: &[&str] = &[
    "IRGC", "IAEA", "JCPOA", "UAE", "WHO", "FBI", "CIA", "NSA", "IMF", "ICC", "ICJ", "IDF", "CEO",
    "CFO", "COO", "CTO", "OECD", "UNHCR", "UNSC", "UNGA", "IOC", "ICBM", "DOJ", "DOD", "DHS",
    "EPA", "FDA", "FAA", "FTC", "IRS", "IPO", "ETF", "OAS", "AU", "EU", "UN", "GOP", "IRNA", "IEA",
    "IPCC", "WTO", "ECB", "UAV", "AGI", "API", "URL", "USB", "ATM", "OPCW", "ISW", "IED", "RPG",
    "IOU", "EIA", "UAP", "AP", "ACLU", "NCAA", "OSCE", "USMCA", "UAW", "AARP", "FOMC", "FDIC",
];

/// Whether `w` names an organisation or a country by its initials ("UN", "NHS", "FBI"), after
/// which a number is more often a count than a model.
pub(crate) fn is_organisation(w: &str) -> bool {
    SPELLED.contains(&w)
        || WORDS.contains(&w)
        || [
            "US", "UK", "USA", "EU", "UN", "NHS", "BBC", "NBC", "CBS", "CNN", "GOP", "NYPD",
        ]
        .contains(&w)
}

/// Acronyms said as words.
const WORDS: &[&str] = &[
    "NASA", "NATO", "UNESCO", "UNICEF", "OPEC", "COVID", "AIDS", "ASEAN", "NAFTA", "FIFA", "FEMA",
    "OSHA", "LASER", "RADAR", "SCUBA", "SONAR", "GIF", "JPEG", "PIN", "ZIP", "SWAT", "NASDAQ",
    "ISIS", "ISIL", "DARPA", "SARS", "MERS", "UEFA", "IKEA", "LEGO", "CERN", "AIPAC", "OK", "TV",
];

/// Short English words that voices spell out when they are written in capitals in a sentence
/// that is not ("GET OUT and vote", "a LOT of people": espeak-ng says "O U T", "L O T"). Written
/// in lower case they are said as words. Only words written in capitals for emphasis (adjectives,
/// adverbs, verbs, particles): nouns are left out, because an article that defines "binge eating
/// disorder (BED)" or a state code ("Akron, OH") uses them as initials, and so are words that
/// are initialisms in the news ("ACT", "SAT", "LED", "DOT", "ERA", "PET").
const SHOUTED_WORDS: &[&str] = &[
    "AGO", "ASK", "BAD", "BIG", "BUY", "CRY", "CUT", "DIE", "DRY", "EAT", "END", "FAR", "FAT",
    "FEW", "FIT", "FLY", "FUN", "HAS", "HEY", "HIT", "HOT", "IF", "ILL", "LET", "LIE", "LOT",
    "LOW", "MAD", "NEW", "ODD", "OFF", "OLD", "OUT", "OWE", "OWN", "PAY", "RAW", "RED", "RID",
    "RUN", "SAD", "SAY", "SEE", "SHY", "SIT", "SIX", "TO", "TOO", "TOP", "TRY", "WET", "WIN",
    "WON", "YES", "YET",
];

/// Words that take a number, not an ordinal, after them ("Chapter IV" → "Chapter Four").
const COUNTED: &[&str] = &[
    "war", "chapter", "part", "act", "volume", "vol", "book", "phase", "title", "article",
    "section", "stage", "level", "round", "season", "episode", "apollo", "bowl", "type", "class",
    "mark", "mk", "grade", "appendix", "schedule", "annex", "category", "wars", "division",
    "vatican", "tier", "step", "psalm", "canto", "scene", "sonnet", "plate", "table", "figure",
];

pub(crate) fn roman_value(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 7 || !s.bytes().all(|b| matches!(b, b'I' | b'V' | b'X' | b'L')) {
        return None;
    }
    let val = |b: u8| match b {
        b'I' => 1,
        b'V' => 5,
        b'X' => 10,
        _ => 50,
    };
    let b = s.as_bytes();
    let mut total = 0i32;
    for k in 0..b.len() {
        let v = val(b[k]);
        if b.get(k + 1).is_some_and(|&n| val(n) > v) {
            total -= v;
        } else {
            total += v;
        }
    }
    let total = u32::try_from(total).ok()?;
    // Only canonical spellings (so "IIII" or "VV" are not numerals).
    (to_roman(total) == s).then_some(total)
}

fn to_roman(mut n: u32) -> String {
    let table = [
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in table {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

fn capitalize_words(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut parts: Vec<String> = Vec::new();
            for p in w.split('-') {
                let mut c = p.chars();
                parts.push(
                    c.next()
                        .map(|f| f.to_uppercase().chain(c).collect())
                        .unwrap_or_default(),
                );
            }
            parts.join("-")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Splits a possessive or plural ending off: "US’s" → ("US", "'s"), "CEOs" → ("CEO", "'s").
fn split_suffix(w: &str) -> (&str, &str) {
    for suf in ["'s", "’s"] {
        if let Some(stem) = w.strip_suffix(suf) {
            return (stem, "'s");
        }
    }
    if let Some(stem) = w.strip_suffix('s') {
        if stem.len() >= 2 && stem.chars().all(|c| c.is_ascii_uppercase()) {
            // Written "'s" after a dotted acronym, or the voice says the letter S ("A.P.I.s").
            return (stem, "'s");
        }
    }
    (w, "")
}

fn dotted(letters: &str) -> String {
    let mut s = String::with_capacity(letters.len() * 2);
    for c in letters.chars() {
        s.push(c);
        s.push('.');
    }
    s
}

/// Whether the only vowel of `w` is its last letter, as in stock tickers ("TSLA", "NVDA"):
/// names in capitals ("KHAN", "ZHANG", "DHAKA") have theirs inside.
fn ticker_vowel(w: &str) -> bool {
    let vowel = |c: u8| matches!(c, b'A' | b'E' | b'I' | b'O' | b'U' | b'Y');
    let b = w.as_bytes();
    b.iter().filter(|&&c| vowel(c)).count() == 1 && b.last().is_some_and(|&c| vowel(c))
}

/// Whether the consonants before the first vowel of `w` (in capitals) can start an English
/// word ("SPAC", "STEM", "FEMA" can; "TSLA", "NBA", "PGA", "GDPR" cannot, and are spelled).
fn english_onset(w: &str) -> bool {
    let end = w.find(['A', 'E', 'I', 'O', 'U', 'Y']).unwrap_or(w.len());
    let onset = &w[..end];
    if onset.len() <= 1 {
        return true;
    }
    const ONSETS: &[&str] = &[
        "BL", "BR", "CL", "CR", "DR", "FL", "FR", "GL", "GR", "PL", "PR", "SC", "SK", "SL", "SM",
        "SN", "SP", "ST", "SW", "TR", "TW", "TH", "SH", "CH", "WH", "PH", "WR", "KN", "GN", "QU",
        "DW", "THR", "STR", "SPR", "SCR", "SPL", "SHR", "SQU", "SCH", "SCHW", "SCHL", "SCHM", "PS",
        "KR", "KL", "SQ",
    ];
    ONSETS.contains(&onset)
}

/// Starts with a pair of vowels that English words rarely start with ("IAEA", "UAE").
fn looks_unpronounceable(w: &str) -> bool {
    let b = w.as_bytes();
    let vowel = |c: u8| matches!(c, b'A' | b'E' | b'I' | b'O' | b'U');
    b.windows(2).take(1).any(|p| {
        vowel(p[0])
            && vowel(p[1])
            && !matches!(
                p,
                [b'E', b'A']
                    | [b'A', b'I']
                    | [b'O', b'U']
                    | [b'O', b'O']
                    | [b'E', b'E']
                    | [b'I', b'E']
                    | [b'O', b'A']
                    | [b'E', b'I']
                    | [b'A', b'U']
                    | [b'O', b'I']
                    | [b'I', b'O']
                    | [b'E', b'U']
            )
    })
}

/// The rule.
pub(crate) fn rule(ctx: &Ctx, i: usize) -> Option<Hit> {
    let t = ctx.get(i).filter(|t| t.kind == Kind::Word)?;
    if ctx.shouting {
        return None;
    }
    // Glued to a letter or digit before it: part of something else.
    if ctx.prev(i).is_some_and(|p| !t.sp && p.kind != Kind::Punct) {
        return None;
    }
    // Followed by a glued digit or a dotted letter: a code ("B2", "U.S.").
    if ctx.get(i + 1).is_some_and(|n| {
        !n.sp
            && (n.kind == Kind::Digits
                || n.is(".")
                    && ctx
                        .get(i + 2)
                        .is_some_and(|x| !x.sp && x.kind == Kind::Word))
    }) {
        return None;
    }
    let first = t.ch();
    if !first.is_ascii_uppercase() {
        return None;
    }
    let (stem, suffix) = split_suffix(t.text);
    if let Some(hit) = roman(ctx, i, stem, suffix) {
        return Some(hit);
    }
    if stem.len() < 2 || stem.len() > 6 || !stem.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    // "AT&T": letters, though "AT" alone is a word.
    let ampersand = suffix.is_empty() && ctx.glued_is(i + 1, "&");
    let said = match stem {
        _ if ampersand && stem.len() == 2 => {
            let mut letters = stem.chars().map(String::from).collect::<Vec<_>>().join(" ");
            letters.push(' ');
            letters
        }
        "WWI" => "World War One".to_string(),
        "WWII" => "World War Two".to_string(),
        "FTSE" => "Footsie".to_string(),
        "US" => "U.S.".to_string(),
        "USA" => "U.S.A.".to_string(),
        // A short word in capitals is spelled by the voice unless the sentence shouts too; not
        // after "NYSE:" or "$" or alone in brackets ("Lowe's (LOW)", "(SAD)"), where it is a
        // ticker or initials.
        _ if stem.len() <= 3
            && (SHOUTED_WORDS.contains(&stem) || stem.len() == 3 && WORDS.contains(&stem))
            && !ctx.prev(i).is_some_and(|p| p.is(":") || p.is("$"))
            && !(ctx.prev(i).is_some_and(|p| p.is("(")) && ctx.glued_is(i + 1, ")")) =>
        {
            stem.to_ascii_lowercase()
        }
        _ if WORDS.contains(&stem) => return None,
        _ if SPELLED.contains(&stem) => dotted(stem),
        _ if stem.len() >= 3 && looks_unpronounceable(stem) => dotted(stem),
        // (Three letters like "NBA" the voices spell by themselves.)
        _ if (4..=5).contains(&stem.len()) && !english_onset(stem) && ticker_vowel(stem) => {
            dotted(stem)
        }
        // No vowel at all ("CNN", "GDP"): only letters can be said.
        _ if (3..=5).contains(&stem.len()) && !stem.contains(['A', 'E', 'I', 'O', 'U', 'Y']) => {
            dotted(stem)
        }
        _ => return None,
    };
    // "the U.S." at the end keeps one period, not two; and before a name ("the US Senate",
    // "CEO Tim Cook") the added period goes, or the voice would stop there as at a sentence's
    // end.
    let before_name = suffix.is_empty()
        && ctx
            .get(i + 1)
            .is_some_and(|n| n.sp && n.kind == Kind::Word && n.is_capitalized());
    let said = if suffix.is_empty() && ctx.is(i + 1, ".") && !ctx.get(i + 1).is_some_and(|d| d.sp)
        || before_name
    {
        said.trim_end_matches('.').to_string()
    } else {
        said
    };
    Hit::new(1, format!("{said}{suffix}"))
}

/// Whether "I" at `i`, after the word `prev` (lower case), is the numeral one ("Part I of the
/// report", "Type I diabetes") rather than the pronoun ("In Class I learned", "Every Book I
/// Read"): only after a word that numbers parts of a text or kinds, and not before a verb.
fn numbered_one(ctx: &Ctx, i: usize, prev: &str) -> bool {
    const NUMBERS_PARTS: &[&str] = &[
        "part", "type", "phase", "chapter", "title", "act", "volume", "vol", "book", "appendix",
        "annex", "schedule", "tier", "stage", "grade", "category", "article", "division",
    ];
    const VERBS: &[&str] = &[
        "am", "was", "have", "had", "think", "thought", "said", "say", "went", "got", "read",
        "moved", "learned", "learnt", "know", "knew", "will", "would", "can", "could", "do", "did",
        "feel", "felt", "see", "saw", "want", "wanted", "love", "loved", "like", "liked", "need",
        "needed", "met", "made", "found", "believe", "hope", "wrote", "write", "remember", "came",
        "took", "left", "spent", "should", "must", "might", "may", "also", "never", "just",
        "still", "really", "tried", "heard", "ever", "used", "lived", "grew",
    ];
    // In a title-cased headline ("The Part I Played") a capitalized word after "I" is most
    // likely its verb; a few nouns are known to follow the numeral ("Type I Diabetes").
    const AFTER_ONE: &[&str] = &[
        "Diabetes",
        "Trial",
        "Trials",
        "Error",
        "Errors",
        "Interferon",
        "Supernova",
        "Collagen",
        "Evidence",
        "Agent",
        "Agents",
        "Reaction",
    ];
    NUMBERS_PARTS.contains(&prev)
        && !ctx.get(i + 1).is_some_and(|n| {
            n.kind == Kind::Word
                && (VERBS.iter().any(|v| n.text.eq_ignore_ascii_case(v))
                    || n.is_capitalized() && !AFTER_ONE.contains(&n.text))
        })
}

/// Names that monarchs and popes take, after which even "V", "X" and "I" are numerals ("Henry V",
/// "Leo X", "Charles I").
const REGNAL_NAMES: &[&str] = &[
    "Henry",
    "George",
    "Charles",
    "Elizabeth",
    "Edward",
    "William",
    "James",
    "Richard",
    "Louis",
    "Philip",
    "Felipe",
    "Leo",
    "Pius",
    "Benedict",
    "Gregory",
    "Clement",
    "Innocent",
    "Urban",
    "Boniface",
    "Alexander",
    "Nicholas",
    "Peter",
    "Catherine",
    "Mary",
    "Frederick",
    "Frederik",
    "Wilhelm",
    "Ludwig",
    "Carlos",
    "Alfonso",
    "Ferdinand",
    "Isabella",
    "Napoleon",
    "Constantine",
    "Ivan",
    "Rama",
    "Mohammed",
    "Hassan",
    "Abdullah",
    "Harald",
    "Olav",
    "Haakon",
    "Gustaf",
    "Christian",
    "Margrethe",
    "Willem",
    "Baudouin",
    "Leopold",
    "Umberto",
    "Sixtus",
    "Paul",
    "Stephen",
    "Casimir",
    "Sigismund",
    "Otto",
    "Conrad",
    "Rudolf",
    "Francis",
    "Victor",
];

fn roman(ctx: &Ctx, i: usize, stem: &str, suffix: &str) -> Option<Hit> {
    let value = roman_value(stem)?;
    let t = ctx.get(i)?;
    if !t.sp {
        return None;
    }
    // "Vol. III", "Ch. IV", "Pt. II": an abbreviated counting word before it.
    if i >= 2 && ctx.toks[i - 1].is(".") {
        let abbr = ctx.toks[i - 2].text.to_ascii_lowercase();
        if matches!(
            abbr.as_str(),
            "vol" | "ch" | "chap" | "pt" | "art" | "bk" | "no"
        ) {
            let digits = value.to_string();
            let said = capitalize_words(&cardinal(&digits, false));
            return Hit::new(1, format!("{said}{suffix}"));
        }
    }
    let prev = ctx
        .prev(i)
        .filter(|p| p.kind == Kind::Word && p.is_capitalized())?;
    // "The LIV event", "Meanwhile LIV announced": a capitalized word that opens a sentence is
    // no name for a numeral to follow.
    if [
        "The",
        "A",
        "An",
        "This",
        "That",
        "Meanwhile",
        "But",
        "And",
        "Or",
        "So",
        "Yet",
        "In",
        "On",
        "At",
        "For",
        "With",
        "By",
        "From",
        "To",
        "Of",
        "As",
        "When",
        "While",
        "If",
    ]
    .contains(&prev.text)
    {
        return None;
    }
    let prev_lower = prev.text.to_lowercase();
    // "I" is the monarch's only where a pronoun could not stand: before punctuation, the end,
    // a name or "of" ("Charles I of England"); "told Mary I was" is the speaker.
    let regnal = REGNAL_NAMES.contains(&prev.text)
        && ctx.get(i + 1).is_none_or(|n| {
            value != 1
                || n.kind == Kind::Punct
                || n.is_capitalized()
                || n.text == "of"
                || n.text == "and"
        });
    // Clothing sizes ("Pro XL", "JPEG XL") unless a counting word comes first ("Super Bowl XL").
    if matches!(stem, "XL" | "XXL" | "XXXL") && !COUNTED.contains(&prev_lower.as_str()) {
        return None;
    }
    let world_war = prev_lower == "war" && i >= 2 && ctx.get(i - 2).is_some_and(|w| w.is("World"));
    // One letter ("Malcolm X", "Generation X", "Model V") is a numeral only after a word that
    // counts ("Chapter V", "Part X"); "I" only there ("Part I", "Type I"), else the pronoun.
    // After a short acronym ("GTA VI") or a word that names a series of works ("Final Fantasy
    // VII", "Episode IV"), the numeral numbers the work: not a monarch's ordinal.
    let work = !ctx.shouting
        && stem.len() >= 2
        && (prev.is_all_caps() && (2..=4).contains(&prev.text.len())
            || ["fantasy", "auto", "rocky", "wrestlemania", "civilization"]
                .contains(&prev_lower.as_str()));
    let counted = COUNTED.contains(&prev_lower.as_str()) || work;
    if value == 1 && !world_war && !regnal && !numbered_one(ctx, i, &prev_lower) {
        return None;
    }
    if stem.len() == 1 && value != 1 && !counted && !regnal {
        return None;
    }
    // A capitalized word right after ("II Corps") is fine; a roman numeral glued to more letters
    // is not one.
    if ctx
        .get(i + 1)
        .is_some_and(|n| !n.sp && n.kind == Kind::Word)
    {
        return None;
    }
    let digits = value.to_string();
    let said = if counted {
        capitalize_words(&cardinal(&digits, false))
    } else {
        format!("the {}", capitalize_words(&ordinal(&digits)))
    };
    Hit::new(1, format!("{said}{suffix}"))
}

#[cfg(test)]
mod tests {
    use crate::segment::normalize::spoken;
    use crate::segment::Lexicon;

    fn say(s: &str) -> String {
        spoken(s, &Lexicon::default())
    }

    #[test]
    fn us_in_running_text_is_the_country() {
        assert_eq!(
            say("talks with the US on Monday"),
            "talks with the U.S. on Monday"
        );
        assert_eq!(say("US-Iran relations"), "U.S.-Iran relations");
        assert_eq!(say("the US’s withdrawal"), "the U.S.'s withdrawal");
        assert_eq!(say("the USA team"), "the U.S.A. team");
    }

    #[test]
    fn one_after_a_counting_word_and_world_wars_in_short() {
        assert_eq!(say("Part I of the report"), "Part One of the report");
        assert_eq!(say("Type I diabetes"), "Type One diabetes");
        assert_eq!(say("After the War I moved"), "After the War I moved");
        assert_eq!(say("In Class I learned"), "In Class I learned");
        assert_eq!(
            say("Every Book I Read This Year"),
            "Every Book I Read This Year"
        );
        assert_eq!(say("Chapter I begins"), "Chapter One begins");
        assert_eq!(say("The Part I Played"), "The Part I Played");
        assert_eq!(say("Type I Diabetes Rises"), "Type One Diabetes Rises");
        assert_eq!(say("in Part I."), "in Part One.");
        assert_eq!(say("a WWII veteran"), "a World War Two veteran");
        assert_eq!(
            say("the ACLU and the NCAA"),
            "the A.C.L.U. and the N.C.A.A."
        );
    }

    #[test]
    fn lowercase_us_is_the_pronoun() {
        assert_eq!(say("let us go"), "let us go");
    }

    #[test]
    fn us_at_the_end_of_a_sentence_keeps_one_period() {
        assert_eq!(say("He met the US."), "He met the U.S.");
    }

    #[test]
    fn capitals_no_english_word_could_start_with_are_spelled() {
        assert_eq!(say("Tesla (TSLA) rose"), "Tesla (T.S.L.A.) rose");
        assert_eq!(say("the NVDA shares"), "the N.V.D.A. shares");
        assert_eq!(say("DNA is"), "DNA is");
        assert_eq!(say("a SPAC deal"), "a SPAC deal");
        assert_eq!(say("STEM classes"), "STEM classes");
    }

    #[test]
    fn word_acronyms_stay_words_and_initialisms_are_spelled() {
        assert_eq!(say("NASA and NATO"), "NASA and NATO");
        assert_eq!(
            say("the IRGC and the IAEA"),
            "the I.R.G.C. and the I.A.E.A."
        );
    }

    #[test]
    fn roman_numerals_after_names() {
        assert_eq!(say("after World War II ended"), "after World War Two ended");
        assert_eq!(
            say("Henry VIII had six wives"),
            "Henry the Eighth had six wives"
        );
        assert_eq!(say("in World War I"), "in World War One");
        assert_eq!(say("GTA VI is out"), "GTA Six is out");
        assert_eq!(say("Henry V won"), "Henry the Fifth won");
        assert_eq!(say("King George V died"), "King George the Fifth died");
        assert_eq!(say("Charles I of England"), "Charles the First of England");
        assert_eq!(say("told Mary I was ill"), "told Mary I was ill");
        assert_eq!(say("The LIV event"), "The LIV event");
        assert_eq!(say("Pope Leo X"), "Pope Leo the Tenth");

        assert_eq!(say("JPEG XL files"), "JPEG XL files");
        assert_eq!(say("the Pixel 9 Pro XL"), "the Pixel nine Pro XL");
        assert_eq!(say("Super Bowl XL"), "Super Bowl Forty");
        assert_eq!(
            say("Final Fantasy VII remake"),
            "Final Fantasy Seven remake"
        );
        assert_eq!(say("John Paul II said"), "John Paul the Second said");
        assert_eq!(
            say("Martin Luther King III"),
            "Martin Luther King the Third"
        );
    }

    #[test]
    fn single_letter_after_a_name_is_not_a_numeral() {
        assert_eq!(say("Malcolm X spoke"), "Malcolm X spoke");
        assert_eq!(say("see Chapter V now"), "see Chapter Five now");
    }

    #[test]
    fn pronoun_i_is_not_a_numeral() {
        assert_eq!(say("Sam and I left"), "Sam and I left");
        assert_eq!(say("Then I left"), "Then I left");
    }

    #[test]
    fn capitalized_words_that_are_not_acronyms_stay_words() {
        assert_eq!(say("a trip to INDIA and IOWA"), "a trip to INDIA and IOWA");
    }

    #[test]
    fn several_acronyms_in_a_sentence_are_not_shouting() {
        assert_eq!(
            say("The IAEA, IRGC and JCPOA"),
            "The I.A.E.A., I.R.G.C. and J.C.P.O.A."
        );
    }

    #[test]
    fn short_words_in_capitals_are_said_as_words() {
        assert_eq!(
            say("Fans shouted GET OUT and vote."),
            "Fans shouted GET out and vote."
        );
        assert_eq!(
            say("There were a LOT of people."),
            "There were a lot of people."
        );
        assert_eq!(say("Enter your PIN code."), "Enter your pin code.");
        assert_eq!(
            say("It was the BIG day, said IF it rains."),
            "It was the big day, said if it rains."
        );
        // Initialisms and tickers keep their letters.
        assert_eq!(
            say("The ACT and SAT scores rose."),
            "The ACT and SAT scores rose."
        );
        assert_eq!(say("LED lights, the IT team."), "LED lights, the IT team.");
        assert_eq!(
            say("People with BED often eat."),
            "People with BED often eat."
        );
        assert_eq!(
            say("Blossom Music Center, Akron, OH July 26"),
            "Blossom Music Center, Akron, OH July twenty-sixth"
        );
        assert_eq!(say("Avis (NYSE: CAR) fell."), "Avis (NYSE: CAR) fell.");
        assert_eq!(say("Fans bought $CAR stock."), "Fans bought $CAR stock.");
        assert_eq!(say("Lowe's (LOW) fell."), "Lowe's (LOW) fell.");
        // A line in capitals is the voice's to read as words.
        assert_eq!(say("THE BIG DAY IS OUT NOW"), "THE BIG DAY IS OUT NOW");
    }

    #[test]
    fn shouted_headings_are_left_alone() {
        assert_eq!(say("LET US GO TO THE SHOW"), "LET US GO TO THE SHOW");
    }
}
