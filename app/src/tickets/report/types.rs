//! What the service report holds, and the one rule of whether a target was met: pure, so that
//! the tests state it without a database.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::tickets::types::{Priority, Status};

/// The spans of days the report offers, the default first.
pub const SPANS: [u32; 4] = [30, 7, 90, 365];

/// How a ticket stands against one of its targets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Met,
    Missed,
    /// Still running and not yet due, or never set.
    Open,
}

/// Met when done by the due time; missed when done later, or when not done, past due, and
/// still counting (a ticket waiting on the customer is not counting).
pub fn verdict(
    done: Option<DateTime<Utc>>,
    due: Option<DateTime<Utc>>,
    counting: bool,
    now: DateTime<Utc>,
) -> Verdict {
    match (done, due) {
        (_, None) => Verdict::Open,
        (Some(done), Some(due)) if done <= due => Verdict::Met,
        (Some(_), Some(_)) => Verdict::Missed,
        (None, Some(due)) if counting && due <= now => Verdict::Missed,
        (None, Some(_)) => Verdict::Open,
    }
}

/// The facts of one ticket the report counts.
#[derive(Clone, Copy, Debug)]
pub struct Facts {
    pub status: Status,
    pub first_response_at: Option<DateTime<Utc>>,
    pub first_response_due_at: Option<DateTime<Utc>>,
    pub solved_at: Option<DateTime<Utc>>,
    pub resolve_due_at: Option<DateTime<Utc>>,
    pub satisfaction: Option<u8>,
}

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
    pub fn count(&mut self, facts: &Facts, now: DateTime<Utc>) {
        let counting = matches!(facts.status, Status::New | Status::Open);
        self.tickets += 1;
        match verdict(
            facts.first_response_at,
            facts.first_response_due_at,
            counting,
            now,
        ) {
            Verdict::Met => self.first_met += 1,
            Verdict::Missed => self.first_missed += 1,
            Verdict::Open => {}
        }
        match verdict(facts.solved_at, facts.resolve_due_at, counting, now) {
            Verdict::Met => self.resolve_met += 1,
            Verdict::Missed => self.resolve_missed += 1,
            Verdict::Open => {}
        }
        if let Some(score) = facts.satisfaction.filter(|s| (1..=5).contains(s)) {
            self.scores[usize::from(score - 1)] += 1;
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
    use chrono::Duration;

    use super::*;

    #[test]
    fn a_target_is_met_by_its_due_time_and_missed_after_it() {
        let due = Utc::now();
        let now = due + Duration::hours(1);
        let early = Some(due - Duration::minutes(1));
        let late = Some(due + Duration::minutes(1));
        assert_eq!(verdict(early, Some(due), true, now), Verdict::Met);
        assert_eq!(verdict(Some(due), Some(due), true, now), Verdict::Met);
        assert_eq!(verdict(late, Some(due), true, now), Verdict::Missed);
        // Not done and past due: missed while it counts, undecided while it waits.
        assert_eq!(verdict(None, Some(due), true, now), Verdict::Missed);
        assert_eq!(verdict(None, Some(due), false, now), Verdict::Open);
        assert_eq!(
            verdict(None, Some(now + Duration::hours(1)), true, now),
            Verdict::Open
        );
        assert_eq!(verdict(early, None, true, now), Verdict::Open);
    }

    #[test]
    fn a_tally_counts_rates_and_satisfaction() {
        let now = Utc::now();
        let due = Some(now - Duration::hours(2));
        let mut tally = Tally::default();
        let facts = |responded: Option<DateTime<Utc>>, score| Facts {
            status: Status::Solved,
            first_response_at: responded,
            first_response_due_at: due,
            solved_at: responded,
            resolve_due_at: due,
            satisfaction: score,
        };
        tally.count(&facts(Some(now - Duration::hours(3)), Some(5)), now);
        tally.count(&facts(Some(now - Duration::hours(3)), Some(4)), now);
        tally.count(&facts(Some(now - Duration::hours(1)), Some(2)), now);
        tally.count(&facts(Some(now - Duration::hours(1)), None), now);
        assert_eq!(tally.tickets, 4);
        assert_eq!((tally.first_met, tally.first_missed), (2, 2));
        assert_eq!(tally.first_rate(), Some(50));
        assert_eq!(tally.scores, [0, 1, 0, 1, 1]);
        assert_eq!(tally.satisfied(), Some(67));
        assert_eq!(tally.average_tenths(), Some(37));
        assert_eq!(Tally::default().first_rate(), None);
        assert_eq!(Tally::default().average_tenths(), None);
    }
}
