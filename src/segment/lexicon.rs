//! A user lexicon (in progress).

/// Words the user wants said differently.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {}
