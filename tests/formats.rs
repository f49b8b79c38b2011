//! Export formats: every format round-trips (decoded length = utterances + pauses, every chapter
//! title and start read back), split files with a playlist, subtitles, chapter side files,
//! streaming to a pipe, and the `aloud cache` command. Audio comes from the tone synthesizer, so
//! every length is known exactly.

use std::path::Path;

use aloud::audio::timing::pause_samples;
use aloud::export::chapters::{chapter_titles, write_chapter_file};
use aloud::export::{
    export_file, export_to_writer, read_chapters, script_encode_options, split, subtitles,
    ExportError, ExportEvent, ExportOptions, ExportReport, Format,
};
use aloud::segment::{Pause, Script, ScriptSection, Utterance, UtteranceKind};
use aloud::synth::pool::SynthFactory;
use aloud::synth::tone::{ToneSynth, TONE_RATE};
use aloud::synth::{Synthesizer, VoiceSettings};

use crate::util::{assert_error_line, stderr, stdout, Sandbox};

fn utt(text: &str, kind: UtteranceKind, pause: Pause) -> Utterance {
    Utterance {
        text: text.into(),
        spoken: text.into(),
        kind,
        pause,
    }
}

/// A lead (which takes the article title) and two headed sections, about 9 s of audio.
fn article() -> Script {
    use UtteranceKind::*;
    Script {
        title: Some("Tones in three parts".into()),
        byline: Some("A. Writer".into()),
        sections: vec![
            ScriptSection {
                title: None,
                utterances: vec![
                    utt("Tones in three parts", Title, Pause::Heading),
                    utt("one two three four", Sentence, Pause::SectionEnd),
                ],
            },
            ScriptSection {
                title: Some("Second: the middle".into()),
                utterances: vec![
                    utt("Second: the middle", Heading, Pause::Heading),
                    utt("five six seven", Sentence, Pause::Clause),
                    utt("eight nine", Sentence, Pause::SectionEnd),
                ],
            },
            ScriptSection {
                title: Some("Third / last".into()),
                utterances: vec![
                    utt("Third last", Heading, Pause::Heading),
                    utt("ten eleven twelve", Sentence, Pause::SectionEnd),
                ],
            },
        ],
    }
}

fn tones(n: usize) -> Vec<SynthFactory> {
    (0..n)
        .map(|_| {
            Box::new(|| Ok(Box::new(ToneSynth::new()) as Box<dyn Synthesizer>)) as SynthFactory
        })
        .collect()
}

/// Samples the article must last: every utterance's tone plus its pause.
fn expected_samples(script: &Script) -> u64 {
    let s = VoiceSettings::default();
    script
        .sections
        .iter()
        .flat_map(|sec| &sec.utterances)
        .map(|u| {
            (ToneSynth::samples_for(&u.spoken, &s)
                + pause_samples(u.pause.millis(), s.rate_wpm, TONE_RATE)) as u64
        })
        .sum()
}

fn export(script: &Script, path: &Path, format: Format) -> Result<ExportReport, ExportError> {
    let mut on_event = |_: ExportEvent<'_>| {};
    let mut opts = ExportOptions {
        pauses: Default::default(),
        settings: VoiceSettings::default(),
        sample_rate: TONE_RATE,
        cancel: None,
        on_event: &mut on_event,
    };
    let encode = script_encode_options(script, TONE_RATE);
    export_file(script, path, format, &encode, tones(2), &mut opts)
}

