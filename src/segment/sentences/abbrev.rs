//! Word lists the sentence splitter consults: abbreviations by how they behave at a period, words
//! that usually open a sentence, and prepositions that open a short introductory phrase.
//!
//! Lookups take a word already lowercased into a small buffer (see [`lower`]); words longer than
//! the buffer are never in these lists. The lists are English only.

/// How an abbreviation behaves when its period is followed by a capitalized word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Abbrev {
    /// Stands before a name (Mr., Dr., Mt., Gen.): never ends a sentence.
    Title,
    /// Never ends a sentence (e.g., i.e., vs., cf.).
    Never,
    /// Usually stands before a number (No. 5, p. 12, Fig. 3, Nov. 3): no end before a word with a
    /// digit; before a capital it ends the sentence.
    BeforeNumber,
    /// Often ends a sentence (Inc., Jr., St., a.m., dotted acronyms): it ends when the next word
    /// usually starts a sentence, not when it is a name ("U.S. Army").
    Ambiguous,
    /// Ends a sentence before any capital (etc.).
    Etc,
}

/// Longest word the lists hold, in bytes.
pub(super) const MAX_LEN: usize = 12;

/// `word` lowercased (ASCII) into `buf`, or `None` when it is longer than [`MAX_LEN`] or not
/// ASCII.
pub(super) fn lower<'b>(word: &str, buf: &'b mut [u8; MAX_LEN]) -> Option<&'b [u8]> {
    let b = word.as_bytes();
    if b.len() > MAX_LEN || !word.is_ascii() {
        return None;
    }
    for (d, s) in buf.iter_mut().zip(b) {
        *d = s.to_ascii_lowercase();
    }
    Some(&buf[..b.len()])
}

/// The abbreviation class of `stem` (the word without its final period), if it is one.
pub(super) fn classify(stem: &str) -> Option<Abbrev> {
    let mut buf = [0u8; MAX_LEN];
    let low = lower(stem, &mut buf)?;
    let capitalized = stem.as_bytes().first().is_some_and(u8::is_ascii_uppercase);
    let class = match low {
        b"mr" | b"mrs" | b"ms" | b"mx" | b"dr" | b"prof" | b"mt" | b"messrs" | b"mmes" | b"mme"
        | b"mlle" | b"rev" | b"hon" | b"gov" | b"sen" | b"sens" | b"rep" | b"reps" | b"gen"
        | b"lt" | b"col" | b"maj" | b"capt" | b"cmdr" | b"adm" | b"sgt" | b"cpl" | b"pvt"
        | b"brig" | b"supt" | b"insp" | b"det" | b"pres" | b"atty" | b"amb" | b"sec" | b"gens"
        | b"govs" | b"rt" | b"fr" | b"cdr" | b"spc" | b"pfc" | b"cpt" | b"ens" | b"msgr"
        | b"wm" | b"chas" | b"geo" | b"thos" | b"jas" => Abbrev::Title,
        b"e.g" | b"i.e" | b"vs" | b"v" | b"cf" | b"viz" | b"et" | b"a.k.a" => Abbrev::Never,
        b"no" | b"nos" | b"p" | b"pp" | b"fig" | b"figs" | b"vol" | b"vols" | b"art" | b"ch"
        | b"chap" | b"para" | b"eq" | b"ca" | b"approx" | b"op" | b"ed" | b"eds" | b"tel"
        | b"ext" => Abbrev::BeforeNumber,
        b"jan" | b"feb" | b"mar" | b"apr" | b"jun" | b"jul" | b"aug" | b"sep" | b"sept"
        | b"oct" | b"nov" | b"dec" | b"mon" | b"tue" | b"tues" | b"wed" | b"thu" | b"thur"
        | b"thurs" | b"fri" | b"sat" | b"sun" | b"apt" | b"apts" | b"ste" | b"rm" | b"bldg"
            if capitalized =>
        {
            Abbrev::BeforeNumber
        }
        b"co" | b"corp" | b"inc" | b"ltd" | b"llc" | b"plc" | b"jr" | b"sr" | b"bros" | b"assn"
        | b"dept" | b"univ" | b"ave" | b"blvd" | b"rd" | b"st" | b"ft" | b"hwy" | b"esq"
        | b"al" | b"est" | b"govt" | b"intl" | b"natl" | b"mfg" | b"div" | b"dist" | b"a.m"
        | b"p.m" | b"ph.d" | b"m.d" | b"u.s" | b"u.k" | b"e.u" | b"d.c" | b"u.n" | b"ln"
        | b"ct" | b"sq" | b"pkwy" | b"pt" | b"assoc" | b"inst" | b"cos" => Abbrev::Ambiguous,
        b"ala" | b"ariz" | b"ark" | b"calif" | b"colo" | b"conn" | b"del" | b"fla" | b"ga"
        | b"ill" | b"ind" | b"kan" | b"kans" | b"ky" | b"la" | b"md" | b"mass" | b"mich"
        | b"minn" | b"miss" | b"mo" | b"mont" | b"neb" | b"nev" | b"okla" | b"ore" | b"pa"
        | b"tenn" | b"tex" | b"va" | b"vt" | b"wash" | b"wis" | b"wyo"
            if capitalized =>
        {
            Abbrev::Ambiguous
        }
        b"etc" => Abbrev::Etc,
        _ => return None,
    };
    Some(class)
}

