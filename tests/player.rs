//! The player against the in-memory sink: order, pauses, skips across section edges, pause,
//! quit, speed, the end of the article and voice errors.

use std::time::Duration;

use aloud::player::controls::{ScriptedControls, Trigger};
use aloud::player::cursor::Position;
use aloud::player::prefetch::Prefetcher;
use aloud::player::sink::{AudioSink, Chunk, Event, MemorySink};
use aloud::player::{
    self, Command, NoControls, Observer, Outcome, PlayError, PlayOptions, PlayerEvent, Report, View,
};
use aloud::segment::{Pause, Script, ScriptSection, Utterance, UtteranceKind};
use aloud::synth::tone::{ToneSynth, TONE_RATE};
use aloud::synth::{Audio, SynthError, Synthesizer, VoiceSettings};

/// A script from `(heading, utterances)` pairs; an empty heading is the lead. Every utterance
/// gets a sentence pause, the last of each section a section-end pause.
pub fn script_of(sections: &[(&str, &[&str])]) -> Script {
    Script {
        title: Some("Three Parts".into()),
        byline: None,
        sections: sections
            .iter()
            .map(|(h, us)| {
                let n = us.len();
                ScriptSection {
                    title: (!h.is_empty()).then(|| h.to_string()),
                    utterances: us
                        .iter()
                        .enumerate()
                        .map(|(i, t)| Utterance {
                            text: t.to_string(),
                            spoken: t.to_string(),
                            kind: UtteranceKind::Sentence,
                            pause: if i + 1 == n {
                                Pause::SectionEnd
                            } else {
                                Pause::Sentence
                            },
                        })
                        .collect(),
                }
            })
            .collect(),
    }
}

/// Three sections of three utterances, each utterance a few words long.
fn three_parts() -> Script {
    script_of(&[
        (
            "",
            &["Alpha one two.", "Alpha three four.", "Alpha five six."],
        ),
        (
            "Beta",
            &["Beta one two.", "Beta three four.", "Beta five six."],
        ),
        (
            "Gamma",
            &["Gamma one two.", "Gamma three four.", "Gamma five."],
        ),
    ])
}

fn p(s: usize, u: usize) -> Position {
    Position::new(s, u)
}

#[derive(Default)]
struct Recorder(Vec<PlayerEvent>);

impl Observer for Recorder {
    fn on(&mut self, event: &PlayerEvent, _view: &View) {
        if *event != PlayerEvent::Tick {
            self.0.push(event.clone());
        }
    }
}

struct Run {
    sink: MemorySink,
    report: Report,
    events: Vec<PlayerEvent>,
}

fn play_with(
    script: &Script,
    synth: Box<dyn Synthesizer>,
    steps: Vec<(Trigger, Command)>,
    opts: PlayOptions,
) -> Result<Run, PlayError> {
    let mut sink = MemorySink::new(TONE_RATE);
    let prefetch = Prefetcher::of_voice(script, synth, VoiceSettings::default());
    let mut rec = Recorder::default();
    let mut controls = ScriptedControls::new(steps);
    let report = player::play(script, prefetch, &mut sink, &mut controls, &mut rec, &opts)?;
    Ok(Run {
        sink,
        report,
        events: rec.0,
    })
}

fn play(script: &Script, steps: Vec<(Trigger, Command)>) -> Run {
    play_with(
        script,
        Box::new(ToneSynth::new()),
        steps,
        PlayOptions::default(),
    )
    .unwrap()
}

fn tone(text: &str) -> Vec<f32> {
    ToneSynth::new()
        .synthesize(text, &VoiceSettings::default())
        .unwrap()
        .samples
}

fn ms_frames(ms: u32) -> usize {
    (TONE_RATE as u64 * ms as u64 / 1000) as usize
}

