//! Units of measure after a number: "12 kg" → "twelve kilograms", "5 km/h" → "five kilometers
//! per hour", "2°C" → "two degrees Celsius", "3.75%" → "three point seven five percent". A unit
//! is only read as one right after a number, so the letter "A" elsewhere stays a letter.

use super::tokens::Kind;
use super::Ctx;

/// Singular and plural of a unit written as `w` (after a number).
pub(crate) fn unit(w: &str) -> Option<(&'static str, &'static str)> {
    // Exact spellings first: these are ambiguous in other cases (M, K, S are left alone).
    let exact = match w {
        "m" => Some(("meter", "meters")),
        "g" => Some(("gram", "grams")),
        "t" => Some(("tonne", "tonnes")),
        "A" => Some(("ampere", "amperes")),
        "V" => Some(("volt", "volts")),
        "W" => Some(("watt", "watts")),
        "L" | "l" => Some(("liter", "liters")),
        "h" | "hr" | "hrs" => Some(("hour", "hours")),
        "min" | "mins" => Some(("minute", "minutes")),
        "ms" => Some(("millisecond", "milliseconds")),
        "GB" => Some(("gigabyte", "gigabytes")),
        "MB" => Some(("megabyte", "megabytes")),
        "TB" => Some(("terabyte", "terabytes")),
        "KB" | "kB" => Some(("kilobyte", "kilobytes")),
        "Mb" => Some(("megabit", "megabits")),
        "Gb" => Some(("gigabit", "gigabits")),
        "mL" | "ml" => Some(("milliliter", "milliliters")),
        "MW" => Some(("megawatt", "megawatts")),
        "GW" => Some(("gigawatt", "gigawatts")),
        "kW" => Some(("kilowatt", "kilowatts")),
        "kWh" => Some(("kilowatt hour", "kilowatt hours")),
        "MWh" => Some(("megawatt hour", "megawatt hours")),
        "GWh" => Some(("gigawatt hour", "gigawatt hours")),
        "mA" => Some(("milliampere", "milliamperes")),
        "kV" => Some(("kilovolt", "kilovolts")),
        "TWh" => Some(("terawatt hour", "terawatt hours")),
        "Wh" => Some(("watt hour", "watt hours")),
        "mAh" => Some(("milliamp hour", "milliamp hours")),
        "dB" | "dBA" => Some(("decibel", "decibels")),

        "µg" | "μg" | "mcg" => Some(("microgram", "micrograms")),
        "hp" => Some(("horsepower", "horsepower")),
        "bp" | "bps" => Some(("basis point", "basis points")),
        "pts" => Some(("point", "points")),
        "yr" | "yrs" => Some(("year", "years")),
        "sec" | "secs" => Some(("second", "seconds")),
        "pc" => Some(("percent", "percent")),
        "pp" => Some(("percentage point", "percentage points")),
        "MP" => Some(("megapixel", "megapixels")),
        "dL" | "dl" => Some(("deciliter", "deciliters")),
        "ng" => Some(("nanogram", "nanograms")),
        "nm" => Some(("nanometer", "nanometers")),
        "gal" => Some(("gallon", "gallons")),
        "bbl" => Some(("barrel", "barrels")),
        "fps" => Some(("frame per second", "frames per second")),
        "tsp" => Some(("teaspoon", "teaspoons")),
        "tbsp" | "Tbsp" => Some(("tablespoon", "tablespoons")),
        _ => None,
    };
    if exact.is_some() {
        return exact;
    }
    if w.len() > 5 || !w.is_ascii() {
        return None;
    }
    let lower = w.to_ascii_lowercase();
    match lower.as_str() {
        "km" => Some(("kilometer", "kilometers")),
        "cm" => Some(("centimeter", "centimeters")),
        "mm" => Some(("millimeter", "millimeters")),
        "kg" | "kgs" => Some(("kilogram", "kilograms")),
        "mg" => Some(("milligram", "milligrams")),
        "ft" => Some(("foot", "feet")),
        "yd" | "yds" => Some(("yard", "yards")),
        "mi" => Some(("mile", "miles")),
        "lb" | "lbs" => Some(("pound", "pounds")),
        "oz" => Some(("ounce", "ounces")),
        "mph" => Some(("mile per hour", "miles per hour")),
        "kph" | "kmh" => Some(("kilometer per hour", "kilometers per hour")),
        "mbps" => Some(("megabit per second", "megabits per second")),
        "gbps" => Some(("gigabit per second", "gigabits per second")),
        "kbps" => Some(("kilobit per second", "kilobits per second")),
        "cc" => Some(("CC", "CC")),
        "hz" => Some(("hertz", "hertz")),
        "khz" => Some(("kilohertz", "kilohertz")),
        "mhz" => Some(("megahertz", "megahertz")),
        "ghz" => Some(("gigahertz", "gigahertz")),
        _ => None,
    }
}

