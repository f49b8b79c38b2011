//! `aloud export` of many articles into a folder: names, manifest, reruns, shards, bad input,
//! and byte-identical output across runs and `--jobs`.

use crate::util::*;
use serde_json::Value;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output};

/// A sandbox with the fast, deterministic `tone` voice installed.
fn tone_sandbox() -> Sandbox {
    let sb = Sandbox::new();
    let dir = sb.path().join("data/aloud/voices");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("tone.toml"),
        "name = \"tone\"\nlanguage = \"en\"\nengine = \"tone\"\n",
    )
    .unwrap();
    sb
}

/// Writes `n` small articles with titles and two sections each; returns their paths.
fn articles(sb: &Sandbox, n: usize) -> Vec<PathBuf> {
    (0..n)
        .map(|i| {
            sb.write(
                &format!("a{i}.txt"),
                format!(
                    "Story Number {i}: The Harbour\n\nThe first paragraph of story {i} has two sentences. Here is the second.\n\nWhat Came Next\n\nAnother paragraph follows in story {i}. It ends here.\n"
                ),
            )
        })
        .collect()
}

/// `aloud export INPUTS -o OUT --voice tone EXTRA`, to run or to start.
fn batch_command<I: AsRef<OsStr>>(
    sb: &Sandbox,
    inputs: &[I],
    out: &Path,
    extra: &[&str],
) -> Command {
    let mut cmd = sb.aloud();
    cmd.arg("export");
    cmd.args(inputs);
    cmd.arg("-o").arg(out).args(["--voice", "tone"]).args(extra);
    cmd
}

fn run_batch(sb: &Sandbox, inputs: &[&Path], out: &Path, extra: &[&str]) -> Output {
    batch_command(sb, inputs, out, extra).output().unwrap()
}

/// Starts a batch and waits (at most 120 s) until it has written `out/manifest.json`, that is,
/// until its first article is finished.
fn spawn_until_manifest(mut cmd: Command, out: &Path) -> Child {
    let child = cmd.spawn().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while !out.join("manifest.json").exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child
}