/// Exports the article as `format`, decodes it and reads its chapters back; `tolerance` is how
/// many samples the decoded length may differ by (0 for lossless formats).
fn round_trip(format: Format, tolerance: u64) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("article.{}", format.extension()));
    let script = article();
    let report = export(&script, &path, format).unwrap();
    assert_eq!(report.samples, expected_samples(&script));

    let audio = aloud::media::decode::decode_file(&path).unwrap();
    assert_eq!(audio.sample_rate, TONE_RATE, "{format:?}");
    let got = audio.samples.len() as u64;
    assert!(
        got.abs_diff(report.samples) <= tolerance,
        "{format:?}: decoded {got} samples, wrote {}",
        report.samples
    );

    let chapters = read_chapters(&path).unwrap();
    let titles: Vec<&str> = chapters.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(
        titles,
        ["Tones in three parts", "Second: the middle", "Third / last"],
        "{format:?}"
    );
    for (c, span) in chapters.iter().zip(&report.sections) {
        let want = span.start * 1000 / TONE_RATE as u64;
        assert!(
            c.start_ms.abs_diff(want) <= 1,
            "{format:?} {:?}: starts at {} ms, section at {want} ms",
            c.title,
            c.start_ms
        );
    }
    let last_end = chapters.last().map(|c| c.end_ms).unwrap_or(0);
    let total_ms = report.samples * 1000 / TONE_RATE as u64;
    assert!(
        last_end.abs_diff(total_ms) <= 30,
        "{format:?}: last chapter ends at {last_end} ms of {total_ms}"
    );
    // Nothing but the file itself is left in the folder.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn wav_round_trips_exactly_with_cue_chapters() {
    round_trip(Format::Wav, 0);
}

#[test]
fn flac_round_trips_exactly_with_comment_chapters() {
    round_trip(Format::Flac, 0);
}

#[test]
fn mp3_round_trips_to_the_exact_length_with_id3_chapters_and_tags() {
    round_trip(Format::Mp3, 0);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.mp3");
    export(&article(), &path, Format::Mp3).unwrap();
    let tag = id3::Tag::read_from_path(&path).unwrap();
    use id3::TagLike;
    assert_eq!(tag.title(), Some("Tones in three parts"));
    assert_eq!(tag.artist(), Some("A. Writer"));
    assert_eq!(tag.tables_of_contents().count(), 1);
}

#[test]
fn ogg_round_trips_within_a_few_samples_with_comment_chapters() {
    round_trip(Format::Ogg, 64);
}

#[test]
fn m4b_round_trips_through_ffmpeg_or_names_the_package_to_install() {
    let has_ffmpeg = std::process::Command::new("ffmpeg")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_ffmpeg {
        let dir = tempfile::tempdir().unwrap();
        let err = export(&article(), &dir.path().join("a.m4b"), Format::M4b).unwrap_err();
        assert_eq!(
            err.to_string(),
            "m4b/m4a export needs the `ffmpeg` program: install the package `ffmpeg` (e.g. `apt-get install ffmpeg`)"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.m4b");
    let script = article();
    let report = export(&script, &path, Format::M4b).unwrap();
    let chapters = read_chapters(&path).unwrap();
    let titles: Vec<String> = chapters.iter().map(|c| c.title.clone()).collect();
    assert_eq!(titles, chapter_titles(&script));
    for (c, span) in chapters.iter().zip(&report.sections) {
        let want = span.start * 1000 / TONE_RATE as u64;
        assert!(c.start_ms.abs_diff(want) <= 1, "{c:?} vs {want} ms");
    }
    // AAC adds priming samples at most a frame or two long; the length is the article's.
    let probe = std::process::Command::new("ffprobe")
        .args([
            "-v",
            "error",
            "-show_entries",
            "format=duration",
            "-of",
            "csv=p=0",
        ])
        .arg(&path)
        .output()
        .unwrap();
    let secs: f64 = String::from_utf8_lossy(&probe.stdout)
        .trim()
        .parse()
        .unwrap();
    assert!(
        (secs - report.seconds()).abs() < 0.1,
        "{secs} vs {}",
        report.seconds()
    );
}

#[test]
fn split_writes_one_file_per_section_and_a_playlist_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("parts");
    let script = article();
    let mut on_event = |_: ExportEvent<'_>| {};
    let mut opts = ExportOptions {
        pauses: Default::default(),
        settings: VoiceSettings::default(),
        sample_rate: TONE_RATE,
        cancel: None,
        on_event: &mut on_event,
    };
    let encode = script_encode_options(&script, TONE_RATE);
    let result =
        split::export_split(&script, &out, Format::Flac, &encode, tones(2), &mut opts).unwrap();
    let names: Vec<String> = result
        .files
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "01 - Tones in three parts.flac",
            "02 - Second the middle.flac",
            "03 - Third last.flac"
        ]
    );
    let mut total = 0u64;
    for (file, span) in result.files.iter().zip(&result.report.sections) {
        let audio = aloud::media::decode::decode_file(file).unwrap();
        assert_eq!(audio.samples.len() as u64, span.end - span.start);
        total += audio.samples.len() as u64;
        assert_eq!(read_chapters(file).unwrap().len(), 1);
    }
    assert_eq!(total, expected_samples(&script));
    let m3u = std::fs::read_to_string(&result.playlist).unwrap();
    assert!(m3u.starts_with("#EXTM3U\n"), "{m3u}");
    let listed: Vec<&str> = m3u.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(listed, names.iter().map(String::as_str).collect::<Vec<_>>());
    let second = &result.report.sections[1];
    let secs = (second.end - second.start + TONE_RATE as u64 / 2) / TONE_RATE as u64;
    assert!(
        m3u.contains(&format!("#EXTINF:{secs},Second: the middle\n")),
        "{m3u}"
    );
    // Only the files and the playlist: no temporary leftovers.
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 4);
}

