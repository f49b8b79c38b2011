//! Reads lines on standard input and prints the spoken form of each, one line per line (an
//! empty line gives an empty line), using aloud's text normalizer with no lexicon. Used by the
//! evaluation script (`score.py --only tn`); try `echo 'Dr. Rao paid $12.50' | cargo run -q
//! --example normalize`.

use std::io::{BufRead, BufWriter, Write};

use aloud::segment::normalize::spoken;
use aloud::segment::Lexicon;

fn main() -> std::io::Result<()> {
    let lexicon = Lexicon::default();
    let stdin = std::io::stdin();
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut line = String::new();
    let mut input = stdin.lock();
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            break;
        }
        let text = line.trim_end_matches(['\n', '\r']);
        writeln!(out, "{}", spoken(text, &lexicon))?;
    }
    out.flush()
}