fn manifest(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn entries(m: &Value) -> &Vec<Value> {
    m["articles"].as_array().unwrap()
}

/// The batch in `other` is the one in `single`: as many articles, each with the same `fields`
/// in the manifest and a byte-identical audio file.
fn assert_same_render(single: &Path, other: &Path, fields: &[&str]) {
    let (a, b) = (
        manifest(&single.join("manifest.json")),
        manifest(&other.join("manifest.json")),
    );
    assert_eq!(entries(&a).len(), entries(&b).len());
    for (x, y) in entries(&a).iter().zip(entries(&b)) {
        for field in fields {
            assert_eq!(x[field], y[field], "{field}");
        }
        let file = x["file"].as_str().unwrap();
        assert!(
            std::fs::read(single.join(file)).unwrap() == std::fs::read(other.join(file)).unwrap(),
            "{file} differs"
        );
    }
}

fn statuses(m: &Value) -> Vec<String> {
    entries(m)
        .iter()
        .map(|e| e["status"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_batch_of_three_files_writes_one_audio_file_each_and_a_manifest() {
    let sb = tone_sandbox();
    let files = articles(&sb, 3);
    let out = sb.path().join("out");
    let inputs: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    let o = run_batch(&sb, &inputs, &out, &["-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let m = manifest(&out.join("manifest.json"));
    assert_eq!(entries(&m).len(), 3);
    for (i, e) in entries(&m).iter().enumerate() {
        assert_eq!(e["status"], "rendered", "{e}");
        assert_eq!(e["index"], i);
        assert_eq!(e["source"], files[i].to_str().unwrap());
        assert_eq!(e["title"], format!("Story Number {i}: The Harbour"));
        assert_eq!(e["voice"], "tone");
        assert_eq!(e["aloud_version"], env!("CARGO_PKG_VERSION"));
        let key = e["key"].as_str().unwrap();
        assert_eq!(key.len(), 64);
        let file = e["file"].as_str().unwrap();
        assert_eq!(
            file,
            format!("story-number-{i}-the-harbour-{}.mp3", &key[..8])
        );
        let bytes = std::fs::metadata(out.join(file)).unwrap().len();
        assert_eq!(e["bytes"], bytes);
        assert!(e["duration_seconds"].as_f64().unwrap() > 1.0);
        let chapters = e["chapters"].as_array().unwrap();
        assert_eq!(chapters.len(), 2, "{e}");
        assert_eq!(chapters[1]["title"], "What Came Next");
        assert!(e.get("error").is_none());
    }
    let keys: std::collections::HashSet<&str> = entries(&m)
        .iter()
        .map(|e| e["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys.len(), 3, "different articles, different keys");
}

#[test]
fn a_rerun_skips_finished_articles_and_leaves_their_files_untouched() {
    let sb = tone_sandbox();
    let files = articles(&sb, 3);
    let out = sb.path().join("out");
    let inputs: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    let o = run_batch(&sb, &inputs, &out, &["-q", "--format", "wav"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let first = manifest(&out.join("manifest.json"));
    let mtimes = |m: &Value| -> Vec<std::time::SystemTime> {
        entries(m)
            .iter()
            .map(|e| {
                std::fs::metadata(out.join(e["file"].as_str().unwrap()))
                    .unwrap()
                    .modified()
                    .unwrap()
            })
            .collect()
    };
    let before = mtimes(&first);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let o = run_batch(&sb, &inputs, &out, &["--format", "wav"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("0 rendered, 3 unchanged, 0 failed"),
        "{}",
        stderr(&o)
    );
    let second = manifest(&out.join("manifest.json"));
    assert_eq!(statuses(&second), ["unchanged"; 3]);
    assert_eq!(mtimes(&second), before);
    for (a, b) in entries(&first).iter().zip(entries(&second)) {
        for field in ["key", "file", "bytes", "chapters", "title"] {
            assert_eq!(a[field], b[field], "{field}");
        }
    }
    // A changed setting is a different key: everything renders again.
    let o = run_batch(
        &sb,
        &inputs,
        &out,
        &["-q", "--format", "wav", "--rate", "200"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        statuses(&manifest(&out.join("manifest.json"))),
        ["rendered"; 3]
    );
}

#[test]
fn a_rerun_after_an_unfinished_run_renders_only_what_is_missing() {
    let sb = tone_sandbox();
    let files = articles(&sb, 3);
    let out = sb.path().join("out");
    let inputs: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    let o = run_batch(&sb, &inputs, &out, &["-q", "--format", "wav"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let m = manifest(&out.join("manifest.json"));
    // As a killed run leaves it: the last file never renamed into place, its temporary file
    // (of a process that is gone) beside it, and one file cut short.
    let last = entries(&m)[2]["file"].as_str().unwrap().to_string();
    std::fs::remove_file(out.join(&last)).unwrap();
    std::fs::write(
        out.join(format!(".{last}.aloud-partial-999999-abcdef")),
        b"half",
    )
    .unwrap();
    let second = entries(&m)[1]["file"].as_str().unwrap().to_string();
    let bytes = std::fs::read(out.join(&second)).unwrap();
    std::fs::write(out.join(&second), &bytes[..bytes.len() / 2]).unwrap();
    let o = run_batch(&sb, &inputs, &out, &["-q", "--format", "wav"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let again = manifest(&out.join("manifest.json"));
    assert_eq!(statuses(&again), ["unchanged", "rendered", "rendered"]);
    assert_eq!(std::fs::read(out.join(&second)).unwrap(), bytes);
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains("partial")), "{names:?}");
}

#[test]
fn a_job_array_of_three_processes_merged_equals_a_single_process_render() {
    let sb = tone_sandbox();
    let files = articles(&sb, 7);
    let inputs: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    let single = sb.path().join("single");
    let o = run_batch(&sb, &inputs, &single, &["-q", "--format", "wav"]);
    assert!(o.status.success(), "{}", stderr(&o));

    let sharded = sb.path().join("sharded");
    let children: Vec<_> = (0..3)
        .map(|i| {
            let mut cmd = batch_command(
                &sb,
                &inputs,
                &sharded,
                &["-q", "--format", "wav", "--shards", "3"],
            );
            cmd.env("JOB_COMPLETION_INDEX", i.to_string());
            cmd.spawn().unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let mut rendered = 0;
    for i in 0..3 {
        let part = manifest(&sharded.join(format!("manifest.part-{i}-of-3.json")));
        assert_eq!(part["shard"]["index"], i);
        rendered += entries(&part).len();
    }
    assert_eq!(rendered, 7, "every article in exactly one shard");
    let o = sb.run(&["export", "--merge", sharded.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_same_render(
        &single,
        &sharded,
        &[
            "index", "source", "key", "file", "bytes", "chapters", "status",
        ],
    );
}

#[test]
fn merge_names_the_shards_that_have_not_finished() {
    let sb = tone_sandbox();
    let files = articles(&sb, 2);
    let inputs: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    let out = sb.path().join("out");
    let o = run_batch(
        &sb,
        &inputs,
        &out,
        &["-q", "--format", "wav", "--shard", "1/3"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = sb.run(&["export", "--merge", out.to_str().unwrap()]);
    assert_error_line(&o, "aloud: shard(s) 0, 2 of 3 have not finished (no manifest part): run them, then --merge again");
    let o = run_batch(&sb, &inputs, &out, &["-q", "--shards", "3"]);
    assert_error_line(&o, "aloud: --shards 3 needs the shard's index in JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX: set one, or use --shard I/3");
    let o = run_batch(&sb, &inputs, &out, &["-q", "--shard", "3/3"]);
    assert_error_line(
        &o,
        "aloud: --shard \"3/3\" is not I/N with 0 <= I < N (e.g. --shard 0/3)",
    );
}

#[test]
fn bad_inputs_in_a_batch_are_recorded_with_one_line_reasons_and_the_rest_rendered() {
    let sb = tone_sandbox();
    let good = articles(&sb, 1);
    let binary = sb.write(
        "image.txt",
        [0u8, 159, 146, 150, 0, 1, 2, 3, 0, 0, 255, 254],
    );
    let empty = sb.write("empty.txt", "  \n\n");
    let missing = sb.path().join("missing.txt");
    let out = sb.path().join("out");
    let o = run_batch(
        &sb,
        &[&binary, &good[0], &empty, &missing],
        &out,
        &["-q", "--format", "wav"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let m = manifest(&out.join("manifest.json"));
    assert_eq!(statuses(&m), ["failed", "rendered", "failed", "failed"]);
    for (i, word) in [(0, "binary"), (2, "empty"), (3, "missing.txt")] {
        let e = &entries(&m)[i];
        let error = e["error"].as_str().unwrap();
        assert!(error.contains(word), "{error}");
        assert!(!error.contains('\n'), "{error}");
        assert_eq!(e["failure"], "bad-input");
    }
    // One line each on stderr even with -q.
    assert_eq!(
        stderr(&o).lines().filter(|l| l.contains("failed")).count(),
        3
    );

    let o = run_batch(
        &sb,
        &[&binary, &good[0], &empty],
        &out,
        &["-q", "--format", "wav", "--strict"],
    );
    assert_eq!(o.status.code(), Some(65), "{}", stderr(&o));
    let o = run_batch(&sb, &[&binary, &empty, &missing], &out, &["-q"]);
    assert_eq!(o.status.code(), Some(65), "{}", stderr(&o));
}

#[test]
fn a_folder_and_a_list_file_are_batches_of_their_articles() {
    let sb = tone_sandbox();
    let folder = sb.path().join("posts");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("b.md"), "# Second Post\n\nSome words here.\n").unwrap();
    std::fs::write(folder.join("a.txt"), "First Post\n\nSome other words.\n").unwrap();
    std::fs::write(
        folder.join("c.html"),
        "<html><head><title>Third Post</title></head><body><article><h1>Third Post</h1><p>Words in a page.</p></article></body></html>",
    )
    .unwrap();
    std::fs::write(folder.join("cover.jpg"), [0xffu8, 0xd8, 0xff]).unwrap();
    let out = sb.path().join("out");
    let o = run_batch(&sb, &[&folder], &out, &["-q", "--format", "wav"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let m = manifest(&out.join("manifest.json"));
    let titles: Vec<&str> = entries(&m)
        .iter()
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["First Post", "Second Post", "Third Post"]);

    let list = sb.write(
        "list.txt",
        "# this week's reading\nposts/b.md\n\n   # indented comment\nposts/a.txt\n",
    );
    let out2 = sb.path().join("out2");
    let o = sb
        .aloud()
        .args(["export", "--list"])
        .arg(&list)
        .arg("-o")
        .arg(&out2)
        .args(["--voice", "tone", "-q", "--format", "wav"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let m2 = manifest(&out2.join("manifest.json"));
    let titles: Vec<&str> = entries(&m2)
        .iter()
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Second Post", "First Post"]);
    // Same article, same settings: same key and file name as in the folder's batch.
    assert_eq!(entries(&m2)[1]["file"], entries(&m)[0]["file"]);
}

/// Exports `input` with espeak-ng's en-us and `--jobs jobs`, without the cache; the bytes.
fn espeak_export(sb: &Sandbox, input: &Path, name: &str, jobs: &str) -> Vec<u8> {
    let wav = sb.path().join(name);
    let out = sb.run(&[
        "export",
        input.to_str().unwrap(),
        "-o",
        wav.to_str().unwrap(),
        "-q",
        "--no-cache",
        "--voice",
        "en-us",
        "--jobs",
        jobs,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::read(&wav).unwrap()
}

const FRICATIVES: &str = "A Short Piece\n\nThe first paragraph has two sentences, with fricatives: she sells sea shells. Here is the second.\n\nA Heading\n\nAnother paragraph follows. It ends here. Six fizzy fish swish softly.\n";

#[test]
fn espeak_exports_with_one_job_are_byte_identical_across_runs() {
    let sb = Sandbox::new();
    let input = sb.write("short.txt", FRICATIVES);
    let a = espeak_export(&sb, &input, "a.wav", "1");
    let b = espeak_export(&sb, &input, "b.wav", "1");
    assert!(a == b, "two runs with --jobs 1 differ");
}

// espeak-ng 1.51 keeps synthesis state from one utterance to the next inside a process (an
// utterance said twice in a row comes out a few samples apart even with rand() seeded), so
// export speaks every utterance in a forked copy of a worker process taken right after start-up
// (`aloud synth-worker --fresh`), also with one job.
#[test]
fn espeak_exports_with_one_two_and_three_jobs_are_byte_identical() {
    let sb = Sandbox::new();
    let input = sb.write("short.txt", FRICATIVES);
    let one = espeak_export(&sb, &input, "j1.wav", "1");
    assert!(one == espeak_export(&sb, &input, "j1-again.wav", "1"));
    for run in 0..3 {
        let two = espeak_export(&sb, &input, &format!("j2-{run}.wav"), "2");
        assert!(one == two, "--jobs 1 and --jobs 2 differ (run {run})");
    }
    let three = espeak_export(&sb, &input, "j3.wav", "3");
    assert!(one == three, "--jobs 1 and --jobs 3 differ");
}

/// A worker process that speaks B after A gives the same audio and word marks as one that
/// speaks only B (and as itself speaking B again).
#[test]
fn an_espeak_worker_process_speaks_an_utterance_the_same_whatever_it_spoke_before() {
    use aloud::synth::worker::ProcessSynth;
    use aloud::synth::{Synthesizer, VoiceSettings};
    let sb = Sandbox::new();
    let worker = || {
        let mut cmd = sb.aloud();
        cmd.args(["synth-worker", "--fresh", "--voice", "en-us"]);
        ProcessSynth::spawn(cmd).unwrap()
    };
    let s = VoiceSettings::default();
    let a = "Six fizzy fish swish softly past the shore, hissing.";
    let b = "She sells sea shells; the first paragraph has fricatives.";
    let mut fresh = worker();
    let alone = fresh.synthesize(b, &s).unwrap();
    let mut used = worker();
    used.synthesize(a, &s).unwrap();
    used.synthesize(a, &VoiceSettings { rate_wpm: 260, ..s })
        .unwrap();
    let after = used.synthesize(b, &s).unwrap();
    let again = used.synthesize(b, &s).unwrap();
    assert!(!alone.samples.is_empty() && alone.words.len() == 9);
    for other in [&after, &again] {
        assert_eq!(other.samples.len(), alone.samples.len());
        assert!(other.samples == alone.samples, "samples differ");
        assert_eq!(other.words, alone.words);
    }
}

#[test]
fn a_404_is_bad_input_and_an_unreachable_server_is_a_temporary_failure() {
    let sb = tone_sandbox();
    let mut files = std::collections::HashMap::new();
    files.insert(
        "/post.txt".to_string(),
        b"A Served Post\n\nIts only paragraph.\n".to_vec(),
    );
    let base = serve(files);
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let (good, gone, down) = (
        format!("{base}/post.txt"),
        format!("{base}/gone.html"),
        format!("http://{closed}/post.txt"),
    );
    let out = sb.path().join("out");
    let o = sb
        .aloud()
        .args(["export", &good, &gone, "-o"])
        .arg(&out)
        .args(["--voice", "tone", "-q", "--format", "wav"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let m = manifest(&out.join("manifest.json"));
    assert_eq!(statuses(&m), ["rendered", "failed"]);
    assert_eq!(entries(&m)[1]["failure"], "bad-input");
    assert!(entries(&m)[1]["error"].as_str().unwrap().contains("404"));

    let o = sb
        .aloud()
        .args(["export", &good, &down, "-o"])
        .arg(&out)
        .args(["--voice", "tone", "-q", "--format", "wav"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(75), "{}", stderr(&o));
    let m = manifest(&out.join("manifest.json"));
    assert_eq!(statuses(&m), ["unchanged", "failed"]);
    assert_eq!(entries(&m)[1]["failure"], "temporary");
}

#[test]
fn a_feed_of_three_exported_articles_parses_with_enclosures_and_chapters() {
    let sb = tone_sandbox();
    let files = articles(&sb, 3);
    let out = sb.path().join("site");
    let inputs: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    let o = run_batch(&sb, &inputs, &out, &["-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::write(
        out.join("show.toml"),
        "title = \"Reading List\"\nauthor = \"The Desk\"\nimage = \"https://example.org/cover.jpg\"\n",
    )
    .unwrap();
    let o = sb.run(&[
        "feed",
        out.to_str().unwrap(),
        "--base-url",
        "https://example.org/audio/",
        "--description",
        "This week's articles",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let xml = std::fs::read_to_string(out.join("feed.xml")).unwrap();
    let feed = feed_rs::parser::parse(xml.as_bytes()).unwrap();
    assert_eq!(feed.title.unwrap().content, "Reading List");
    assert_eq!(feed.description.unwrap().content, "This week's articles");
    assert_eq!(feed.entries.len(), 3);
    let m = manifest(&out.join("manifest.json"));
    for item in &feed.entries {
        let title = &item.title.as_ref().unwrap().content;
        let e = entries(&m)
            .iter()
            .find(|e| e["title"].as_str() == Some(title))
            .unwrap();
        let file = e["file"].as_str().unwrap();
        assert_eq!(
            item.id,
            format!("aloud-{}", &e["key"].as_str().unwrap()[..32])
        );
        assert!(item.published.is_some());
        let content = item
            .media
            .iter()
            .flat_map(|m| &m.content)
            .find(|c| c.size.is_some())
            .unwrap();
        assert_eq!(
            content.url.as_ref().unwrap().as_str(),
            format!("https://example.org/audio/{file}")
        );
        assert_eq!(content.size, e["bytes"].as_u64());
        assert_eq!(
            content.content_type.as_ref().unwrap().to_string(),
            "audio/mpeg"
        );
        assert!(item.media.iter().any(|m| m.duration.is_some()));
        // Podcasting 2.0 chapters: a JSON file beside the audio, linked from the item.
        let stem = file.trim_end_matches(".mp3");
        assert!(xml.contains(&format!(
            "<podcast:chapters url=\"https://example.org/audio/{stem}.chapters.json\" type=\"application/json+chapters\"/>"
        )));
        let chapters: Value = serde_json::from_str(
            &std::fs::read_to_string(out.join(format!("{stem}.chapters.json"))).unwrap(),
        )
        .unwrap();
        assert_eq!(chapters["version"], "1.2.0");
        assert_eq!(chapters["chapters"][0]["startTime"], 0.0);
        assert_eq!(chapters["chapters"][1]["title"], "What Came Next");
    }
    for tag in [
        "<itunes:image href=\"https://example.org/cover.jpg\"/>",
        "<itunes:category text=\"News\"/>",
        "<itunes:explicit>false</itunes:explicit>",
        "<itunes:author>The Desk</itunes:author>",
        "<language>en</language>",
    ] {
        assert!(xml.contains(tag), "{tag} missing");
    }
    // A rerun of the feed gives the same feed: GUIDs and dates are stable.
    let o = sb.run(&[
        "feed",
        out.to_str().unwrap(),
        "--base-url",
        "https://example.org/audio/",
        "--description",
        "This week's articles",
    ]);
    assert!(o.status.success());
    assert_eq!(std::fs::read_to_string(out.join("feed.xml")).unwrap(), xml);
    let o = sb.run(&["feed", out.to_str().unwrap(), "--base-url", "example.org"]);
    assert_error_line(&o, "aloud: --base-url \"example.org\" is not an http(s):// address: give the address the folder is published at");
}

#[test]
fn a_batch_killed_midway_leaves_only_whole_files_and_its_rerun_renders_the_rest() {
    let sb = tone_sandbox();
    let files = long_articles(&sb, 6);
    let out = sb.path().join("out");
    let mut child = spawn_until_manifest(batch_command(&sb, &files, &out, &["-q"]), &out);
    child.kill().unwrap();
    child.wait().unwrap();
    let done = manifest(&out.join("manifest.json"));
    let finished = entries(&done).len();
    assert!(finished >= 1);
    let o = run_batch(
        &sb,
        &files.iter().map(|p| p.as_path()).collect::<Vec<_>>(),
        &out,
        &["-q"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let all = manifest(&out.join("manifest.json"));
    let statuses = statuses(&all);
    assert_eq!(statuses.len(), 6);
    let unchanged = statuses.iter().filter(|s| *s == "unchanged").count();
    assert!(unchanged >= finished, "{statuses:?}");
    assert_eq!(
        statuses.iter().filter(|s| *s == "rendered").count(),
        6 - unchanged
    );
    // Every file under a final name is whole (its size is the one recorded), and no
    // temporary file is left.
    for entry in std::fs::read_dir(&out).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(!name.contains("partial"), "{name}");
        if name.ends_with(".mp3") {
            let e = entries(&all)
                .iter()
                .find(|e| e["file"].as_str() == Some(&name))
                .unwrap();
            assert_eq!(
                std::fs::metadata(out.join(&name)).unwrap().len(),
                e["bytes"].as_u64().unwrap()
            );
        }
    }
}

/// A paragraph of about 60 words for a feed entry's full content, naming `topic`.
fn post_body(topic: &str) -> String {
    format!(
        "<p>The harbour board met on Tuesday to talk about {topic}. Members heard from fishermen, \
         ferry crews and the people who live along the quay, and most of them asked for the same \
         thing: more time. The chair said a decision would come next month.</p>\
         <h2>What Comes Next</h2><p>A second meeting about {topic} is planned for the spring, \
         with a public vote after it. Everyone is welcome to speak there.</p>"
    )
}

#[test]
fn a_feed_file_with_full_content_is_a_batch_of_its_entries_without_fetching_them() {
    let sb = tone_sandbox();
    let rss = sb.write(
        "news.rss",
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Harbour News</title><link>https://news.invalid/</link>
<item><title>Cranes on the Quay</title><link>https://news.invalid/cranes</link>
<dc:creator>Ann Lee</dc:creator><pubDate>Tue, 03 Dec 2024 10:00:00 +0000</pubDate>
<description>A short summary.</description>
<content:encoded><![CDATA[{}]]></content:encoded></item>
<item><title>Ferry Times</title><link>https://news.invalid/ferry</link>
<pubDate>Wed, 04 Dec 2024 09:00:00 +0000</pubDate>
<content:encoded><![CDATA[{}]]></content:encoded></item>
</channel></rss>"#,
            post_body("cranes"),
            post_body("the ferry")
        ),
    );
    let atom = sb.write(
        "blog.atom",
        format!(
            r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>A Blog</title><id>urn:blog</id><updated>2024-12-05T08:00:00Z</updated>
<entry><title>Night Walks</title><id>urn:walks</id><link href="https://blog.invalid/walks"/>
<author><name>Bo Chen</name></author><updated>2024-12-05T08:00:00Z</updated>
<content type="html">{}</content></entry></feed>"#,
            post_body("night walks")
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
        ),
    );
    let out = sb.path().join("out");
    let o = run_batch(&sb, &[&rss, &atom], &out, &["-q", "--format", "wav"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let m = manifest(&out.join("manifest.json"));
    // The links are on a domain that does not resolve: rendered means read from the feed.
    assert_eq!(statuses(&m), ["rendered"; 3]);
    let want = [
        (
            "Cranes on the Quay",
            Some("Ann Lee"),
            "2024-12-03",
            "https://news.invalid/cranes",
            &rss,
        ),
        (
            "Ferry Times",
            None,
            "2024-12-04",
            "https://news.invalid/ferry",
            &rss,
        ),
        (
            "Night Walks",
            Some("Bo Chen"),
            "2024-12-05",
            "https://blog.invalid/walks",
            &atom,
        ),
    ];
    for (e, (title, author, date, link, feed)) in entries(&m).iter().zip(want) {
        assert_eq!(e["title"], title, "{e}");
        assert_eq!(e["author"].as_str(), author, "{e}");
        assert_eq!(e["date"], date, "{e}");
        assert_eq!(e["source"], link, "{e}");
        assert_eq!(e["feed"], feed.to_str().unwrap(), "{e}");
        let chapters: Vec<&str> = e["chapters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["title"].as_str().unwrap())
            .collect();
        assert_eq!(chapters, [title, "What Comes Next"], "{e}");
        assert!(out.join(e["file"].as_str().unwrap()).is_file());
    }
    // One feed and `-o DIR` is a batch too; a feed is not one article to listen to.
    let out2 = sb.path().join("out2");
    let o = run_batch(&sb, &[&atom], &out2, &["-q", "--format", "wav"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let m2 = manifest(&out2.join("manifest.json"));
    assert_eq!(entries(&m2)[0]["key"], entries(&m)[2]["key"]);
    let o = sb.run(&["outline", rss.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("is a news feed"), "{}", stderr(&o));
}

#[test]
fn a_served_feed_whose_entries_only_link_to_pages_has_those_pages_fetched() {
    let sb = tone_sandbox();
    let page = |title: &str, words: &str| {
        format!(
            "<html><head><title>{title} | The Site</title></head><body><nav>Home News Sport</nav>\
             <article><h1>{title}</h1><p>{words} This paragraph is the article that the feed \
             only links to. It has two sentences.</p><h2>Later On</h2><p>More about it here.</p>\
             </article></body></html>"
        )
        .into_bytes()
    };
    let mut files = std::collections::HashMap::new();
    files.insert(
        "/feed.xml".to_string(),
        br#"<?xml version="1.0"?><rss version="2.0"><channel><title>The Site</title>
<item><title>Tides Are Turning</title><link>/posts/tides.html</link><author>desk@site.invalid (The Desk)</author>
<pubDate>Mon, 02 Dec 2024 12:00:00 GMT</pubDate><description>Tides, in short. Read more</description></item>
<item><title>Gulls Return</title><link>/posts/gulls.html</link>
<pubDate>Sun, 01 Dec 2024 12:00:00 GMT</pubDate><description>Gulls, in short.</description></item>
<item><title>Gone Missing</title><link>/posts/gone.html</link><description>A page that is not there.</description></item>
</channel></rss>"#
            .to_vec(),
    );
    files.insert("/posts/tides.html".into(), page("Tides", "Tides rose."));
    files.insert(
        "/posts/gulls.html".into(),
        page("Gulls", "Gulls came back."),
    );
    let (base, asked) = serve_logged(files);
    let feed = format!("{base}/feed.xml");
    let out = sb.path().join("out");
    let o = sb
        .aloud()
        .args(["export", &feed, "-o"])
        .arg(&out)
        .args(["--voice", "tone", "-q", "--format", "wav"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let m = manifest(&out.join("manifest.json"));
    assert_eq!(statuses(&m), ["rendered", "rendered", "failed"]);
    let e = entries(&m);
    assert_eq!(e[0]["source"], format!("{base}/posts/tides.html"));
    assert_eq!(e[0]["feed"], feed);
    // The entry's title, not the page's ("Tides | The Site").
    assert_eq!(e[0]["title"], "Tides Are Turning");
    assert_eq!(e[0]["date"], "2024-12-02");
    assert_eq!(e[1]["title"], "Gulls Return");
    assert_eq!(e[1]["date"], "2024-12-01");
    assert_eq!(e[0]["chapters"][1]["title"], "Later On");
    assert_eq!(e[2]["failure"], "bad-input");
    assert!(e[2]["error"].as_str().unwrap().contains("404"), "{}", e[2]);
    // Finding out that the URL is a feed did not fetch it a second time.
    assert_eq!(
        *asked.lock().unwrap(),
        [
            "/feed.xml",
            "/posts/tides.html",
            "/posts/gulls.html",
            "/posts/gone.html"
        ]
    );
}

#[test]
fn a_feed_with_no_entries_is_bad_input_with_a_one_line_reason() {
    let sb = tone_sandbox();
    let empty = sb.write(
        "quiet.xml",
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Quiet</title></channel></rss>\n",
    );
    let out = sb.path().join("out");
    let o = run_batch(&sb, &[&empty], &out, &["-q", "--format", "wav"]);
    assert_eq!(o.status.code(), Some(65), "{}", stderr(&o));
    let m = manifest(&out.join("manifest.json"));
    assert_eq!(statuses(&m), ["failed"]);
    let error = entries(&m)[0]["error"].as_str().unwrap();
    assert!(
        error.contains("quiet.xml is a feed with no entries"),
        "{error}"
    );
    assert!(!error.contains('\n'));
    assert_eq!(entries(&m)[0]["failure"], "bad-input");
    // With an article beside it, the batch succeeds and records the empty feed.
    let good = articles(&sb, 1);
    let o = run_batch(&sb, &[&empty, &good[0]], &out, &["-q", "--format", "wav"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        statuses(&manifest(&out.join("manifest.json"))),
        ["failed", "rendered"]
    );
}

/// Writes `n` long articles (the example article under different titles); returns their paths.
fn long_articles(sb: &Sandbox, n: usize) -> Vec<PathBuf> {
    let article = std::fs::read_to_string(example_article()).unwrap();
    (0..n)
        .map(|i| {
            sb.write(
                &format!("long{i}.txt"),
                format!("Long Read {i}\n\n{article}"),
            )
        })
        .collect()
}

/// The audio files in `dir`, by name.
fn audio_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".json"))
        .collect();
    names.sort();
    names
}

#[test]
fn a_job_array_with_a_shard_killed_and_rerun_merges_to_the_single_process_render() {
    let sb = tone_sandbox();
    let files = long_articles(&sb, 9);
    let inputs: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    let single = sb.path().join("single");
    let o = run_batch(&sb, &inputs, &single, &["-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let whole = manifest(&single.join("manifest.json"));

    // The shard to kill: the one with the most articles (the assignment follows the keys).
    let owned = |i: u32| {
        entries(&whole)
            .iter()
            .filter(|e| {
                aloud::export::batch::Shard::new(i, 3)
                    .unwrap()
                    .owns(e["key"].as_str().unwrap())
            })
            .count()
    };
    let victim = (0..3).max_by_key(|&i| owned(i)).unwrap();
    assert!(owned(victim) >= 3, "shard {victim} owns {}", owned(victim));

    let sharded = sb.path().join("sharded");
    let shard_cmd = |i: u32| {
        let mut cmd = sb.aloud();
        cmd.arg("export")
            .args(&inputs)
            .arg("-o")
            .arg(&sharded)
            .args(["--voice", "tone", "-q", "--shards", "3"])
            .env("JOB_COMPLETION_INDEX", i.to_string());
        cmd
    };
    let mut children: Vec<_> = (0..3).map(|i| shard_cmd(i).spawn().unwrap()).collect();
    // SIGKILL the victim once it has finished its first article (its manifest part appears).
    let part = sharded.join(format!("manifest.part-{victim}-of-3.json"));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(300);
    let victim_child = &mut children[victim as usize];
    while !part.exists() && victim_child.try_wait().unwrap().is_none() {
        assert!(
            std::time::Instant::now() < deadline,
            "shard {victim} never wrote its part"
        );
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    victim_child.kill().unwrap();
    let killed = victim_child.wait().unwrap();
    for (i, c) in children.iter_mut().enumerate() {
        if i != victim as usize {
            assert!(c.wait().unwrap().success());
        }
    }
    let done_before = entries(&manifest(&part)).len();
    assert!(
        done_before < owned(victim),
        "shard {victim} finished before the kill ({killed})"
    );
    // The rerun of the killed shard renders only what it had not finished.
    let o = shard_cmd(victim).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let rerun = manifest(&part);
    let rendered = statuses(&rerun).iter().filter(|s| *s == "rendered").count();
    assert_eq!(
        rendered,
        owned(victim) - done_before,
        "{:?}",
        statuses(&rerun)
    );

    let o = sb.run(&["export", "--merge", sharded.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_same_render(
        &single,
        &sharded,
        &[
            "index",
            "source",
            "key",
            "file",
            "bytes",
            "chapters",
            "title",
            "duration_seconds",
        ],
    );
    // Nothing else: no temporary file of the killed process, no file of a lost render.
    assert_eq!(audio_files(&sharded), audio_files(&single));
}

#[cfg(unix)]
#[test]
fn a_full_disk_is_a_temporary_failure_that_leaves_no_partial_file() {
    use std::os::unix::process::CommandExt;
    let sb = tone_sandbox();
    let short = sb.write("short.txt", "A Short One\n\nJust one sentence here.\n");
    let long = long_articles(&sb, 1).remove(0);
    let out = sb.path().join("out");
    // Files of this process may not grow past 64 KiB: the long article's MP3 (minutes of
    // audio) hits the limit as it would a full disk (EFBIG, like ENOSPC); the short one's and
    // the manifest fit.
    let mut cmd = sb.aloud();
    cmd.arg("export")
        .arg(&short)
        .arg(&long)
        .arg("-o")
        .arg(&out)
        .args(["--voice", "tone", "-q", "--no-cache"]);
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let limit = libc::rlimit {
                rlim_cur: 64 * 1024,
                rlim_max: 64 * 1024,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let o = cmd.output().unwrap();
    assert_eq!(o.status.code(), Some(75), "{}", stderr(&o));
    let m = manifest(&out.join("manifest.json"));
    assert_eq!(statuses(&m), ["rendered", "failed"]);
    let failed = &entries(&m)[1];
    assert_eq!(failed["failure"], "temporary");
    let error = failed["error"].as_str().unwrap();
    assert!(error.contains("free some disk space"), "{error}");
    assert!(!error.contains('\n'), "{error}");
    let rendered = entries(&m)[0]["file"].as_str().unwrap();
    // Only whole files under final names, and no temporary file left.
    assert_eq!(audio_files(&out), [rendered]);
    assert_eq!(
        stderr(&o).lines().filter(|l| l.contains("failed")).count(),
        1,
        "{}",
        stderr(&o)
    );
    // Once there is room, a rerun renders what failed and nothing else.
    let o = run_batch(&sb, &[&short, &long], &out, &["-q", "--no-cache"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        statuses(&manifest(&out.join("manifest.json"))),
        ["unchanged", "rendered"]
    );
}

#[test]
fn the_kubernetes_job_command_runs_as_an_indexed_job_and_its_parts_merge() {
    let yaml = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/kubernetes/render-job.yaml"),
    )
    .unwrap();
    let value = |key: &str| -> String {
        yaml.lines()
            .find_map(|l| l.trim().strip_prefix(key))
            .unwrap_or_else(|| panic!("{key} not in the YAML"))
            .trim()
            .to_string()
    };
    assert_eq!(value("completionMode:"), "Indexed");
    let completions: u32 = value("completions:").parse().unwrap();
    let command: Vec<String> = serde_json::from_str(&value("command:")).unwrap();
    assert_eq!(command[..2], ["aloud", "export"]);
    let shards = command.iter().position(|a| a == "--shards").unwrap();
    assert_eq!(command[shards + 1], completions.to_string());

    // Each index of the job, with the list and the volume replaced by local folders and the
    // sandbox's default voice set to `tone`.
    let sb = tone_sandbox();
    std::fs::create_dir_all(sb.path().join("config/aloud")).unwrap();
    sb.write("config/aloud/config.toml", "voice = \"tone\"\n");
    articles(&sb, 3);
    let list = sb.write("list.txt", "a0.txt\na1.txt\na2.txt\n");
    let out = sb.path().join("output");
    for i in 0..completions {
        let args: Vec<String> = command[1..]
            .iter()
            .map(|a| match a.as_str() {
                "/input/list.txt" => list.to_string_lossy().into_owned(),
                "/output" => out.to_string_lossy().into_owned(),
                _ => a.clone(),
            })
            .collect();
        let o = sb
            .aloud()
            .args(&args)
            .env("JOB_COMPLETION_INDEX", i.to_string())
            .output()
            .unwrap();
        assert!(o.status.success(), "index {i}: {}", stderr(&o));
    }
    // The merge the YAML's comment says to run.
    assert!(yaml.contains("aloud export --merge /output"));
    let o = sb.run(&["export", "--merge", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        statuses(&manifest(&out.join("manifest.json"))),
        ["rendered"; 3]
    );
}

#[test]
fn the_gnu_parallel_recipe_renders_shards_side_by_side_and_merges_them_like_one_process() {
    let has_parallel = std::process::Command::new("parallel")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    // GNU parallel is on the README's package line: without it this test fails, not skips.
    assert!(
        has_parallel,
        "GNU parallel is missing: apt-get install parallel (the README's package line)"
    );
    let sb = tone_sandbox();
    let files = articles(&sb, 5);
    let inputs: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    let single = sb.path().join("single");
    let o = run_batch(&sb, &inputs, &single, &["-q", "--format", "wav"]);
    assert!(o.status.success(), "{}", stderr(&o));

    let list = sb.write(
        "list.txt",
        files
            .iter()
            .map(|p| p.display().to_string() + "\n")
            .collect::<String>(),
    );
    let out = sb.path().join("parallel out");
    // The recipe, with the sandbox's folders and aloud: two shards, then the merge.
    let env = sb.aloud();
    let mut cmd = std::process::Command::new("sh");
    for (k, v) in env.get_envs() {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    let o = cmd
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/parallel.sh"))
        .arg(&list)
        .arg(&out)
        .args(["2", "--", "--voice", "tone", "--format", "wav"])
        .env("ALOUD", aloud_bin())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for i in 0..2 {
        assert!(out.join(format!("manifest.part-{i}-of-2.json")).is_file());
    }
    assert_eq!(
        statuses(&manifest(&out.join("manifest.json"))),
        ["rendered"; 5]
    );
    assert_same_render(
        &single,
        &out,
        &["source", "key", "file", "bytes", "chapters"],
    );
}

#[test]
fn a_page_exported_to_a_name_without_an_extension_is_fetched_once() {
    // Finding out that the URL is not a feed fetches it; the export reads those bytes instead of
    // fetching the page again. A page that is not there is asked for once too, and named.
    let sb = tone_sandbox();
    let mut files = std::collections::HashMap::new();
    files.insert(
        "/story.html".to_string(),
        b"<html><head><title>Harbor Lights</title></head><body><article><h1>Harbor Lights</h1>\
          <p>The harbor lights came on at dusk. Boats came home one by one.</p></article>\
          </body></html>"
            .to_vec(),
    );
    let (base, asked) = serve_logged(files);
    let out = sb.path().join("harbor");
    let o = sb
        .aloud()
        .args(["export", &format!("{base}/story.html"), "-o"])
        .arg(&out)
        .args(["--voice", "tone", "-q", "--format", "wav"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let wav = std::fs::read(&out).unwrap();
    assert_eq!(&wav[..4], b"RIFF", "one WAV file, not a folder");
    let missing = sb.path().join("missing");
    let o = sb
        .aloud()
        .args(["export", &format!("{base}/gone.html"), "-o"])
        .arg(&missing)
        .args(["--voice", "tone", "-q", "--format", "wav"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("404"), "{}", stderr(&o));
    assert!(!missing.exists());
    assert_eq!(*asked.lock().unwrap(), ["/story.html", "/gone.html"]);
}

#[test]
fn a_folder_exported_into_one_article_at_a_time_keeps_every_episode() {
    let sb = tone_sandbox();
    let files = articles(&sb, 3);
    let out = sb.path().join("pod");
    let feed_items = || {
        let o = sb.run(&[
            "feed",
            out.to_str().unwrap(),
            "--base-url",
            "https://example.org/pod",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let xml = std::fs::read(out.join("feed.xml")).unwrap();
        let feed = feed_rs::parser::parse(&xml[..]).unwrap();
        let mut ids: Vec<String> = feed.entries.iter().map(|e| e.id.clone()).collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n, "every GUID once");
        (n, stderr(&o))
    };
    let o = run_batch(
        &sb,
        &[&files[0], &files[1]],
        &out,
        &["-q", "--format", "mp3"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(feed_items().0, 2);
    // The next day's article: the two before stay in the manifest and the feed.
    let o = run_batch(&sb, &[&files[2]], &out, &["--format", "mp3"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("1 rendered, 0 unchanged, 0 failed, 2 kept from earlier runs"));
    let m = manifest(&out.join("manifest.json"));
    assert_eq!(statuses(&m), ["rendered", "unchanged", "unchanged"]);
    assert_eq!(feed_items().0, 3);
    // An article given three ways is exported once, and listed once.
    let same = sb.path().join("./a2.txt");
    let o = run_batch(
        &sb,
        &[&files[2], &files[2], &same],
        &out,
        &["--format", "mp3"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stderr(&o)
            .matches("is given more than once; it is exported once")
            .count(),
        2,
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("0 rendered, 1 unchanged, 0 failed, 2 kept"));
    assert_eq!(feed_items().0, 3);
    // An article that changed replaces its earlier version (same source, new file).
    std::fs::write(
        &files[0],
        "Story Number 0: The Harbour\n\nIt was rewritten overnight.\n",
    )
    .unwrap();
    // Given as "DIR/./a0.txt" this time: the same file.
    let respelled = files[0]
        .parent()
        .unwrap()
        .join(".")
        .join(files[0].file_name().unwrap());
    let o = run_batch(&sb, &[&respelled], &out, &["-q", "--format", "mp3"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let m = manifest(&out.join("manifest.json"));
    assert_eq!(entries(&m).len(), 3, "{m}");
    assert_eq!(entries(&m)[0]["source"], respelled.to_str().unwrap());
    assert!(
        !entries(&m)
            .iter()
            .any(|e| e["source"] == files[0].to_str().unwrap()),
        "{m}"
    );
    // An episode whose file was deleted leaves the feed, with a warning.
    let gone = entries(&m)[1]["file"].as_str().unwrap().to_string();
    std::fs::remove_file(out.join(&gone)).unwrap();
    let (n, warnings) = feed_items();
    assert_eq!(n, 2);
    assert!(
        warnings.contains(&format!("{gone} is not in")),
        "{warnings}"
    );
}

#[test]
fn a_batch_stops_at_once_when_its_format_needs_a_program_that_is_missing() {
    // Every article would fail the same way, and a retry too: exit 1 with what to install, not
    // 75 ("try again") after failing each one.
    let sb = tone_sandbox();
    let files = articles(&sb, 3);
    let inputs: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    let out = sb.path().join("out");
    let o = batch_command(&sb, &inputs, &out, &["--format", "m4b", "-q"])
        .env("ALOUD_FFMPEG", sb.path().join("no-such-ffmpeg"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("needs the `") && stderr(&o).contains("install the package `ffmpeg`"),
        "{}",
        stderr(&o)
    );
    assert_eq!(stderr(&o).lines().count(), 1, "{}", stderr(&o));
}

#[test]
fn an_output_written_as_a_folder_makes_a_batch_of_one() {
    let sb = tone_sandbox();
    let files = articles(&sb, 1);
    let out = PathBuf::from(format!("{}/", sb.path().join("pod").display()));
    let o = run_batch(&sb, &[files[0].as_path()], &out, &["--format", "mp3", "-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let m = manifest(&sb.path().join("pod/manifest.json"));
    assert_eq!(statuses(&m), ["rendered"]);
}

#[test]
fn ctrl_c_in_a_batch_says_that_finished_articles_are_kept() {
    let sb = tone_sandbox();
    let files = long_articles(&sb, 6);
    let out = sb.path().join("out");
    let mut cmd = batch_command(&sb, &files, &out, &["-q"]);
    cmd.stderr(std::process::Stdio::piped());
    let child = spawn_until_manifest(cmd, &out);
    // SAFETY: kill only sends a signal to our own child.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let o = child.wait_with_output().unwrap();
    let done = entries(&manifest(&out.join("manifest.json"))).len();
    // The signal lands while the second of six long articles is spoken.
    assert_eq!(o.status.code(), Some(130), "{}", stderr(&o));
    assert!((1..6).contains(&done), "{done}");
    let err = stderr(&o);
    assert!(
        err.contains("interrupted: the article being spoken was not written;")
            && err.contains(&format!("{done} finished article"))
            && err.contains("run the same command again to go on"),
        "{err}"
    );
}

#[test]
fn a_list_that_is_not_text_and_an_empty_folder_are_named() {
    let sb = tone_sandbox();
    let files = articles(&sb, 1);
    let list = sb.write("list.bin", [0u8, 159, 146, 150, 255, 0, 1].as_slice());
    let out = sb.path().join("out");
    let o = run_batch(&sb, &[], &out, &["--list", list.to_str().unwrap()]);
    assert_error_line(
        &o,
        &format!(
            "aloud: {} is not a list of articles (it is not text): --list wants a text file with one path or URL per line",
            list.display()
        ),
    );
    let empty = sb.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let o = run_batch(&sb, &[&files[0], &empty], &out, &["--format", "wav"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!(
            "warning: the folder {} holds no .txt, .md or .html files; nothing in it is exported",
            empty.display()
        )),
        "{}",
        stderr(&o)
    );
}
