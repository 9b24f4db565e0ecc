//! Files in a ticket's thread, and the picker that uploads them while an agent writes.

mod attachment_list;
mod file_picker;

pub use attachment_list::AttachmentList;
pub use file_picker::{FilePicker, Upload, Uploads};
