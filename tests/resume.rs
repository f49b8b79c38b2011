//! Saved positions: atomic writes, a corrupt file moved aside, a changed article resuming at the
//! same heading, finished articles starting over, and the saver during playback.

use std::time::Duration;

use aloud::player::controls::{ScriptedControls, Trigger};
use aloud::player::cursor::Position;
use aloud::player::prefetch::Prefetcher;
use aloud::player::sink::MemorySink;
use aloud::player::{self, Command, Outcome, PlayOptions};
use aloud::resume::{
    article_key, plan, plan_with_legacy, saved_speed, Entry, LegacyKey, Plan, Saver, Store,
    STATE_FILE,
};
use aloud::synth::tone::{ToneSynth, TONE_RATE};
use aloud::synth::VoiceSettings;

use crate::player::script_of;

fn article() -> aloud::segment::Script {
    script_of(&[
        ("", &["Opening words here."]),
        ("Harbour Works", &["The cranes arrived.", "They were red."]),
        ("Quiet Evenings", &["Nobody came.", "The end."]),
    ])
}

#[test]
fn a_recorded_position_is_read_back_and_no_temporary_file_is_left() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path().join("aloud"));
    let script = article();
    let key = article_key(&script);
    let entry = Entry::new(&script, &key, "/a/b.txt", Position::new(1, 1), false);
    store.record(&entry).unwrap();
    let loaded = store.load();
    assert_eq!(loaded.entries, vec![entry]);
    assert!(loaded.warning.is_none());
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("aloud"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // The lock file that serializes saves stays (removing it would race with a waiting run).
    assert_eq!(
        names,
        [STATE_FILE.to_string(), format!("{STATE_FILE}.lock")]
    );
}

#[test]
fn recording_again_replaces_the_articles_entry() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    let script = article();
    let key = article_key(&script);
    store
        .record(&Entry::new(&script, &key, "/x", Position::new(1, 0), false))
        .unwrap();
    store
        .record(&Entry::new(&script, &key, "/x", Position::new(2, 1), false))
        .unwrap();
    let entries = store.load().entries;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].position, Position::new(2, 1));
    assert_eq!(entries[0].section_title.as_deref(), Some("Quiet Evenings"));
}

#[test]
fn percent_heard_counts_the_words_before_the_position() {
    let script = article();
    // 3 + 3 + 3 words before section 2; 13 words in all.
    let e = Entry::new(&script, "k", "/x", Position::new(2, 0), false);
    assert!((e.percent - 900.0 / 13.0).abs() < 0.01, "{}", e.percent);
    let done = Entry::new(&script, "k", "/x", Position::new(2, 1), true);
    assert_eq!(done.percent, 100.0);
}

#[test]
fn a_corrupt_state_file_is_moved_aside_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    std::fs::write(store.path(), b"{ not json").unwrap();
    let loaded = store.load();
    assert!(loaded.entries.is_empty());
    let warning = loaded.warning.expect("a warning");
    assert!(warning.contains("moved them to"), "{warning}");
    assert!(!store.path().exists());
    let aside: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("positions.json.corrupt-"))
        .collect();
    assert_eq!(aside.len(), 1);
    assert_eq!(
        std::fs::read(dir.path().join(&aside[0])).unwrap(),
        b"{ not json"
    );
    // And saving works again afterwards.
    let script = article();
    store
        .record(&Entry::new(&script, "k", "/x", Position::new(1, 0), false))
        .unwrap();
    assert_eq!(store.load().entries.len(), 1);
}

#[test]
fn the_same_text_resumes_from_another_source() {
    let script = article();
    let key = article_key(&script);
    let saved = vec![Entry::new(
        &script,
        &key,
        "/old/place.txt",
        Position::new(1, 1),
        false,
    )];
    let plan = plan(&saved, &script, &key, "/new/place.txt");
    assert_eq!(
        plan,
        Plan::Resume {
            position: Position::new(1, 1),
            notice: "Resuming §2/3 'Harbour Works' — press b to start from the beginning".into(),
        }
    );
}

#[test]
fn a_changed_article_resumes_at_the_same_heading() {
    let before = article();
    let saved = vec![Entry::new(
        &before,
        &article_key(&before),
        "/a.txt",
        Position::new(2, 1),
        false,
    )];
    let after = script_of(&[
        ("", &["Opening words here, now longer."]),
        ("A New Part", &["Inserted."]),
        ("Harbour Works", &["The cranes arrived."]),
        ("Quiet Evenings", &["Nobody came.", "The end."]),
    ]);
    let plan = plan(&saved, &after, &article_key(&after), "/a.txt");
    assert_eq!(plan.position(), Position::new(3, 0));
    assert!(
        plan.notice().unwrap().contains("changed"),
        "{:?}",
        plan.notice()
    );
}

