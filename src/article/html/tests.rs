//! Unit tests of the HTML reader on small pages written for each property.

use super::parse;
use crate::article::{BlockKind, Document};

/// Three paragraphs of article prose, long enough (> 500 characters) to be an article.
const PROSE: &str = "<p>The town library reopened on Saturday after a renovation that took two years, \
    cost more than expected and moved the children's room upstairs, next to the old reading hall.</p>\
    <p>Volunteers carried boxes of books across the square in the rain, and the head librarian said \
    the new shelves hold a third more volumes than the old ones, even with the wider aisles.</p>\
    <p>Visitors can now borrow tools, seeds and board games as well as books, a change the council \
    approved last spring after a survey of residents asked for it by a large margin.</p>";

fn page(head: &str, body: &str) -> String {
    format!("<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>")
}

fn all_text(doc: &Document) -> String {
    let mut out = Vec::new();
    for s in &doc.sections {
        if let Some(h) = &s.heading {
            out.push(h.clone());
        }
        for b in &s.blocks {
            out.push(b.text.clone());
        }
    }
    out.join("\n")
}

fn headings(doc: &Document) -> Vec<(String, u8)> {
    doc.sections
        .iter()
        .filter_map(|s| s.heading.clone().map(|h| (h, s.level)))
        .collect()
}

/// Fails, showing the text, unless every one of `parts` is in `text`.
fn assert_read(text: &str, parts: &[&str]) {
    for part in parts {
        assert!(text.contains(part), "{part:?} was not read:\n{text}");
    }
}

/// Fails, showing the text, if any of `parts` is in `text`.
fn assert_not_read(text: &str, parts: &[&str]) {
    for part in parts {
        assert!(!text.contains(part), "{part:?} was read:\n{text}");
    }
}

#[test]
fn navigation_header_footer_and_share_rows_are_not_read() {
    let body = format!(
        "<header><a href=\"/\">Daily Town</a><ul><li><a href=\"/news\">News</a></li></ul></header>\
         <nav><a href=\"/sport\">Sport</a> <a href=\"/weather\">Weather</a></nav>\
         <article><h1>Library reopens</h1>\
         <div class=\"share-tools\"><a href=\"#\">Facebook</a> <a href=\"#\">Twitter</a></div>\
         {PROSE}<p>Advertisement</p></article>\
         <aside><p>Most read: a story about something else entirely, and more of it.</p></aside>\
         <div class=\"cookie-banner\"><p>We use cookies to improve your experience, accept them.</p></div>\
         <footer><p>About us, contact, careers and the privacy policy of Daily Town.</p></footer>"
    );
    let doc = parse(&page("<title>Library reopens</title>", &body));
    let text = all_text(&doc);
    assert!(
        text.contains("The town library reopened on Saturday"),
        "{text}"
    );
    assert!(text.contains("a large margin."), "{text}");
    assert_not_read(
        &text,
        &[
            "Daily Town",
            "Sport",
            "Weather",
            "Facebook",
            "Most read",
            "cookies",
            "privacy",
            "Advertisement",
        ],
    );
}

#[test]
fn headings_start_sections_with_their_level() {
    let body = format!(
        "<article><h1>Library reopens</h1>{PROSE}<h2>The new rooms</h2>\
         <p>The reading hall keeps its old oak tables, now with lamps at every seat.</p>\
         <h3>Upstairs</h3><p>The children's room has a slide, which the staff call a fire escape.</p>\
         </article>"
    );
    let doc = parse(&page("", &body));
    assert_eq!(
        headings(&doc),
        vec![
            ("The new rooms".to_string(), 2),
            ("Upstairs".to_string(), 3)
        ]
    );
    assert_eq!(doc.sections[0].heading, None, "the lead comes first");
    assert_eq!(doc.sections[0].blocks.len(), 3);
    assert_eq!(
        doc.sections[1].blocks[0].text,
        "The reading hall keeps its old oak tables, now with lamps at every seat."
    );
}

#[test]
fn main_text_wins_over_a_longer_link_heavy_sidebar() {
    let links: String = (0..40)
        .map(|i| format!("<p><a href=\"/story/{i}\">Another story number {i} that you might enjoy, with a long headline</a></p>"))
        .collect();
    let body = format!("<div id=\"links\">{links}</div><div id=\"story\">{PROSE}</div>");
    let doc = parse(&page("", &body));
    let text = all_text(&doc);
    assert!(text.contains("The town library reopened"), "{text}");
    assert!(!text.contains("Another story number"), "{text}");
}

#[test]
fn title_is_the_article_h1_and_is_not_repeated_as_a_section() {
    let head = "<title>Something else | Daily Town</title>\
                <meta property=\"og:title\" content=\"Og title\">";
    let body = format!("<article><h1>Library reopens after two years</h1>{PROSE}</article>");
    let doc = parse(&page(head, &body));
    assert_eq!(
        doc.title.as_deref(),
        Some("Library reopens after two years")
    );
    assert!(headings(&doc).is_empty(), "{:?}", headings(&doc));
}