#[test]
fn every_utterance_plays_in_order_each_followed_by_its_pause() {
    let script = three_parts();
    let run = play(&script, vec![]);
    assert_eq!(run.report.outcome, Outcome::Finished);
    assert!(run.sink.finished());
    let played = run.sink.played();
    assert_eq!(played[0].what, Chunk::Lead);
    let mut i = 1;
    for (si, s) in script.sections.iter().enumerate() {
        for (ui, u) in s.utterances.iter().enumerate() {
            assert_eq!(played[i].what, Chunk::Speech(p(si, ui)));
            assert_eq!(played[i].samples, tone(&u.spoken));
            assert_eq!(played[i + 1].what, Chunk::Pause(p(si, ui)));
            assert_eq!(played[i + 1].samples.len(), ms_frames(u.pause.millis()));
            assert!(played[i + 1].samples.iter().all(|x| *x == 0.0));
            i += 2;
        }
    }
    assert_eq!(i, played.len());
    // Gapless: every chunk was heard in full, each starting where the previous ended.
    let mut clock = Duration::ZERO;
    for c in played {
        assert_eq!(c.heard, c.samples.len());
        let started = c.started.unwrap();
        assert!(
            started.abs_diff(clock) < Duration::from_millis(1),
            "{:?} started at {started:?}, expected {clock:?}",
            c.what
        );
        clock += Duration::from_secs_f64(c.samples.len() as f64 / TONE_RATE as f64);
    }
}

#[test]
fn observer_hears_each_section_start_then_each_utterance_boundary() {
    let script = script_of(&[("", &["a b.", "c d."]), ("Two", &["e f."])]);
    let run = play(&script, vec![]);
    assert_eq!(
        run.events,
        vec![
            PlayerEvent::SectionStarted(0),
            PlayerEvent::UtteranceStarted(p(0, 0)),
            PlayerEvent::UtteranceStarted(p(0, 1)),
            PlayerEvent::SectionStarted(1),
            PlayerEvent::UtteranceStarted(p(1, 0)),
        ]
    );
}

#[test]
fn next_section_mid_section_cuts_to_the_next_sections_first_utterance() {
    let script = three_parts();
    let run = play(
        &script,
        vec![(
            Trigger::At(p(0, 1), Duration::from_millis(300)),
            Command::NextSection,
        )],
    );
    let heard = run.sink.heard_speech();
    assert_eq!(&heard[..4], &[p(0, 0), p(0, 1), p(1, 0), p(1, 1)]);
    assert!(!heard.contains(&p(0, 2)));
    let cut = run
        .sink
        .played()
        .iter()
        .find(|c| c.what == Chunk::Speech(p(0, 1)))
        .unwrap();
    assert!(
        cut.heard < cut.samples.len(),
        "the skipped utterance was cut"
    );
    assert_eq!(run.report.skip_latencies.len(), 1);
    assert_eq!(run.report.outcome, Outcome::Finished);
}

#[test]
fn next_section_in_the_last_section_ends_the_article() {
    let script = three_parts();
    let run = play(
        &script,
        vec![(Trigger::At(p(2, 0), Duration::ZERO), Command::NextSection)],
    );
    assert_eq!(run.report.outcome, Outcome::Finished);
    assert_eq!(*run.sink.heard_speech().last().unwrap(), p(2, 0));
}

#[test]
fn previous_section_early_in_a_section_goes_to_the_previous_one() {
    let script = three_parts();
    let run = play(
        &script,
        vec![
            (
                Trigger::At(p(1, 0), Duration::from_millis(200)),
                Command::PreviousSection,
            ),
            (Trigger::At(p(0, 1), Duration::ZERO), Command::Quit),
        ],
    );
    let heard = run.sink.heard_speech();
    assert_eq!(
        heard,
        vec![p(0, 0), p(0, 1), p(0, 2), p(1, 0), p(0, 0), p(0, 1)]
    );
}

