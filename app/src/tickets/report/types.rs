//! What the service report holds: counts of targets met and missed, and ratings, with the
//! rates people read from them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::tickets::types::Priority;

/// The spans of days the report offers, the default first.
pub const SPANS: [u32; 4] = [30, 7, 90, 365];

/// Counts over a group of tickets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub tickets: u64,
    pub first_met: u64,
    pub first_missed: u64,
    pub resolve_met: u64,
    pub resolve_missed: u64,
    /// Ratings given, by score: `scores[0]` counts the ones.
    pub scores: [u64; 5],
}

impl Tally {
    /// Adds another group's counts to these.
    pub fn add(&mut self, other: &Tally) {
        self.tickets += other.tickets;
        self.first_met += other.first_met;
        self.first_missed += other.first_missed;
        self.resolve_met += other.resolve_met;
        self.resolve_missed += other.resolve_missed;
        for (mine, theirs) in self.scores.iter_mut().zip(other.scores) {
            *mine += theirs;
        }
    }

    /// The share of decided first responses that were in time, in percent.
    pub fn first_rate(&self) -> Option<u32> {
        percent(self.first_met, self.first_met + self.first_missed)
    }

    pub fn resolve_rate(&self) -> Option<u32> {
        percent(self.resolve_met, self.resolve_met + self.resolve_missed)
    }

    pub fn rated(&self) -> u64 {
        self.scores.iter().sum()
    }

    /// The share of ratings that were 4 or 5, in percent: the usual satisfaction score.
    pub fn satisfied(&self) -> Option<u32> {
        percent(self.scores[3] + self.scores[4], self.rated())
    }

    /// The average rating, in tenths (`43` is 4.3).
    pub fn average_tenths(&self) -> Option<u64> {
        let sum: u64 = self
            .scores
            .iter()
            .zip(1..)
            .map(|(count, score)| count * score)
            .sum();
        let rated = self.rated();
        (rated > 0).then(|| (sum * 10 + rated / 2) / rated)
    }
}

fn percent(part: u64, whole: u64) -> Option<u32> {
    (whole > 0).then(|| u32::try_from((part * 100 + whole / 2) / whole).unwrap_or(100))
}

/// One agent's line; `None` for the tickets nobody holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgentLine {
    pub name: Option<String>,
    pub tally: Tally,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SlaReport {
    pub days: u32,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub total: Tally,
    /// Most urgent first.
    pub by_priority: Vec<(Priority, Tally)>,
    /// Most tickets first, the unassigned last.
    pub by_agent: Vec<AgentLine>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tallies_add_up_and_give_rates_and_satisfaction() {
        let mut tally = Tally {
            tickets: 3,
            first_met: 2,
            first_missed: 1,
            resolve_met: 0,
            resolve_missed: 0,
            scores: [0, 1, 0, 1, 0],
        };
        tally.add(&Tally {
            tickets: 1,
            first_met: 0,
            first_missed: 1,
            resolve_met: 1,
            resolve_missed: 0,
            scores: [0, 0, 0, 0, 1],
        });
        assert_eq!(tally.tickets, 4);
        assert_eq!((tally.first_met, tally.first_missed), (2, 2));
        assert_eq!(tally.first_rate(), Some(50));
        assert_eq!(tally.resolve_rate(), Some(100));
        assert_eq!(tally.scores, [0, 1, 0, 1, 1]);
        assert_eq!(tally.satisfied(), Some(67));
        assert_eq!(tally.average_tenths(), Some(37));
        assert_eq!(Tally::default().first_rate(), None);
        assert_eq!(Tally::default().average_tenths(), None);
    }
}