#[test]
fn subtitles_have_one_cue_per_utterance_at_its_exact_times() {
    let dir = tempfile::tempdir().unwrap();
    let script = article();
    let report = export(&script, &dir.path().join("a.wav"), Format::Wav).unwrap();
    let vtt = dir.path().join("a.vtt");
    subtitles::write(&vtt, &script, &report).unwrap();
    let text = std::fs::read_to_string(&vtt).unwrap();
    let cues: Vec<&str> = text.lines().filter(|l| l.contains(" --> ")).collect();
    assert_eq!(cues.len(), 7);
    // "one two three four" starts after the title (3 words) and the heading pause.
    let s = VoiceSettings::default();
    let start = ToneSynth::samples_for("Tones in three parts", &s)
        + pause_samples(Pause::Heading.millis(), s.rate_wpm, TONE_RATE);
    let end = start + ToneSynth::samples_for("one two three four", &s);
    let ms = |n: usize| n as u64 * 1000 / TONE_RATE as u64;
    let want = format!(
        "{} --> {}",
        aloud::export::chapters::hms_millis(ms(start), '.'),
        aloud::export::chapters::hms_millis(ms(end), '.')
    );
    assert_eq!(cues[1], want);
    assert!(text.contains(&format!("{want}\none two three four\n")));
}

#[test]
fn chapter_side_files_match_the_chapters_in_the_audio() {
    let dir = tempfile::tempdir().unwrap();
    let script = article();
    let audio = dir.path().join("a.mp3");
    let report = export(&script, &audio, Format::Mp3).unwrap();
    let json = dir.path().join("a.json");
    let encode = script_encode_options(&script, TONE_RATE);
    write_chapter_file(&json, &report.chapters(&script), &encode.tags, "a.mp3").unwrap();
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let in_audio = read_chapters(&audio).unwrap();
    let listed = v["chapters"].as_array().unwrap();
    assert_eq!(listed.len(), in_audio.len());
    for (l, c) in listed.iter().zip(&in_audio) {
        assert_eq!(l["title"], c.title.as_str());
        assert_eq!(l["start_ms"], c.start_ms);
    }
    let cue = dir.path().join("a.cue");
    write_chapter_file(&cue, &in_audio, &encode.tags, "a.mp3").unwrap();
    let cue = std::fs::read_to_string(&cue).unwrap();
    assert_eq!(cue.matches("TRACK").count(), 3);
}

