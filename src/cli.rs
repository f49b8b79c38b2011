//! The command line, parsed with clap. This is the only module that knows about clap: `app`
//! turns these structs into library calls.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Reads articles aloud: finds their sections, speaks them with a local voice, skips, pauses,
/// resumes where you left off, and exports audio files with one chapter per section.
#[derive(Debug, Parser)]
#[command(name = "aloud", version, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print an article's sections with utterance counts and listening time.
    Outline(OutlineArgs),
    /// Speak a text given on the command line (or write it to an audio file with -o).
    Say(SayArgs),
    /// Write an article to an audio file, or many articles to a folder with a manifest.
    Export(ExportArgs),
    /// Write a podcast feed (RSS 2.0, iTunes tags, chapters) of a folder `aloud export` wrote.
    Feed(FeedArgs),
    /// List the voices aloud knows and whether each can run here; install or remove Piper voices.
    Voices(VoicesArgs),
    /// Show how much the cache of synthesized speech holds; `aloud cache clear` empties it.
    Cache(CacheArgs),
    /// Read an article aloud: skip sections, pause, change speed; resumes where you stopped.
    #[command(after_help = crate::app::terminal::keys::KEYS_HELP)]
    Listen(ListenArgs),
    /// Continue the queue (`aloud queue`) when there is one, else the article listened to most
    /// recently, from its saved source.
    #[command(after_help = crate::app::terminal::keys::KEYS_HELP)]
    Resume(ResumeArgs),
    /// List saved listening positions: title, source, section reached, percent heard, when.
    History(HistoryArgs),
    /// Keep a queue of articles to listen to: add, list, remove, clear. `aloud listen --queue`
    /// (or `aloud resume`) plays it.
    Queue(QueueArgs),
    /// Forget the saved position of an article (a file, URL or title as `aloud history` shows).
    Forget(ForgetArgs),
    /// Internal: serve synthesis requests on stdin/stdout for a parallel export.
    #[command(hide = true, name = "synth-worker")]
    SynthWorker(WorkerArgs),
}

/// Where the article comes from and how to read it.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// A file, `-` for standard input, or an http(s):// URL.
    pub input: String,
    #[command(flatten)]
    pub reading: ReadingArgs,
}

impl InputArgs {
    /// `input`, read with the defaults (as history and the queue read articles again).
    pub fn plain(input: &str) -> InputArgs {
        InputArgs {
            input: input.to_string(),
            reading: ReadingArgs::default(),
        }
    }
}

/// How to read articles: the options of every command that reads one.
#[derive(Debug, Args, Clone, Default)]
pub struct ReadingArgs {
    /// Read the input as this format instead of detecting it.
    #[arg(long, value_enum)]
    pub input_format: Option<InputFormat>,
    /// A lexicon file (TOML, `word = "replacement"`, optional `[regex]` table) applied before the
    /// spoken-form rules; its entries win over `$XDG_CONFIG_HOME/aloud/lexicon.toml`, which is
    /// always read when it exists.
    #[arg(long, value_name = "FILE")]
    pub lexicon: Option<PathBuf>,
    /// Parts of the article not to read (`--skip footnotes`: footnote texts, which are otherwise
    /// read at the end of their section after "Notes."). Repeatable.
    #[arg(long, value_enum, value_name = "PART")]
    pub skip: Vec<SkipPart>,
}

/// Parts of an article that `--skip` leaves out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SkipPart {
    /// Footnote texts (the marks in sentences are never read).
    Footnotes,
}

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// Plain text.
    Text,
    /// Markdown.
    Markdown,
    /// HTML.
    Html,
}

impl From<InputFormat> for aloud::article::Format {
    fn from(f: InputFormat) -> Self {
        match f {
            InputFormat::Text => aloud::article::Format::Text,
            InputFormat::Markdown => aloud::article::Format::Markdown,
            InputFormat::Html => aloud::article::Format::Html,
        }
    }
}

/// Voice selection, shared by every command that speaks.
#[derive(Debug, Args, Clone, Default)]
pub struct VoiceArgs {
    /// The voice to use (see `aloud voices`); default: `voice` in config.toml, else the best
    /// installed voice (Kokoro, then Piper, then the built-in en-us).
    #[arg(long, short = 'v')]
    pub voice: Option<String>,
    /// Where `voice` was set when it came from the config file (`path:line`), for messages.
    #[arg(skip)]
    pub voice_from: Option<String>,
    /// Speaking rate in words per minute (40–800), overriding the voice's.
    #[arg(long, value_parser = clap::value_parser!(u32).range(40..=800))]
    pub rate: Option<u32>,
    /// Pitch 0–100, overriding the voice's.
    #[arg(long, value_parser = clap::value_parser!(u8).range(0..=100))]
    pub pitch: Option<u8>,
}

