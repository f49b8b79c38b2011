//! Reading articles: the example article's outline, plain-text and Markdown structure, URLs
//! served by a local HTTP server and encodings through the library; standard input, warnings
//! and bad input through the real binary.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::Duration;

use serde_json::Value;

use crate::util::{assert_only_error_line, example_article, outline_json, stderr, stdout, Sandbox};

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// The outline of `arg` (a path or URL) as `aloud outline --json ARG` prints it, made by the
/// library.
fn outline(arg: &str) -> Value {
    outline_json(arg, false)
}

fn section_titles(v: &Value) -> Vec<Option<String>> {
    v["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .map(|s| s["title"].as_str().map(str::to_string))
        .collect()
}

fn section<'a>(v: &'a Value, title: &str) -> &'a Value {
    v["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .find(|s| s["title"] == title)
        .unwrap_or_else(|| panic!("no section {title:?}"))
}

fn utterances_of_kind<'a>(section: &'a Value, kind: &str) -> Vec<&'a str> {
    section["utterances"]
        .as_array()
        .expect("utterances")
        .iter()
        .filter(|u| u["kind"] == kind)
        .filter_map(|u| u["text"].as_str())
        .collect()
}

fn all_text(v: &Value) -> String {
    let mut s = v["title"].as_str().unwrap_or("").to_string();
    for sec in v["sections"].as_array().expect("sections") {
        for u in sec["utterances"].as_array().expect("utterances") {
            s.push('\n');
            s.push_str(u["text"].as_str().unwrap_or(""));
        }
    }
    s
}

#[test]
fn example_article_outline_has_the_title_lead_and_sections_a_reader_sees() {
    let v = outline(example_article().to_str().expect("utf-8 path"));
    assert_eq!(
        v["title"],
        "Iran US Negotiations: What to Expect from Upcoming Talks in Istanbul"
    );
    let want = [
        None,
        Some("Iran’s Engagement in Negotiations with the US"),
        Some("Impacts of Pezeshkian’s Statements on Regional Dynamics"),
        Some("Concerns Surrounding the Iran Nuclear Deal"),
        Some("Tensions Rise Amidst Military Threats from the US"),
        Some("Protests and Internal Dynamics within Iran"),
        Some("The Role of Friendly Governments in Mediating Talks"),
        Some("Historical Context of US-Iran Relations"),
        Some("The Potential Outcomes of US-Iran Talks"),
        Some("Frequently Asked Questions"),
        Some("Key Points Details"),
        Some("Summary"),
    ];
    let want: Vec<Option<String>> = want.iter().map(|t| t.map(str::to_string)).collect();
    assert_eq!(section_titles(&v), want);
}

#[test]
fn example_article_faq_questions_stay_inside_the_faq_section() {
    let v = outline(example_article().to_str().expect("utf-8 path"));
    let faq = section(&v, "Frequently Asked Questions");
    let questions = utterances_of_kind(faq, "question");
    assert_eq!(questions.len(), 5, "{questions:?}");
    assert!(questions[0].starts_with("What is the significance"));
    assert!(questions[4].starts_with("How is US foreign policy"));
}

#[test]
fn example_article_key_points_rows_are_one_utterance_each() {
    let v = outline(example_article().to_str().expect("utf-8 path"));
    let rows = utterances_of_kind(section(&v, "Key Points Details"), "table_row");
    assert_eq!(rows.len(), 6, "{rows:?}");
    assert!(rows[1].starts_with("Impending talks location and timing"));
    assert!(rows[1].ends_with("Istanbul on Friday."));
}

#[test]
fn example_article_boilerplate_is_gone() {
    let v = outline(example_article().to_str().expect("utf-8 path"));
    let text = all_text(&v).to_lowercase();
    for gone in ["listen to this article", "scroll to top", ".webp"] {
        assert!(!text.contains(gone), "{gone:?} was read");
    }
    // The lead is the two paragraphs between the title and the first heading.
    let lead = &v["sections"][0];
    assert!(lead["title"].is_null());
    let first = lead["utterances"]
        .as_array()
        .expect("utterances")
        .iter()
        .find(|u| u["kind"] != "title")
        .expect("lead text");
    assert!(first["text"]
        .as_str()
        .unwrap_or("")
        .starts_with("The recent Iran US negotiations"));
}

