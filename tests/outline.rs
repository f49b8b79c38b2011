//! `aloud outline`: the example article's structure and the JSON contract.

use crate::util::{example_article, stdout, Sandbox};

#[test]
fn outline_json_of_example_has_title_and_sections() {
    let sb = Sandbox::new();
    let out = sb.run(&["outline", "--json", example_article().to_str().unwrap()]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        v["title"],
        "Iran US Negotiations: What to Expect from Upcoming Talks in Istanbul"
    );
    assert!(v["sections"].as_array().unwrap().len() > 5);
}