#[test]
fn previous_section_well_into_a_section_restarts_it() {
    // Each utterance lasts ~2.4 s at 175 wpm, so the third starts more than 3 s in.
    let long = "w w w w w w w.";
    let script = script_of(&[("", &["Lead."]), ("Long", &[long, long, long, long])]);
    let run = play(
        &script,
        vec![
            (
                Trigger::At(p(1, 2), Duration::ZERO),
                Command::PreviousSection,
            ),
            (Trigger::At(p(1, 1), Duration::ZERO), Command::Quit),
        ],
    );
    assert_eq!(
        run.sink.heard_speech(),
        vec![p(0, 0), p(1, 0), p(1, 1), p(1, 2), p(1, 0), p(1, 1)]
    );
}

#[test]
fn sentence_keys_cross_section_edges_both_ways() {
    let script = three_parts();
    let run = play(
        &script,
        vec![
            (Trigger::At(p(0, 2), Duration::ZERO), Command::NextUtterance),
            (
                Trigger::At(p(1, 0), Duration::from_millis(100)),
                Command::PreviousUtterance,
            ),
            (
                Trigger::At(p(0, 2), Duration::from_millis(100)),
                Command::Quit,
            ),
        ],
    );
    assert_eq!(
        run.sink.heard_speech(),
        vec![p(0, 0), p(0, 1), p(0, 2), p(1, 0), p(0, 2)]
    );
    assert_eq!(run.report.outcome, Outcome::Quit(p(0, 2)));
}

#[test]
fn jump_to_section_starts_that_section() {
    let script = three_parts();
    let run = play(
        &script,
        vec![(
            Trigger::At(p(0, 0), Duration::ZERO),
            Command::JumpToSection(2),
        )],
    );
    assert_eq!(
        run.sink.heard_speech(),
        vec![p(2, 0), p(2, 1), p(2, 2)],
        "the first utterance was replaced before any of it was heard"
    );
}

#[test]
fn pause_holds_the_playhead_and_loses_nothing() {
    let script = three_parts();
    let run = play(
        &script,
        vec![
            (
                Trigger::At(p(0, 1), Duration::from_millis(200)),
                Command::TogglePause,
            ),
            (Trigger::After(Duration::from_secs(2)), Command::TogglePause),
        ],
    );
    let paused: Vec<&Event> = run
        .sink
        .events()
        .iter()
        .filter(|e| matches!(e, Event::Paused(_) | Event::Resumed(_)))
        .collect();
    let (Event::Paused(a), Event::Resumed(b)) = (paused[0], paused[1]) else {
        panic!("expected a pause then a resume, got {paused:?}");
    };
    assert!(b.abs_diff(*a + Duration::from_secs(2)) < Duration::from_millis(10));
    assert!(run.sink.played().iter().all(|c| c.heard == c.samples.len()));
    assert!(run.events.contains(&PlayerEvent::Paused));
    assert!(run.events.contains(&PlayerEvent::Resumed));
    let silent_wait = run.sink.clock().as_secs_f64() - run.sink.heard_duration().as_secs_f64();
    assert!(
        (silent_wait - 2.0).abs() < 0.05,
        "clock ran {silent_wait} s beyond the audio"
    );
}

#[test]
fn quitting_mid_utterance_stops_there_and_reports_it() {
    let script = three_parts();
    let run = play(
        &script,
        vec![(
            Trigger::At(p(1, 1), Duration::from_millis(250)),
            Command::Quit,
        )],
    );
    assert_eq!(run.report.outcome, Outcome::Quit(p(1, 1)));
    assert_eq!(*run.sink.heard_speech().last().unwrap(), p(1, 1));
    let last = run
        .sink
        .played()
        .iter()
        .find(|c| c.what == Chunk::Speech(p(1, 1)))
        .unwrap();
    assert!(last.heard > 0 && last.heard < last.samples.len());
    assert!(!run.sink.finished());
}