#[test]
fn site_logo_h1_is_not_the_title() {
    let head = "<title>Library reopens after two years · Daily Town</title>";
    let body = format!(
        "<div class=\"top\"><h1><a href=\"/\">Daily Town</a></h1></div>\
         <div class=\"post\"><h1>Library reopens after two years</h1>{PROSE}</div>"
    );
    let doc = parse(&page(head, &body));
    assert_eq!(
        doc.title.as_deref(),
        Some("Library reopens after two years")
    );
}

#[test]
fn title_falls_back_to_og_title_then_to_title_without_site_name() {
    let body = format!("<article>{PROSE}</article>");
    let og = parse(&page(
        "<title>Page - Daily Town</title><meta property=\"og:title\" content=\"Library reopens\">",
        &body,
    ));
    assert_eq!(og.title.as_deref(), Some("Library reopens"));
    for (title, want) in [
        (
            "Library reopens after two years - Daily Town",
            "Library reopens after two years",
        ),
        (
            "Library reopens after two years | Daily Town",
            "Library reopens after two years",
        ),
        (
            "Library reopens after two years — Daily Town",
            "Library reopens after two years",
        ),
        ("Library reopens", "Library reopens"),
    ] {
        let doc = parse(&page(&format!("<title>{title}</title>"), &body));
        assert_eq!(doc.title.as_deref(), Some(want), "from {title:?}");
    }
}

#[test]
fn byline_comes_from_meta_author_or_the_byline_element_which_is_not_read() {
    let body = format!("<article><p class=\"byline\">By Jane Doe</p>{PROSE}</article>");
    let from_element = parse(&page("", &body));
    assert_eq!(from_element.byline.as_deref(), Some("Jane Doe"));
    assert!(!all_text(&from_element).contains("Jane Doe"));

    let from_meta = parse(&page("<meta name=\"author\" content=\"Ann Roe\">", &body));
    assert_eq!(from_meta.byline.as_deref(), Some("Ann Roe"));

    let rel =
        format!("<article><span><a rel=\"author\" href=\"/a\">Sam Poe</a></span>{PROSE}</article>");
    assert_eq!(parse(&page("", &rel)).byline.as_deref(), Some("Sam Poe"));
}

#[test]
fn table_rows_are_read_one_row_at_a_time() {
    let body = format!(
        "<article>{PROSE}<table><thead><tr><th>Room</th><th>Floor</th><th>Seats</th></tr></thead>\
         <tbody><tr><td>Reading hall</td><td>Ground</td><td>80</td></tr>\
         <tr><td>Children's room</td><td>First</td><td>30</td></tr></tbody>\
         <tfoot><tr><th>Room</th><th>Floor</th><th>Seats</th></tr></tfoot></table>\
         <table><tr><th>Day</th><th>Hours</th></tr><tr><td>Monday</td><td>9 to 5</td></tr></table></article>"
    );
    let doc = parse(&page("", &body));
    let rows: Vec<&str> = doc.sections[0]
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::TableRow)
        .map(|b| b.text.as_str())
        .collect();
    assert_eq!(
        rows,
        vec![
            "Reading hall, Floor: Ground, Seats: 80",
            "Children's room, Floor: First, Seats: 30",
            "Day, Hours",
            "Monday, 9 to 5",
        ]
    );
}

#[test]
fn lists_quotes_and_code_blocks_get_their_kinds() {
    let body = format!(
        "<article>{PROSE}<ul><li>Tools</li><li>Seeds, in <em>spring</em></li></ul>\
         <blockquote><p>It is the best day of my year.</p></blockquote>\
         <pre><code>fn main() {{}}</code></pre><pre>make</pre><p>Run <code>make</code> to build.</p></article>"
    );
    let doc = parse(&page("", &body));
    let blocks: Vec<(BlockKind, &str)> = doc.sections[0]
        .blocks
        .iter()
        .skip(3)
        .map(|b| (b.kind, b.text.as_str()))
        .collect();
    assert_eq!(
        blocks,
        vec![
            (BlockKind::ListItem, "Tools"),
            (BlockKind::ListItem, "Seeds, in spring"),
            (BlockKind::Quote, "It is the best day of my year."),
            (BlockKind::Note, "A code block is skipped."),
            (BlockKind::Paragraph, "Run make to build."),
        ]
    );
}

