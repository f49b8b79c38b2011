//! Piper neural voices through the real binary: speech from the real `en_US-joe-medium` voice,
//! its phoneme ids, the bad-input messages, and `aloud voices install/remove` against a local
//! HTTP server (no test needs the internet).
//!
//! The real assets come from `scripts/fetch-test-assets.sh` (into `.piper/`). Without them the
//! tests that need them print a note and pass, except under CI (`CI` set), where they fail.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::util::{serve, stderr, stdout, Sandbox};

/// The real Piper assets in `.piper/`.
struct Assets {
    library: PathBuf,
    model: PathBuf,
    config: PathBuf,
}

fn assets() -> Option<Assets> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(".piper");
    let library = std::fs::read_dir(root.join("onnxruntime/capi"))
        .ok()
        .and_then(|d| {
            d.flatten()
                .map(|e| e.path())
                .find(|p| p.to_string_lossy().contains("libonnxruntime.so"))
        });
    let model = root.join("voices/en_US-joe-medium.onnx");
    let config = root.join("voices/en_US-joe-medium.onnx.json");
    match library {
        Some(library) if model.is_file() && config.is_file() => Some(Assets {
            library,
            model,
            config,
        }),
        _ if std::env::var_os("CI").is_some() => panic!(
            "the Piper assets are missing from {}: .ci/run must run scripts/fetch-test-assets.sh",
            root.display()
        ),
        _ => {
            eprintln!(
                "note: Piper assets missing from {}: run scripts/fetch-test-assets.sh; test skipped",
                root.display()
            );
            None
        }
    }
}

/// Writes a voice file `name.toml` in the sandbox's user voice folder.
fn voice_file(sb: &Sandbox, name: &str, model: &Path, config: &Path) {
    let dir = sb.path().join("data/aloud/voices");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join(format!("{name}.toml")),
        format!(
            "name = \"{name}\"\nlanguage = \"en-US\"\nengine = \"piper\"\n[piper]\nmodel = \"{}\"\nconfig = \"{}\"\n",
            model.display(),
            config.display()
        ),
    )
    .unwrap();
}

/// Runs aloud in the sandbox with the ONNX Runtime library of the assets.
fn run(sb: &Sandbox, a: &Assets, args: &[&str]) -> Output {
    sb.aloud()
        .env("ORT_DYLIB_PATH", &a.library)
        .args(args)
        .output()
        .unwrap()
}

fn read_wav(p: &Path) -> (u32, Vec<i16>) {
    let mut r = hound::WavReader::open(p).unwrap();
    let rate = r.spec().sample_rate;
    (rate, r.samples::<i16>().map(|s| s.unwrap()).collect())
}

/// Seconds between the first and last sample above a small threshold.
fn speech_seconds(samples: &[i16], rate: u32) -> f64 {
    let first = samples.iter().position(|s| s.unsigned_abs() > 300);
    let last = samples.iter().rposition(|s| s.unsigned_abs() > 300);
    match (first, last) {
        (Some(f), Some(l)) => (l - f) as f64 / rate as f64,
        _ => 0.0,
    }
}

fn one_line_error(out: &Output) -> String {
    assert!(!out.status.success(), "expected a failure");
    let err = stderr(out);
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "expected one line, got:\n{err}");
    lines[0].to_string()
}

const SENTENCE: &str = "The library opens at nine in the morning and closes late in the evening.";

