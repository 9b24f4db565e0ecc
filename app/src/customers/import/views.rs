//! The import screens: choose a file, then on the import's own page map its columns, see
//! the cleaned preview, choose what to do with duplicates, and follow the job to its report.

mod duplicates;
mod import_job_page;
mod import_page;
mod preview_table;
mod report;
mod setup;

pub use import_job_page::ImportJobPage;
pub use import_page::ImportPage;
