//! The terminal: what a listener sees (the reader view with the article on the screen, one
//! status line, or section headings when not on a terminal) and how they steer (single keys in
//! raw mode, the mouse in the reader view). The library knows none of this; it
//! reports events to an observer and takes commands from a source of controls.

pub mod keys;
pub mod reader;
pub mod status;
