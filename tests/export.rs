//! `aloud export`: the example article as one WAV, section by section, with the pauses the
//! segmenter asks for; failures leave no file.

use std::path::Path;

use aloud::audio::timing::pause_samples;
use aloud::export::{export_to_path, ExportEvent, ExportOptions};
use aloud::segment::{segment, Pause, SegmentOptions};
use aloud::synth::espeak::{EspeakSynth, ESPEAK_RATE};
use aloud::synth::pool::SynthFactory;
use aloud::synth::{Synthesizer, VoiceSettings};

use crate::util::{assert_error_line, example_article, stderr, Sandbox};

fn read_wav(p: &Path) -> (hound::WavSpec, Vec<i16>) {
    let mut r = hound::WavReader::open(p).unwrap();
    let spec = r.spec();
    (spec, r.samples::<i16>().map(|s| s.unwrap()).collect())
}

#[test]
fn example_article_exports_every_section_at_a_speaking_pace_with_silence_between() {
    let text = std::fs::read_to_string(example_article()).unwrap();
    let doc = aloud::article::text::parse(&text);
    let script = segment(&doc, &SegmentOptions::default());
    assert!(script.sections.len() > 5);
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("article.wav");
    let settings = VoiceSettings::default();
    let workers: Vec<SynthFactory> = vec![Box::new(|| {
        EspeakSynth::new("en-us").map(|s| Box::new(s) as Box<dyn Synthesizer>)
    })];
    let mut on_event = |_: ExportEvent<'_>| {};
    let mut opts = ExportOptions {
        pauses: Default::default(),
        settings,
        sample_rate: ESPEAK_RATE,
        cancel: None,
        on_event: &mut on_event,
    };
    let report = export_to_path(&script, &wav, workers, &mut opts).unwrap();
    assert_eq!(report.skipped, 0);
    let (spec, samples) = read_wav(&wav);
    assert_eq!(
        (spec.channels, spec.bits_per_sample, spec.sample_rate),
        (1, 16, ESPEAK_RATE)
    );
    assert_eq!(samples.len() as u64, report.samples);
    assert_eq!(report.sections.len(), script.sections.len());
    let rate = ESPEAK_RATE as f64;
    let section_end = pause_samples(Pause::SectionEnd.millis(), settings.rate_wpm, ESPEAK_RATE);
    for (span, section) in report.sections.iter().zip(&script.sections) {
        let words: usize = section
            .utterances
            .iter()
            .map(|u| u.spoken.split_whitespace().count())
            .sum();
        let pauses: usize = section
            .utterances
            .iter()
            .map(|u| pause_samples(u.pause.millis(), settings.rate_wpm, ESPEAK_RATE))
            .sum();
        let speech = (span.end - span.start) as f64 - pauses as f64;
        let wps = words as f64 / (speech / rate);
        // Short sections (a lone heading, a file name spelled out) have no steady pace.
        if words >= 30 {
            assert!(
                (2.0..=4.5).contains(&wps),
                "section {:?}: {words} words in {:.1} s",
                section.title,
                speech / rate
            );
        }
        assert!(speech > 0.0, "section {:?} is silent", section.title);
        // The section ends with the section-end pause: silence right up to the next one.
        let end = span.end as usize;
        assert!(samples[end - section_end..end].iter().all(|s| *s == 0));
        // And it starts with speech within a few milliseconds.
        let head = &samples[span.start as usize..span.start as usize + ESPEAK_RATE as usize / 10];
        assert!(
            head.iter().any(|s| s.unsigned_abs() > 1000),
            "{:?}",
            section.title
        );
    }
}

#[test]
fn export_to_an_unsupported_format_fails_before_any_work() {
    let sb = Sandbox::new();
    let out = sb.run(&[
        "export",
        example_article().to_str().unwrap(),
        "-o",
        sb.path().join("x.opus").to_str().unwrap(),
    ]);
    assert_error_line(&out, "aloud: cannot write \"opus\" files: name the output *.mp3, *.ogg, *.flac, *.wav or *.m4b, or pass --format");
    assert!(!sb.path().join("x.mp3").exists());
}

#[test]
fn export_command_writes_the_whole_article_with_worker_processes() {
    let sb = Sandbox::new();
    let wav = sb.path().join("article.wav");
    let out = sb.run(&[
        "export",
        example_article().to_str().unwrap(),
        "-o",
        wav.to_str().unwrap(),
        "--jobs",
        "2",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("aloud: wrote"), "{}", stderr(&out));
    let (spec, samples) = read_wav(&wav);
    let minutes = samples.len() as f64 / spec.sample_rate as f64 / 60.0;
    // About 2,300 words: 10 to 20 minutes at 175 words per minute with pauses.
    assert!((10.0..=20.0).contains(&minutes), "{minutes} minutes");
    let names: Vec<String> = std::fs::read_dir(sb.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains("partial")), "{names:?}");
}

