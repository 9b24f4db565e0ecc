use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The most files one message carries.
pub const MAX_FILES: usize = 10;

/// A file on a ticket, as the thread lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Attachment {
    pub id: Uuid,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
}

impl Attachment {
    /// Where the signed-in reader downloads it.
    pub fn href(&self) -> String {
        format!("/api/attachments/{}", self.id)
    }

    /// A picture the browser shows, worth a thumbnail.
    pub fn is_picture(&self) -> bool {
        self.content_type.starts_with("image/") && self.content_type != "image/heic"
    }
}

/// A size as people read it: `820 B`, `14 KB`, `2.4 MB`.
pub fn size_text(bytes: i64) -> String {
    const KB: i64 = 1024;
    match bytes {
        b if b < KB => format!("{b} B"),
        b if b < KB * KB => format!("{} KB", (b + KB / 2) / KB),
        b => format!("{:.1} MB", b as f64 / (KB * KB) as f64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(size_text(820), "820 B");
        assert_eq!(size_text(14 * 1024 + 100), "14 KB");
        assert_eq!(size_text(2_516_582), "2.4 MB");
    }
}