#[test]
fn a_pipe_gets_a_playable_wav_or_mp3_stream() {
    let script = article();
    let encode = script_encode_options(&script, TONE_RATE);
    for format in [Format::Wav, Format::Mp3] {
        let mut out = Vec::new();
        let mut on_event = |_: ExportEvent<'_>| {};
        let mut opts = ExportOptions {
            pauses: Default::default(),
            settings: VoiceSettings::default(),
            sample_rate: TONE_RATE,
            cancel: None,
            on_event: &mut on_event,
        };
        let report =
            export_to_writer(&script, &mut out, format, &encode, tones(1), &mut opts).unwrap();
        let audio = aloud::media::decode::decode_bytes(out.clone()).unwrap();
        let got = audio.samples.len() as u64;
        // Without a LAME tag an MP3 stream carries the encoder's delay and padding (< 3 frames).
        let tolerance = if format == Format::Wav { 0 } else { 3 * 1152 };
        assert!(
            got >= report.samples && got - report.samples <= tolerance,
            "{format:?} {got}"
        );
        if format == Format::Wav {
            assert_eq!(out.len() as u64, 44 + 2 * report.samples);
        }
    }
    let mut opts_events = |_: ExportEvent<'_>| {};
    let mut opts = ExportOptions {
        pauses: Default::default(),
        settings: VoiceSettings::default(),
        sample_rate: TONE_RATE,
        cancel: None,
        on_event: &mut opts_events,
    };
    let err = export_to_writer(
        &script,
        Vec::new(),
        Format::Ogg,
        &encode,
        tones(1),
        &mut opts,
    )
    .unwrap_err();
    assert!(matches!(err, ExportError::NotStreamable { .. }), "{err}");
}

#[test]
fn cache_command_shows_the_size_and_clear_empties_it() {
    let sandbox = Sandbox::new();
    let out = sandbox.run(&["cache"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("0 utterances, 0.0 MB of 1074 MB in "),
        "{}",
        stdout(&out)
    );
    // Put an entry where the export's cache would.
    let dir = sandbox.path().join("cache/aloud/utterances/ab");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("cdef"), vec![0u8; 4000]).unwrap();
    let out = sandbox.run(&["cache"]);
    assert!(
        stdout(&out).starts_with("1 utterance, 0.0 MB"),
        "{}",
        stdout(&out)
    );
    let out = sandbox.run(&["cache", "clear"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!dir.exists());
    assert!(stdout(&sandbox.run(&["cache"])).starts_with("0 utterances"));
}

#[test]
fn export_names_the_formats_it_can_write_before_doing_any_work() {
    let sandbox = Sandbox::new();
    let input = sandbox.write("a.txt", "Title\n\nSome text here.\n");
    let input = input.to_string_lossy();
    let out = sandbox.run(&["export", &input, "-o", "a.opus"]);
    assert!(!out.status.success());
    assert_eq!(
        stderr(&out).trim(),
        "aloud: cannot write \"opus\" files: name the output *.mp3, *.ogg, *.flac, *.wav or *.m4b, or pass --format"
    );
    let out = sandbox.run(&["export", &input, "-o", "-", "--format", "flac"]);
    assert!(!out.status.success());
    assert_eq!(
        stderr(&out).trim(),
        "aloud: flac cannot be written to standard output: write a file, or use --format wav or mp3 with -o -"
    );
    let out = sandbox.run(&["export", &input, "-o", "a.mp3", "--chapters", "c.doc"]);
    assert_error_line(&out, "aloud: cannot tell the chapter file format from \"c.doc\": name it *.json, *.cue or *.ffmetadata");
    assert_eq!(std::fs::read_dir(sandbox.path()).unwrap().count(), 1);
}

#[test]
fn another_sample_rate_is_resampled_and_keeps_the_length() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.ogg");
    let script = article();
    let mut on_event = |_: ExportEvent<'_>| {};
    let mut opts = ExportOptions {
        pauses: Default::default(),
        settings: VoiceSettings::default(),
        sample_rate: 16_000,
        cancel: None,
        on_event: &mut on_event,
    };
    let encode = script_encode_options(&script, 16_000);
    let report = export_file(&script, &path, Format::Ogg, &encode, tones(2), &mut opts).unwrap();
    let audio = aloud::media::decode::decode_file(&path).unwrap();
    assert_eq!(audio.sample_rate, 16_000);
    let want = expected_samples(&script) as f64 / TONE_RATE as f64;
    assert!(
        (report.seconds() - want).abs() < 0.01,
        "{} vs {want}",
        report.seconds()
    );
    assert!((audio.duration().as_secs_f64() - want).abs() < 0.01);
    // Chapter starts are where the sections start, in milliseconds, whatever the rate.
    let chapters = read_chapters(&path).unwrap();
    assert_eq!(
        chapters[1].start_ms,
        report.sections[1].start * 1000 / 16_000
    );
}

