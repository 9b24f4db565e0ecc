use chrono::{DateTime, Utc};
use clean::rates::Total;
use serde::{Deserialize, Serialize};

use crate::customers::history::types::Called;
use crate::deals::tasks::types::Task;
use crate::deals::types::{Card, Stage};
use crate::tickets::types::TicketRow;

/// How many of the customers a rep called last Today offers to call again.
pub const CALLED_LATELY: usize = 5;

/// One person's Today; each part is there only for those whose work it is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Today {
    pub now: DateTime<Utc>,
    /// Their open tasks overdue or due today, the oldest first.
    pub tasks: Vec<Task>,
    pub selling: Option<Selling>,
    pub tickets: Option<MyTickets>,
    pub figures: Option<Figures>,
}

/// What a rep should follow up: their deals that want a look, and whom they called last.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Selling {
    /// Expected to close by the end of this month, the soonest first.
    pub closing: Vec<Card>,
    /// Longer in their stage than it allows, the longest first.
    pub stalled: Vec<Card>,
    /// The stages the stalled deals are in.
    pub stages: Vec<Stage>,
    /// The customers they logged calls with last, the latest first.
    pub called: Vec<Called>,
}

/// The tickets assigned to an agent and still being worked, the soonest due first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyTickets {
    pub rows: Vec<TicketRow>,
    /// Whether more wait in the inbox than are shown.
    pub more: bool,
}

/// What an owner reads first, in the base currency where it is money.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    pub currency: String,
    /// Revenue won this month, last month, and in this month a year ago.
    pub won: [Total; 3],
    /// The open deals' total, and that total weighted by their stages' chances.
    pub pipeline: Total,
    pub weighted: i64,
    /// Customers added this month, and last month.
    pub new_customers: [u64; 2],
    /// Tickets new or open.
    pub open_tickets: u64,
    /// The share, in percent, of the last 30 days' ratings that were 4 or 5.
    pub satisfied: Option<u32>,
}