/// A unit after "per" or "/": the units above, and "s" or "sec" for seconds ("m/s").
fn per_unit(w: &str) -> Option<(&'static str, &'static str)> {
    match w {
        "s" => Some(("second", "seconds")),
        "day" => Some(("day", "days")),
        "week" | "wk" => Some(("week", "weeks")),
        "month" => Some(("month", "months")),
        "year" => Some(("year", "years")),
        "night" => Some(("night", "nights")),
        "person" => Some(("person", "people")),
        _ => unit(w),
    }
}

/// "per kilogram per day": each "/unit" from token `j` on, glued ("2 mg/kg/day").
fn per_units(ctx: &Ctx, mut j: usize) -> Option<(usize, String)> {
    let mut words = Vec::new();
    let start = j;
    while ctx.glued_is(j, "/") {
        let Some(u) = ctx
            .get(j + 1)
            .filter(|w| !w.sp && w.kind == Kind::Word)
            .and_then(|w| per_unit(w.text))
        else {
            break;
        };
        words.push(format!("per {}", u.0));
        j += 2;
    }
    (!words.is_empty()).then(|| (j - start, words.join(" ")))
}

/// Reads a unit starting at token `j` right after a number whose value is one when `one`.
/// Returns the tokens used and the words ("kilograms per kilogram").
pub(crate) fn after_number(ctx: &Ctx, j: usize, one: bool) -> Option<(usize, String)> {
    let t = ctx.get(j)?;
    let pick = |u: (&'static str, &'static str), one: bool| if one { u.0 } else { u.1 };
    match t.text {
        "%" => return Some((1, "percent".into())),
        "°" | "º" => {
            let degrees = if one { "degree" } else { "degrees" };
            return Some(match ctx.get(j + 1) {
                Some(n) if !n.sp && n.is("C") => (2, format!("{degrees} Celsius")),
                Some(n) if !n.sp && n.is("F") => (2, format!("{degrees} Fahrenheit")),
                _ => (1, degrees.to_string()),
            });
        }
        "℃" => {
            return Some((
                1,
                format!("{} Celsius", if one { "degree" } else { "degrees" }),
            ))
        }
        "℉" => {
            return Some((
                1,
                format!("{} Fahrenheit", if one { "degree" } else { "degrees" }),
            ))
        }
        "/" if !t.sp => return per_units(ctx, j),
        // "1in of rain": inches only glued to the number ("5 in the morning").
        "in" if !t.sp => return Some((1, pick(("inch", "inches"), one).to_string())),
        _ => {}
    }
    if t.kind != Kind::Word {
        return None;
    }
    // "sq km", "sq ft": square units.
    if t.text == "sq" {
        let w = ctx.get(j + 1).filter(|w| w.kind == Kind::Word)?;
        let u = unit(w.text)?;
        return Some((2, format!("square {}", pick(u, one))));
    }
    let u = unit(t.text)?;
    // A lone capital letter is a unit only when glued or followed by a non-letter.
    let mut n = 1;
    let mut words = String::new();
    match ctx.get(j + 1) {
        Some(p) if !p.sp && (p.is("²") || p.is("2")) => {
            words.push_str("square ");
            n += 1;
        }
        Some(p) if !p.sp && (p.is("³") || p.is("3")) => {
            words.push_str("cubic ");
            n += 1;
        }
        Some(p) if !p.sp && p.kind == Kind::Digits => return None,
        _ => {}
    }
    words.push_str(pick(u, one));
    // "1 tsp. olive oil", "8 oz. water": the abbreviation's period, inside a sentence, is not
    // a full stop (at the end it stays one).
    if ctx.glued_is(j + n, ".")
        && ctx.get(j + n + 1).is_some_and(|w| {
            w.sp && (w.kind == Kind::Word && w.text.starts_with(|c: char| c.is_lowercase())
                || w.is("("))
        })
    {
        n += 1;
    }
    if let Some((m, per)) = per_units(ctx, j + n) {
        words.push(' ');
        words.push_str(&per);
        n += m;
    }
    Some((n, words))
}

#[cfg(test)]
mod tests {
    use crate::segment::normalize::spoken;
    use crate::segment::Lexicon;

    fn say(s: &str) -> String {
        spoken(s, &Lexicon::default())
    }