#[test]
fn starting_at_a_position_skips_what_comes_before() {
    let script = three_parts();
    let run = play_with(
        &script,
        Box::new(ToneSynth::new()),
        vec![],
        PlayOptions {
            start: p(1, 2),
            ..PlayOptions::default()
        },
    )
    .unwrap();
    assert_eq!(
        run.sink.heard_speech(),
        vec![p(1, 2), p(2, 0), p(2, 1), p(2, 2)]
    );
}

fn speech_seconds(sink: &MemorySink) -> f64 {
    let n: usize = sink
        .played()
        .iter()
        .filter(|c| matches!(c.what, Chunk::Speech(_) | Chunk::Pause(_)))
        .map(|c| c.heard)
        .sum();
    n as f64 / TONE_RATE as f64
}

#[test]
fn double_speed_halves_the_listening_time() {
    let script = three_parts();
    let normal = play(&script, vec![]);
    let fast = play_with(
        &script,
        Box::new(ToneSynth::new()),
        vec![],
        PlayOptions {
            speed: 2.0,
            ..PlayOptions::default()
        },
    )
    .unwrap();
    let ratio = speech_seconds(&fast.sink) / speech_seconds(&normal.sink);
    assert!((ratio - 0.5).abs() < 0.03, "ratio {ratio}");
}

/// The tone voice, marking where each word starts (evenly spread, as a voice with word events
/// would report them).
struct MarkingTone;

impl Synthesizer for MarkingTone {
    fn synthesize(&mut self, spoken: &str, s: &VoiceSettings) -> Result<Audio, SynthError> {
        let mut audio = ToneSynth::new().synthesize(spoken, s)?;
        let words = spoken.split_whitespace().count().max(1);
        let len = audio.samples.len();
        audio.words = (0..words)
            .map(|word| aloud::audio::WordMark {
                sample: len * word / words,
                word,
            })
            .collect();
        Ok(audio)
    }
    fn sample_rate(&self) -> u32 {
        TONE_RATE
    }
}

/// What the observers see of the spoken word, in order, as (position, word, fraction), and the
/// speed of each view.
#[derive(Default)]
struct Words(Vec<(Position, Option<usize>, Option<f32>)>, Vec<f32>);

impl Observer for Words {
    fn on(&mut self, _event: &PlayerEvent, view: &View) {
        self.0
            .push((view.position, view.spoken_word, view.spoken_fraction));
        self.1.push(view.speed);
    }
}

fn words_seen(
    script: &Script,
    synth: Box<dyn Synthesizer>,
    steps: Vec<(Trigger, Command)>,
) -> Words {
    let mut sink = MemorySink::new(TONE_RATE);
    let prefetch = Prefetcher::of_voice(script, synth, VoiceSettings::default());
    let mut seen = Words::default();
    let mut controls = ScriptedControls::new(steps);
    player::play(
        script,
        prefetch,
        &mut sink,
        &mut controls,
        &mut seen,
        &PlayOptions::default(),
    )
    .unwrap();
    seen
}

#[test]
fn the_view_follows_the_voices_word_marks_word_by_word() {
    let script = script_of(&[("", &["one two three four five six seven eight nine ten."])]);
    let seen = words_seen(&script, Box::new(MarkingTone), vec![]).0;
    let words: Vec<usize> = seen
        .iter()
        .filter(|(p, _, _)| *p == Position::new(0, 0))
        .filter_map(|(_, w, _)| *w)
        .collect();
    assert!(words.windows(2).all(|w| w[0] <= w[1]), "{words:?}");
    let mut distinct = words.clone();
    distinct.dedup();
    assert!(
        distinct.len() >= 8,
        "the word moved through the sentence: {distinct:?}"
    );
    assert_eq!(distinct.first(), Some(&0));
    assert_eq!(distinct.last(), Some(&9));
}