#[test]
fn a_plain_text_post_in_pre_is_read_as_paragraphs_and_its_code_is_not() {
    // A mailing-list archive: the whole post is one `pre`, hard-wrapped, with a code example.
    let post = "<h1>Re: Moving the reading room upstairs</h1>\
        <pre>Hello all,\n\n\
        The council agreed on Tuesday that the children's room moves upstairs\n\
        next to the old reading hall. Work starts in the spring, and the hall\n\
        stays open while the builders are in.\n\n\
        To rebuild the catalogue after the move, run:\n\n\
            $ catalogue --rebuild --shelves=all > /var/log/cat.log\n\n\
        Volunteers who want to help carry the boxes should write to the desk\n\
        before the end of the month. We will need about twenty people on the\n\
        first Saturday, and fewer after that.\n\n\
        Thanks,\nAnn</pre>";
    let doc = parse(&page("", post));
    let text = all_text(&doc);
    assert_read(
        &text,
        &[
            "The council agreed on Tuesday that the children's room moves upstairs next to the \
             old reading hall.",
            "Volunteers who want to help carry the boxes should write to the desk before the \
             end of the month.",
        ],
    );
    assert_not_read(&text, &["catalogue --rebuild", "A code block is skipped."]);
}

#[test]
fn inline_elements_join_with_the_spacing_as_written() {
    let body = format!(
        "<article>{PROSE}<p>An <em>un</em>usual <a href=\"/x\">link</a>, a <span>span</span>\
         <br>and a line<strong>!</strong></p></article>"
    );
    let doc = parse(&page("", &body));
    let last = doc.sections[0].blocks.last().map(|b| b.text.as_str());
    assert_eq!(last, Some("An unusual link, a span and a line!"));
}

#[test]
fn figure_captions_and_pictures_are_not_read() {
    // A listener cannot see the picture: its caption, credit and file name are left out, in a
    // `figcaption`, in an element whose class says caption, or loose in the figure.
    let body = format!(
        "<article>{PROSE}<figure><img src=\"reading-hall.jpg\" alt=\"\">\
         <figcaption>The reading hall on opening day.<span class=\"credit\">Photo by Ed Lee</span>\
         </figcaption></figure><div class=\"image-caption\">Volunteers unpack the last crate of \
         atlases.</div><figure><img src=\"stairs.jpg\"><p>The new staircase to the children's \
         room.</p></figure><p>The mayor cut the ribbon at noon, to loud applause.</p></article>"
    );
    let doc = parse(&page("", &body));
    let text = all_text(&doc);
    assert_not_read(
        &text,
        &[
            "reading hall on opening",
            "Ed Lee",
            ".jpg",
            "atlases",
            "new staircase",
        ],
    );
    assert!(text.contains("The mayor cut the ribbon at noon"), "{text}");
    // A figure that holds a quote or a table is text, and is read.
    let body = format!(
        "<article>{PROSE}<figure><blockquote><p>Books are the quietest of friends.</p>\
         </blockquote><figcaption>A reader</figcaption></figure></article>"
    );
    assert!(all_text(&parse(&page("", &body))).contains("quietest of friends"));
}

#[test]
fn a_caption_the_page_marks_as_the_pictures_description_is_read_without_its_credit() {
    let body = format!(
        "<article>{PROSE}<figure><img src=\"dam.jpg\"><figcaption itemprop=\"caption description\">\
         <span>Engineers inspect the old dam after the spring floods.</span><span \
         itemprop=\"copyrightHolder\">Photo by Ed Lee</span></figcaption></figure>\
         <figure><img src=\"weir.jpg\"><figcaption>The weir at dusk.</figcaption></figure>\
         <p>The council will vote on the repairs next month.</p></article>"
    );
    let text = all_text(&parse(&page("", &body)));
    assert!(
        text.contains("Engineers inspect the old dam after the spring floods."),
        "{text}"
    );
    assert!(!text.contains("Ed Lee"), "{text}");
    assert!(!text.contains("weir at dusk"), "{text}");
    assert!(text.contains("vote on the repairs"), "{text}");
}

#[test]
fn dates_and_names_inside_sentences_and_tables_are_read() {
    let body = format!(
        "<article>{PROSE}<p>The fair runs from <time itemprop=\"startDate\">June 3</time> to June 9 \
         on the green, <span class=\"date\">weather permitting</span> and with music.</p>\
         <div class=\"authority-note\"><p>The harbour authority closed the pier for the evening.</p></div>\
         <table><tr><th>Event</th><th>Day</th></tr><tr><td>Book sale</td><td class=\"date\">Friday</td>\
         </tr></table><figure><blockquote><p>Books are the quietest of friends.</p></blockquote>\
         <figcaption>Charles W. Eliot, in a letter</figcaption></figure>\
         <div class=\"post-date\"><span class=\"date\">June 1, 2024</span></div></article>"
    );
    let text = all_text(&parse(&page("", &body)));
    assert_read(
        &text,
        &[
            "The fair runs from June 3 to June 9",
            "on the green, weather permitting and with music.",
            "The harbour authority closed the pier",
            "Friday",
            "Charles W. Eliot",
        ],
    );
    assert!(!text.contains("June 1, 2024"), "{text}");
}