/// True when `word` (letters only, any case) usually opens a sentence rather than continuing a
/// name: pronouns, determiners, conjunctions, sentence adverbs, question words, auxiliaries,
/// number words, personal titles and a few nouns that open news sentences.
pub(super) fn is_starter(word: &str) -> bool {
    let mut buf = [0u8; MAX_LEN];
    let Some(low) = lower(word, &mut buf) else {
        return false;
    };
    matches!(
        low,
        b"i" | b"he"
            | b"she"
            | b"it"
            | b"we"
            | b"they"
            | b"you"
            | b"his"
            | b"her"
            | b"its"
            | b"our"
            | b"their"
            | b"my"
            | b"your"
            | b"this"
            | b"that"
            | b"these"
            | b"those"
            | b"there"
            | b"here"
            | b"the"
            | b"a"
            | b"an"
            | b"some"
            | b"many"
            | b"most"
            | b"all"
            | b"each"
            | b"every"
            | b"no"
            | b"both"
            | b"several"
            | b"such"
            | b"any"
            | b"few"
            | b"other"
            | b"another"
            | b"but"
            | b"and"
            | b"or"
            | b"so"
            | b"yet"
            | b"nor"
            | b"however"
            | b"meanwhile"
            | b"still"
            | b"then"
            | b"now"
            | b"also"
            | b"instead"
            | b"thus"
            | b"therefore"
            | b"moreover"
            | b"indeed"
            | b"later"
            | b"earlier"
            | b"today"
            | b"yesterday"
            | b"tomorrow"
            | b"tonight"
            | b"last"
            | b"next"
            | b"after"
            | b"before"
            | b"when"
            | b"while"
            | b"if"
            | b"as"
            | b"although"
            | b"though"
            | b"since"
            | b"because"
            | b"once"
            | b"in"
            | b"on"
            | b"at"
            | b"for"
            | b"with"
            | b"by"
            | b"from"
            | b"under"
            | b"over"
            | b"during"
            | b"despite"
            | b"according"
            // Plural subjects that open news sentences ("… in the U.S. Economists said"); they
            // do not follow "U.S." or "a.m." as part of a name.
            | b"economists"
            | b"delegates"
            | b"scientists"
            | b"workers"
            | b"doctors"
            | b"farmers"
            | b"prices"
            | b"traffic"
            | b"among"
            | b"what"
            | b"who"
            | b"why"
            | b"how"
            | b"where"
            | b"which"
            | b"whether"
            | b"is"
            | b"are"
            | b"was"
            | b"were"
            | b"do"
            | b"does"
            | b"did"
            | b"can"
            | b"could"
            | b"would"
            | b"should"
            | b"has"
            | b"have"
            | b"had"
            | b"not"
            | b"even"
            | b"only"
            | b"one"
            | b"two"
            | b"three"
            | b"four"
            | b"five"
            | b"six"
            | b"seven"
            | b"eight"
            | b"nine"
            | b"ten"
            | b"more"
            | b"less"
            | b"nearly"
            | b"about"
            | b"almost"
            | b"perhaps"
            | b"nevertheless"
            | b"nonetheless"
            | b"overall"
            | b"first"
            | b"second"
            | b"finally"
            | b"separately"
            | b"furthermore"
            | b"again"
            | b"yes"
            | b"mr"
            | b"mrs"
            | b"ms"
            | b"dr"
            | b"prof"
            | b"officials"
            | b"police"
            | b"authorities"
            | b"experts"
            | b"critics"
            | b"analysts"
            | b"researchers"
            | b"residents"
            | b"people"
            | b"investors"
            | b"lawmakers"
            | b"witnesses"
            | b"nobody"
            | b"everyone"
            | b"everybody"
            | b"someone"
            | b"somebody"
            | b"nothing"
            | b"something"
            | b"everything"
            | b"none"
            | b"neither"
            | b"either"
            | b"let"
            | b"please"
            | b"shares"
            | b"stocks"
            | b"sales"
            | b"talks"
            | b"protesters"
            | b"voters"
            | b"democrats"
            | b"republicans"
            | b"asked"
            | b"speaking"
            | b"unlike"
            | b"like"
            | b"within"
            | b"without"
            | b"until"
            | b"following"
            | b"whatever"
            | b"whoever"
    )
}

/// True when `word` is a preposition that opens a short introductory phrase ("At 5 a.m.",
/// "By Jan."), after which an abbreviation does not end the sentence.
pub(super) fn is_intro_preposition(word: &str) -> bool {
    let mut buf = [0u8; MAX_LEN];
    let Some(low) = lower(word, &mut buf) else {
        return false;
    };
    matches!(
        low,
        b"at"
            | b"by"
            | b"before"
            | b"after"
            | b"until"
            | b"till"
            | b"around"
            | b"from"
            | b"since"
            | b"on"
            | b"in"
            | b"about"
            | b"through"
            | b"circa"
    )
}