#[test]
fn a_speed_change_mid_sentence_keeps_the_word_and_the_share_heard() {
    let script = script_of(&[("", &["one two three four five six seven eight nine ten."])]);
    let steps = vec![
        (
            Trigger::At(p(0, 0), Duration::from_millis(1200)),
            Command::Faster,
        ),
        (Trigger::After(Duration::ZERO), Command::Faster),
    ];
    let Words(seen, speeds) = words_seen(&script, Box::new(MarkingTone), steps);
    // The speed did change while the sentence played.
    let faster = seen
        .iter()
        .zip(&speeds)
        .any(|((p, w, _), s)| *p == Position::new(0, 0) && *s > 1.0 && w.is_some_and(|w| w < 9));
    assert!(faster, "{speeds:?}");
    let words: Vec<usize> = seen.iter().filter_map(|(_, w, _)| *w).collect();
    assert!(
        words.windows(2).all(|w| w[0] <= w[1]),
        "never back to an earlier word: {words:?}"
    );
    let fractions: Vec<f32> = seen.iter().filter_map(|(_, _, f)| *f).collect();
    assert!(
        fractions.windows(2).all(|f| f[0] <= f[1] + 1e-6),
        "{fractions:?}"
    );
    assert_eq!(words.last(), Some(&9));
}

#[test]
fn without_word_marks_the_share_heard_still_moves_through_the_sentence() {
    let script = script_of(&[("", &["one two three four five six seven eight nine ten."])]);
    let seen = words_seen(&script, Box::new(ToneSynth::new()), vec![]).0;
    assert!(
        seen.iter().all(|(_, w, _)| w.is_none()),
        "the tone voice marks no words"
    );
    let fractions: Vec<f32> = seen.iter().filter_map(|(_, _, f)| *f).collect();
    assert!(
        fractions.windows(2).all(|f| f[0] <= f[1] + 1e-6),
        "{fractions:?}"
    );
    assert!(
        fractions.iter().any(|f| (0.2..0.8).contains(f)),
        "{fractions:?}"
    );
    assert_eq!(fractions.last(), Some(&1.0));
}

#[test]
fn speed_keys_change_the_tempo_from_the_current_sentence_on() {
    let script = three_parts();
    let mut steps = vec![(
        Trigger::At(p(0, 1), Duration::from_millis(100)),
        Command::Faster,
    )];
    for _ in 0..9 {
        steps.push((Trigger::After(Duration::ZERO), Command::Faster));
    }
    let run = play(&script, steps);
    assert_eq!(run.report.speed, 2.0);
    assert!(run.events.contains(&PlayerEvent::Speed(2.0)));
    let later = run
        .sink
        .played()
        .iter()
        .find(|c| c.what == Chunk::Speech(p(2, 0)))
        .unwrap();
    let ratio = later.samples.len() as f64 / tone("Gamma one two.").len() as f64;
    assert!((ratio - 0.5).abs() < 0.03, "ratio {ratio}");
    // The sentence being spoken was finished at the new speed, not restarted.
    let restarts = run
        .sink
        .heard_speech()
        .iter()
        .filter(|x| **x == p(0, 0))
        .count();
    assert_eq!(restarts, 1);
}

#[test]
fn a_speed_change_before_the_first_word_loses_nothing() {
    let script = three_parts();
    let run = play(
        &script,
        vec![(Trigger::After(Duration::from_millis(10)), Command::Slower)],
    );
    let all: Vec<Position> = (0..3).flat_map(|s| (0..3).map(move |u| p(s, u))).collect();
    assert_eq!(run.sink.heard_speech(), all);
    assert_eq!(run.report.speed, 0.9);
}

#[test]
fn speed_stays_between_half_and_three() {
    let script = script_of(&[("", &["a b c."])]);
    let steps = (0..40)
        .map(|_| (Trigger::After(Duration::ZERO), Command::Faster))
        .collect();
    let run = play(&script, steps);
    assert_eq!(run.report.speed, 3.0);
}