/// `aloud outline`.
#[derive(Debug, Args)]
pub struct OutlineArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Print the JSON contract (title, sections, utterances with text and spoken form).
    #[arg(long)]
    pub json: bool,
    /// List each utterance's spoken form under its section.
    #[arg(long)]
    pub spoken: bool,
}

/// `aloud say`.
#[derive(Debug, Args)]
pub struct SayArgs {
    /// The text to speak.
    pub text: String,
    /// Write the speech to this audio file instead of playing it; its extension picks the
    /// format (mp3, ogg, flac, wav, m4b).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub voice: VoiceArgs,
    /// A lexicon file applied before the spoken-form rules.
    #[arg(long, value_name = "FILE")]
    pub lexicon: Option<PathBuf>,
}

/// `aloud export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The article: a file, `-` for standard input, or an http(s):// URL. Several articles, a
    /// folder (its .txt, .md and .html files) or an RSS/Atom feed (file or URL: its entries) make
    /// a batch: one audio file each in the folder given with -o, plus manifest.json.
    #[arg(value_name = "ARTICLE", required_unless_present_any = ["list", "merge"])]
    pub inputs: Vec<String>,
    #[command(flatten)]
    pub reading: ReadingArgs,
    /// A batch's articles, one file or URL a line (`#` starts a comment line): a batch into
    /// the folder given with -o.
    #[arg(long, value_name = "FILE")]
    pub list: Option<PathBuf>,
    /// The audio file to write; its extension picks the format (mp3, ogg, flac, wav, m4b).
    /// `-` streams WAV (or `--format mp3`) to standard output. For a batch: the folder.
    #[arg(
        long,
        short = 'o',
        value_name = "FILE|DIR",
        required_unless_present_any = ["split", "merge"]
    )]
    pub output: Option<PathBuf>,
    /// Render only shard I of N of a batch (`--shard 0/3`): the articles whose content key falls
    /// in it. Writes manifest.part-I-of-N.json; `--merge DIR` joins the parts.
    #[arg(long, value_name = "I/N", conflicts_with = "shards")]
    pub shard: Option<String>,
    /// Split a batch into N shards and render the one named by JOB_COMPLETION_INDEX (Kubernetes
    /// Indexed Jobs) or AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch array jobs).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100000))]
    pub shards: Option<u32>,
    /// Join the manifest parts of a sharded batch in DIR into DIR/manifest.json.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["inputs", "list", "output", "split"])]
    pub merge: Option<PathBuf>,
    /// In a batch, exit with 65 when any article fails (by default a failed article is recorded
    /// in the manifest and the batch still succeeds).
    #[arg(long)]
    pub strict: bool,
    /// The format, when the file name does not say (default for --split: mp3).
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<AudioFormat>,
    /// Write one file per section into DIR (`01 - Title.mp3`, …) plus an .m3u playlist,
    /// instead of one file.
    #[arg(long, value_name = "DIR", conflicts_with = "output")]
    pub split: Option<PathBuf>,
    /// Also write the chapter list to FILE: .json, .cue or .ffmetadata.
    #[arg(long, value_name = "FILE")]
    pub chapters: Option<PathBuf>,
    /// Also write subtitles to FILE (.vtt or .srt): one cue per sentence with its exact times
    /// (from the start of the article, also with --split).
    #[arg(long, value_name = "FILE")]
    pub subtitles: Option<PathBuf>,
    /// MP3/AAC bitrate in kbit/s, mono (default 64; below 64 at 22 kHz the MP3 length tag does
    /// not fit and the decoded length may run ~50 ms long).
    #[arg(long, value_name = "KBPS", value_parser = clap::value_parser!(u32).range(8..=320))]
    pub bitrate: Option<u32>,
    /// Ogg Vorbis quality from -0.1 to 1.0 (default 0.2, about 48 kbit/s for speech).
    #[arg(long, value_name = "Q", allow_negative_numbers = true, value_parser = vorbis_quality)]
    pub quality: Option<f32>,
    /// Output sample rate in Hz (default: the voice's own, e.g. 22050); resampled when different.
    #[arg(long, value_name = "HZ", value_parser = clap::value_parser!(u32).range(8000..=96000))]
    pub sample_rate: Option<u32>,
    /// Neither read nor fill the cache of synthesized speech.
    #[arg(long)]
    pub no_cache: bool,
    #[command(flatten)]
    pub voice: VoiceArgs,
    /// Print no progress.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Synthesis workers to run in parallel (default: one per CPU core, less the one the encoder
    /// of a compressed format uses).
    #[arg(long, short = 'j', value_parser = clap::value_parser!(u32).range(1..=64))]
    pub jobs: Option<u32>,
}

