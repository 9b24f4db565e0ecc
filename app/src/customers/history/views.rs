mod log_form;
mod order_form;
mod timeline;

pub use order_form::Totals;
pub use timeline::Timeline;
