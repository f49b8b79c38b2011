//! Reads prose on standard input and prints one sentence per line: the segmenter's sentence
//! splitter with no structure detection (see DESIGN.md §2).
//!
//! ```sh
//! echo "Dr. Okafor left at 9 a.m. She was late." | cargo run -q --example sentences
//! ```

use std::io::{self, BufWriter, Read, Write};

fn main() -> io::Result<()> {
    let mut raw = Vec::new();
    io::stdin().read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw);
    let out = io::stdout();
    let mut out = BufWriter::new(out.lock());
    for sentence in aloud::segment::sentences::split(&text) {
        // A sentence may span line breaks in the input; print it on one line.
        let mut first = true;
        for word in sentence.split_whitespace() {
            if !first {
                out.write_all(b" ")?;
            }
            out.write_all(word.as_bytes())?;
            first = false;
        }
        out.write_all(b"\n")?;
    }
    out.flush()
}
