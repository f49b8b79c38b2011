//! Articles written the way small sites write them (issue 15): bold subheads, page furniture in
//! Markdown and plain text, footnotes and citation marks, and tricky sentence boundaries. Every
//! article here is made up for the test.

use serde_json::Value;

use crate::util::outline_json;

/// The outline (`aloud outline --json`'s value) of `contents` written to `name`, from the
/// library; `skip_footnotes` as `--skip footnotes`.
fn outline(name: &str, contents: &str, skip_footnotes: bool) -> Value {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, contents).expect("write the article");
    outline_json(path.to_str().expect("utf-8 path"), skip_footnotes)
}

/// The section headings, in order (the lead has none).
fn headings(v: &Value) -> Vec<String> {
    v["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .filter_map(|s| s["title"].as_str().map(str::to_string))
        .collect()
}

/// Every utterance's text, section by section.
fn utterances(v: &Value) -> Vec<String> {
    v["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .flat_map(|s| s["utterances"].as_array().expect("utterances").iter())
        .filter_map(|u| u["text"].as_str().map(str::to_string))
        .collect()
}

const SUBHEADS: [&str; 3] = [
    "What the council decided",
    "Reaction from the islands",
    "What comes next",
];

const SUBHEADS_HTML: &str = r#"<!doctype html><html><head><title>Harbour council sets new ferry rules</title></head>
<body><article><h1>Harbour council sets new ferry rules</h1>
<p>The harbour council met on Tuesday evening to settle a dispute that has run for most of the
year. Members of the public filled the gallery, and several of them spoke before the vote.</p>
<p><strong>What the council decided</strong></p>
<p>Ferries will run every half hour from May until the end of September. The council will pay
for two extra crews from its reserve fund, which it says is large enough for three summers.</p>
<p><b>Reaction from the islands</b></p>
<p>Islanders welcomed the change but asked for later evening sailings. <strong>Tom Ek,</strong>
who runs the island shop, said the last boat still leaves too early for people who work late.</p>
<p><strong>Note:</strong> the timetable may change in winter storms when crossings are unsafe.</p>
<p><strong>What comes next</strong></p>
<p>The new timetable is due to be published next month, after a final check by the coastguard
and a public meeting on each of the three islands the ferry serves.</p>
<p><strong>Share your views with the council</strong></p>
</article></body></html>"#;

const SUBHEADS_MD: &str = "# Harbour council sets new ferry rules

The harbour council met on Tuesday evening to settle a dispute that has run for most of the year.

**What the council decided**

Ferries will run every half hour from May until the end of September.

__Reaction from the islands__

Islanders welcomed the change. **Tom Ek,** who runs the island shop, said the last boat leaves
too early.

**Note:** the timetable may change in winter storms.

**What comes next**

The new timetable is due to be published next month.

**Share your views with the council**
";

const SUBHEADS_TXT: &str = "Harbour council sets new ferry rules

The harbour council met on Tuesday evening to settle a dispute that has run for most of the year.

**What the council decided**

Ferries will run every half hour from May until the end of September.

**Reaction from the islands**
Islanders welcomed the change. Tom Ek, who runs the island shop, said the last boat leaves too
early.

**What comes next**

The new timetable is due to be published next month.
";

#[test]
fn bold_only_paragraphs_are_subheads_in_html() {
    let v = outline("ferry.html", SUBHEADS_HTML, false);
    assert_eq!(headings(&v), SUBHEADS);
    // The bold line at the end has no body after it: it is read as text, not a heading.
    assert!(utterances(&v).contains(&"Share your views with the council".to_string()));
    // A bold lead-in inside a paragraph is part of it.
    assert!(utterances(&v)
        .iter()
        .any(|u| u.starts_with("Tom Ek, who runs the island shop")));
}

#[test]
fn bold_only_lines_are_subheads_in_markdown() {
    let v = outline("ferry.md", SUBHEADS_MD, false);
    assert_eq!(headings(&v), SUBHEADS);
    assert!(utterances(&v).contains(&"Share your views with the council".to_string()));
    assert!(utterances(&v)
        .iter()
        .any(|u| u.starts_with("Note: the timetable")));
}

#[test]
fn bold_only_lines_are_subheads_in_plain_text() {
    let v = outline("ferry.txt", SUBHEADS_TXT, false);
    assert_eq!(headings(&v), SUBHEADS);
    assert!(!utterances(&v).iter().any(|u| u.contains("**")));
}

const FURNITURE_MD: &str = "# Lighthouse keepers return to Gull Point

Share this: [Facebook](https://facebook.com/x) [Twitter](https://twitter.com/x) [Email](mailto:?x)

[Print](#) | [Email](#)

The old lighthouse at Gull Point will have keepers again from June, the coastal trust said.

Advertisement

Photo: Ana Lima/Coastal Trust

Sam Reed/Harbour Times

The trust's newsletter, which goes to more than four thousand members every month, first reported the plan in the spring.

[Ferry fares rise](/a) · [Bridge closed for repairs](/b) · Sign up for our newsletter

Sign up for our newsletter

We use cookies to improve your experience. By continuing to browse you agree to our cookie policy.

https://example.com/lighthouse-keepers

Share

- [Facebook](https://facebook.com/x)
- [WhatsApp](https://wa.me/x)

Two keepers will live on site through the winter months.
";

/// What the furniture article says once its furniture is gone.
const FURNITURE_BODY: [&str; 3] = [
    "The old lighthouse at Gull Point will have keepers again from June, the coastal trust said.",
    "The trust's newsletter, which goes to more than four thousand members every month, first reported the plan in the spring.",
    "Two keepers will live on site through the winter months.",
];

/// The Markdown article as plain text copied from a page: links as their text, no markup.
fn furniture_as_text() -> String {
    FURNITURE_MD
        .lines()
        .map(|l| {
            let l = l.strip_prefix("# ").unwrap_or(l);
            let l = l.strip_prefix("- ").unwrap_or(l);
            // [text](target) → text
            let mut out = String::new();
            let mut rest = l;
            while let Some(open) = rest.find('[') {
                let Some(close) = rest[open..].find("](") else {
                    break;
                };
                let Some(end) = rest[open + close..].find(')') else {
                    break;
                };
                out.push_str(&rest[..open]);
                out.push_str(&rest[open + 1..open + close]);
                rest = &rest[open + close + end + 1..];
            }
            out.push_str(rest);
            out + "\n"
        })
        .collect()
}

#[test]
fn page_furniture_is_not_read_in_markdown() {
    let v = outline("keepers.md", FURNITURE_MD, false);
    let said = utterances(&v);
    assert_eq!(said[0], "Lighthouse keepers return to Gull Point");
    assert_eq!(&said[1..], FURNITURE_BODY);
}

#[test]
fn page_furniture_is_not_read_in_plain_text() {
    let text = furniture_as_text();
    assert!(
        text.contains("Share this: Facebook Twitter Email\n"),
        "{text}"
    );
    let v = outline("keepers.txt", &text, false);
    let said = utterances(&v);
    assert_eq!(said[0], "Lighthouse keepers return to Gull Point");
    assert_eq!(&said[1..], FURNITURE_BODY);
}

const FOOTNOTES_MD: &str = "# The dam above Millbrook

The dam was finished in 1931 by a crew of two hundred men.[^crew] It still holds back the upper lake.

## Repairs

Engineers replaced the sluice gates in 1988.[^gates] The work took two summers.[citation needed]

## Today

The dam is now a listed structure and a walking route crosses its crest.

[^crew]: Most of them came from the valley's farms.
[^gates]: The old gates are on show in the town museum.
";

const FOOTNOTES_HTML: &str = r##"<html><head><title>The dam above Millbrook</title></head><body><article>
<h1>The dam above Millbrook</h1>
<p>The dam was finished in 1931 by a crew of two hundred men.<sup><a href="#fn1">1</a></sup> It
still holds back the upper lake, which supplies the town with water through the dry season.</p>
<h2>Repairs</h2>
<p>Engineers replaced the sluice gates in 1988.<sup>2</sup> The work took two
summers.<sup>[citation needed]</sup> The valley¹ was closed to walkers while it lasted, and the
path along the river was rebuilt.</p>
<section class="footnotes"><ol>
<li id="fn1">Most of them came from the valley's farms. <a href="#r1">↩︎</a></li>
<li id="fn2">The old gates are on show in the town museum. <a href="#r2">↩︎</a></li>
</ol></section>
</article></body></html>"##;

const FOOTNOTES_TXT: &str = "The dam above Millbrook

The dam was finished in 1931 by a crew of two hundred men.[1] It still holds back the upper lake.

Repairs

Engineers replaced the sluice gates in 1988.² The work took two summers.[citation needed]

[1] Most of them came from the valley's farms.
² The old gates are on show in the town museum.
";

const NOTE_CREW: &str = "Most of them came from the valley's farms.";
const NOTE_GATES: &str = "The old gates are on show in the town museum.";

/// The utterances of the section headed `heading` (`None`: the lead).
fn section_utterances(v: &Value, heading: Option<&str>) -> Vec<String> {
    v["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .find(|s| s["title"].as_str() == heading)
        .unwrap_or_else(|| panic!("no section {heading:?}"))["utterances"]
        .as_array()
        .expect("utterances")
        .iter()
        .filter_map(|u| u["text"].as_str().map(str::to_string))
        .collect()
}

fn assert_no_marks(said: &[String]) {
    for u in said {
        assert!(
            !u.contains('[') && !u.contains('↩') && !u.contains('¹') && !u.contains('²'),
            "a footnote mark is read: {u:?}"
        );
    }
}

#[test]
fn markdown_footnotes_are_read_at_the_end_of_the_section_that_cites_them() {
    let v = outline("dam.md", FOOTNOTES_MD, false);
    assert_no_marks(&utterances(&v));
    let lead = section_utterances(&v, None);
    assert_eq!(&lead[lead.len() - 2..], ["Notes.", NOTE_CREW]);
    let repairs = section_utterances(&v, Some("Repairs"));
    assert_eq!(&repairs[repairs.len() - 2..], ["Notes.", NOTE_GATES]);
    assert!(section_utterances(&v, Some("Today"))
        .iter()
        .all(|u| u != "Notes."));
}

#[test]
fn html_footnote_lists_are_read_after_notes_and_marks_are_not() {
    let v = outline("dam.html", FOOTNOTES_HTML, false);
    let said = utterances(&v);
    assert_no_marks(&said);
    assert!(said.contains(&"The work took two summers.".to_string()));
    assert!(said
        .iter()
        .any(|u| u.starts_with("The valley was closed to walkers")));
    // The linked note moves to the section that cites it; the unlinked one stays where it is.
    let lead = section_utterances(&v, None);
    assert_eq!(&lead[lead.len() - 2..], ["Notes.", NOTE_CREW]);
    let repairs = section_utterances(&v, Some("Repairs"));
    assert_eq!(&repairs[repairs.len() - 2..], ["Notes.", NOTE_GATES]);
}

#[test]
fn plain_text_footnotes_are_read_after_notes_and_marks_are_not() {
    let v = outline("dam.txt", FOOTNOTES_TXT, false);
    let said = utterances(&v);
    assert_no_marks(&said);
    assert_eq!(&said[said.len() - 3..], ["Notes.", NOTE_CREW, NOTE_GATES]);
}

#[test]
fn skip_footnotes_leaves_the_notes_out_in_every_format() {
    for (name, article) in [
        ("dam.md", FOOTNOTES_MD),
        ("dam.html", FOOTNOTES_HTML),
        ("dam.txt", FOOTNOTES_TXT),
    ] {
        let v = outline(name, article, true);
        let said = utterances(&v);
        assert_no_marks(&said);
        assert!(
            !said
                .iter()
                .any(|u| u == "Notes." || u == NOTE_CREW || u == NOTE_GATES),
            "{name}: {said:?}"
        );
        assert!(
            said.contains(&"The work took two summers.".to_string()),
            "{name}"
        );
    }
}

#[test]
fn the_skip_footnotes_flag_gives_the_outline_without_notes() {
    let sb = crate::util::Sandbox::new();
    let path = sb.write("dam.md", FOOTNOTES_MD);
    let path = path.to_str().expect("utf-8 path");
    let out = sb.run(&["outline", "--json", path, "--skip", "footnotes"]);
    assert!(out.status.success(), "{}", crate::util::stderr(&out));
    let printed: Value = serde_json::from_str(&crate::util::stdout(&out)).expect("JSON");
    assert_eq!(printed, outline_json(path, true));
    assert_ne!(printed, outline_json(path, false));
}

#[test]
fn a_markdown_footnote_cited_under_a_bold_subhead_is_read_in_that_section() {
    let md = "# Harbour council votes on the ferry\n\n\
              The council met on Tuesday night and voted to keep the ferry running.\n\n\
              **What comes next**\n\n\
              Fares stay at their present level for two more years.[^fares]\n\n\
              [^fares]: Fares were last raised three years ago.\n";
    let v = outline("ferry.md", md, false);
    let next = section_utterances(&v, Some("What comes next"));
    assert_eq!(
        &next[next.len() - 2..],
        ["Notes.", "Fares were last raised three years ago."]
    );
    assert!(section_utterances(&v, None).iter().all(|u| u != "Notes."));
}

#[test]
fn markdown_notes_written_as_plain_text_are_read_in_the_section_that_cites_them() {
    // `[1]: Text` is neither a Markdown footnote nor a link definition (the "link" has no
    // address): it was read as "[one]: … .: …" at the end of the last section.
    let md = "# The dam above Millbrook\n\n\
              The dam was finished in 1931 by a crew of two hundred men [1]. It still holds \
              back the upper lake.\n\n\
              ## Repairs\n\n\
              Engineers replaced the sluice gates in 1988 [2].\n\n\
              ## Today\n\n\
              The dam is now a listed structure.\n\n\
              [1]: Most of them came from the valley's farms.\n\
              [2]: The old gates are on show\n\
              in the town museum.\n";
    let v = outline("dam.md", md, false);
    assert_no_marks(&utterances(&v));
    let lead = section_utterances(&v, None);
    assert_eq!(&lead[lead.len() - 2..], ["Notes.", NOTE_CREW]);
    let repairs = section_utterances(&v, Some("Repairs"));
    assert_eq!(&repairs[repairs.len() - 2..], ["Notes.", NOTE_GATES]);
    assert_eq!(
        section_utterances(&v, Some("Today")),
        ["Today", "The dam is now a listed structure."]
    );
    let skipped = utterances(&outline("dam.md", md, true));
    assert!(!skipped.iter().any(|u| u == NOTE_CREW || u == NOTE_GATES));
}

#[test]
fn a_markdown_paragraph_that_only_starts_with_a_bracket_is_read_as_written() {
    let md = "# Notes from the valley\n\n\
              The crew worked through the winter.\n\n\
              [Update] The path reopened on Monday.\n";
    let said = utterances(&outline("valley.md", md, false));
    assert!(
        said.iter()
            .any(|u| u.contains("The path reopened on Monday")),
        "{said:?}"
    );
    assert!(!said.contains(&"Notes.".to_string()), "{said:?}");
}
