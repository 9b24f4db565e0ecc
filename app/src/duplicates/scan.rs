//! Finding contacts that may be one person, without I/O: exact on email and phone, alike
//! names (Jaro-Winkler) among people of the same company or city.

use std::collections::{BTreeSet, HashMap};

use clean::similar::jaro_winkler;
use uuid::Uuid;

use super::types::Reason;

/// How alike two names must be to be shown.
pub const SIMILAR: f64 = 0.88;

/// What the scan knows of a contact.
pub struct Person {
    pub id: Uuid,
    /// The lower-cased name.
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub company: Option<Uuid>,
    pub city: Option<String>,
}

/// A group found: its members (in the order given), the highest score of a pair in it, and
/// every reason that joined it.
pub struct Found {
    pub members: Vec<Uuid>,
    pub score: f64,
    pub reasons: BTreeSet<Reason>,
}

/// A group being gathered: indexes into the people, the best score, the reasons.
type Pending = (Vec<usize>, f64, BTreeSet<Reason>);

/// Union-find over indexes into the people.
struct Sets(Vec<usize>);

impl Sets {
    fn root(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }

    fn join(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.root(a), self.root(b));
        if ra != rb {
            self.0[rb.max(ra)] = ra.min(rb);
        }
    }
}

/// The groups of people that may be one person, most certain first.
pub fn scan(people: &[Person]) -> Vec<Found> {
    let mut sets = Sets((0..people.len()).collect());
    let mut pairs: Vec<(usize, usize, f64, Reason)> = Vec::new();
    let mut exact = |key: fn(&Person) -> Option<&str>, reason| {
        let mut first: HashMap<&str, usize> = HashMap::new();
        for (i, person) in people.iter().enumerate() {
            if let Some(value) = key(person) {
                match first.get(value) {
                    Some(&j) => pairs.push((j, i, 1.0, reason)),
                    None => {
                        first.insert(value, i);
                    }
                }
            }
        }
    };
    exact(|p| p.email.as_deref(), Reason::SameEmail);
    exact(|p| p.phone.as_deref(), Reason::SamePhone);
    // Names are compared within blocks: one company, or one city and the same first
    // character (a family name in Chinese), so that a city of 30,000 people is not 450 million
    // comparisons.
    let mut blocks: HashMap<(u8, String, Option<char>), Vec<usize>> = HashMap::new();
    for (i, person) in people.iter().enumerate() {
        if let Some(company) = person.company {
            blocks
                .entry((0, company.to_string(), None))
                .or_default()
                .push(i);
        } else if let Some(city) = &person.city {
            let key = (1, city.to_lowercase(), person.name.chars().next());
            blocks.entry(key).or_default().push(i);
        }
    }
    for ((kind, _, _), members) in &blocks {
        let reason = if *kind == 0 {
            Reason::NameAtCompany
        } else {
            Reason::NameInCity
        };
        for (n, &i) in members.iter().enumerate() {
            for &j in &members[n + 1..] {
                let score = jaro_winkler(&people[i].name, &people[j].name);
                if score >= SIMILAR {
                    pairs.push((i, j, score, reason));
                }
            }
        }
    }
    // Shared emails and phones, and names written the same, join chains into one group (one
    // person, several records); names that are only alike pair up, or a city's Olivias would
    // all become one.
    for &(i, j, score, _) in &pairs {
        if score >= 1.0 {
            sets.join(i, j);
        }
    }
    let mut groups: HashMap<(usize, usize), Pending> = HashMap::new();
    for (i, j, score, reason) in pairs {
        let (ri, rj) = (sets.root(i), sets.root(j));
        let key = if ri == rj {
            (ri, ri)
        } else {
            (i.min(j), i.max(j))
        };
        let (members, best, reasons) = groups.entry(key).or_default();
        *best = best.max(score);
        reasons.insert(reason);
        members.extend([i, j]);
    }
    let mut found: Vec<Found> = groups
        .into_values()
        .map(|(mut members, score, reasons)| {
            // In the order given, each once.
            members.sort_unstable();
            members.dedup();
            Found {
                members: members.into_iter().map(|k| people[k].id).collect(),
                score,
                reasons,
            }
        })
        .collect();
    found.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.members.len().cmp(&a.members.len()))
            .then(a.members.cmp(&b.members))
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(
        n: u128,
        name: &str,
        email: Option<&str>,
        phone: Option<&str>,
        company: Option<u128>,
        city: Option<&str>,
    ) -> Person {
        Person {
            id: Uuid::from_u128(n),
            name: name.to_lowercase(),
            email: email.map(str::to_owned),
            phone: phone.map(str::to_owned),
            company: company.map(Uuid::from_u128),
            city: city.map(str::to_owned),
        }
    }

    #[test]
    fn finds_exact_and_alike_and_joins_chains() {
        let people = [
            person(1, "Emily Chen", Some("emily@example.com"), None, None, None),
            person(
                2,
                "E. Chen",
                Some("emily@example.com"),
                Some("+8613800138000"),
                None,
                None,
            ),
            person(3, "Chen Emily", None, Some("+8613800138000"), None, None),
            person(4, "Emily Chen", None, None, Some(9), None),
            person(5, "Emilie Chen", None, None, Some(9), None),
            person(6, "Emilie Chen", None, None, Some(10), None),
            person(7, "张伟", None, None, None, Some("上海")),
            person(8, "张伟", None, None, None, Some("上海")),
            person(9, "张伟", None, None, None, Some("北京")),
            person(10, "Zhang Wei", None, None, None, None),
        ];
        let found = scan(&people);
        let members: Vec<Vec<u128>> = found
            .iter()
            .map(|g| g.members.iter().map(|id| id.as_u128()).collect())
            .collect();
        assert_eq!(members, [vec![1, 2, 3], vec![7, 8], vec![4, 5]]);
        assert_eq!(
            found[0].reasons.iter().copied().collect::<Vec<_>>(),
            [Reason::SameEmail, Reason::SamePhone],
            "a chain: 1 and 2 share an email, 2 and 3 a phone"
        );
        assert_eq!(
            found[1].reasons.iter().copied().collect::<Vec<_>>(),
            [Reason::NameInCity]
        );
        assert!(found[2].score >= SIMILAR && found[2].score < 1.0);
        assert!(scan(&people[5..6]).is_empty());
    }

    #[test]
    fn alike_names_pair_up_but_do_not_chain() {
        let people = [
            person(1, "Olivia Taylor", None, None, None, Some("苏州")),
            person(2, "Olivia Tayler", None, None, None, Some("苏州")),
            person(3, "Olivia Tyler", None, None, None, Some("苏州")),
            person(4, "王芳", None, None, Some(1), None),
            person(5, "王芳", None, None, Some(1), None),
            person(6, "王芳", None, None, Some(1), None),
        ];
        let found = scan(&people);
        assert!(
            found.iter().all(|g| g.score >= 1.0 || g.members.len() == 2),
            "alike names make pairs"
        );
        let same: Vec<&Found> = found.iter().filter(|g| g.score >= 1.0).collect();
        assert_eq!(same.len(), 1);
        assert_eq!(
            same[0].members.len(),
            3,
            "names written the same make one group"
        );
        assert!(found.iter().any(|g| g.score < 1.0), "{}", found.len());
    }
}
