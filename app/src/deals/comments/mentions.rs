//! Who a comment mentions: `@` followed by a teammate's name as the users list writes it.

use uuid::Uuid;

/// The users whose names follow an `@` in `body`, each once. Longer names are tried first, so
/// that "@Wang Fang" is Wang Fang and not a "Wang"; case does not matter.
pub fn mentioned(body: &str, users: &[(Uuid, String)]) -> Vec<Uuid> {
    let body = body.to_lowercase();
    let mut by_length: Vec<&(Uuid, String)> =
        users.iter().filter(|(_, n)| !n.trim().is_empty()).collect();
    by_length.sort_by_key(|(_, name)| std::cmp::Reverse(name.chars().count()));
    let mut found = Vec::new();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    for (id, name) in by_length {
        let needle = format!("@{}", name.to_lowercase());
        for (at, _) in body.match_indices(&needle) {
            let span = (at, at + needle.len());
            if taken.iter().any(|(s, e)| span.0 < *e && *s < span.1) {
                continue;
            }
            taken.push(span);
            if !found.contains(id) {
                found.push(*id);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn users() -> Vec<(Uuid, String)> {
        vec![
            (Uuid::from_u128(1), "Wang".into()),
            (Uuid::from_u128(2), "Wang Fang".into()),
            (Uuid::from_u128(3), "李娜".into()),
            (Uuid::from_u128(4), "".into()),
        ]
    }

    #[test]
    fn the_longest_name_wins_and_each_user_counts_once() {
        let ids = |body| mentioned(body, &users());
        assert_eq!(ids("@wang fang please call"), [Uuid::from_u128(2)]);
        assert_eq!(
            ids("@Wang and @Wang Fang"),
            [Uuid::from_u128(2), Uuid::from_u128(1)]
        );
        assert_eq!(ids("@李娜看一下，@李娜"), [Uuid::from_u128(3)]);
        assert!(ids("wang fang without the at sign, and a lone @").is_empty());
    }
}