#[test]
fn an_interrupted_split_leaves_no_files_behind() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("parts");
    let script = article();
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let mut seen = 0;
    let cancel_ref = &cancel;
    let mut on_event = |_: ExportEvent<'_>| {
        seen += 1;
        // Stop in the middle of the second section.
        if seen == 4 {
            cancel_ref.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    };
    let mut opts = ExportOptions {
        pauses: Default::default(),
        settings: VoiceSettings::default(),
        sample_rate: TONE_RATE,
        cancel: Some(&cancel),
        on_event: &mut on_event,
    };
    let encode = script_encode_options(&script, TONE_RATE);
    let err =
        split::export_split(&script, &out, Format::Mp3, &encode, tones(1), &mut opts).unwrap_err();
    assert!(matches!(err, ExportError::Interrupted), "{err}");
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0);
}

#[test]
fn say_writes_an_mp3_through_the_binary_with_its_exact_length() {
    let sandbox = Sandbox::new();
    let dir = sandbox.path().join("data/aloud/voices");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("tone.toml"),
        "name = \"tone\"\nlanguage = \"en\"\nengine = \"tone\"\nrate = 120\n",
    )
    .unwrap();
    let mp3 = sandbox.path().join("hello.mp3");
    let out = sandbox.run(&[
        "say",
        "One two three four.",
        "-o",
        mp3.to_str().unwrap(),
        "--voice",
        "tone",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let audio = aloud::media::decode::decode_file(&mp3).unwrap();
    // Four words at 120 wpm (0.5 s each) and the final pause.
    let settings = VoiceSettings {
        rate_wpm: 120,
        ..VoiceSettings::default()
    };
    let want = 4 * TONE_RATE as usize / 2
        + pause_samples(Pause::SectionEnd.millis(), settings.rate_wpm, TONE_RATE);
    assert_eq!(audio.samples.len(), want);
    let chapters = read_chapters(&mp3).unwrap();
    assert_eq!(chapters.len(), 1);
    assert_eq!(chapters[0].title, "Start");
}

#[test]
fn reading_chapters_of_a_truncated_or_foreign_file_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let script = article();
    for format in [Format::Wav, Format::Mp3, Format::Ogg, Format::Flac] {
        let path = dir.path().join(format!("whole.{}", format.extension()));
        export(&script, &path, format).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let cut = dir.path().join(format!("cut.{}", format.extension()));
        for len in [0, 3, 11, 40, 100, 700, 5_000, bytes.len() / 2] {
            std::fs::write(&cut, &bytes[..len.min(bytes.len())]).unwrap();
            // Either an error or whatever chapters survive; never a panic.
            let _ = read_chapters(&cut);
        }
    }
    let text = dir.path().join("notes.mp3");
    std::fs::write(&text, "just some text").unwrap();
    let err = read_chapters(&text).unwrap_err();
    assert!(
        err.to_string().contains("not an audio file aloud writes"),
        "{err}"
    );
}

#[test]
fn a_cache_size_that_is_not_a_number_is_named_in_a_warning() {
    let sandbox = Sandbox::new();
    let out = sandbox
        .aloud()
        .args(["cache"])
        .env("ALOUD_CACHE_MB", "lots")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "aloud: warning: ALOUD_CACHE_MB=\"lots\" is not a number of megabytes; the cache keeps its default cap (set it to a whole number, e.g. 500)\n"
    );
    assert!(stdout(&out).contains("of 1074 MB in"), "{}", stdout(&out));
}
