mod alike;
mod clusters;
mod picked;
mod saved_segments_page;
mod segments_page;
mod tabs;
mod timing;
mod value_page;

pub use alike::{AlikeCustomers, alike_section};
pub use saved_segments_page::SavedSegmentsPage;
pub use segments_page::SegmentsPage;
pub use tabs::AnalyticsTabs;
pub use value_page::ValuePage;