impl ExportArgs {
    /// The reading options for one article, `source`.
    pub fn input_args(&self, source: &str) -> InputArgs {
        InputArgs {
            input: source.to_string(),
            reading: self.reading.clone(),
        }
    }
}

/// `aloud feed DIR --base-url URL`.
#[derive(Debug, Args)]
pub struct FeedArgs {
    /// The folder a batch export wrote (with its manifest.json).
    pub dir: PathBuf,
    /// The address the folder is published at (each episode's URL is BASE-URL/FILE).
    #[arg(long, value_name = "URL")]
    pub base_url: String,
    /// Where to write the feed (default: DIR/feed.xml).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// A TOML file with the show's title, description, author, link, image, language, category
    /// and email (default: DIR/show.toml when it exists); the flags below win over it.
    #[arg(long, value_name = "FILE")]
    pub show: Option<PathBuf>,
    /// The show's title (default: the folder's name).
    #[arg(long)]
    pub title: Option<String>,
    /// The show's description.
    #[arg(long)]
    pub description: Option<String>,
    /// Who publishes the show.
    #[arg(long)]
    pub author: Option<String>,
    /// The cover image's URL (square, 1400–3000 px).
    #[arg(long, value_name = "URL")]
    pub image: Option<String>,
    /// The show's website (default: the base URL).
    #[arg(long, value_name = "URL")]
    pub link: Option<String>,
    /// The language (default: en).
    #[arg(long)]
    pub language: Option<String>,
}

/// Audio formats for `--format`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum AudioFormat {
    /// MP3 (LAME), ID3 chapters.
    Mp3,
    /// Ogg Vorbis, chapter comments.
    Ogg,
    /// FLAC, chapter comments.
    Flac,
    /// 16-bit WAV, cue chapters.
    Wav,
    /// AAC in MP4 with a chapter track (needs ffmpeg).
    M4b,
}

/// `aloud cache`.
#[derive(Debug, Args)]
pub struct CacheArgs {
    /// What to do (default: show the size).
    #[command(subcommand)]
    pub action: Option<CacheAction>,
}

/// `aloud cache` actions.
#[derive(Debug, Subcommand)]
pub enum CacheAction {
    /// Delete every cached utterance and the fast-loading copies of Piper models.
    Clear,
}

/// Where audio goes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Output {
    /// The default audio device.
    #[default]
    Device,
    /// Nowhere: run the whole pipeline (status line and resume included) without a device.
    Null,
}

/// What the terminal shows while listening.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Screen {
    /// The article, the spoken sentence highlighted, a bar at the bottom.
    #[default]
    Reader,
    /// One status line.
    Plain,
}

/// Playback options shared by `listen` and `resume`.
#[derive(Debug, Args, Clone)]
pub struct PlayArgs {
    /// Tempo, 0.5 to 3 (pitch unchanged); `+`/`-` change it while listening. Default: the
    /// speed last used for this article, else 1.
    #[arg(long, value_name = "FACTOR")]
    pub speed: Option<f32>,
    /// Where the audio goes.
    #[arg(long, value_enum, default_value_t = Output::Device)]
    pub output: Output,
    /// With `--output null`: run as fast as possible instead of in real time.
    #[arg(long)]
    pub no_pace: bool,
    /// What the terminal shows: the article with the spoken sentence highlighted (`reader`,
    /// in a terminal of at least 60×15 that is not `TERM=dumb`), or one status line (`plain`).
    #[arg(long, value_enum, default_value_t = Screen::Reader)]
    pub view: Screen,
    /// Print on stderr how long it took until the first sample reached the output, and how long
    /// each skip took until the new position's first sample.
    #[arg(long)]
    pub timings: bool,
}

/// `aloud listen`.
#[derive(Debug, Args)]
pub struct ListenArgs {
    /// Articles to play in order: files, `-` for standard input, or http(s):// URLs (audio
    /// files play with their chapters as sections).
    #[arg(value_name = "ARTICLE", required_unless_present = "queue")]
    pub inputs: Vec<String>,
    #[command(flatten)]
    pub reading: ReadingArgs,
    /// Play the queue (`aloud queue`): each article from where it was left; finished ones leave
    /// the queue.
    #[arg(long, conflicts_with_all = ["inputs", "section", "from_start"])]
    pub queue: bool,
    #[command(flatten)]
    pub voice: VoiceArgs,
    #[command(flatten)]
    pub play: PlayArgs,
    /// Start from the beginning, ignoring the saved position (every article given).
    #[arg(long, conflicts_with = "section")]
    pub from_start: bool,
    /// Start at section N (from 1, as `aloud outline` numbers them) or at the first section
    /// whose heading contains these words (the first article given).
    #[arg(long, value_name = "N|WORDS")]
    pub section: Option<String>,
}