#[test]
fn a_changed_article_without_that_heading_starts_over_with_a_notice() {
    let before = article();
    let saved = vec![Entry::new(
        &before,
        &article_key(&before),
        "/a.txt",
        Position::new(2, 0),
        false,
    )];
    let after = script_of(&[("", &["Something else entirely."]), ("Other", &["Text."])]);
    let plan = plan(&saved, &after, &article_key(&after), "/a.txt");
    assert_eq!(plan.position(), Position::new(0, 0));
    assert!(plan.notice().unwrap().contains("'Quiet Evenings' is gone"));
}

#[test]
fn a_finished_article_starts_from_the_beginning_with_a_notice() {
    let script = article();
    let key = article_key(&script);
    let saved = vec![Entry::new(
        &script,
        &key,
        "/a.txt",
        Position::new(2, 1),
        true,
    )];
    let plan = plan(&saved, &script, &key, "/a.txt");
    assert!(matches!(plan, Plan::Restart { .. }));
    assert_eq!(plan.position(), Position::new(0, 0));
    assert!(plan
        .notice()
        .unwrap()
        .starts_with("You finished this article on "));
}

#[test]
fn a_saved_section_past_the_end_starts_from_the_beginning_and_says_so() {
    let script = article();
    let key = article_key(&script);
    // Damaged or edited state: section 14 of an article of 3.
    let mut entry = Entry::new(&script, &key, "/a.txt", Position::new(2, 1), false);
    entry.position = Position::new(13, 0);
    let plan = plan(&[entry], &script, &key, "/a.txt");
    assert_eq!(plan.position(), Position::new(0, 0));
    assert_eq!(
        plan.notice(),
        Some(
            "The saved position (section 14) is past the end of this article (3 sections); \
             starting from the beginning."
        )
    );
}

#[test]
fn a_new_article_starts_silently_at_the_beginning() {
    let script = article();
    assert_eq!(
        plan(&[], &script, &article_key(&script), "/a.txt"),
        Plan::Fresh
    );
}

#[test]
fn a_position_at_the_very_start_is_not_announced() {
    let script = article();
    let key = article_key(&script);
    let saved = vec![Entry::new(
        &script,
        &key,
        "/a.txt",
        Position::new(0, 0),
        false,
    )];
    assert_eq!(plan(&saved, &script, &key, "/a.txt"), Plan::Fresh);
}

#[test]
fn key_ignores_case_and_spacing_but_not_words() {
    let a = script_of(&[("Part", &["The cranes  arrived."])]);
    let b = script_of(&[("part", &["the Cranes arrived."])]);
    let c = script_of(&[("Part", &["The boats arrived."])]);
    assert_eq!(article_key(&a), article_key(&b));
    assert_ne!(article_key(&a), article_key(&c));
}

#[test]
fn key_does_not_depend_on_where_a_section_is_cut_into_utterances() {
    let whole = script_of(&[("", &["Talks resume in Oman: both sides are wary."])]);
    let cut = script_of(&[("", &["Talks resume in Oman:", "both sides are wary."])]);
    let other = script_of(&[
        ("", &["Talks resume in Oman:"]),
        ("Next", &["both sides are wary."]),
    ]);
    assert_eq!(article_key(&whole), article_key(&cut));
    assert_ne!(article_key(&whole), article_key(&other));
}

/// The same article as an earlier aloud cut it (opening whole) and as it is cut now.
fn old_and_new() -> (aloud::segment::Script, aloud::segment::Script) {
    let old = script_of(&[
        (
            "",
            &[
                "Harbour Strike: What Changes Now",
                "First words.",
                "Second words here.",
            ],
        ),
        ("Cranes", &["They arrived."]),
    ]);
    let new = script_of(&[
        (
            "",
            &[
                "Harbour Strike:",
                "What Changes Now",
                "First words.",
                "Second words here.",
            ],
        ),
        ("Cranes", &["They arrived."]),
    ]);
    (old, new)
}

