//! Kokoro voices: tokens against the reference implementation, speech from the real model in
//! `.kokoro/`, listening and export, `aloud voices install kokoro` against a local HTTP server
//! (on a home with no ONNX Runtime), the bad-input messages, the config file's voice, and the
//! tip about natural voices.
//!
//! The real assets come from `scripts/fetch-test-assets.sh` (`.kokoro/` and `.piper/`). Without
//! them the tests that need them print a note and pass, except under CI (`CI` set), where they
//! fail.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use aloud::synth::kokoro::phonemes;

use crate::util::{serve, serve_cut, stderr, stdout, Sandbox};

/// The real assets: Kokoro's model and voices, ONNX Runtime, and a runtime too old for aloud.
struct Assets {
    model: PathBuf,
    voices: PathBuf,
    vocab: PathBuf,
    library: PathBuf,
    old_library: PathBuf,
}

fn assets() -> Option<Assets> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let library = std::fs::read_dir(root.join(".piper/onnxruntime/capi"))
        .ok()
        .and_then(|d| {
            d.flatten()
                .map(|e| e.path())
                .find(|p| p.to_string_lossy().contains("libonnxruntime.so"))
        });
    let a = library.map(|library| Assets {
        model: root.join(".kokoro/kokoro-v1.0.int8.onnx"),
        voices: root.join(".kokoro/voices"),
        vocab: root.join(".kokoro/vocab.json"),
        library,
        old_library: root.join(".piper/old-onnxruntime/libonnxruntime.so.1.23.2"),
    });
    match a {
        Some(a)
            if a.model.is_file()
                && a.voices.join("af_heart.bin").is_file()
                && a.vocab.is_file()
                && a.old_library.is_file() =>
        {
            Some(a)
        }
        _ if std::env::var_os("CI").is_some() => panic!(
            "the Kokoro assets are missing from {}: .ci/run must run scripts/fetch-test-assets.sh",
            root.display()
        ),
        _ => {
            eprintln!(
                "note: Kokoro assets missing: run scripts/fetch-test-assets.sh; test skipped"
            );
            None
        }
    }
}

/// Writes a voice file `name.toml` (engine kokoro) in the sandbox's user voice folder.
fn voice_file(sb: &Sandbox, name: &str, language: &str, model: &Path, style: &Path) {
    let dir = sb.path().join("data/aloud/voices");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join(format!("{name}.toml")),
        format!(
            "name = \"{name}\"\nlanguage = \"{language}\"\nengine = \"kokoro\"\n[kokoro]\nmodel = \"{}\"\nstyle = \"{}\"\n",
            model.display(),
            style.display()
        ),
    )
    .unwrap();
}

/// A sandbox with the voice `heart` (af_heart from the assets).
fn heart(a: &Assets) -> Sandbox {
    let sb = Sandbox::new();
    voice_file(
        &sb,
        "heart",
        "en-US",
        &a.model,
        &a.voices.join("af_heart.bin"),
    );
    sb
}

/// Runs aloud in the sandbox with the assets' ONNX Runtime.
fn run(sb: &Sandbox, a: &Assets, args: &[&str]) -> Output {
    sb.aloud()
        .current_dir(sb.path())
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

/// The error line of a failed run: exactly one line, starting with "aloud:".
fn one_line_error(out: &Output) -> String {
    assert!(!out.status.success(), "expected a failure: {}", stderr(out));
    let err = stderr(out);
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line expected: {err}");
    assert!(lines[0].starts_with("aloud:"), "{err}");
    lines[0].to_string()
}

#[derive(serde::Deserialize)]
struct Reference {
    language: String,
    text: String,
    phonemes: String,
    tokens: Vec<i64>,
}

/// Sentences phonemized and tokenized by the reference implementation (kokoro-onnx 0.6.1 with
/// its bundled espeak-ng 1.52), made with `tests/fixtures/kokoro_reference.py`.
fn reference() -> Vec<Reference> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kokoro_reference.json"),
    )
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn token_ids_equal_the_references_for_the_same_phonemes() {
    let cases = reference();
    assert!(cases.len() >= 10);
    for case in &cases {
        let (ids, unknown) = phonemes::tokenize(&case.phonemes);
        assert!(unknown.is_empty(), "{:?}: {unknown:?}", case.text);
        assert_eq!(ids, case.tokens, "{:?}", case.phonemes);
    }
}

