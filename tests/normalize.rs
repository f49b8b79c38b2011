//! Spoken forms end to end: lexicon files as the binary sees them (`--lexicon FILE`, the default
//! `$XDG_CONFIG_HOME/aloud/lexicon.toml`) and their error messages, and the example article's
//! spoken forms through the segmenter.

use crate::util::{assert_error_line, assert_only_error_line, example_article, Sandbox};

#[test]
fn broken_lexicon_names_file_and_line_on_one_line() {
    let sb = Sandbox::new();
    let lex = sb.write(
        "names.toml",
        "Pezeshkian = \"Pe-zesh-key-on\"\nAraghchi = \n",
    );
    let out = sb.run(&[
        "outline",
        "--lexicon",
        lex.to_str().unwrap(),
        example_article().to_str().unwrap(),
    ]);
    assert_only_error_line(
        &out,
        &format!(
            "aloud: loading the lexicon: {}:2:12: string values must be quoted, expected literal \
             string (entries look like: word = \"replacement\")",
            lex.display()
        ),
    );
}

#[test]
fn missing_lexicon_file_says_which_path() {
    let sb = Sandbox::new();
    let missing = sb.path().join("nope.toml");
    let out = sb.run(&[
        "outline",
        "--lexicon",
        missing.to_str().unwrap(),
        example_article().to_str().unwrap(),
    ]);
    assert_error_line(
        &out,
        &format!(
            "aloud: loading the lexicon: cannot read lexicon {}: No such file or directory (os \
             error 2) (check the path given with --lexicon)",
            missing.display()
        ),
    );
}

#[test]
fn default_lexicon_in_config_dir_is_read() {
    let sb = Sandbox::new();
    std::fs::create_dir_all(sb.path().join("config/aloud")).unwrap();
    let default = sb.write("config/aloud/lexicon.toml", "[regex]\n\"(\" = \"x\"\n");
    let out = sb.run(&["outline", example_article().to_str().unwrap()]);
    assert_error_line(
        &out,
        &format!(
            "aloud: loading the default lexicon: {}:2: invalid regular expression \"(\": unclosed \
             group (write patterns in 'single quotes' so backslashes are kept)",
            default.display()
        ),
    );
}

#[test]
fn example_article_speaks_us_as_the_country_and_applies_the_lexicon() {
    use aloud::segment::{segment, Lexicon, SegmentOptions};
    let sb = Sandbox::new();
    let path = sb.write("names.toml", "Pezeshkian = \"Pe-zesh-key-on\"\n");
    let lexicon = Lexicon::load(&path).unwrap();
    let text = std::fs::read_to_string(example_article()).unwrap();
    let doc = aloud::article::text::parse(&text);
    let opts = SegmentOptions {
        lexicon,
        ..SegmentOptions::default()
    };
    let script = segment(&doc, &opts);
    let utterances: Vec<_> = script.sections.iter().flat_map(|s| &s.utterances).collect();
    let is_us = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric()) == "US";
    let mut country = 0;
    for u in &utterances {
        assert!(!u.spoken.trim().is_empty(), "{:?}", u.text);
        let shouted = u.text.chars().filter(|c| c.is_lowercase()).count() < 3;
        if !shouted {
            assert!(!u.spoken.split_whitespace().any(is_us), "{}", u.spoken);
        }
        assert!(!u.spoken.contains("Pezeshkian"), "{}", u.spoken);
        country += u.spoken.matches("U.S.").count();
    }
    assert!(country > 40, "U.S. said {country} times");
    assert!(utterances
        .iter()
        .any(|u| u.spoken.contains("Pe-zesh-key-on")));
}