#[test]
fn a_sentence_is_spoken_by_the_piper_voice_at_its_rate_and_a_plausible_length() {
    let Some(a) = assets() else { return };
    let sb = Sandbox::new();
    voice_file(&sb, "en_US-joe-medium", &a.model, &a.config);
    let wav = sb.path().join("s.wav");
    let out = run(
        &sb,
        &a,
        &[
            "say",
            "-v",
            "en_US-joe-medium",
            SENTENCE,
            "-o",
            wav.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let (rate, samples) = read_wav(&wav);
    assert_eq!(rate, 22_050, "the voice's own sample rate");
    let words = SENTENCE.split_whitespace().count() as f64;
    let per_second = words / speech_seconds(&samples, rate);
    assert!((1.8..=4.5).contains(&per_second), "{per_second} words/s");
    let peak = samples.iter().map(|s| s.unsigned_abs()).max().unwrap_or(0);
    assert!(
        peak > 20_000,
        "speech is normalized to near full scale, peak {peak}"
    );
}

#[test]
fn a_faster_rate_makes_piper_speech_shorter() {
    let Some(a) = assets() else { return };
    let sb = Sandbox::new();
    voice_file(&sb, "joe", &a.model, &a.config);
    let mut lengths = Vec::new();
    for rate in ["120", "240"] {
        let wav = sb.path().join(format!("r{rate}.wav"));
        let out = run(
            &sb,
            &a,
            &[
                "say",
                "-v",
                "joe",
                "--rate",
                rate,
                SENTENCE,
                "-o",
                wav.to_str().unwrap(),
            ],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        let (r, samples) = read_wav(&wav);
        lengths.push(speech_seconds(&samples, r));
    }
    // Twice the rate: about half the length (length_scale × 175 / rate).
    let ratio = lengths[1] / lengths[0];
    assert!((0.4..=0.65).contains(&ratio), "{lengths:?}");
}

/// The fast-loading copies of models in the sandbox's cache: (folder, weights file size).
fn fast_copies(sb: &Sandbox) -> Vec<(PathBuf, u64)> {
    let root = sb.path().join("cache/aloud/models");
    let Ok(dirs) = std::fs::read_dir(root) else {
        return Vec::new();
    };
    dirs.flatten()
        .map(|d| d.path())
        .filter(|d| d.is_dir())
        .map(|d| {
            let size = std::fs::metadata(d.join("model.onnx.data")).map_or(0, |m| m.len());
            (d, size)
        })
        .collect()
}

#[test]
fn a_piper_model_gets_a_fast_loading_copy_and_a_damaged_copy_is_made_again() {
    let Some(a) = assets() else { return };
    let sb = Sandbox::new();
    voice_file(&sb, "joe", &a.model, &a.config);
    let say = |name: &str| {
        let wav = sb.path().join(name);
        let out = run(
            &sb,
            &a,
            &["say", "-v", "joe", SENTENCE, "-o", wav.to_str().unwrap()],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        let (rate, samples) = read_wav(&wav);
        speech_seconds(&samples, rate)
    };
    let first = say("1.wav");
    let copies = fast_copies(&sb);
    assert_eq!(copies.len(), 1, "one copy for the one model: {copies:?}");
    let weights = std::fs::metadata(&a.model).unwrap().len();
    // The weights are nearly all of the model file.
    assert!(
        copies[0].1 > weights * 9 / 10,
        "{copies:?} for a {weights}-byte model"
    );
    let listed = run(&sb, &a, &["cache"]);
    assert!(
        stdout(&listed).contains("1 fast-loading Piper model copy,"),
        "{}",
        stdout(&listed)
    );
    // The second run loads the copy (it is not written again) and speaks at the same pace.
    let data = copies[0].0.join("model.onnx.data");
    let written = std::fs::metadata(&data).unwrap().modified().unwrap();
    let second = say("2.wav");
    assert!(
        (second / first - 1.0).abs() < 0.15,
        "{first} s then {second} s"
    );
    assert_eq!(
        std::fs::metadata(&data).unwrap().modified().unwrap(),
        written,
        "the copy was made again instead of used"
    );
    // A damaged copy (cut short by a full disk, say) is replaced, and speech still comes.
    std::fs::write(copies[0].0.join("model.onnx.data"), b"cut short").unwrap();
    let third = say("3.wav");
    assert!(
        (third / first - 1.0).abs() < 0.15,
        "{first} s then {third} s"
    );
    assert_eq!(fast_copies(&sb)[0].1, copies[0].1, "the copy is made again");
    let cleared = run(&sb, &a, &["cache", "clear"]);
    assert!(cleared.status.success(), "{}", stderr(&cleared));
    assert!(fast_copies(&sb).is_empty());
}

#[test]
fn phoneme_ids_for_a_fixed_sentence_follow_the_voice_map() {
    use aloud::synth::espeak::phonemize;
    use aloud::synth::piper::config::join_clauses;
    use aloud::synth::piper::PiperConfig;
    let Some(a) = assets() else { return };
    let config = PiperConfig::load(&a.config).unwrap();
    let phonemes = join_clauses(&phonemize("en-us", "Hi, Bob.").unwrap());
    assert_eq!(phonemes, "hˈaɪ, bˈɑːb.");
    let (ids, unknown) = config.phoneme_ids(&phonemes);
    assert!(unknown.is_empty());
    // By hand from en_US-joe-medium.onnx.json: ^ 1, _ 0, h 20, ˈ 120, a 14, ɪ 74, "," 8,
    // " " 3, b 15, ɑ 51, ː 122, "." 10, $ 2; every phoneme followed by _.
    let expected = [
        1, 0, 20, 0, 120, 0, 14, 0, 74, 0, 8, 0, 3, 0, 15, 0, 120, 0, 51, 0, 122, 0, 15, 0, 10, 0,
        2,
    ];
    assert_eq!(ids, expected);
}

#[test]
fn export_with_the_piper_voice_writes_every_paragraph() {
    let Some(a) = assets() else { return };
    let sb = Sandbox::new();
    voice_file(&sb, "en_US-joe-medium", &a.model, &a.config);
    let wav = sb.path().join("two.wav");
    let text = "First paragraph, short.\n\nThe second paragraph says a little more than the first.";
    let out = run(
        &sb,
        &a,
        &[
            "say",
            "-v",
            "en_US-joe-medium",
            text,
            "-o",
            wav.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let (rate, samples) = read_wav(&wav);
    // Two stretches of speech with the paragraph pause (silence) between them.
    let window = rate as usize / 10;
    let loud: Vec<bool> = samples
        .chunks(window)
        .map(|c| c.iter().any(|s| s.unsigned_abs() > 300))
        .collect();
    let runs = loud.windows(2).filter(|w| !w[0] && w[1]).count() + usize::from(loud[0]);
    assert!(runs >= 2, "{runs} stretches of speech");
    let words = text.split_whitespace().count() as f64;
    assert!(speech_seconds(&samples, rate) > words / 5.0);
}

/// A three-section article of my own.
const ORCHARD: &str = "Orchard Days

The orchard opened in May. Children came to pick apples.

Pears

The pears were ripe by August. They tasted of honey.

Closing

The gate shut at dusk.
";

#[test]
fn export_of_an_article_with_the_piper_voice_speaks_every_section_in_two_sessions() {
    let Some(a) = assets() else { return };
    let sb = Sandbox::new();
    voice_file(&sb, "en_US-joe-medium", &a.model, &a.config);
    let article = sb.write("orchard.txt", ORCHARD);
    let wav = sb.path().join("orchard.wav");
    let out = run(
        &sb,
        &a,
        &[
            "export",
            article.to_str().unwrap(),
            "-o",
            wav.to_str().unwrap(),
            "--voice",
            "en_US-joe-medium",
            "--jobs",
            "2",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("3 sections"), "{}", stderr(&out));
    let (rate, samples) = read_wav(&wav);
    assert_eq!(rate, 22_050);
    let words = ORCHARD.split_whitespace().count() as f64;
    let secs = speech_seconds(&samples, rate);
    assert!(
        secs > words / 4.0 && secs < words,
        "{secs} s for {words} words"
    );
    // One chapter per section, titled with the headings (the lead takes the article title).
    let chapters = aloud::export::read_chapters(&wav).expect("chapters read back");
    let titles: Vec<&str> = chapters.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(titles, ["Orchard Days", "Pears", "Closing"]);
    assert!(chapters.windows(2).all(|w| w[0].start_ms < w[1].start_ms));
}

#[test]
fn listening_with_the_piper_voice_reaches_every_heading() {
    let Some(a) = assets() else { return };
    let sb = Sandbox::new();
    voice_file(&sb, "en_US-joe-medium", &a.model, &a.config);
    let article = sb.write("orchard.txt", ORCHARD);
    let out = run(
        &sb,
        &a,
        &[
            "listen",
            article.to_str().unwrap(),
            "--voice",
            "en_US-joe-medium",
            "--output",
            "null",
            "--no-pace",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "§1/3 Orchard Days\n§2/3 Pears\n§3/3 Closing\n"
    );
}

#[test]
fn a_missing_model_file_is_one_line_naming_it() {
    let Some(a) = assets() else { return };
    let sb = Sandbox::new();
    let gone = sb.path().join("gone.onnx");
    voice_file(&sb, "gone", &gone, &a.config);
    let line = one_line_error(&run(
        &sb,
        &a,
        &["say", "-v", "gone", "Hello.", "-o", "x.wav"],
    ));
    assert!(
        line.contains("gone.onnx") && line.contains("re-install"),
        "{line}"
    );
}

#[test]
fn a_corrupt_model_file_is_one_line_saying_to_reinstall() {
    let Some(a) = assets() else { return };
    let sb = Sandbox::new();
    let bad = sb.write("bad.onnx", b"this is not an onnx model at all".repeat(100));
    voice_file(&sb, "bad", &bad, &a.config);
    let line = one_line_error(&run(
        &sb,
        &a,
        &["say", "-v", "bad", "Hello.", "-o", "x.wav"],
    ));
    assert!(
        line.contains("bad.onnx") && line.contains("re-install"),
        "{line}"
    );
}

#[test]
fn a_json_that_does_not_match_the_model_is_one_line() {
    let Some(a) = assets() else { return };
    let sb = Sandbox::new();
    // The map of a bigger model: schwa has an id beyond this model's 256 symbols.
    let mut value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&a.config).unwrap()).unwrap();
    value["phoneme_id_map"]["ə"] = serde_json::json!([999]);
    value.as_object_mut().unwrap().remove("num_symbols");
    let cfg = sb.write("other.onnx.json", value.to_string());
    voice_file(&sb, "mixed", &a.model, &cfg);
    let line = one_line_error(&run(
        &sb,
        &a,
        &["say", "-v", "mixed", "The end of the day.", "-o", "x.wav"],
    ));
    assert!(line.contains("does not match"), "{line}");
}

#[test]
fn a_phoneme_missing_from_the_map_is_skipped_with_a_warning() {
    let Some(a) = assets() else { return };
    let sb = Sandbox::new();
    let json = std::fs::read_to_string(&a.config).unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
    value["phoneme_id_map"]
        .as_object_mut()
        .unwrap()
        .remove("ð")
        .unwrap();
    let cfg = sb.write("no-eth.onnx.json", value.to_string());
    voice_file(&sb, "noeth", &a.model, &cfg);
    let wav = sb.path().join("t.wav");
    let out = run(
        &sb,
        &a,
        &[
            "say",
            "-v",
            "noeth",
            "This is the thing.",
            "-o",
            wav.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.matches("no phoneme 'ð'").count(), 1, "{err}");
    let (rate, samples) = read_wav(&wav);
    assert!(speech_seconds(&samples, rate) > 0.4);
}

#[test]
fn a_missing_runtime_library_is_one_line_saying_how_to_get_it() {
    let Some(a) = assets() else { return };
    let sb = Sandbox::new();
    voice_file(&sb, "joe", &a.model, &a.config);
    let out = sb
        .aloud()
        .env(
            "ORT_DYLIB_PATH",
            sb.path().join("nowhere/libonnxruntime.so.1"),
        )
        .args(["say", "-v", "joe", "Hello.", "-o", "x.wav"])
        .output()
        .unwrap();
    let line = one_line_error(&out);
    assert!(
        line.contains("aloud voices install onnxruntime") && line.contains("ORT_DYLIB_PATH"),
        "{line}"
    );
    // The listing says the same instead of failing.
    let list = sb
        .aloud()
        .env(
            "ORT_DYLIB_PATH",
            sb.path().join("nowhere/libonnxruntime.so.1"),
        )
        .arg("voices")
        .output()
        .unwrap();
    assert!(list.status.success());
    let row = stdout(&list)
        .lines()
        .find(|l| l.starts_with("joe "))
        .map(str::to_string)
        .unwrap_or_default();
    assert!(row.contains("no: ") && row.contains("onnxruntime"), "{row}");
}

#[test]
fn install_from_a_local_model_names_the_voice_after_the_file_and_it_speaks() {
    let Some(a) = assets() else { return };
    let sb = Sandbox::new();
    let out = run(
        &sb,
        &a,
        &["voices", "install", "--from", a.model.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let dir = sb.path().join("data/aloud/voices");
    for f in [
        "en_US-joe-medium.toml",
        "en_US-joe-medium.onnx",
        "en_US-joe-medium.onnx.json",
    ] {
        assert!(dir.join(f).is_file(), "{f} missing");
    }
    // Installing loaded the model once, which left its fast-loading copy.
    assert_eq!(fast_copies(&sb).len(), 1, "{}", stderr(&out));
    let list = run(&sb, &a, &["voices"]);
    let row = stdout(&list)
        .lines()
        .find(|l| l.starts_with("en_US-joe-medium "))
        .map(str::to_string)
        .unwrap_or_default();
    assert!(row.contains("piper") && row.contains("yes"), "{row}");
    let wav = sb.path().join("i.wav");
    let out = run(
        &sb,
        &a,
        &[
            "say",
            "-v",
            "en_US-joe-medium",
            "Installed.",
            "-o",
            wav.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
}

// ---- install and remove against a local HTTP server (no real model needed) ----

/// A tiny Piper configuration that `voices install` accepts.
const TINY_CONFIG: &str = r#"{"audio": {"sample_rate": 16000}, "espeak": {"voice": "en-us"},
 "language": {"code": "en_GB"}, "num_speakers": 1,
 "phoneme_id_map": {"_": [0], "^": [1], "$": [2], "a": [3]}}"#;
const TINY_MODEL: &[u8] = b"not really a model, but install does not load it";

fn md5_hex(data: &[u8]) -> String {
    use md5::{Digest, Md5};
    format!("{:x}", Md5::digest(data))
}

/// A voice collection with one voice, `en_GB-tiny-low`; `md5_model` replaces the model's
/// checksum in the catalog.
fn collection(md5_model: Option<&str>) -> String {
    let dir = "en/en_GB/tiny/low";
    let catalog = serde_json::json!({
        "en_GB-tiny-low": {
            "key": "en_GB-tiny-low", "name": "tiny", "quality": "low",
            "language": {"code": "en_GB", "name_english": "English", "country_english": "Great Britain"},
            "num_speakers": 1,
            "files": {
                format!("{dir}/en_GB-tiny-low.onnx"): {
                    "size_bytes": TINY_MODEL.len(),
                    "md5_digest": md5_model.map_or_else(|| md5_hex(TINY_MODEL), str::to_string)},
                format!("{dir}/en_GB-tiny-low.onnx.json"): {
                    "size_bytes": TINY_CONFIG.len(), "md5_digest": md5_hex(TINY_CONFIG.as_bytes())},
                format!("{dir}/MODEL_CARD"): {"size_bytes": 9, "md5_digest": md5_hex(b"tiny card")}
            }
        },
        "en_GB-other-medium": {"files": {}}
    });
    let mut files = HashMap::new();
    files.insert(
        "/v1/voices.json".to_string(),
        catalog.to_string().into_bytes(),
    );
    files.insert(
        format!("/v1/{dir}/en_GB-tiny-low.onnx"),
        TINY_MODEL.to_vec(),
    );
    files.insert(
        format!("/v1/{dir}/en_GB-tiny-low.onnx.json"),
        TINY_CONFIG.as_bytes().to_vec(),
    );
    files.insert(format!("/v1/{dir}/MODEL_CARD"), b"tiny card".to_vec());
    // For --from URL.
    files.insert("/loose/en_GB-loose-x.onnx".to_string(), TINY_MODEL.to_vec());
    files.insert(
        "/loose/en_GB-loose-x.onnx.json".to_string(),
        TINY_CONFIG.as_bytes().to_vec(),
    );
    format!("{}/v1", serve(files))
}

fn install(sb: &Sandbox, base: &str, args: &[&str]) -> Output {
    sb.aloud()
        .env("ALOUD_PIPER_VOICES_URL", base)
        .args(["voices", "install"])
        .args(args)
        .output()
        .unwrap()
}

fn voice_dir_files(sb: &Sandbox) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(sb.path().join("data/aloud/voices"))
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn install_by_name_downloads_checks_and_lists_the_voice() {
    let sb = Sandbox::new();
    let base = collection(None);
    let out = install(&sb, &base, &["en_GB-tiny-low"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        voice_dir_files(&sb),
        [
            "en_GB-tiny-low.MODEL_CARD",
            "en_GB-tiny-low.onnx",
            "en_GB-tiny-low.onnx.json",
            "en_GB-tiny-low.toml"
        ]
    );
    let model = std::fs::read(sb.path().join("data/aloud/voices/en_GB-tiny-low.onnx")).unwrap();
    assert_eq!(model, TINY_MODEL);
    let list = sb.run(&["voices"]);
    let row = stdout(&list)
        .lines()
        .find(|l| l.starts_with("en_GB-tiny-low "))
        .map(str::to_string)
        .unwrap_or_default();
    assert!(
        row.contains("piper") && row.contains("en-GB") && row.contains("tiny (low)"),
        "{row}"
    );
}

#[test]
fn install_with_a_wrong_checksum_fails_and_leaves_no_files() {
    let sb = Sandbox::new();
    let base = collection(Some("0123456789abcdef0123456789abcdef"));
    let out = install(&sb, &base, &["en_GB-tiny-low"]);
    let line = one_line_error(&out);
    assert!(
        line.contains("MD5") && line.contains("nothing was installed"),
        "{line}"
    );
    assert!(
        voice_dir_files(&sb).is_empty(),
        "{:?}",
        voice_dir_files(&sb)
    );
}

#[test]
fn install_of_an_unknown_name_suggests_names_of_the_same_language() {
    let sb = Sandbox::new();
    let base = collection(None);
    let line = one_line_error(&install(&sb, &base, &["en_GB-nobody-high"]));
    assert!(
        line.contains("en_GB-tiny-low") && line.contains("en_GB-other-medium"),
        "{line}"
    );
}

#[test]
fn install_from_a_url_fetches_the_model_and_its_json() {
    let sb = Sandbox::new();
    let base = collection(None);
    let url = format!("{}/loose/en_GB-loose-x.onnx", base.trim_end_matches("/v1"));
    let out = install(&sb, &base, &["--from", &url]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        voice_dir_files(&sb),
        [
            "en_GB-loose-x.onnx",
            "en_GB-loose-x.onnx.json",
            "en_GB-loose-x.toml"
        ]
    );
    let missing = format!("{}/loose/en_GB-absent-x.onnx", base.trim_end_matches("/v1"));
    let line = one_line_error(&install(&sb, &base, &["--from", &missing]));
    assert!(line.contains("404"), "{line}");
}

#[test]
fn install_from_a_file_that_is_not_a_piper_voice_says_so() {
    let sb = Sandbox::new();
    let model = sb.write("weird.onnx", TINY_MODEL);
    sb.write("weird.onnx.json", "{\"not\": \"piper\"}");
    let line = one_line_error(&sb.run(&["voices", "install", "--from", model.to_str().unwrap()]));
    assert!(line.contains("not a Piper voice"), "{line}");
    assert!(
        voice_dir_files(&sb).is_empty(),
        "{:?}",
        voice_dir_files(&sb)
    );
}

#[test]
fn remove_deletes_the_voice_and_its_files_but_not_built_in_voices() {
    let sb = Sandbox::new();
    let base = collection(None);
    assert!(install(&sb, &base, &["en_GB-tiny-low"]).status.success());
    let out = sb.run(&["voices", "remove", "en_GB-tiny-low"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        voice_dir_files(&sb).is_empty(),
        "{:?}",
        voice_dir_files(&sb)
    );
    assert!(!stdout(&sb.run(&["voices"])).contains("en_GB-tiny-low"));
    let line = one_line_error(&sb.run(&["voices", "remove", "en-us"]));
    assert!(line.contains("built into aloud"), "{line}");
    let line = one_line_error(&sb.run(&["voices", "remove", "en_GB-tiny-low"]));
    assert!(line.contains("no installed voice"), "{line}");
}