#[test]
fn hundred_thousand_nested_divs_parse_without_overflow() {
    let depth = 100_000;
    let html = format!(
        "<html><body>{}<p>Deep inside the page there is a sentence worth reading aloud.</p>{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    let doc = parse(&html);
    assert!(all_text(&doc).contains("a sentence worth reading aloud"));
}

#[test]
fn hundred_thousand_unclosed_mixed_tags_parse_without_overflow() {
    let html = format!(
        "<body>{}Some text at the bottom of it all, still readable.",
        "<section><b><span><blockquote><ul><li><table><td>".repeat(100_000 / 8)
    );
    let doc = parse(&html);
    assert!(all_text(&doc).contains("still readable"));
}

#[test]
fn empty_and_textless_pages_give_an_empty_document() {
    assert!(parse("").is_empty());
    assert!(parse("<html><body><script>var a = 1;</script></body></html>").is_empty());
}

#[test]
fn an_h1_after_the_lead_is_a_section_not_the_title() {
    let body = format!("<article>{PROSE}<h1>Opening hours</h1><p>Daily from nine.</p></article>");
    let doc = parse(&page(
        "<title>Library reopens after two years</title>",
        &body,
    ));
    assert_eq!(
        doc.title.as_deref(),
        Some("Library reopens after two years")
    );
    assert_eq!(headings(&doc), vec![("Opening hours".to_string(), 1)]);
}

#[test]
fn a_chrome_sounding_class_on_html_or_body_does_not_hide_the_page() {
    let html = format!(
        "<html class=\"sidebar-visible\"><head></head><body class=\"has-menu\"><main>{PROSE}</main></body></html>"
    );
    assert!(all_text(&parse(&html)).contains("The town library reopened"));
}

#[test]
fn a_first_heading_that_is_the_title_part_of_title_is_the_title() {
    let body = format!(
        "<div class=\"menu-bar\"><h1>The Town Handbook</h1></div><main><h2>Opening hours</h2>{PROSE}</main>"
    );
    let doc = parse(&page(
        "<title>Opening hours - The Town Handbook</title>",
        &body,
    ));
    assert_eq!(doc.title.as_deref(), Some("Opening hours"));
    assert!(headings(&doc).is_empty(), "{:?}", headings(&doc));
}

#[test]
fn a_short_article_does_not_bring_the_menu_back() {
    let body = "<div class=\"menu-bar\"><h1>The Town Handbook</h1><p>Press a key to open the \
                menu of this handbook.</p></div><main><h1>Getting there</h1><p>Take the number \
                four bus from the station, and get off at the market square.</p></main>";
    let doc = parse(&page(
        "<title>Getting there - The Town Handbook</title>",
        body,
    ));
    assert_eq!(doc.title.as_deref(), Some("Getting there"));
    let text = all_text(&doc);
    assert!(text.contains("number four bus"), "{text}");
    assert!(!text.contains("Press a key"), "{text}");
}

#[test]
fn permalink_marks_and_edit_links_are_not_part_of_headings() {
    let body = format!(
        "<article>{PROSE}<h2>Opening hours<a class=\"headerlink\" href=\"#oh\">¶</a></h2><p>Daily.</p>\
         <h2 id=\"where\">Where to find us <a href=\"#where\">#</a></h2><p>On the square.</p>\
         <h2>History<span class=\"editsection\">[<a href=\"/e\">edit</a>]</span></h2><p>Old.</p></article>"
    );
    let doc = parse(&page("", &body));
    assert_eq!(
        headings(&doc),
        vec![
            ("Opening hours".to_string(), 2),
            ("Where to find us".to_string(), 2),
            ("History".to_string(), 2)
        ]
    );
}

#[test]
fn footnote_marks_are_skipped_but_exponents_stay() {
    let body = format!(
        "<article>{PROSE}<p>The hall is 300 m<sup>2</sup> in size.<sup><a href=\"#n1\">1</a></sup> \
         It was built in 1901.<sup>[2]</sup></p></article>"
    );
    let doc = parse(&page("", &body));
    let last = doc.sections[0].blocks.last().map(|b| b.text.as_str());
    assert_eq!(
        last,
        Some("The hall is 300 m² in size. It was built in 1901.")
    );
}

#[test]
fn exponents_become_superscripts_and_a_mark_after_a_word_does_not() {
    let body = format!(
        "<article>{PROSE}<p>A culture holds 10<sup>6</sup> cells, E = mc<sup>2</sup>, and          10<sup>-3</sup> of them die; the treaty<sup>3</sup> says so.</p></article>"
    );
    let doc = parse(&page("", &body));
    let last = doc.sections[0].blocks.last().map(|b| b.text.as_str());
    assert_eq!(
        last,
        Some("A culture holds 10⁶ cells, E = mc², and 10⁻³ of them die; the treaty3 says so.")
    );
}

#[test]
fn a_long_table_reads_its_header_once() {
    let rows: String = (1..=20)
        .map(|i| format!("<tr><td>Day {i}</td><td>{i} visitors</td><td>{i} loans</td></tr>"))
        .collect();
    let body = format!(
        "<article>{PROSE}<table><tr><th>Day</th><th>Visitors</th><th>Loans</th></tr>{rows}</table></article>"
    );
    let doc = parse(&page("", &body));
    let rows: Vec<&str> = doc.sections[0]
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::TableRow)
        .map(|b| b.text.as_str())
        .collect();
    assert_eq!(rows.len(), 21);
    assert_eq!(rows[0], "Day, Visitors, Loans");
    assert_eq!(rows[1], "Day 1, 1 visitors, 1 loans");
}