#[test]
fn phonemes_keep_the_references_punctuation_and_stress() {
    // aloud phonemizes with the system's libespeak-ng (1.51 on Debian 12), the reference with
    // 1.52: the words may differ in a vowel, the punctuation the model hears must not.
    for case in reference() {
        let voice = if case.language == "en-gb" {
            "en-gb"
        } else {
            "en-us"
        };
        let ours = phonemes::known(&phonemes::phonemize(&case.text, voice).unwrap());
        let marks = |s: &str| -> String {
            s.chars()
                .filter(|c| ";:,.!?—…\"()“”".contains(*c))
                .collect()
        };
        assert_eq!(marks(&ours), marks(&case.phonemes), "{:?}", case.text);
        assert_eq!(
            ours.split(' ').count(),
            case.phonemes.split(' ').count(),
            "{ours:?} against {:?}",
            case.phonemes
        );
        assert_eq!(
            ours.matches('ˈ').count(),
            case.phonemes.matches('ˈ').count(),
            "{ours:?} against {:?}",
            case.phonemes
        );
    }
}

#[test]
fn the_built_in_vocabulary_is_the_models() {
    let Some(a) = assets() else { return };
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&a.vocab).unwrap()).unwrap();
    let vocab = json["vocab"].as_object().unwrap();
    assert_eq!(vocab.len(), phonemes::VOCAB.len());
    for (symbol, id) in vocab {
        let c = symbol.chars().next().unwrap();
        assert_eq!(phonemes::token_id(c), id.as_i64(), "{symbol:?}");
    }
}

