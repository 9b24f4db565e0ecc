//! The REST endpoints, one family per file: what the browser reaches outside server functions
//! (file uploads and downloads, exports) and what other programs and mail reach (inbound mail,
//! web forms, the tracker and one-click unsubscribe of campaign mail, the health check). They
//! call the same services as the server functions; their errors are problem details.

pub mod attachments;
pub mod export;
pub mod health;
pub mod imports;
pub mod inbound;
pub mod tracking;
pub mod unsubscribe;
pub mod web_forms;