#[test]
fn an_article_header_keeps_its_standfirst_but_the_site_header_goes() {
    let body = format!(
        "<header><p>Daily Town, your local paper since 1890, with news and weather.</p></header>\
         <article><header><h2>Library reopens</h2><p>After two years of building work, the doors \
         are open again.</p></header>{PROSE}</article>"
    );
    let text = all_text(&parse(&page("", &body)));
    assert!(text.contains("the doors are open again"), "{text}");
    assert!(!text.contains("local paper"), "{text}");
}

#[test]
fn faq_terms_and_summaries_that_ask_are_questions() {
    let body = format!(
        "<article>{PROSE}<dl><dt>When does it open?</dt><dd>At nine.</dd><dt>Parking</dt><dd>Behind the hall.</dd></dl>\
         <details><summary>Can I bring a dog?</summary><p>Only guide dogs.</p></details></article>"
    );
    let doc = parse(&page("", &body));
    let blocks: Vec<(BlockKind, &str)> = doc.sections[0]
        .blocks
        .iter()
        .skip(3)
        .map(|b| (b.kind, b.text.as_str()))
        .collect();
    assert_eq!(
        blocks,
        vec![
            (BlockKind::Question, "When does it open?"),
            (BlockKind::ListItem, "At nine."),
            (BlockKind::ListItem, "Parking"),
            (BlockKind::ListItem, "Behind the hall."),
            (BlockKind::Question, "Can I bring a dog?"),
            (BlockKind::Paragraph, "Only guide dogs."),
        ]
    );
}

#[test]
fn subscriber_only_content_is_not_a_subscribe_prompt() {
    let body = format!(
        "<div><div class=\"subscriber-only\">{PROSE}<p>The mayor cut the ribbon at noon and the \
         crowd followed her inside.</p></div><div class=\"subscribe-box\"><p>Subscribe for more \
         stories like this.</p></div></div>"
    );
    let text = all_text(&parse(&page("", &body)));
    assert!(text.contains("The town library reopened"), "{text}");
    assert!(text.contains("cut the ribbon"), "{text}");
    assert!(!text.contains("Subscribe for more"), "{text}");
}

#[test]
fn a_table_layout_with_br_paragraphs_reads_the_text_cell_only() {
    let paragraph = "The mill stood by the river for three hundred years, grinding corn for the \
                     farms around it, until the flood of 1952 took the wheel away.";
    let text_cell: String = (0..5).map(|_| format!("{paragraph}<br><br>")).collect();
    let html = format!(
        "<html><head><title>The old mill</title></head><body><table><tr>\
         <td><a href=\"/\">Home</a><br><a href=\"/b\">Books</a><br><a href=\"/c\">Contact us</a></td>\
         <td><b>The old mill</b><br><br>{text_cell}</td></tr></table></body></html>"
    );
    let doc = parse(&html);
    assert_eq!(doc.title.as_deref(), Some("The old mill"));
    let blocks: Vec<&str> = doc.sections[0]
        .blocks
        .iter()
        .map(|b| b.text.as_str())
        .collect();
    assert_eq!(blocks.len(), 5, "{blocks:?}");
    assert!(blocks
        .iter()
        .all(|b| *b == paragraph.split_whitespace().collect::<Vec<_>>().join(" ")));
}

#[test]
fn soft_hyphens_and_ruby_readings_are_not_read() {
    let body = format!(
        "<article>{PROSE}<p>The re\u{00AD}opening of <ruby>図書館<rp>(</rp><rt>としょかん</rt><rp>)</rp></ruby> \
         drew a crowd.</p></article>"
    );
    let doc = parse(&page("", &body));
    let last = doc.sections[0].blocks.last().map(|b| b.text.as_str());
    assert_eq!(last, Some("The reopening of 図書館 drew a crowd."));
}

#[test]
fn chrome_headings_go_but_image_topics_stay() {
    let body = format!(
        "<article>{PROSE}<h2>Image processing at the library</h2><p>Scanners are free to use.</p>\
         <h2>Related articles</h2><p>The council meets on Tuesday about the budget.</p></article>"
    );
    let doc = parse(&page("", &body));
    assert_eq!(
        headings(&doc),
        vec![("Image processing at the library".to_string(), 2)]
    );
}

