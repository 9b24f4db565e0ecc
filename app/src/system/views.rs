mod status_page;

pub use status_page::StatusPage;
