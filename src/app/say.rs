//! `aloud say TEXT`: a text through the same segmenter and voice as an article, played on the
//! audio device or written to a file with `-o`.

use crate::app::export::*;
use crate::app::listen::*;
use crate::app::*;
use crate::cli::*;
use aloud::article::Block;
use aloud::article::BlockKind;
use aloud::article::Document;
use aloud::article::Section;
use aloud::export;
use aloud::player;
use aloud::player::controls::SignalControls;
use aloud::player::cursor::Position;
use aloud::player::Outcome;
use aloud::player::PlayOptions;
use aloud::segment;
use aloud::segment::Script;
use aloud::segment::SegmentOptions;
use anyhow::Context;
use anyhow::Result;
use std::process::ExitCode;

/// `aloud say TEXT`: the text through the same segmenter and voice as an article, played on the
/// audio device, or written to a WAV with `-o`.
pub(crate) fn say(args: SayArgs) -> Result<ExitCode> {
    let blocks: Vec<Block> = args
        .text
        .split("\n\n")
        .map(|p| Block::new(BlockKind::Paragraph, p))
        .filter(|b| !b.text.is_empty())
        .collect();
    if blocks.is_empty() {
        anyhow::bail!("nothing to say: give some text, e.g. `aloud say \"Hello there.\"`");
    }
    let doc = Document {
        title: None,
        byline: None,
        sections: vec![Section {
            heading: None,
            level: 0,
            blocks,
        }],
    };
    let seg = SegmentOptions {
        lexicon: load_lexicon(args.lexicon.as_deref()).context("loading the lexicon")?,
        ..SegmentOptions::default()
    };
    let script = segment::segment(&doc, &seg);
    let Some(output) = args.output else {
        return say_aloud(&script, &args.voice);
    };
    refuse_speaking_voice(&args.voice)?;
    export::Format::from_path(&output)?;
    let speaker = speaker(
        &args.voice,
        Jobs {
            given: Some(1),
            fast_voice: 1,
        },
    )?;
    let voice = speaker.voice.name.clone();
    let result = write_audio(&script, &output, speaker, false)?;
    finish_export(result, &output, &voice, false)
}

/// Plays a `say` script on the audio device: no status line, no saved position, Ctrl-C stops.
pub(crate) fn say_aloud(script: &Script, voice: &VoiceArgs) -> Result<ExitCode> {
    let PlayVoice {
        source, settings, ..
    } = make_synth(voice)?;
    let start = Position::new(0, 0);
    let play = Playback {
        speed: None,
        device: true,
        paced: true,
        timings: false,
        reader: false,
        queue: None,
    };
    let sound = backend(script, source, settings, start, &play).map_err(|e| {
        // The listen hint ("aloud export", "--output null") does not fit `say`, whose -o is a
        // file.
        #[cfg(feature = "playback")]
        if let Some(aloud::player::rodio_sink::DeviceError::Unavailable { reason }) =
            e.downcast_ref()
        {
            return anyhow::anyhow!(
                "no audio device could be opened ({reason}) — write the speech to a file \
                 instead: `aloud say TEXT -o speech.wav`"
            );
        }
        e
    })?;
    let opts = PlayOptions {
        start,
        speed: 1.0,
        estimate_wpm: settings.rate_wpm,
        ..PlayOptions::default()
    };
    let mut controls = SignalControls::new();
    let report = run_player(script, sound, &mut controls, player::NoObserver, &opts)?;
    Ok(match report.outcome {
        Outcome::Interrupted(_) => {
            ExitCode::from(aloud::player::controls::interrupted_exit_status())
        }
        _ => ExitCode::SUCCESS,
    })
}