#[test]
fn a_position_saved_by_an_earlier_aloud_resumes_on_the_same_words() {
    let (old, new) = old_and_new();
    let legacy = LegacyKey::of(&old);
    assert_ne!(legacy.key(), article_key(&new));
    // Saved by an earlier version: its key and position count the old utterances, no words.
    let mut entry = Entry::new(&old, legacy.key(), "/a.txt", Position::new(0, 2), false);
    entry.word = None;
    let plan = plan_with_legacy(&[entry], &new, &article_key(&new), Some(&legacy), "/a.txt");
    // "Second words here." is utterance 2 of the old cut and 3 of the new one.
    assert_eq!(plan.position(), Position::new(0, 3));
    assert!(
        plan.notice().is_some_and(|n| n.starts_with("Resuming")),
        "{plan:?}"
    );
}

#[test]
fn a_position_saved_now_lands_on_the_same_words_if_the_cut_changes() {
    let (old, new) = old_and_new();
    // Saved at "Second words here." with this version's key, by words.
    let entry = Entry::new(
        &new,
        &article_key(&new),
        "/a.txt",
        Position::new(0, 3),
        false,
    );
    assert_eq!(entry.word, Some(7));
    // Read again by a version that cuts the opening differently: same key, same words.
    assert_eq!(article_key(&old), article_key(&new));
    let plan = plan(&[entry], &old, &article_key(&old), "/a.txt");
    assert_eq!(plan.position(), Position::new(0, 2));
}

#[test]
fn the_saver_keeps_the_utterance_being_heard_when_playback_quits() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    let script = article();
    let key = article_key(&script);
    let mut saver = Saver::new(store.clone(), &script, &key, "/a.txt");
    let mut sink = MemorySink::new(TONE_RATE);
    let prefetch = Prefetcher::of_voice(
        &script,
        Box::new(ToneSynth::new()),
        VoiceSettings::default(),
    );
    let mut controls = ScriptedControls::new(vec![(
        Trigger::At(Position::new(2, 0), Duration::from_millis(300)),
        Command::Quit,
    )]);
    let report = player::play(
        &script,
        prefetch,
        &mut sink,
        &mut controls,
        &mut saver,
        &PlayOptions::default(),
    )
    .unwrap();
    assert_eq!(report.outcome, Outcome::Quit(Position::new(2, 0)));
    // Saved at the boundary already, before any explicit save on quit.
    let entries = store.load().entries;
    assert_eq!(entries[0].position, Position::new(2, 0));
    assert!(!entries[0].finished);
    let plan = plan(&entries, &script, &key, "/a.txt");
    assert_eq!(plan.position(), Position::new(2, 0));
}

#[test]
fn a_speed_changed_while_listening_is_saved_for_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    let script = article();
    let key = article_key(&script);
    let mut saver = Saver::new(store.clone(), &script, &key, "/a.txt").with_speed(1.5);
    let mut sink = MemorySink::new(TONE_RATE);
    let prefetch = Prefetcher::of_voice(
        &script,
        Box::new(ToneSynth::new()),
        VoiceSettings::default(),
    );
    let mut controls = ScriptedControls::new(vec![
        (
            Trigger::At(Position::new(1, 0), Duration::from_millis(100)),
            Command::Faster,
        ),
        (
            Trigger::At(Position::new(2, 0), Duration::from_millis(100)),
            Command::Quit,
        ),
    ]);
    let opts = PlayOptions {
        speed: 1.5,
        ..PlayOptions::default()
    };
    let report = player::play(
        &script,
        prefetch,
        &mut sink,
        &mut controls,
        &mut saver,
        &opts,
    )
    .unwrap();
    assert!((report.speed - 1.6).abs() < 1e-4, "{}", report.speed);
    let entries = store.load().entries;
    let saved = saved_speed(&entries, &key, None, "/a.txt").expect("a saved speed");
    assert!((saved - 1.6).abs() < 1e-4, "{saved}");
    // A changed article read from the same file keeps the speed too; another file does not.
    assert_eq!(
        saved_speed(&entries, "other text", None, "/a.txt"),
        Some(saved)
    );
    assert_eq!(saved_speed(&entries, "other text", None, "/b.txt"), None);
}

