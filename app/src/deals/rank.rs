//! Fractional ranks: strings that sort a column's cards, so that a card can always be put
//! between two others by giving it a new rank and touching nothing else.
//!
//! A rank is read as the base-36 fraction `0.d₁d₂d₃…` and never ends in `0`, so there is always
//! room below it. Byte order of the strings is the order of the fractions.

const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
const BASE: u32 = 36;

fn digit(rank: &[u8], at: usize) -> u32 {
    rank.get(at)
        .and_then(|d| DIGITS.iter().position(|x| x == d))
        .map_or(0, |d| d as u32)
}

/// A rank strictly between `low` (the card above, or `None` at the top) and `high` (the card
/// below, or `None` at the bottom). When `low` is not below `high`, which only happens when
/// their ranks changed under a concurrent move, the card goes just below `low`.
pub fn between(low: Option<&str>, high: Option<&str>) -> String {
    let low = low.unwrap_or("").as_bytes();
    let high = high.map(str::as_bytes).filter(|high| low < *high);
    let mut out = Vec::new();
    let mut at = 0;
    if let Some(high) = high {
        // Ranks equal as fractions ("a", "a0") never come from `between`; stop rather than loop.
        while at < low.len().max(high.len()) {
            let (l, h) = (digit(low, at), digit(high, at));
            if l == h {
                out.push(DIGITS[l as usize]);
                at += 1;
                continue;
            }
            if h - l > 1 {
                out.push(DIGITS[((l + h) / 2) as usize]);
                return String::from_utf8(out).unwrap_or_default();
            }
            // Nothing fits at this digit: keep `low`'s, and anything above the rest of `low`
            // is still below `high`.
            out.push(DIGITS[l as usize]);
            at += 1;
            break;
        }
    }
    loop {
        let l = digit(low, at);
        if l < BASE - 1 {
            out.push(DIGITS[((l + BASE) / 2) as usize]);
            return String::from_utf8(out).unwrap_or_default();
        }
        out.push(DIGITS[l as usize]);
        at += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(low: Option<&str>, high: Option<&str>) -> String {
        let mid = between(low, high);
        if let Some(low) = low {
            assert!(low < mid.as_str(), "{low} < {mid}");
        }
        if let Some(high) = high {
            assert!(mid.as_str() < high, "{mid} < {high}");
        }
        assert!(!mid.ends_with('0'), "{mid}");
        mid
    }

    #[test]
    fn a_first_rank_sits_in_the_middle() {
        assert_eq!(between(None, None), "i");
        check(None, Some("1"));
        check(Some("z"), None);
        check(Some("a"), Some("b"));
        check(Some("a"), Some("a1"));
        check(Some("azz"), Some("b"));
    }

    #[test]
    fn inserting_again_and_again_at_one_place_keeps_the_order() {
        // At the top, at the bottom and always just after the same card.
        let (mut top, mut bottom) = (between(None, None), between(None, None));
        let anchor = between(None, None);
        let mut after = between(Some(&anchor), None);
        for _ in 0..500 {
            top = check(None, Some(&top));
            bottom = check(Some(&bottom), None);
            after = check(Some(&anchor), Some(&after));
        }
        // Growth stays logarithmic-ish: a few hundred moves, a few dozen characters.
        assert!(top.len() < 120 && bottom.len() < 120 && after.len() < 120);
    }

    #[test]
    fn a_random_sequence_of_moves_keeps_every_rank_distinct_and_sorted() {
        let mut ranks: Vec<String> = Vec::new();
        let mut seed = 42_u64;
        for _ in 0..2_000 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let at = (seed >> 33) as usize % (ranks.len() + 1);
            let low = at.checked_sub(1).map(|i| ranks[i].as_str());
            let high = ranks.get(at).map(String::as_str);
            let rank = check(low, high);
            ranks.insert(at, rank);
        }
        assert!(ranks.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn ranks_that_crossed_under_a_concurrent_move_still_give_a_rank_below_the_upper_card() {
        let mid = between(Some("m"), Some("c"));
        assert!(mid.as_str() > "m");
    }
}