#[test]
fn credit_lines_under_pictures_are_not_read() {
    let body = format!(
        "<article>{PROSE}<figure><img src=\"a.jpg\"><figcaption>Ed Lee/Valley Press</figcaption></figure>\
         <p>Input/Output</p><p>Chang W. Lee/The Daily Paper</p></article>"
    );
    let text = all_text(&parse(&page("", &body)));
    assert!(
        !text.contains("Ed Lee") && !text.contains("Chang"),
        "{text}"
    );
    assert!(text.contains("Input/Output"), "{text}");
}

#[test]
fn a_heading_that_is_the_title_wins_over_a_banner_h1() {
    let body = format!(
        "<div><h1>The Valley Library Handbook</h1><h2>Opening hours and holidays</h2>{PROSE}</div>"
    );
    let doc = parse(&page("<title>Opening hours and holidays</title>", &body));
    assert_eq!(doc.title.as_deref(), Some("Opening hours and holidays"));
}

#[test]
fn datelines_and_bylines_are_not_read_as_article_text() {
    use super::{is_byline, is_dateline};
    for d in [
        "2018-08-16",
        "Nov 18, 2019 at 4:07 PM",
        "Published Nov 18, 2019 at 4:07 PM | Updated at 5:36 PM CST on Nov 18, 2019",
        "PUBLISHED: 10:48, Tue, Nov 19, 2019",
        "Tuesday, 3 March 2025",
    ] {
        assert!(is_dateline(d), "{d}");
    }
    for t in [
        "On Nov 18, 2019 the ferry sank.",
        "Published in 1931, the book sold well.",
        "The 2018-19 season",
    ] {
        assert!(!is_dateline(t), "{t}");
    }
    assert!(is_byline("By Scott Gordon"));
    assert!(!is_byline(
        "By the time the ferry arrived, the pier had gone."
    ));
}

#[test]
fn a_pull_quote_and_a_caption_that_repeat_the_body_are_read_once() {
    let body = format!(
        "<article>{PROSE}<blockquote class=\"pullquote\"><p>“The new shelves hold a third more \
         volumes than the old ones”</p></blockquote><figure><img src=\"hall.jpg\">\
         <figcaption>Visitors can now borrow tools, seeds and board games as well as books\
         </figcaption></figure><p>The opening party went on until late in the evening.</p></article>"
    );
    let doc = parse(&page("", &body));
    let text = all_text(&doc);
    assert_eq!(
        text.matches("hold a third more volumes").count(),
        1,
        "{text}"
    );
    assert_eq!(text.matches("seeds and board games").count(), 1, "{text}");
    assert!(text.contains("went on until late"), "{text}");
    // A quote that says something new is read.
    let body = format!(
        "<article>{PROSE}<blockquote><p>Books are the quietest of friends, and the most patient \
         ones too.</p></blockquote></article>"
    );
    assert!(all_text(&parse(&page("", &body))).contains("quietest of friends"));
}

#[test]
fn a_paragraph_that_only_links_to_another_story_is_not_read() {
    let body = format!(
        "<article>{PROSE}<p>READ MORE: <a href=\"/ferry\">Ferry service to the island resumes \
         after the storm</a></p><p>The <a href=\"/council\">council</a> approved the budget on \
         Tuesday evening.</p><p><a href=\"/hours\">Library hours extended into the summer</a></p>\
         <p><a href=\"https://example.org/library\">https://example.org/library</a></p>\
         <p>Two studies agree (<a href=\"/s1\">1</a>).</p></article>"
    );
    let text = all_text(&parse(&page("", &body)));
    assert!(!text.contains("Ferry service"), "{text}");
    assert!(!text.contains("Library hours extended"), "{text}");
    assert!(
        text.contains("The council approved the budget on Tuesday evening."),
        "{text}"
    );
    assert!(text.contains("https://example.org/library"), "{text}");
    assert!(text.contains("Two studies agree (1)."), "{text}");
}

#[test]
fn related_links_and_the_author_box_are_not_read() {
    let body = format!(
        "<article>{PROSE}<p><a href=\"/plumes\"><strong>Related: Plumes seen over the northern \
         lakes</strong></a></p><ul><li><a href=\"/a\">Lake levels fall for a third year</a></li>\
         <li><a href=\"/b\">How the river got its name</a></li></ul>\
         <p>The survey team returns in the spring.</p>\
         <ul><li>Bring a <a href=\"/map\">map</a> and warm clothes for the walk.</li>\
         <li>Leave dogs at home during the nesting season.</li></ul>\
         <div class=\"post-author-box\"><p>Dana Wells</p><p>Dana writes about lakes, rivers and the \
         people who look after them.</p></div></article>"
    );
    let text = all_text(&parse(&page("", &body)));
    assert_not_read(
        &text,
        &["Plumes seen", "Lake levels", "river got its name", "Dana"],
    );
    assert_read(
        &text,
        &["returns in the spring", "Bring a map", "Leave dogs at home"],
    );
}

