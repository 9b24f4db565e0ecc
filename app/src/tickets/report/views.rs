//! The service report screen: a span of days, the targets met and missed overall, by
//! priority and by agent, and the ratings requesters gave.

mod report;
mod report_page;

pub use report_page::ReportPage;
