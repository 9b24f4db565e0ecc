mod log_form;
mod order_form;
mod timeline;

pub use log_form::QuickLog;
pub use order_form::Totals;
pub use timeline::Timeline;