impl ListenArgs {
    /// The input options for one of the articles.
    pub fn input(&self, input: &str) -> InputArgs {
        InputArgs {
            input: input.to_string(),
            reading: self.reading.clone(),
        }
    }
}

/// `aloud resume`.
#[derive(Debug, Args)]
pub struct ResumeArgs {
    #[command(flatten)]
    pub voice: VoiceArgs,
    #[command(flatten)]
    pub play: PlayArgs,
}

/// `aloud queue`: lists the queue when given no subcommand.
#[derive(Debug, Args)]
pub struct QueueArgs {
    /// What to do (default: list).
    #[command(subcommand)]
    pub action: Option<QueueAction>,
}

/// `aloud queue add|list|remove|clear`.
#[derive(Debug, Subcommand)]
pub enum QueueAction {
    /// Add articles (files or http(s):// URLs) at the end of the queue.
    Add {
        /// The articles.
        #[arg(required = true, value_name = "ARTICLE")]
        articles: Vec<String>,
    },
    /// List the queue with where each article stands (the default).
    List,
    /// Take an article out of the queue: its number in `aloud queue list`, or its file or URL.
    Remove {
        /// A number from 1, a file or a URL.
        article: String,
    },
    /// Empty the queue (the saved positions stay).
    Clear,
}

/// `aloud history`.
#[derive(Debug, Args)]
pub struct HistoryArgs {}

/// `aloud forget`.
#[derive(Debug, Args)]
pub struct ForgetArgs {
    /// The article: the file or URL it was read from, or its title.
    pub article: String,
}

/// `aloud voices`: lists the voices when given no subcommand.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct VoicesArgs {
    /// What to do (default: list).
    #[command(subcommand)]
    pub action: Option<VoicesAction>,
    /// List the voices the operating system offers (speech-dispatcher, macOS, Windows) for
    /// `[system] voice` in a voice file; needs aloud built with the system-voice feature.
    #[arg(long, conflicts_with = "available")]
    pub system: bool,
    /// List the voices that can be installed (Kokoro's, and the Piper voice collection's), with
    /// their download sizes.
    #[arg(long)]
    pub available: bool,
}

/// `aloud voices list|install|remove`.
#[derive(Debug, Subcommand)]
pub enum VoicesAction {
    /// List the voices aloud knows and whether each can run here (the default).
    List,
    /// Install neural voices: `kokoro` (every English Kokoro voice, 121 MB), a Piper voice by
    /// name, or `onnxruntime` (the runtime they need, fetched by the others when missing).
    Install(InstallArgs),
    /// Remove an installed voice and its model files (`kokoro` removes the whole Kokoro pack).
    Remove(RemoveArgs),
}

/// `aloud voices install`.
#[derive(Debug, Args)]
pub struct InstallArgs {
    /// `kokoro` (the Kokoro voices), `onnxruntime`, or a voice's name in the Piper voice
    /// collection, like en_US-joe-medium (its download URL can be changed with
    /// ALOUD_PIPER_VOICES_URL).
    #[arg(required_unless_present = "from")]
    pub name: Option<String>,
    /// Install from local or mirrored files instead of the upstream release: for `kokoro`, a
    /// folder (or URL) with kokoro-v1.0.int8.onnx and voices-v1.0.bin; for `onnxruntime`, the
    /// release archive; alone, a Piper model (NAME.onnx, with NAME.onnx.json next to it).
    #[arg(long, value_name = "PATH|URL")]
    pub from: Option<String>,
}

/// `aloud voices remove`.
#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// The installed voice's name.
    pub name: String,
}

/// `aloud synth-worker` (hidden): one synthesis worker process of a parallel export.
#[derive(Debug, Args)]
pub struct WorkerArgs {
    /// The voice to load.
    #[arg(long)]
    pub voice: String,
    /// Speak every utterance in a forked copy of the worker taken right after start-up, so that
    /// its audio does not depend on what the worker spoke before.
    #[arg(long)]
    pub fresh: bool,
}

/// `--quality`: a number from -0.1 to 1.0 (not NaN).
fn vorbis_quality(s: &str) -> Result<f32, String> {
    let q: f32 = s
        .trim()
        .parse()
        .map_err(|_| format!("{s:?} is not a number: give a quality from -0.1 to 1.0"))?;
    if (-0.1..=1.0).contains(&q) {
        Ok(q)
    } else {
        Err(format!(
            "{q} is out of range: give a quality from -0.1 to 1.0"
        ))
    }
}