#[test]
fn af_heart_and_bm_george_speak_a_sentence_at_24_khz_and_a_plausible_length() {
    let Some(a) = assets() else { return };
    let sb = heart(&a);
    voice_file(
        &sb,
        "george",
        "en-GB",
        &a.model,
        &a.voices.join("bm_george.bin"),
    );
    let text = "The harbour council met on Tuesday and the vote was close.";
    for voice in ["heart", "george"] {
        let wav = sb.path().join("s.wav");
        let out = run(
            &sb,
            &a,
            &["say", "-v", voice, text, "-o", wav.to_str().unwrap()],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        let (rate, samples) = read_wav(&sb.path().join("s.wav"));
        assert_eq!(rate, 24_000);
        let secs = samples.len() as f64 / rate as f64;
        // 11 words at 100 to 250 words per minute, pauses included (bm_george pauses long).
        assert!((2.6..=6.6).contains(&secs), "{voice}: {secs} s");
        let rms = (samples.iter().map(|s| (*s as f64).powi(2)).sum::<f64>() / samples.len() as f64)
            .sqrt();
        assert!(rms > 300.0, "{voice}: rms {rms}");
    }
}

#[test]
fn a_faster_rate_makes_kokoro_speech_shorter() {
    let Some(a) = assets() else { return };
    let sb = heart(&a);
    let text = "Quietly and carefully, she opened the old wooden door.";
    let mut lengths = Vec::new();
    for rate in ["140", "280"] {
        let wav = sb.path().join("r.wav");
        let out = run(
            &sb,
            &a,
            &[
                "say",
                "-v",
                "heart",
                "--rate",
                rate,
                text,
                "-o",
                wav.to_str().unwrap(),
            ],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        lengths.push(read_wav(&sb.path().join("r.wav")).1.len());
    }
    assert!(lengths[1] * 10 < lengths[0] * 7, "{lengths:?}");
}

#[test]
fn an_utterance_longer_than_the_models_limit_is_spoken_whole() {
    let Some(a) = assets() else { return };
    use aloud::synth::kokoro::{KokoroSpec, KokoroSynth};
    use aloud::synth::{Synthesizer, VoiceSettings};
    let spec = KokoroSpec {
        model: a.model.clone(),
        style: a.voices.join("af_heart.bin"),
        espeak: "en-us".into(),
        onnxruntime: Some(a.library.clone()),
    };
    let mut synth = KokoroSynth::new(&spec).unwrap();
    let clause = "the ferry left the harbour early, ";
    let text = format!("{}and everyone waited.", clause.repeat(15));
    let (ids, _) = synth.token_ids(&text).unwrap();
    assert!(ids.len() > phonemes::MAX_TOKENS, "{} tokens", ids.len());
    let audio = synth.synthesize(&text, &VoiceSettings::default()).unwrap();
    let words = text.split_whitespace().count() as f64;
    let secs = audio.duration().as_secs_f64();
    // Every word is said: at least 2 words a second is the whole text, not one batch of it.
    assert!(
        secs > words / 4.0 && secs < words / 1.5,
        "{secs} s for {words} words"
    );
}

const ARTICLE: &str = "The Ferry\n\nThe ferry left early. Everyone waited on the pier.\n\n\
    The Weather\n\nRain came at noon.\n\nThe Return\n\nThe ferry came back at six.\n";

#[test]
fn listening_with_kokoro_reaches_every_heading() {
    let Some(a) = assets() else { return };
    let sb = heart(&a);
    let article = sb.write("ferry.txt", ARTICLE);
    let out = run(
        &sb,
        &a,
        &[
            "listen",
            article.to_str().unwrap(),
            "-v",
            "heart",
            "--output",
            "null",
            "--no-pace",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let printed = stdout(&out);
    for heading in ["The Weather", "The Return"] {
        assert!(printed.contains(heading), "{printed}");
    }
}

#[test]
fn an_mp3_exported_with_kokoro_has_a_chapter_per_section() {
    let Some(a) = assets() else { return };
    let sb = heart(&a);
    let article = sb.write("ferry.txt", ARTICLE);
    let mp3 = sb.path().join("ferry.mp3");
    let out = run(
        &sb,
        &a,
        &[
            "export",
            article.to_str().unwrap(),
            "-v",
            "heart",
            "-o",
            mp3.to_str().unwrap(),
            "-q",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let chapters = aloud::media::chapters::read_chapters(&mp3).unwrap();
    let titles: Vec<&str> = chapters.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(titles, ["The Ferry", "The Weather", "The Return"]);
}

// ---- Bad input when speaking ----

#[test]
fn a_missing_model_is_one_line_naming_it_and_the_fix() {
    let Some(a) = assets() else { return };
    let sb = Sandbox::new();
    let gone = sb.path().join("gone.onnx");
    voice_file(&sb, "k", "en-US", &gone, &a.voices.join("af_heart.bin"));
    let line = one_line_error(&run(&sb, &a, &["say", "-v", "k", "Hi.", "-o", "x.wav"]));
    assert!(line.contains(gone.to_str().unwrap()), "{line}");
    assert!(line.contains("aloud voices install kokoro"), "{line}");
}

#[test]
fn a_truncated_model_is_one_line_saying_to_install_again() {
    let Some(a) = assets() else { return };
    let sb = Sandbox::new();
    let bytes = std::fs::read(&a.model).unwrap();
    let cut = sb.write("cut.onnx", &bytes[..bytes.len() / 3]);
    voice_file(&sb, "k", "en-US", &cut, &a.voices.join("af_heart.bin"));
    let line = one_line_error(&run(&sb, &a, &["say", "-v", "k", "Hi.", "-o", "x.wav"]));
    assert!(line.contains("cannot use the Kokoro model"), "{line}");
    assert!(line.contains("aloud voices install kokoro"), "{line}");
    assert!(!sb.path().join("x.wav").exists());
}

#[test]
fn a_style_file_of_the_wrong_size_is_one_line() {
    let Some(a) = assets() else { return };
    let sb = Sandbox::new();
    let style = sb.write("af_cut.bin", vec![0u8; 1000]);
    voice_file(&sb, "k", "en-US", &a.model, &style);
    let line = one_line_error(&run(&sb, &a, &["say", "-v", "k", "Hi.", "-o", "x.wav"]));
    assert!(line.contains("1000 bytes, expected 522240"), "{line}");
}

#[test]
fn a_runtime_library_too_old_is_one_line_naming_its_version() {
    let Some(a) = assets() else { return };
    let sb = heart(&a);
    let out = sb
        .aloud()
        .env("ORT_DYLIB_PATH", &a.old_library)
        .args(["say", "-v", "heart", "Hi.", "-o", "x.wav"])
        .output()
        .unwrap();
    let line = one_line_error(&out);
    assert!(line.contains("version 1.23.2"), "{line}");
    assert!(line.contains("1.24 or later"), "{line}");
    assert!(line.contains("ORT_DYLIB_PATH"), "{line}");
}

// ---- The config file ----

#[test]
fn the_config_files_voice_is_the_default_and_an_unknown_one_names_its_line() {
    let Some(a) = assets() else { return };
    let sb = heart(&a);
    std::fs::create_dir_all(sb.path().join("config/aloud")).unwrap();
    let config = sb.path().join("config/aloud/config.toml");
    std::fs::write(&config, "# mine\nvoice = \"heart\"\n").unwrap();
    let wav = sb.path().join("c.wav");
    let out = run(
        &sb,
        &a,
        &["say", "Hello there.", "-o", wav.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("voice heart"), "{}", stderr(&out));
    assert_eq!(read_wav(&sb.path().join("c.wav")).0, 24_000);
    let list = stdout(&run(&sb, &a, &["voices"]));
    assert!(list.contains("heart *"), "{list}");
    assert!(
        list.contains(&format!("set in {}:2", config.display())),
        "{list}"
    );
    std::fs::write(&config, "voice = \"nobody\"\n").unwrap();
    let line = one_line_error(&run(&sb, &a, &["say", "Hi.", "-o", "c.wav"]));
    assert!(
        line.starts_with(&format!(
            "aloud: {}:1: no voice named \"nobody\"",
            config.display()
        )),
        "{line}"
    );
    std::fs::write(&config, "speed = 7\n").unwrap();
    let line = one_line_error(&run(&sb, &a, &["say", "Hi.", "-o", "c.wav"]));
    assert_eq!(
        line,
        format!(
            "aloud: {}:1: speed 7 is out of range: give 0.5 to 3",
            config.display()
        )
    );
}

// ---- Installing from a local server ----

/// `.npy` bytes of a 510 × 1 × 256 `f32` array (the layout of the release's voice pack).
fn npy(data: &[u8]) -> Vec<u8> {
    let mut header =
        "{'descr': '<f4', 'fortran_order': False, 'shape': (510, 1, 256), }".to_string();
    while !(10 + header.len() + 1).is_multiple_of(64) {
        header.push(' ');
    }
    header.push('\n');
    let mut out = b"\x93NUMPY\x01\x00".to_vec();
    out.extend((header.len() as u16).to_le_bytes());
    out.extend(header.as_bytes());
    out.extend(data);
    out
}

/// A voice pack like the release's (`voices-v1.0.bin`: an uncompressed `.npz`) with the
/// assets' voices; `damage` changes one byte of af_bella.
fn voice_pack(a: &Assets, damage: bool) -> Vec<u8> {
    let mut names: Vec<String> = std::fs::read_dir(&a.voices)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".bin"))
        .collect();
    names.sort();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for n in names {
        let mut data = std::fs::read(a.voices.join(&n)).unwrap();
        if damage && n == "af_bella.bin" {
            data[1000] ^= 0x40;
        }
        zip.start_file(n.replace(".bin", ".npy"), opts).unwrap();
        zip.write_all(&npy(&data)).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// ONNX Runtime's release layout (`onnxruntime-linux-x64-V/lib/libonnxruntime.so.V` in a .tgz)
/// around the assets' library. Returns the archive and the member's path.
fn runtime_archive(a: &Assets) -> (Vec<u8>, String) {
    let name = a
        .library
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let member = format!("onnxruntime-test/lib/{name}");
    let mut tar = tar::Builder::new(flate2::write::GzEncoder::new(
        Vec::new(),
        flate2::Compression::fast(),
    ));
    let data = std::fs::read(&a.library).unwrap();
    let mut header = tar::Header::new_gnu();
    header.set_size(data.len() as u64);
    header.set_mode(0o755);
    header.set_cksum();
    tar.append_data(&mut header, &member, data.as_slice())
        .unwrap();
    (tar.into_inner().unwrap().finish().unwrap(), member)
}

fn sha256(data: &[u8]) -> String {
    aloud::voices::download::sha256_hex(data)
}

/// A download manifest for `files` served at `base`: (key, path on the server, bytes, member).
fn manifest(sb: &Sandbox, base: &str, entries: &[(&str, &str, &[u8], Option<&str>)]) -> PathBuf {
    let mut text = String::new();
    for (key, path, data, member) in entries {
        text.push_str(&format!(
            "[{key}]\nurl = \"{base}{path}\"\nsize = {}\nsha256 = \"{}\"\n",
            data.len(),
            sha256(data)
        ));
        if let Some(m) = member {
            text.push_str(&format!("member = \"{m}\"\n"));
        }
    }
    sb.write("downloads.toml", text)
}

/// The aloud binary copied outside the source tree, so that it does not find the `.piper/`
/// runtime beside it: a machine with no ONNX Runtime.
fn lone_binary(sb: &Sandbox) -> PathBuf {
    let bin = sb.path().join("bin/aloud");
    std::fs::create_dir_all(bin.parent().unwrap()).unwrap();
    std::fs::copy(crate::util::aloud_bin(), &bin).unwrap();
    bin
}

/// `cmd` with the sandbox's homes but `bin` as the program and no runtime setting.
fn at_home(sb: &Sandbox, bin: &Path) -> Command {
    let template = sb.aloud();
    let mut cmd = Command::new(bin);
    for (k, v) in template.get_envs() {
        if let Some(v) = v {
            cmd.env(k, v);
        }
    }
    cmd.env_remove("ORT_DYLIB_PATH")
        .env_remove("VIRTUAL_ENV")
        .current_dir(sb.path());
    cmd
}

/// Files and folders under the sandbox's `data/aloud`, relative, sorted.
fn data_files(sb: &Sandbox) -> Vec<String> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            out.push(p.strip_prefix(root).unwrap().display().to_string());
            if p.is_dir() {
                walk(&p, root, out);
            }
        }
    }
    let mut out = Vec::new();
    let root = sb.path().join("data/aloud");
    walk(&root, &root, &mut out);
    out.sort();
    out
}

#[test]
fn install_on_a_machine_without_onnx_runtime_fetches_it_and_makes_af_heart_the_default() {
    let Some(a) = assets() else { return };
    let sb = Sandbox::new();
    let bin = lone_binary(&sb);
    let model = std::fs::read(&a.model).unwrap();
    let pack = voice_pack(&a, false);
    let (archive, member) = runtime_archive(&a);
    let mut files = HashMap::new();
    files.insert("/m/kokoro-v1.0.int8.onnx".to_string(), model.clone());
    files.insert("/m/voices-v1.0.bin".to_string(), pack.clone());
    files.insert("/o/onnxruntime.tgz".to_string(), archive.clone());
    let base = serve(files);
    let downloads = manifest(
        &sb,
        &base,
        &[
            ("kokoro_model", "/m/kokoro-v1.0.int8.onnx", &model, None),
            ("kokoro_voices", "/m/voices-v1.0.bin", &pack, None),
            ("onnxruntime", "/o/onnxruntime.tgz", &archive, Some(&member)),
        ],
    );
    // Before: the built-in voice is the default, and the listing says how to get a better one.
    let before = at_home(&sb, &bin).arg("voices").output().unwrap();
    assert!(stdout(&before).contains("en-us *"), "{}", stdout(&before));
    assert!(stdout(&before).contains("aloud voices install kokoro"));
    let out = at_home(&sb, &bin)
        .env("ALOUD_DOWNLOADS", &downloads)
        .args(["voices", "install", "kokoro"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stderr(&out);
    assert!(said.contains("installed Kokoro (28 voices"), "{said}");
    assert!(said.contains("installed ONNX Runtime"), "{said}");
    assert!(said.contains("af_heart is now the default voice"), "{said}");
    let files = data_files(&sb);
    assert!(files.contains(&"kokoro/pack.toml".to_string()), "{files:?}");
    assert!(files.contains(&"kokoro/voices/af_heart.bin".to_string()));
    assert!(files
        .iter()
        .any(|f| f.starts_with("onnxruntime/libonnxruntime.so")));
    assert!(
        !files
            .iter()
            .any(|f| f.ends_with(".part") || f.contains(".tmp-")),
        "{files:?}"
    );
    // Only the English voices of the pack.
    assert_eq!(
        files
            .iter()
            .filter(|f| f.starts_with("kokoro/voices/"))
            .count(),
        28
    );
    let list = stdout(&at_home(&sb, &bin).arg("voices").output().unwrap());
    let heart_row = list
        .lines()
        .find(|l| l.starts_with("af_heart *"))
        .unwrap_or("");
    assert!(
        heart_row.contains("en-US") && heart_row.contains("female"),
        "{list}"
    );
    assert!(heart_row.contains("yes"), "{list}");
    assert!(
        list.contains("* default voice: the best installed voice (Kokoro)"),
        "{list}"
    );
    // And it speaks, with nothing but what the install fetched.
    let article = sb.write("ferry.txt", "The Ferry\n\nThe ferry left early.\n");
    let out = at_home(&sb, &bin)
        .args([
            "listen",
            article.to_str().unwrap(),
            "--output",
            "null",
            "--no-pace",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = at_home(&sb, &bin)
        .args(["say", "The ferry left early.", "-o"])
        .arg(sb.path().join("f.wav"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("voice af_heart"), "{}", stderr(&out));
    assert_eq!(read_wav(&sb.path().join("f.wav")).0, 24_000);
    // Removing the pack gives the built-in voice back.
    let out = at_home(&sb, &bin)
        .args(["voices", "remove", "kokoro"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let list = stdout(&at_home(&sb, &bin).arg("voices").output().unwrap());
    assert!(
        list.contains("en-us *") && !list.contains("af_heart"),
        "{list}"
    );
}

/// Runs `aloud voices install kokoro` against `files` with the manifest `entries`, cutting the
/// paths in `cut`; returns the output.
fn install_with(
    sb: &Sandbox,
    files: HashMap<String, Vec<u8>>,
    cut: HashMap<String, usize>,
    entries: &[(&str, &str, &[u8], Option<&str>)],
) -> Output {
    let base = serve_cut(files, cut);
    let downloads = manifest(sb, &base, entries);
    sb.aloud()
        .env("ALOUD_DOWNLOADS", &downloads)
        .args(["voices", "install", "kokoro"])
        .output()
        .unwrap()
}

/// Nothing of Kokoro is installed: no pack file, model, voices or temporary files.
fn nothing_installed(sb: &Sandbox) {
    let files = data_files(sb);
    assert!(
        files.iter().all(|f| f == "kokoro"),
        "left behind: {files:?}"
    );
    let list = stdout(&sb.run(&["voices"]));
    assert!(!list.contains("af_heart"), "{list}");
}

#[test]
fn a_download_cut_short_installs_nothing_and_says_so_in_one_line() {
    let Some(a) = assets() else { return };
    let sb = Sandbox::new();
    let model = std::fs::read(&a.model).unwrap();
    let pack = voice_pack(&a, false);
    let mut files = HashMap::new();
    files.insert("/kokoro.onnx".to_string(), model.clone());
    files.insert("/voices.bin".to_string(), pack.clone());
    let cut = HashMap::from([("/kokoro.onnx".to_string(), model.len() / 2)]);
    let out = install_with(
        &sb,
        files,
        cut,
        &[
            ("kokoro_model", "/kokoro.onnx", &model, None),
            ("kokoro_voices", "/voices.bin", &pack, None),
        ],
    );
    let line = one_line_error(&out);
    assert!(line.contains("kokoro.onnx"), "{line}");
    assert!(line.contains("broke off after"), "{line}");
    assert!(line.contains("try again; nothing was installed"), "{line}");
    nothing_installed(&sb);
}

#[test]
fn a_pack_with_a_damaged_voice_or_a_wrong_checksum_installs_nothing() {
    let Some(a) = assets() else { return };
    let model = std::fs::read(&a.model).unwrap();
    // A voice changed inside a pack whose own checksum matches the manifest: caught voice by
    // voice.
    let sb = Sandbox::new();
    let damaged = voice_pack(&a, true);
    let files = HashMap::from([
        ("/k.onnx".to_string(), model.clone()),
        ("/v.bin".to_string(), damaged.clone()),
    ]);
    let out = install_with(
        &sb,
        files,
        HashMap::new(),
        &[
            ("kokoro_model", "/k.onnx", &model, None),
            ("kokoro_voices", "/v.bin", &damaged, None),
        ],
    );
    let line = one_line_error(&out);
    assert!(line.contains("voice af_bella has SHA-256"), "{line}");
    nothing_installed(&sb);
    // A model whose checksum is not the manifest's.
    let sb = Sandbox::new();
    let pack = voice_pack(&a, false);
    let files = HashMap::from([
        ("/k.onnx".to_string(), model.clone()),
        ("/v.bin".to_string(), pack.clone()),
    ]);
    let mut other = model.clone();
    other[5000] ^= 1;
    let out = install_with(
        &sb,
        files,
        HashMap::new(),
        &[
            ("kokoro_model", "/k.onnx", &other, None),
            ("kokoro_voices", "/v.bin", &pack, None),
        ],
    );
    let line = one_line_error(&out);
    assert!(
        line.contains("SHA-256") && line.contains("expected"),
        "{line}"
    );
    nothing_installed(&sb);
}

#[test]
fn a_missing_file_on_the_server_is_one_line_with_its_url() {
    let Some(a) = assets() else { return };
    let sb = Sandbox::new();
    let model = std::fs::read(&a.model).unwrap();
    let out = install_with(
        &sb,
        HashMap::new(),
        HashMap::new(),
        &[("kokoro_model", "/nowhere.onnx", &model, None)],
    );
    let line = one_line_error(&out);
    assert!(
        line.contains("/nowhere.onnx") && line.contains("404"),
        "{line}"
    );
    nothing_installed(&sb);
}

#[test]
fn install_from_a_folder_of_voices_checks_each_voice() {
    let Some(a) = assets() else { return };
    let sb = Sandbox::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(".kokoro");
    let out = run(
        &sb,
        &a,
        &[
            "voices",
            "install",
            "kokoro",
            "--from",
            root.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("installed Kokoro (28 voices"),
        "{}",
        stderr(&out)
    );
    // A folder whose model is not a Kokoro release is refused.
    let sb = Sandbox::new();
    let dir = sb.path().join("fake");
    std::fs::create_dir_all(dir.join("voices")).unwrap();
    std::fs::write(dir.join("kokoro-v1.0.int8.onnx"), b"not a model").unwrap();
    let out = run(
        &sb,
        &a,
        &[
            "voices",
            "install",
            "kokoro",
            "--from",
            dir.to_str().unwrap(),
        ],
    );
    let line = one_line_error(&out);
    assert!(
        line.contains("not a Kokoro v1.0 model aloud knows"),
        "{line}"
    );
    nothing_installed(&sb);
}

// ---- The tip ----

#[test]
fn with_only_espeak_listen_suggests_a_natural_voice_at_most_once_a_day() {
    let sb = Sandbox::new();
    let article = sb.write("a.txt", "A Title\n\nOne sentence here.\n");
    let listen = || {
        sb.run(&[
            "listen",
            article.to_str().unwrap(),
            "--output",
            "null",
            "--no-pace",
            "--from-start",
        ])
    };
    let first = listen();
    assert!(first.status.success(), "{}", stderr(&first));
    let tip = "aloud voices install kokoro";
    assert_eq!(stderr(&first).matches(tip).count(), 1, "{}", stderr(&first));
    let second = listen();
    assert!(!stderr(&second).contains(tip), "{}", stderr(&second));
    // Switched off in the config file.
    let sb = Sandbox::new();
    std::fs::create_dir_all(sb.path().join("config/aloud")).unwrap();
    sb.write("config/aloud/config.toml", "tips = false\n");
    let article = sb.write("a.txt", "A Title\n\nOne sentence here.\n");
    let out = sb.run(&[
        "listen",
        article.to_str().unwrap(),
        "--output",
        "null",
        "--no-pace",
    ]);
    assert!(!stderr(&out).contains(tip), "{}", stderr(&out));
}