#[test]
fn volume_keys_reach_the_sink() {
    let script = three_parts();
    let run = play(
        &script,
        vec![
            (Trigger::At(p(0, 1), Duration::ZERO), Command::Quieter),
            (Trigger::After(Duration::ZERO), Command::Quieter),
        ],
    );
    let volumes: Vec<&Event> = run
        .sink
        .events()
        .iter()
        .filter(|e| matches!(e, Event::Volume(_)))
        .collect();
    assert_eq!(volumes, vec![&Event::Volume(0.9), &Event::Volume(0.8)]);
}

#[test]
fn the_mute_key_silences_the_sink_and_a_second_press_restores_the_volume() {
    let script = three_parts();
    let run = play(
        &script,
        vec![
            (Trigger::At(p(0, 1), Duration::ZERO), Command::Quieter),
            (Trigger::After(Duration::ZERO), Command::ToggleMute),
            (Trigger::At(p(1, 0), Duration::ZERO), Command::ToggleMute),
        ],
    );
    let volumes: Vec<&Event> = run
        .sink
        .events()
        .iter()
        .filter(|e| matches!(e, Event::Volume(_)))
        .collect();
    assert_eq!(
        volumes,
        vec![
            &Event::Volume(0.9),
            &Event::Volume(0.0),
            &Event::Volume(0.9)
        ]
    );
}

#[test]
fn an_utterance_the_voice_cannot_say_is_skipped_with_a_warning() {
    let script = three_parts();
    let synth = ToneSynth {
        fail_on: Some("Beta three".into()),
    };
    let run = play_with(&script, Box::new(synth), vec![], PlayOptions::default()).unwrap();
    assert_eq!(run.report.outcome, Outcome::Finished);
    assert_eq!(run.report.skipped, 1);
    let heard = run.sink.heard_speech();
    assert_eq!(heard.len(), 8);
    assert!(!heard.contains(&p(1, 1)));
    assert!(run
        .events
        .iter()
        .any(|e| matches!(e, PlayerEvent::Warning(w) if w.contains("Beta three"))));
}

/// A voice that works for `good` utterances, then breaks for good.
struct Breaks {
    good: usize,
}

impl Synthesizer for Breaks {
    fn synthesize(&mut self, spoken: &str, s: &VoiceSettings) -> Result<Audio, SynthError> {
        if self.good == 0 {
            return Err(SynthError::Engine("the engine crashed".into()));
        }
        self.good -= 1;
        ToneSynth::new().synthesize(spoken, s)
    }

    fn sample_rate(&self) -> u32 {
        TONE_RATE
    }
}

#[test]
fn a_fatal_voice_error_stops_playback_with_an_error() {
    let script = three_parts();
    let err = play_with(
        &script,
        Box::new(Breaks { good: 2 }),
        vec![],
        PlayOptions::default(),
    )
    .err()
    .expect("a fatal error");
    assert!(err.to_string().contains("the engine crashed"), "{err}");
}

#[test]
fn from_start_goes_back_to_the_first_utterance() {
    let script = three_parts();
    let run = play(
        &script,
        vec![
            (Trigger::At(p(2, 0), Duration::ZERO), Command::FromStart),
            (Trigger::At(p(0, 1), Duration::ZERO), Command::Quit),
        ],
    );
    let heard = run.sink.heard_speech();
    assert_eq!(&heard[heard.len() - 2..], &[p(0, 0), p(0, 1)]);
}

#[test]
fn an_empty_script_finishes_at_once() {
    let script = script_of(&[]);
    let mut sink = MemorySink::new(TONE_RATE);
    let prefetch = Prefetcher::of_voice(
        &script,
        Box::new(ToneSynth::new()),
        VoiceSettings::default(),
    );
    let report = player::play(
        &script,
        prefetch,
        &mut sink,
        &mut NoControls,
        &mut player::NoObserver,
        &PlayOptions::default(),
    )
    .unwrap();
    assert_eq!(report.outcome, Outcome::Finished);
    assert!(sink.heard_speech().is_empty());
}

