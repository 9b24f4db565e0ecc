//! The words for a rating's scores.

use crate::i18n::Messages;

/// The words under each score, worst first.
pub fn score_label(t: &Messages, score: u8) -> &'static str {
    match score {
        1 => t.rating_1,
        2 => t.rating_2,
        3 => t.rating_3,
        4 => t.rating_4,
        _ => t.rating_5,
    }
}
