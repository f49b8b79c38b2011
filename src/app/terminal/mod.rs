//! The terminal: what a listener sees (one status line, or section headings when not on a
//! terminal) and how they steer (single keys in raw mode). The library knows none of this; it
//! reports events to an observer and takes commands from a source of controls.

pub mod keys;
pub mod status;