/// A voice that takes `late` to say utterances containing "late" (a slow engine falling
/// behind), and no time for the others.
struct LateSynth {
    tone: ToneSynth,
    late: Duration,
}

impl Synthesizer for LateSynth {
    fn synthesize(&mut self, spoken: &str, settings: &VoiceSettings) -> Result<Audio, SynthError> {
        if spoken.contains("late") {
            std::thread::sleep(self.late);
        }
        self.tone.synthesize(spoken, settings)
    }

    fn sample_rate(&self) -> u32 {
        TONE_RATE
    }
}

/// Remembers whether any view it saw was buffering.
#[derive(Default)]
struct BufferingSeen(bool);

impl Observer for BufferingSeen {
    fn on(&mut self, _event: &PlayerEvent, view: &View) {
        self.0 |= view.buffering;
    }
}

#[test]
fn a_voice_that_falls_behind_a_real_time_output_is_counted_and_shown_as_buffering() {
    // The second utterance takes 1.5 s to synthesize, far longer than the first one and its
    // pause last: the paced output runs dry while it is made.
    let script = script_of(&[("", &["Go.", "This one comes late.", "Then on."])]);
    let synth = LateSynth {
        tone: ToneSynth::new(),
        late: Duration::from_millis(1500),
    };
    let mut prefetch = Prefetcher::of_voice(&script, Box::new(synth), VoiceSettings::default());
    prefetch.want(vec![p(0, 0)]);
    let mut sink = aloud::player::sink::NullSink::new(TONE_RATE, true);
    let mut seen = BufferingSeen::default();
    let opts = PlayOptions {
        lookahead: 1,
        ..PlayOptions::default()
    };
    let report = player::play(
        &script,
        prefetch,
        &mut sink,
        &mut NoControls,
        &mut seen,
        &opts,
    )
    .unwrap();
    assert_eq!(report.outcome, Outcome::Finished);
    assert_eq!(report.underruns, 1, "{report:?}");
    assert!(report.starved > Duration::ZERO);
    assert!(seen.0, "the status was never told it was buffering");
}

#[test]
fn an_in_memory_or_unpaced_output_never_counts_underruns() {
    let script = script_of(&[("", &["Go.", "This one comes late.", "Then on."])]);
    let synth = LateSynth {
        tone: ToneSynth::new(),
        late: Duration::from_millis(200),
    };
    let mut prefetch = Prefetcher::of_voice(&script, Box::new(synth), VoiceSettings::default());
    prefetch.want(vec![p(0, 0)]);
    let mut sink = aloud::player::sink::NullSink::new(TONE_RATE, false);
    let report = player::play(
        &script,
        prefetch,
        &mut sink,
        &mut NoControls,
        &mut Recorder::default(),
        &PlayOptions::default(),
    )
    .unwrap();
    assert_eq!(report.underruns, 0);
}

/// Plays `script` to the end on a memory sink at `rate`; the length of every pause heard, in
/// samples.
fn pauses_heard(script: &Script, prefetch: Prefetcher, rate: u32, opts: &PlayOptions) -> Vec<u64> {
    let mut sink = MemorySink::new(rate);
    player::play(
        script,
        prefetch,
        &mut sink,
        &mut NoControls,
        &mut Recorder::default(),
        opts,
    )
    .unwrap();
    sink.played()
        .iter()
        .filter(|c| matches!(c.what, Chunk::Pause(_)))
        .map(|c| c.samples.len() as u64)
        .collect()
}

