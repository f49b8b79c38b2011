//! Rendering a [`Script`] as a numbered outline for the terminal, or as the JSON contract other
//! tools read (`aloud outline --json`).

use std::fmt::Write as _;

use serde::Serialize;

use crate::printable::strip_controls;
use crate::segment::{normalize, Script, Utterance};

/// `n` and `noun`, plural unless `n` is 1: "1 section", "3 sections".
pub fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Words per minute assumed for listening-time estimates (the normal rate).
pub const ESTIMATE_WPM: u32 = crate::audio::timing::NATURAL_WPM;

/// Estimated listening time of utterances, in seconds, at [`ESTIMATE_WPM`] with their pauses.
pub fn estimate_seconds(utterances: &[Utterance]) -> f64 {
    estimate_seconds_at(utterances, ESTIMATE_WPM)
}

/// Estimated listening time of utterances, in seconds, at `rate_wpm` with their pauses.
pub fn estimate_seconds_at<'a>(
    utterances: impl IntoIterator<Item = &'a Utterance>,
    rate_wpm: u32,
) -> f64 {
    utterances
        .into_iter()
        .map(|u| {
            let (speech, pause) = u.estimate(rate_wpm);
            speech + pause
        })
        .sum()
}

/// Formats seconds as `m:ss` or `h:mm:ss`.
pub fn format_duration(seconds: f64) -> String {
    let total = seconds.round().max(0.0) as u64;
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// The human outline: title, then one numbered line per section with utterance count and time.
/// With `spoken`, every utterance's spoken form is listed under its section, followed by the
/// rewrites that made it (`[Dr. → Doctor; US → U.S.]`) when the spoken form differs from the text.
pub fn render_text(script: &Script, spoken: bool) -> String {
    let mut out = String::new();
    // Printed in a terminal: nothing from the article may control it.
    let title = strip_controls(script.title.as_deref().unwrap_or("(untitled)"));
    let _ = writeln!(out, "{title}");
    if let Some(by) = &script.byline {
        let _ = writeln!(out, "{}", strip_controls(by));
    }
    let total: f64 = script
        .sections
        .iter()
        .map(|s| estimate_seconds(&s.utterances))
        .sum();
    let count: usize = script.sections.iter().map(|s| s.utterances.len()).sum();
    let _ = writeln!(
        out,
        "{}, {}, about {}\n",
        counted(script.sections.len(), "section"),
        counted(count, "utterance"),
        format_duration(total)
    );
    let width = script.sections.len().to_string().len();
    for (i, s) in script.sections.iter().enumerate() {
        let heading = strip_controls(s.title.as_deref().unwrap_or("(lead)"));
        let _ = writeln!(
            out,
            "{:>width$}. {}  [{} utterances, {}]",
            i + 1,
            heading,
            s.utterances.len(),
            format_duration(estimate_seconds(&s.utterances)),
        );
        if spoken {
            for u in &s.utterances {
                let _ = writeln!(out, "{:>width$}  {}", "", strip_controls(&u.spoken));
                // What was rewritten, so a listener can see why a word sounds the way it does
                // (and what to put in a lexicon).
                let changes = normalize::changes(&u.text, &u.spoken);
                if !changes.is_empty() {
                    let list: Vec<String> =
                        changes.iter().map(|(w, s)| format!("{w} → {s}")).collect();
                    let list = list.join("; ");
                    let _ = writeln!(out, "{:>width$}    [{}]", "", strip_controls(&list));
                }
            }
        }
    }
    out
}

#[derive(Serialize)]
struct JsonScript<'a> {
    title: Option<&'a str>,
    byline: Option<&'a str>,
    estimated_seconds: f64,
    sections: Vec<JsonSection<'a>>,
}

#[derive(Serialize)]
struct JsonSection<'a> {
    title: Option<&'a str>,
    estimated_seconds: f64,
    utterances: &'a [Utterance],
}

/// The JSON contract of DESIGN.md §2: `{title, sections: [{title, utterances: [{text, spoken}]}]}`
/// plus extra fields (byline, estimates, each utterance's kind and pause).
pub fn render_json(script: &Script) -> String {
    let sections: Vec<JsonSection> = script
        .sections
        .iter()
        .map(|s| JsonSection {
            title: s.title.as_deref(),
            estimated_seconds: (estimate_seconds(&s.utterances) * 10.0).round() / 10.0,
            utterances: &s.utterances,
        })
        .collect();
    let doc = JsonScript {
        title: script.title.as_deref(),
        byline: script.byline.as_deref(),
        estimated_seconds: (sections.iter().map(|s| s.estimated_seconds).sum::<f64>() * 10.0)
            .round()
            / 10.0,
        sections,
    };
    // Serializing plain strings and numbers cannot fail.
    serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::{Pause, ScriptSection, UtteranceKind};

    #[test]
    fn spoken_outline_lists_rewrites_under_a_changed_utterance() {
        let utterance = |text: &str, spoken: &str| Utterance {
            text: text.into(),
            spoken: spoken.into(),
            kind: UtteranceKind::Sentence,
            pause: Pause::Sentence,
        };
        let script = Script {
            title: Some("T".into()),
            byline: None,
            sections: vec![ScriptSection {
                title: None,
                utterances: vec![
                    utterance("Dr. Rao left.", "Doctor Rao left."),
                    utterance("Nothing changed.", "Nothing changed."),
                ],
            }],
        };
        let text = render_text(&script, true);
        assert!(
            text.contains("   Doctor Rao left.\n     [Dr. → Doctor]\n"),
            "{text}"
        );
        assert!(text.contains("   Nothing changed.\n"), "{text}");
        assert_eq!(text.matches('[').count(), 2, "{text}");
    }
}
