mod log_form;
mod order_form;
mod timeline;

pub use timeline::Timeline;
