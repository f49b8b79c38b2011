//! Unit tests of the sentence splitter, one claim per rule.

use super::split;