#[test]
fn pauses_set_by_the_listener_are_the_same_when_listening_and_in_the_file() {
    use aloud::export::{self, ExportOptions, Format};
    use aloud::segment::PauseLengths;
    let pauses = PauseLengths {
        sentence: 1000,
        section: 0,
        ..PauseLengths::default()
    };
    let script = script_of(&[("", &["The first sentence.", "A second one.", "The end."])]);
    let settings = VoiceSettings::default();
    let mut on_event = |_: aloud::export::ExportEvent| {};
    let mut opts = ExportOptions {
        pauses,
        settings,
        sample_rate: TONE_RATE,
        cancel: None,
        on_event: &mut on_event,
    };
    let encode = export::script_encode_options(&script, TONE_RATE);
    let workers: Vec<aloud::synth::pool::SynthFactory> = vec![Box::new(|| {
        Ok(Box::new(ToneSynth::new()) as Box<dyn Synthesizer>)
    })];
    let report = export::export_to_writer(
        &script,
        Vec::new(),
        Format::Wav,
        &encode,
        workers,
        &mut opts,
    )
    .unwrap();
    let spans = &report.utterances;
    let file_pauses: Vec<u64> = spans.windows(2).map(|w| w[1].start - w[0].end).collect();
    let mut prefetch = Prefetcher::of_voice(&script, Box::new(ToneSynth::new()), settings);
    prefetch.want(vec![p(0, 0)]);
    let play = PlayOptions {
        pauses,
        ..PlayOptions::default()
    };
    let heard = pauses_heard(&script, prefetch, TONE_RATE, &play);
    let second = TONE_RATE as u64;
    assert_eq!(file_pauses, vec![second, second]);
    assert_eq!(heard[..2], file_pauses[..]);
}

#[test]
fn listening_and_the_exported_file_pause_the_same_for_a_slow_voice() {
    use aloud::export::{self, ExportOptions, Format};
    use aloud::voices::Catalog;
    // en-us-slow speaks at 140 words per minute: its pauses are a quarter longer than the base
    // ones, when listening and in a file alike.
    let catalog = Catalog::load_from(None);
    let voice = catalog.get(Some("en-us-slow")).unwrap().clone();
    let settings = voice.settings;
    assert_eq!(settings.rate_wpm, 140);
    let script = script_of(&[
        ("", &["The first sentence.", "A second one."]),
        ("Next", &["Next", "Then the end."]),
    ]);
    // The file.
    let mut on_event = |_: aloud::export::ExportEvent| {};
    let synth = voice.synthesizer().unwrap();
    let rate = synth.sample_rate();
    let mut opts = ExportOptions {
        pauses: Default::default(),
        settings,
        sample_rate: rate,
        cancel: None,
        on_event: &mut on_event,
    };
    let encode = export::script_encode_options(&script, rate);
    let v = voice.clone();
    let workers: Vec<aloud::synth::pool::SynthFactory> = vec![Box::new(move || {
        v.synthesizer()
            .map_err(|e| SynthError::Unavailable(e.to_string()))
    })];
    let report = export::export_to_writer(
        &script,
        Vec::new(),
        Format::Wav,
        &encode,
        workers,
        &mut opts,
    )
    .unwrap();
    let spans = &report.utterances;
    let file_pauses: Vec<u64> = spans.windows(2).map(|w| w[1].start - w[0].end).collect();
    // Listening.
    let mut prefetch = Prefetcher::of_voice(&script, synth, settings);
    prefetch.want(vec![p(0, 0)]);
    let opts = PlayOptions {
        estimate_wpm: settings.rate_wpm,
        ..PlayOptions::default()
    };
    let heard_pauses = pauses_heard(&script, prefetch, rate, &opts);
    // Every pause between utterances, and they are longer than at the normal rate.
    assert_eq!(file_pauses.len(), 3);
    assert_eq!(heard_pauses[..3], file_pauses[..], "heard vs file");
    let base = (Pause::Sentence.millis() as u64) * rate as u64 / 1000;
    assert!(file_pauses[0] > base, "{} vs {base}", file_pauses[0]);
}