#[test]
fn hard_wrapped_text_keeps_caps_numbered_and_underlined_headings_and_the_byline() {
    let v = outline(&fixture("text-hard-wrapped-headings.txt"));
    assert_eq!(v["title"], "The Harbour Town Budget Vote");
    assert_eq!(v["byline"], "By Jane Doe");
    let titles = section_titles(&v);
    assert_eq!(
        titles,
        [
            None,
            Some("WHAT THE BUDGET CONTAINS".to_string()),
            Some("1. The ferry service".to_string()),
            Some("2. The north pier".to_string()),
            Some("What Comes Next".to_string()),
        ]
    );
    // The wrapped lines of the first paragraph are read as one sentence.
    let lead = all_text(&v);
    assert!(lead
        .contains("approve a budget that doubles spending on the ferry service, after a debate"));
    assert!(lead.contains("March 3, 2025"), "the dateline is kept");
    assert!(!lead.contains("Share on Facebook") && !lead.contains("All rights reserved"));
}

#[test]
fn short_rows_lists_and_faq_questions_in_text_are_kept_apart() {
    let v = outline(&fixture("text-rows-list-faq.txt"));
    assert_eq!(v["title"], "Community Garden Guide");
    assert_eq!(
        utterances_of_kind(section(&v, "Opening Hours"), "table_row"),
        [
            "Saturday 9 am to 1 pm",
            "Wednesday 5 pm to 7 pm",
            "Public holidays closed"
        ]
    );
    assert_eq!(
        utterances_of_kind(section(&v, "Bring With You"), "list_item").len(),
        3
    );
    let faq = section(&v, "Frequently Asked Questions");
    assert_eq!(
        utterances_of_kind(faq, "question"),
        [
            "Do I need any experience?",
            "Can children come along?",
            "Where do I leave my bike"
        ]
    );
    assert_eq!(
        section_titles(&v).last().cloned().flatten().as_deref(),
        Some("Contact")
    );
    assert!(!all_text(&v).contains(".jpg"));
}

#[test]
fn a_web_copy_of_another_article_gets_the_same_treatment_as_the_example() {
    let v = outline(&fixture("text-web-copy-faq-table.txt"));
    assert_eq!(
        v["title"],
        "Coastal Rail Upgrade: What Commuters Can Expect This Winter"
    );
    let titles: Vec<Option<String>> = section_titles(&v);
    let want = [
        None,
        Some("Why the Line Needs Work Now"),
        Some("How Will the Closures Affect Travel?"),
        Some("Frequently Asked Questions"),
        Some("Aspect Description"),
        Some("Conclusion"),
    ];
    let want: Vec<Option<String>> = want.iter().map(|t| t.map(str::to_string)).collect();
    assert_eq!(titles, want);
    assert_eq!(
        utterances_of_kind(section(&v, "Frequently Asked Questions"), "question"),
        [
            "When does the work start?",
            "Will season tickets be refunded?"
        ]
    );
    assert_eq!(
        utterances_of_kind(section(&v, "Aspect Description"), "table_row").len(),
        3
    );
    let text = all_text(&v);
    for gone in [".jpg", "Listen to this article", "Scroll to Top"] {
        assert!(!text.contains(gone), "{gone:?} was read");
    }
}

#[test]
fn markdown_headings_lists_tables_and_code_are_read_as_a_listener_needs() {
    let v = outline(&fixture("markdown-article.md"));
    assert_eq!(v["title"], "Night Trains Return to the Valley");
    assert_eq!(v["byline"], "By Sam Lee");
    assert_eq!(
        section_titles(&v),
        [
            None,
            Some("What changes for passengers".to_string()),
            Some("Timetable".to_string()),
            Some("For developers".to_string()),
        ]
    );
    assert_eq!(
        utterances_of_kind(section(&v, "Timetable"), "table_row"),
        [
            "Valley Junction, Departs: 21:40",
            "Capital Central, Arrives: 06:15"
        ]
    );
    let items = utterances_of_kind(section(&v, "What changes for passengers"), "list_item");
    assert_eq!(items.len(), 3);
    assert_eq!(
        items[1],
        "A quiet carriage with reclining seats that can be booked in advance"
    );
    let text = all_text(&v);
    assert!(
        text.contains("a night train will again link"),
        "link text is read"
    );
    assert!(text.contains("A code block is skipped."));
    for gone in [
        "station\":",
        "train.webp",
        "newsletter",
        "Share on Twitter",
        "layout",
    ] {
        assert!(!text.contains(gone), "{gone:?} was read");
    }
}

