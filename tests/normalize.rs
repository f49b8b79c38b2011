//! Lexicon files as the binary sees them: `--lexicon FILE` and the default
//! `$XDG_CONFIG_HOME/aloud/lexicon.toml`, and their error messages.

use crate::util::{example_article, stderr, Sandbox};

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
    assert!(!out.status.success());
    let err = stderr(&out);
    let want = format!("{}:2:", lex.display());
    assert!(err.contains(&want), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
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
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("nope.toml"), "{err}");
    assert!(err.contains("cannot read lexicon"), "{err}");
}

#[test]
fn default_lexicon_in_config_dir_is_read() {
    let sb = Sandbox::new();
    std::fs::create_dir_all(sb.path().join("config/aloud")).unwrap();
    let default = sb.write("config/aloud/lexicon.toml", "[regex]\n\"(\" = \"x\"\n");
    let out = sb.run(&["outline", example_article().to_str().unwrap()]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains(&format!("{}:2:", default.display())), "{err}");
    assert!(err.contains("default lexicon"), "{err}");
}