#[test]
fn the_page_date_is_not_read_but_a_timeline_is() {
    let body = format!(
        "<article><div class=\"entry-meta\"><span class=\"posted-on\">Posted on \
         <time>3 March 2025, 9:14</time></span></div><span class=\"post-date\">03 Mar</span>{PROSE}\
         <div class=\"timeline\"><p>In 1990 the library moved into the old bank.</p></div>\
         <p>It opens at <time>9:00</time> on weekdays.</p></article>"
    );
    let text = all_text(&parse(&page("", &body)));
    assert_not_read(&text, &["Posted on", "3 March 2025", "03 Mar"]);
    assert!(text.contains("In 1990 the library moved"), "{text}");
    assert!(text.contains("It opens at 9:00 on weekdays."), "{text}");
}

#[test]
fn misnested_and_misplaced_markup_reads_in_the_order_a_browser_shows_it() {
    // The tree builder moves nodes here: formatting elements closed out of order (adoption
    // agency, which moves a paragraph's children into a new element), text and a paragraph
    // written inside a table but outside its cells (foster parenting, shown before the table),
    // and a second <body> tag whose class is added to the first.
    let body = format!(
        "<article>{PROSE}<p>Alpha <b>bravo <i>charlie</b> delta</i> echo.</p>\
         <b>Mike<p>november oscar</b> papa.</p>\
         <table>Foxtrot first.<p>Quebec too.</p><tr><td>Golf cell</td><td>Hotel cell</td></tr></table>\
         <p>India <a href=\"/x\">juliet<p>kilo</a> lima.</p></article>"
    );
    let html = format!(
        "<!DOCTYPE html><html><head><title>Library reopens</title></head>\
         <body>{body}<body class=\"page\"></body></html>"
    );
    let doc = parse(&html);
    let text = all_text(&doc);
    assert!(text.contains("Alpha bravo charlie delta echo."), "{text}");
    assert_eq!(text.matches("november oscar").count(), 1, "{text}");
    assert!(text.contains("november oscar papa."), "{text}");
    let foster = text.find("Foxtrot first.").expect("fostered text is read");
    let fostered_p = text
        .find("Quebec too.")
        .expect("a fostered paragraph is read");
    let cell = text.find("Golf cell").expect("table cells are read");
    assert!(foster < fostered_p && fostered_p < cell, "{text}");
    assert!(text.contains("India juliet"), "{text}");
    assert!(text.contains("kilo lima."), "{text}");
}

#[test]
fn template_contents_comments_and_scripts_are_not_read_but_metadata_is() {
    let head = "<title>Library reopens | Daily Town</title>\
        <meta property=\"og:title\" content=\"  Library   reopens after two years \">\
        <meta name=\"author\" content=\"Ada Byline\">\
        <meta name=\"author\" content=\"Second Author\">";
    let body = format!(
        "<article>{PROSE}<template><p>Template text that is never shown.</p>\
         <meta name=\"twitter:title\" content=\"Template title\"></template>\
         <!-- a comment that is never shown --><?pi never shown?>\
         <script>var shown = 'never';</script></article>"
    );
    let doc = parse(&page(head, &body));
    let text = all_text(&doc);
    assert_not_read(
        &text,
        &["Template text", "comment", "never shown", "var shown"],
    );
    assert_eq!(
        doc.title.as_deref(),
        Some("Library reopens after two years")
    );
    assert_eq!(doc.byline.as_deref(), Some("Ada Byline"));

    // A <meta> inside a template is not the page's.
    let head = "<title>Library reopens | Daily Town</title>";
    let doc = parse(&page(head, &body));
    assert_eq!(doc.title.as_deref(), Some("Library reopens | Daily Town"));
}

#[test]
fn a_repeated_body_tag_adds_only_the_attributes_the_first_lacks() {
    // The second tag's style and class are ignored where the first has them: the page stays.
    let html = format!(
        "<!DOCTYPE html><html><head><title>Library reopens</title></head>\
         <body style=\"margin:0\" class=\"\"><article>{PROSE}</article>\
         <body style=\"display:none\" class=\"sidebar\"></html>"
    );
    let text = all_text(&parse(&html));
    assert!(text.contains("a large margin."), "{text}");
    // An attribute the first tag lacks is added: this one hides the page, as in a browser.
    let html = html.replace("style=\"margin:0\" ", "");
    assert_eq!(all_text(&parse(&html)), "");
}