#[test]
fn an_audio_file_stopped_well_into_a_chapter_resumes_inside_it_not_at_its_start() {
    use aloud::player::file::{AudioFile, PIECE_SECONDS};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("talk.wav");
    let rate = 8000;
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(&path, spec).unwrap();
    // Two and a half minutes of sound, no chapters.
    for i in 0..rate as usize * 150 {
        w.write_sample(((i % 50) as i16 - 25) * 400).unwrap();
    }
    w.finalize().unwrap();
    let file = AudioFile::open(&path).unwrap();
    let store = Store::new(dir.path());
    let mut saver = Saver::new(store.clone(), &file.script, &file.key, "/talk.wav");
    let mut sink = MemorySink::new(rate);
    let prefetch = Prefetcher::start(Box::new(file.pieces()));
    // Stop 100 s in: in the fourth 30-second piece.
    let mut controls = ScriptedControls::new(vec![(
        Trigger::After(Duration::from_secs(100)),
        Command::Quit,
    )]);
    let opts = PlayOptions::default();
    let report = player::play(
        &file.script,
        prefetch,
        &mut sink,
        &mut controls,
        &mut saver,
        &opts,
    )
    .unwrap();
    let Outcome::Quit(at) = report.outcome else {
        panic!("{:?}", report.outcome)
    };
    saver.save(at, false).unwrap();
    let entries = store.load().entries;
    let resumed = plan(&entries, &file.script, &file.key, "/talk.wav").position();
    // The resumed piece starts at most a piece before where the listener stopped.
    let piece_start = resumed.utterance as u64 * PIECE_SECONDS;
    assert_eq!(resumed.section, 0);
    assert!(
        (100 - PIECE_SECONDS..=100).contains(&piece_start),
        "resumes at {piece_start} s after stopping at 100 s"
    );
}

#[test]
fn runs_saving_at_the_same_time_keep_every_articles_position() {
    // Issue 17: two to four `listen` runs sharing a state folder lost positions, each writing
    // back what it had read before another's save.
    let dir = tempfile::tempdir().unwrap();
    let script = article();
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let store = Store::new(dir.path());
            let script = script.clone();
            std::thread::spawn(move || {
                for i in 0..25 {
                    let source = format!("/run{t}/article{i}.txt");
                    let key = format!("key-{t}-{i}");
                    let entry = Entry::new(&script, &key, &source, Position::new(1, 1), false);
                    store.record(&entry).unwrap();
                }
                // This run's last article, finished: it must not go back to where it was.
                let entry = Entry::new(
                    &script,
                    &format!("key-{t}-24"),
                    &format!("/run{t}/article24.txt"),
                    Position::new(2, 1),
                    true,
                );
                store.record(&entry).unwrap();
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let entries = Store::new(dir.path()).load().entries;
    assert_eq!(entries.len(), 100, "positions were lost");
    for t in 0..4 {
        let last = entries.iter().find(|e| e.key == format!("key-{t}-24"));
        assert!(last.is_some_and(|e| e.finished && e.percent == 100.0));
    }
}

#[test]
fn reading_the_title_before_a_first_heading_keeps_saved_positions() {
    use aloud::article::{Block, BlockKind, Document, Section};
    use aloud::segment::{segment, SegmentOptions, UtteranceKind};
    let doc = Document {
        title: Some("The Long Road Home".into()),
        byline: None,
        sections: vec![Section {
            heading: Some("Part One".into()),
            level: 2,
            blocks: vec![Block::new(
                BlockKind::Paragraph,
                "She left at dawn. The road was long. Nobody saw her go.",
            )],
        }],
    };
    let now = segment(&doc, &SegmentOptions::default());
    assert_eq!(now.sections[0].utterances[0].kind, UtteranceKind::Title);
    // As aloud read it before the title was spoken there.
    let mut before = now.clone();
    before.sections[0].utterances.remove(0);
    let key = article_key(&now);
    assert_eq!(
        key,
        article_key(&before),
        "positions saved before still match"
    );
    // A position saved before, at "Nobody saw her go.", resumes there.
    let saved = Entry::new(&before, &key, "/road.md", Position::new(0, 3), false);
    let Plan::Resume { position, .. } = plan(&[saved], &now, &key, "/road.md") else {
        panic!("no resume");
    };
    assert_eq!(
        now.sections[0].utterances[position.utterance].text,
        "Nobody saw her go."
    );
    // A position saved by a version that kept no word count lands there too.
    let mut older = Entry::new(&before, &key, "/road.md", Position::new(0, 3), false);
    older.word = None;
    let Plan::Resume { position: p, .. } = plan(&[older], &now, &key, "/road.md") else {
        panic!("no resume");
    };
    assert_eq!(p, position);
    // And a position saved now lands on the same words.
    let saved = Entry::new(&now, &key, "/road.md", position, false);
    let Plan::Resume {
        position: again, ..
    } = plan(&[saved], &now, &key, "/road.md")
    else {
        panic!("no resume");
    };
    assert_eq!(again, position);
}