#[test]
fn parallel_and_serial_exports_say_the_same_in_the_same_order() {
    // Where speech and silence fall, and (fresh-state workers) every sample.
    let sb = Sandbox::new();
    let input = sb.write(
        "short.txt",
        "A Short Piece\n\nThe first paragraph has two sentences. Here is the second.\n\nA Heading\n\nAnother paragraph follows. It ends here. One more sentence closes it.\n",
    );
    let mut outputs = Vec::new();
    for jobs in ["1", "3"] {
        let wav = sb.path().join(format!("j{jobs}.wav"));
        let out = sb.run(&[
            "export",
            input.to_str().unwrap(),
            "-o",
            wav.to_str().unwrap(),
            "-q",
            "--jobs",
            jobs,
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            stderr(&out).is_empty(),
            "-q prints nothing: {}",
            stderr(&out)
        );
        outputs.push(read_wav(&wav).1);
    }
    let (a, b) = (&outputs[0], &outputs[1]);
    let diff = (a.len() as f64 - b.len() as f64).abs() / a.len() as f64;
    assert!(diff < 0.005, "lengths {} and {}", a.len(), b.len());
    // Loudness per 50 ms window follows the same contour.
    let env = |s: &[i16]| -> Vec<bool> {
        s.chunks(1102)
            .map(|w| w.iter().map(|x| x.unsigned_abs() as u64).sum::<u64>() / w.len() as u64 > 300)
            .collect()
    };
    let (ea, eb) = (env(a), env(b));
    let same = ea.iter().zip(&eb).filter(|(x, y)| x == y).count();
    assert!(
        same * 100 >= ea.len().min(eb.len()) * 95,
        "{same} of {} windows agree",
        ea.len()
    );
    assert!(a == b, "--jobs 1 and --jobs 3 give different samples");
}

#[test]
fn parallel_export_with_a_deterministic_voice_is_sample_identical() {
    let sb = Sandbox::new();
    let dir = sb.path().join("data/aloud/voices");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("tone.toml"),
        "name = \"tone\"\nlanguage = \"en\"\nengine = \"tone\"\n",
    )
    .unwrap();
    let mut outputs = Vec::new();
    for jobs in ["1", "4"] {
        let wav = sb.path().join(format!("j{jobs}.wav"));
        let out = sb.run(&[
            "export",
            example_article().to_str().unwrap(),
            "-o",
            wav.to_str().unwrap(),
            "-q",
            "--voice",
            "tone",
            "--jobs",
            jobs,
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        outputs.push(read_wav(&wav).1);
    }
    assert!(outputs[0] == outputs[1], "outputs differ");
}

fn worker_command(voice: &str) -> std::process::Command {
    let mut cmd = std::process::Command::new(crate::util::aloud_bin());
    cmd.args(["synth-worker", "--voice", voice]);
    cmd
}

#[test]
fn a_worker_process_speaks_like_the_in_process_engine() {
    use aloud::synth::worker::ProcessSynth;
    let text = "Worker processes let two engines speak at once.";
    let settings = VoiceSettings::default();
    let mut remote = ProcessSynth::spawn(worker_command("en-us")).unwrap();
    assert_eq!(remote.sample_rate(), ESPEAK_RATE);
    let there = remote.synthesize(text, &settings).unwrap();
    let here = EspeakSynth::new("en-us")
        .unwrap()
        .synthesize(text, &settings)
        .unwrap();
    let diff = (there.samples.len() as f64 - here.samples.len() as f64).abs();
    assert!(
        diff < ESPEAK_RATE as f64 * 0.02,
        "{} vs {}",
        there.samples.len(),
        here.samples.len()
    );
    assert!((there.rms() - here.rms()).abs() < here.rms() * 0.1);
    // Empty text is empty audio there too, and the worker keeps serving.
    assert!(remote
        .synthesize(" ", &settings)
        .unwrap()
        .samples
        .is_empty());
    assert!(!remote
        .synthesize("Still here.", &settings)
        .unwrap()
        .samples
        .is_empty());
}

#[test]
fn a_worker_process_for_an_unknown_voice_says_why_it_cannot_start() {
    use aloud::synth::worker::ProcessSynth;
    let err = ProcessSynth::spawn(worker_command("nobody-here"))
        .err()
        .unwrap();
    assert!(err.is_fatal());
    assert!(
        err.to_string().contains("no voice named \"nobody-here\""),
        "{err}"
    );
}

#[test]
fn pauses_set_in_the_config_file_lengthen_the_export_as_they_do_listening() {
    // Three sentences of one paragraph: two sentence pauses, then the section's end.
    let text = "The first one is here. The second one is here. The third one is here.\n";
    let export = |sb: &Sandbox| {
        let f = sb.write("a.txt", text);
        let wav = sb.path().join("a.wav");
        let out = sb.run(&[
            "export",
            f.to_str().unwrap(),
            "--voice",
            "tone",
            "-o",
            wav.to_str().unwrap(),
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        read_wav(&wav)
    };
    let plain = Sandbox::new();
    let (spec, normal) = export(&plain);
    let set = Sandbox::new();
    std::fs::create_dir_all(set.path().join("config/aloud")).unwrap();
    set.write(
        "config/aloud/config.toml",
        "[pauses]\nsentence = 2000\nsection = 0\n",
    );
    let (_, longer) = export(&set);
    let rate = spec.sample_rate;
    let expected = 2 * (pause_samples(2000, 175, rate) - pause_samples(350, 175, rate)) as i64
        - pause_samples(Pause::SectionEnd.millis(), 175, rate) as i64;
    assert_eq!(longer.len() as i64 - normal.len() as i64, expected);

    // Out of range: the file and line say which.
    set.write("config/aloud/config.toml", "[pauses]\nsentence = 20000\n");
    let f = set.write("b.txt", text);
    let out = set.run(&[
        "export",
        f.to_str().unwrap(),
        "--voice",
        "tone",
        "-o",
        "b.wav",
    ]);
    assert_error_line(
        &out,
        &format!(
            "aloud: {}:2: the sentence pause of 20000 ms is too long: give 0 to 10000 milliseconds",
            set.path().join("config/aloud/config.toml").display()
        ),
    );
}

#[test]
fn an_output_that_would_replace_the_article_or_cannot_be_written_is_refused_before_speaking() {
    let sb = Sandbox::new();
    let article = "Harbour Notes\n\nThe cranes arrived on Monday. They were red.\n";
    let f = sb.write("notes.txt", article);
    let export = |extra: &[&str]| {
        sb.aloud()
            .current_dir(sb.path())
            .args(["export", "notes.txt", "--voice", "tone", "-q"])
            .args(extra)
            .output()
            .unwrap()
    };
    // The article itself as the audio, the chapters or the subtitles file: refused, kept.
    let o = export(&["-o", "notes.txt", "--format", "mp3"]);
    assert_error_line(
        &o,
        "aloud: notes.txt is the article being read: writing the audio there would replace it — name another file",
    );
    let o = export(&["-o", "notes.mp3", "--chapters", "./notes.txt"]);
    assert_error_line(
        &o,
        "aloud: ./notes.txt is the article being read: writing the chapters there would replace it — name another file",
    );
    assert_eq!(std::fs::read_to_string(&f).unwrap(), article);
    // A subtitles file in a folder that does not exist: refused before any audio is written.
    let o = export(&["-o", "notes.mp3", "--subtitles", "nowhere/notes.vtt"]);
    assert_error_line(
        &o,
        "aloud: cannot write the subtitles to nowhere/notes.vtt: the folder nowhere does not exist — create it or name another path",
    );
    assert!(!sb.path().join("notes.mp3").exists());
    // Audio bytes for a terminal: refused (a pipe or a file gets them).
    let log = sb.path().join("terminal.log");
    let mut cmd = sb.aloud();
    cmd.current_dir(sb.path())
        .args(["export", "notes.txt", "--voice", "tone", "-o", "-"]);
    let status = std::process::Command::new("script")
        .args([
            "-q",
            "-e",
            "-c",
            &crate::util::shell_line(&cmd),
            "/dev/null",
        ])
        .stdin(std::process::Stdio::null())
        .stdout(std::fs::File::create(&log).unwrap())
        .status()
        .expect("run script(1)");
    let screen = std::fs::read_to_string(&log).unwrap();
    assert_eq!(status.code(), Some(1), "{screen}");
    assert!(
        screen.contains("standard output is a terminal") && !screen.contains("RIFF"),
        "{screen}"
    );
    let piped = sb
        .aloud()
        .current_dir(sb.path())
        .args(["export", "notes.txt", "--voice", "tone", "-o", "-", "-q"])
        .output()
        .unwrap();
    assert!(piped.status.success(), "{}", stderr(&piped));
    assert!(piped.stdout.len() > 1000);
}

#[test]
fn a_vorbis_quality_out_of_range_is_refused_not_clamped() {
    let sb = Sandbox::new();
    sb.write("a.txt", "Tides\n\nThe tide turns at noon.\n");
    for bad in ["5", "-5", "nan"] {
        let o = sb
            .aloud()
            .current_dir(sb.path())
            .args([
                "export",
                "a.txt",
                "-o",
                "a.ogg",
                "--voice",
                "tone",
                "--quality",
                bad,
            ])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("give a quality from -0.1 to 1.0"),
            "{}",
            stderr(&o)
        );
        assert!(!sb.path().join("a.ogg").exists());
    }
}

#[test]
fn a_format_that_contradicts_the_output_name_is_refused() {
    let sb = Sandbox::new();
    sb.write("a.txt", "Tides\n\nThe tide turns at noon.\n");
    let o = sb
        .aloud()
        .current_dir(sb.path())
        .args([
            "export", "a.txt", "-o", "a.mp3", "--format", "ogg", "--voice", "tone",
        ])
        .output()
        .unwrap();
    assert_error_line(
        &o,
        "aloud: a.mp3 names a .mp3 file but --format says ogg: drop --format, or name the output *.ogg",
    );
    assert!(!sb.path().join("a.mp3").exists());
}
