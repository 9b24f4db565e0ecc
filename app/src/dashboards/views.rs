mod alike;
mod clusters;
mod picked;
mod segments_page;
mod tabs;
mod timing;
mod value_page;

pub use alike::AlikeCustomers;
pub use segments_page::SegmentsPage;
pub use tabs::AnalyticsTabs;
pub use value_page::ValuePage;