#[test]
fn attributes_are_read_in_any_case_and_a_hidden_element_is_not_read() {
    let body = format!(
        "<ARTICLE>{PROSE}<DIV STYLE=\"Display: None\"><p>Hidden by style, not read.</p></DIV>\
         <div aria-hidden=\"true\"><p>Hidden from screen readers, not read.</p></div>\
         <div hidden><p>Hidden outright, not read.</p></div>\
         <DIV CLASS=\"Share-Tools\"><A HREF=\"#\">Facebook</A> <A HREF=\"#\">Twitter</A></DIV></ARTICLE>"
    );
    let doc = parse(&page("<title>Library reopens</title>", &body));
    let text = all_text(&doc);
    assert!(text.contains("a large margin."), "{text}");
    assert_not_read(
        &text,
        &[
            "Hidden by style",
            "Hidden from screen",
            "Hidden outright",
            "Facebook",
        ],
    );
}

#[test]
fn the_marked_article_body_is_read_even_when_its_id_sounds_like_chrome() {
    // The body's id names the share buttons it holds; fifty long captions with commas, in a
    // gallery inside the body, outscore its three paragraphs.
    let slide = |k: usize| {
        format!(
            "<li><h2>{k}/50 Harbour scene {k}</h2><p>Boats number {k}, seen from the quay at \
             dawn, wait by the nets, while visitors gather. Later the crates are carried, counted, \
             sorted and sold, one by one. By noon the quay is quiet again, and boat {k} rests \
             until the tide turns.</p></li>"
        )
    };
    let slides: String = (1..=50).map(slide).collect();
    let body = format!(
        "<article><h1>Library reopens</h1>\
         <div class=\"text-wrapper\" id=\"share-buttons-parent\" itemprop=\"articleBody\">{PROSE}\
         <div class=\"full-gallery\"><div class=\"track\"><ul class=\"legends\">{slides}</ul></div></div>\
         <p>The library is open every day but Sunday, from nine in the morning until eight at night.</p>\
         </div></article>"
    );
    let text = all_text(&parse(&page("", &body)));
    assert_read(
        &text,
        &["The town library reopened", "open every day but Sunday"],
    );
    assert_not_read(&text, &["Harbour scene", "tide turns"]);
}

#[test]
fn all_of_the_marked_article_body_is_read_when_its_best_part_is_inside_it() {
    // The closing paragraph sits in a part of its own that scores too little to join the
    // best part; the page says both are the body.
    let body = format!(
        "<article><h1>Library reopens</h1><div itemprop=\"articleBody\">\
         <div class=\"part\">{PROSE}</div>\
         <div class=\"coda\"><p>Opening hours are posted at the door.</p></div>\
         </div></article>"
    );
    let text = all_text(&parse(&page("", &body)));
    assert_read(
        &text,
        &["The town library reopened", "Opening hours are posted"],
    );
}

#[test]
fn a_section_whose_id_is_its_headings_slug_is_read_whatever_words_the_id_holds() {
    // Documentation generators name each section after its heading; "sharing" in an id is
    // otherwise a share bar.
    let body = format!(
        "<div class=\"content\"><div class=\"section\" id=\"library-reopens\"><h1>Library reopens</h1>{PROSE}\
         <div class=\"section\" id=\"sharing-tools-with-neighbours\"><h2>Sharing tools with neighbours</h2>\
         <p>The tool shelf lends drills, ladders and saws for a week at a time, and a volunteer \
         checks each one when it comes back, so that the next borrower finds it sharp and safe.</p></div>\
         <div class=\"sharing-buttons\"><a href=\"#\">Share on the social network</a></div></div></div>"
    );
    let text = all_text(&parse(&page("", &body)));
    assert_read(
        &text,
        &[
            "Sharing tools with neighbours",
            "The tool shelf lends drills",
        ],
    );
    assert_not_read(&text, &["Share on the social network"]);
    // A related-stories box whose id is its heading's slug is still chrome.
    let body = format!(
        "<article><h1>Library reopens</h1>{PROSE}\
         <section id=\"related-stories\"><h2>Related stories</h2>\
         <p>The old mill reopens as a market hall after a long restoration, with stalls.</p>\
         <p>Council votes to extend the bus line to the harbour next spring, at last.</p>\
         </section></article>"
    );
    let text = all_text(&parse(&page("", &body)));
    assert_not_read(&text, &["old mill reopens", "Council votes"]);
}

#[test]
fn the_authors_biography_closing_the_page_is_not_read() {
    let body = format!(
        "<article><h1>Library reopens</h1>{PROSE}\
         <p>Ann Lee is a Denver-based correspondent for the Harbour Times. She previously covered \
         schools and libraries for the Valley Courier.</p></article>"
    );
    let text = all_text(&parse(&page("", &body)));
    assert_read(&text, &["Visitors can now borrow tools"]);
    assert_not_read(&text, &["Denver-based correspondent"]);
    // A person the story is about, and a biography in the middle, stay.
    let body = format!(
        "<article><h1>Library reopens</h1>{PROSE}\
         <p>Maria Gomez is a retired teacher who borrowed the first book on Saturday.</p></article>"
    );
    let text = all_text(&parse(&page("", &body)));
    assert_read(&text, &["Maria Gomez is a retired teacher"]);
}
