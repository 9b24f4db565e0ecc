//! How alike two names are, for finding duplicates that are not spelled the same.

/// The Jaro-Winkler similarity of two strings, compared by characters (so 张伟 and 张玮 are two
/// characters each): 1 for equal strings, 0 for strings with nothing in common. A shared
/// beginning of up to four characters counts extra, as typing slips tend to come late.
pub fn jaro_winkler(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let mut b_used = vec![false; b.len()];
    let mut a_matched = Vec::with_capacity(a.len());
    for (i, ca) in a.iter().enumerate() {
        let start = i.saturating_sub(window);
        let end = (i + window + 1).min(b.len());
        if let Some(j) = (start..end).find(|&j| !b_used[j] && b[j] == *ca) {
            b_used[j] = true;
            a_matched.push(*ca);
        }
    }
    if a_matched.is_empty() {
        return 0.0;
    }
    let b_matched = b
        .iter()
        .zip(&b_used)
        .filter(|(_, used)| **used)
        .map(|(c, _)| *c);
    let transpositions = a_matched
        .iter()
        .zip(b_matched)
        .filter(|(x, y)| *x != y)
        .count()
        / 2;
    let m = a_matched.len() as f64;
    let jaro = (m / a.len() as f64 + m / b.len() as f64 + (m - transpositions as f64) / m) / 3.0;
    let prefix = a.iter().zip(&b).take(4).take_while(|(x, y)| x == y).count() as f64;
    jaro + prefix * 0.1 * (1.0 - jaro)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 0.001
    }

    #[test]
    fn agrees_with_the_published_examples() {
        // Winkler (1990) and the usual textbook pairs.
        assert!(
            close(jaro_winkler("MARTHA", "MARHTA"), 0.961),
            "{}",
            jaro_winkler("MARTHA", "MARHTA")
        );
        assert!(
            close(jaro_winkler("DWAYNE", "DUANE"), 0.84),
            "{}",
            jaro_winkler("DWAYNE", "DUANE")
        );
        assert!(
            close(jaro_winkler("DIXON", "DICKSONX"), 0.813),
            "{}",
            jaro_winkler("DIXON", "DICKSONX")
        );
        assert!(close(jaro_winkler("张伟", "张伟"), 1.0));
        assert!(jaro_winkler("emily chen", "emilie chen") > 0.88);
        assert!(jaro_winkler("张伟", "李娜") < 0.1);
        assert!(close(jaro_winkler("", "abc"), 0.0));
    }

    proptest! {
        #[test]
        fn is_symmetric_and_bounded(a in "\\PC{0,12}", b in "\\PC{0,12}") {
            let ab = jaro_winkler(&a, &b);
            prop_assert!((0.0..=1.0).contains(&ab));
            prop_assert!(close(ab, jaro_winkler(&b, &a)));
            prop_assert!(close(jaro_winkler(&a, &a), 1.0));
        }
    }
}