#[test]
fn standard_input_is_read_when_the_input_is_a_dash() {
    let sb = Sandbox::new();
    let mut child = sb
        .aloud()
        .args(["outline", "--json", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn aloud");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"# From a Pipe\n\nText that arrived on standard input.\n")
        .expect("write stdin");
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(v["title"], "From a Pipe");
}

#[test]
fn utf16_file_with_bom_is_decoded() {
    let sb = Sandbox::new();
    let mut bytes = vec![0xFF, 0xFE];
    for u in "Café Notes\n\nThe café opened in the spring.\n".encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    let p = sb.write("utf16.txt", bytes);
    let v = outline(p.to_str().expect("utf-8 path"));
    assert_eq!(v["title"], "Café Notes");
    assert!(all_text(&v).contains("The café opened in the spring."));
}

#[test]
fn invalid_utf8_is_replaced_with_a_warning_not_an_error() {
    let sb = Sandbox::new();
    let p = sb.write(
        "broken.txt",
        b"Broken Bytes\n\nThis line has a bad byte \xFF in the middle.\n".as_slice(),
    );
    let out = sb.run(&["outline", "--json", p.to_str().expect("utf-8 path")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("1 invalid UTF-8 byte sequence") && err.contains("replaced"),
        "{err}"
    );
    let v: Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert!(all_text(&v).contains("bad byte \u{FFFD} in the middle"));
}

#[test]
fn missing_file_is_one_clear_error_line() {
    let sb = Sandbox::new();
    let missing = sb.path().join("no-such-article.txt");
    let out = sb.run(&["outline", missing.to_str().expect("utf-8 path")]);
    assert_only_error_line(
        &out,
        &format!(
            "aloud: cannot read {}: No such file or directory (os error 2) — check the path",
            missing.display()
        ),
    );
}

#[test]
fn empty_and_whitespace_only_files_are_rejected() {
    let sb = Sandbox::new();
    for (name, content) in [("empty.txt", ""), ("blank.txt", " \n\t\n  \n")] {
        let p = sb.write(name, content);
        let out = sb.run(&["outline", p.to_str().expect("utf-8 path")]);
        assert_only_error_line(
            &out,
            &format!(
                "aloud: {} is empty: give an article with some text",
                p.display()
            ),
        );
    }
}

#[test]
fn a_file_of_nothing_but_page_furniture_is_empty() {
    let sb = Sandbox::new();
    let p = sb.write("chrome.txt", "Listen to this article\n\nScroll to Top\n");
    let out = sb.run(&["outline", p.to_str().expect("utf-8 path")]);
    assert_only_error_line(
        &out,
        &format!(
            "aloud: {} (after removing page furniture) is empty: give an article with some text",
            p.display()
        ),
    );
}

#[test]
fn binary_file_is_rejected() {
    let sb = Sandbox::new();
    let p = sb.write(
        "photo.txt",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0".as_slice(),
    );
    let out = sb.run(&["outline", p.to_str().expect("utf-8 path")]);
    assert_only_error_line(
        &out,
        &format!(
            "aloud: {} looks like a binary file: give a text, Markdown or HTML article",
            p.display()
        ),
    );
}

/// A tiny HTTP/1.1 server on 127.0.0.1 answering each request with `respond(path)`; it stops
/// when the test process ends.
fn serve(respond: fn(&str) -> Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let addr = listener.local_addr().expect("local addr");
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            std::thread::spawn(move || {
                let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
                let mut req = Vec::new();
                let mut buf = [0u8; 1024];
                while !req.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => req.extend_from_slice(&buf[..n]),
                    }
                }
                let head = String::from_utf8_lossy(&req);
                let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
                let _ = stream.write_all(&respond(&path));
            });
        }
    });
    format!("http://{addr}")
}

fn response(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut r = format!("HTTP/1.1 {status}\r\nConnection: close\r\n");
    for (k, v) in headers {
        r.push_str(&format!("{k}: {v}\r\n"));
    }
    r.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let mut r = r.into_bytes();
    r.extend_from_slice(body);
    r
}

fn routes(path: &str) -> Vec<u8> {
    match path {
        "/story" => {
            // Latin-1 bytes: the charset comes from the HTTP header only.
            let body = b"<html><head><title>Page</title></head><body><article>\
                <h1>Caf\xE9 Society</h1><p>The caf\xE9 on the corner has served the same \
                breakfast for forty years, and its regulars say they would not change a \
                thing about it.</p></article></body></html>"
                .to_vec();
            response(
                "200 OK",
                &[("Content-Type", "text/html; charset=iso-8859-1")],
                &body,
            )
        }
        "/notes" => response(
            "200 OK",
            &[("Content-Type", "text/plain; charset=windows-1252")],
            b"Price List\n\nA coffee costs \x802 and a tea costs \x801.\n",
        ),
        "/my%20notes.txt" => response(
            "200 OK",
            &[("Content-Type", "text/plain")],
            b"Spaced Out\n\nA page whose name has a space.\n",
        ),
        "/moved" => response("301 Moved Permanently", &[("Location", "/story")], b""),
        "/loop" => response("302 Found", &[("Location", "/loop")], b""),
        "/to-file" => response("302 Found", &[("Location", "file:///etc/passwd")], b""),
        "/big" => response(
            "200 OK",
            &[("Content-Type", "text/plain")],
            "A line of text that repeats.\n".repeat(200).as_bytes(),
        ),
        _ => response(
            "404 Not Found",
            &[("Content-Type", "text/plain")],
            b"nothing here",
        ),
    }
}