    #[test]
    fn units_of_finance_sport_power_and_kitchens() {
        assert_eq!(say("cut by 25 bps"), "cut by twenty-five basis points");
        assert_eq!(say("rose 50bp"), "rose fifty basis points");
        assert_eq!(say("scored 30 pts"), "scored thirty points");
        assert_eq!(say("aged 5 yrs"), "aged five years");
        assert_eq!(say("a 300 hp engine"), "a three hundred horsepower engine");
        assert_eq!(
            say("a 5,000 mAh battery"),
            "a five thousand milliamp hour battery"
        );
        assert_eq!(say("2 tbsp oil"), "two tablespoons oil");
        assert_eq!(say("85 dB"), "eighty-five decibels");
    }

    #[test]
    fn a_units_abbreviation_point_inside_a_sentence_is_not_a_full_stop() {
        assert_eq!(say("1 tsp. olive oil"), "one teaspoon olive oil");
        assert_eq!(
            say("add 8 oz. (one cup) water"),
            "add eight ounces (one cup) water"
        );
        assert_eq!(say("It weighs 8 oz."), "It weighs eight ounces.");
    }

    #[test]
    fn metric_units_after_numbers_are_spelled_out() {
        assert_eq!(say("12kg"), "twelve kilograms");
        assert_eq!(say("a 42 km walk"), "a forty-two kilometer walk");
        assert_eq!(say("1 m"), "one meter");
    }

    #[test]
    fn degrees_celsius_agree_in_number() {
        assert_eq!(say("2°C"), "two degrees Celsius");
        assert_eq!(say("1°C"), "one degree Celsius");
        assert_eq!(say("98.6 °F"), "ninety-eight point six degrees Fahrenheit");
    }

    #[test]
    fn per_unit_reads_singular_after_per() {
        assert_eq!(say("12kg/kg"), "twelve kilograms per kilogram");
        assert_eq!(say("60 mph"), "sixty miles per hour");
    }

    #[test]
    fn capital_a_is_amperes_only_after_a_number() {
        assert_eq!(say("a 16 A fuse"), "a sixteen ampere fuse");
        assert_eq!(say("Plan A works"), "Plan A works");
    }

    #[test]
    fn gigabytes_and_percent_after_numbers() {
        assert_eq!(say("8 GB"), "eight gigabytes");
        assert_eq!(say("3.75%"), "three point seven five percent");
    }

    #[test]
    fn short_units_of_the_news_and_chains_of_per() {
        assert_eq!(say("a 2-yr note"), "a two-year note");
        assert_eq!(say("in 9.8 secs"), "in nine point eight seconds");
        assert_eq!(say("up 1.3pc"), "up one point three percent");
        assert_eq!(
            say("a 0.1 pp rise"),
            "a zero point one percentage point rise"
        );
        assert_eq!(say("1in of rain"), "one inch of rain");
        assert_eq!(say("5 in the morning"), "five in the morning");
        assert_eq!(say("a 200MP camera"), "a two hundred megapixel camera");
        assert_eq!(say("12MP back camera"), "twelve megapixel back camera");
        assert_eq!(say("It has 48MP."), "It has forty-eight megapixels.");
        assert_eq!(
            say("130 mg/dL"),
            "one hundred and thirty milligrams per deciliter"
        );
        assert_eq!(say("2 mg/kg/day"), "two milligrams per kilogram per day");
        assert_eq!(say("$80/bbl"), "eighty dollars per barrel");
        assert_eq!(say("$1.5trn"), "one point five trillion dollars");
        assert_eq!(say("fuel, incl. diesel"), "fuel, including diesel");
        assert_eq!(say("Mt Everest"), "Mount Everest");
        assert_eq!(
            say("shops on Oxford St are busy"),
            "shops on Oxford Street are busy"
        );
        assert_eq!(say("the FOMC"), "the F.O.M.C.");
    }

    #[test]
    fn per_second_and_cc() {
        assert_eq!(say("wind at 12 m/s"), "wind at twelve meters per second");
        assert_eq!(
            say("a 125 cc scooter"),
            "a one hundred and twenty-five CC scooter"
        );
        assert_eq!(say("4 cc/s"), "four CC per second");
    }

    #[test]
    fn squared_and_cubed_units_read_square_and_cubic() {
        assert_eq!(say("40 km²"), "forty square kilometers");
        assert_eq!(say("5 m³"), "five cubic meters");
        assert_eq!(
            say("1,350 sq km"),
            "one thousand three hundred and fifty square kilometers"
        );
    }
}