#[test]
fn url_with_html_and_an_http_charset_is_fetched_and_decoded() {
    let base = serve(routes);
    let v = outline(&format!("{base}/story"));
    assert_eq!(v["title"], "Café Society");
    assert!(all_text(&v).contains("The café on the corner"));
}

#[test]
fn url_with_plain_text_uses_the_declared_legacy_charset() {
    let base = serve(routes);
    let v = outline(&format!("{base}/notes"));
    assert_eq!(v["title"], "Price List");
    assert!(all_text(&v).contains("A coffee costs €2"));
}

#[test]
fn a_url_with_a_space_is_asked_for_as_a_browser_would() {
    let base = serve(routes);
    let v = outline(&format!("{base}/my notes.txt"));
    assert_eq!(v["title"], "Spaced Out");
    assert!(all_text(&v).contains("A page whose name has a space."));
}

#[test]
fn url_redirect_is_followed() {
    let base = serve(routes);
    let v = outline(&format!("{base}/moved"));
    assert_eq!(v["title"], "Café Society");
}

#[test]
fn url_not_found_is_one_error_line_with_the_status() {
    let base = serve(routes);
    let sb = Sandbox::new();
    let out = sb.run(&["outline", &format!("{base}/gone")]);
    assert_only_error_line(
        &out,
        &format!("aloud: cannot fetch {base}/gone: HTTP 404 Not Found — check the URL"),
    );
}

#[test]
fn a_redirect_to_a_file_url_is_refused_by_name_not_reported_as_not_found() {
    let base = serve(routes);
    let sb = Sandbox::new();
    let out = sb.run(&["outline", &format!("{base}/to-file")]);
    assert_only_error_line(
        &out,
        &format!(
            "aloud: cannot fetch {base}/to-file: the server redirected to file:///etc/passwd, \
             which is not an http(s) address — give an http or https URL"
        ),
    );
}

#[test]
fn url_redirect_loop_stops_at_the_limit() {
    let base = serve(routes);
    let sb = Sandbox::new();
    let out = sb.run(&["outline", &format!("{base}/loop")]);
    assert_only_error_line(
        &out,
        &format!(
            "aloud: cannot fetch {base}/loop: more than 5 redirects (a redirect loop?) — open \
             the URL in a browser to find the page's final address"
        ),
    );
}

#[test]
fn unreachable_url_is_one_error_line() {
    // Bind a port, then free it, so nothing listens there.
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let sb = Sandbox::new();
    let out = sb.run(&["outline", &format!("http://127.0.0.1:{port}/story")]);
    assert_only_error_line(
        &out,
        &format!(
            "aloud: cannot fetch http://127.0.0.1:{port}/story: connection refused — check the \
             URL and that the server is up"
        ),
    );
}

#[test]
fn url_body_over_the_size_limit_is_refused() {
    use aloud::article::{read_input, Input, ReadError, ReadOptions};
    let base = serve(routes);
    let opts = ReadOptions {
        max_bytes: 1000,
        ..ReadOptions::default()
    };
    let err = read_input(&Input::Url(format!("{base}/big")), &opts).expect_err("too large");
    assert!(
        matches!(err, ReadError::TooLarge { limit: 1000, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("larger than the limit"));
}

#[test]
fn silent_server_times_out() {
    use aloud::article::{read_input, Input, ReadError, ReadOptions};
    // Accepts connections but never answers.
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        let _held: Vec<_> = listener.incoming().take(1).collect();
        std::thread::sleep(Duration::from_secs(30));
    });
    let opts = ReadOptions {
        timeout: Duration::from_millis(500),
        ..ReadOptions::default()
    };
    let err = read_input(&Input::Url(format!("http://{addr}/slow")), &opts).expect_err("timeout");
    assert!(matches!(err, ReadError::Fetch { .. }), "{err}");
    assert!(err.to_string().contains("no complete answer"), "{err}");
}

#[test]
fn an_old_latin1_text_file_reads_its_accents_with_a_warning() {
    let sb = Sandbox::new();
    let p = sb.write(
        "old.txt",
        b"Caf\xE9 Notes\n\nThe caf\xE9 opened in the spring, na\xEFvely.\n".as_slice(),
    );
    let out = sb.run(&["outline", "--json", p.to_str().expect("utf-8 path")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("old.txt is not UTF-8; it was read as Windows-1252"),
        "{}",
        stderr(&out)
    );
    let v: Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(v["title"], "Café Notes");
    assert!(all_text(&v).contains("The café opened in the spring, naïvely."));
}
