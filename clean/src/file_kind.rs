//! What kind of file a customer or an agent attached, told by its first bytes and not by the
//! name or type it came with: only documents and pictures are kept, never a program, nor a
//! page a browser would run.

use crate::Invalid;

/// The largest file a ticket keeps.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

/// How much of a text file is read to tell it is text.
const TEXT_SAMPLE: usize = 8 * 1024;

/// The media type a file is kept and served under, or why it is refused.
pub fn sniff(bytes: &[u8], name: &str) -> Result<&'static str, Invalid> {
    if bytes.is_empty() {
        return Err(Invalid::Required);
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Invalid::FileTooLarge {
            max_mb: MAX_FILE_BYTES / 1024 / 1024,
        });
    }
    let extension = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    let kind = if starts(b"\x89PNG\r\n\x1a\n") {
        "image/png"
    } else if starts(b"\xff\xd8\xff") {
        "image/jpeg"
    } else if starts(b"GIF87a") || starts(b"GIF89a") {
        "image/gif"
    } else if starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        "image/webp"
    } else if bytes.get(4..8) == Some(b"ftyp")
        && matches!(bytes.get(8..12), Some(b"heic" | b"heix" | b"mif1"))
    {
        // Photos from iPhones.
        "image/heic"
    } else if starts(b"%PDF-") {
        "application/pdf"
    } else if starts(b"PK\x03\x04") {
        match extension.as_str() {
            "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "zip" => "application/zip",
            _ => return Err(Invalid::FileType),
        }
    } else if starts(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") {
        // The Office files of before 2007, still common in Chinese offices.
        match extension.as_str() {
            "doc" => "application/msword",
            "xls" => "application/vnd.ms-excel",
            "ppt" => "application/vnd.ms-powerpoint",
            _ => return Err(Invalid::FileType),
        }
    } else if is_text(bytes) {
        match extension.as_str() {
            "csv" => "text/csv",
            "txt" | "log" | "md" | "" => "text/plain",
            _ => return Err(Invalid::FileType),
        }
    } else {
        return Err(Invalid::FileType);
    };
    Ok(kind)
}

/// Text: no control characters but line ends and tabs in its first bytes, in UTF-8 or in
/// GB18030 (which every byte sequence without NUL and C0 controls but these may be).
fn is_text(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(TEXT_SAMPLE)];
    sample
        .iter()
        .all(|b| *b >= 0x20 || matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
}

/// Whether files of `kind` are shown in the page (pictures and PDFs) rather than downloaded.
pub fn shown_inline(kind: &str) -> bool {
    kind.starts_with("image/") && kind != "image/heic" || kind == "application/pdf"
}

/// A file name as kept: the last part of a path a browser or mail program may send, without
/// control characters, at most 200 characters; "file" when nothing is left.
pub fn file_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .trim()
        .chars()
        .take(200)
        .collect();
    if cleaned.is_empty() || cleaned == "." || cleaned == ".." {
        "file".to_owned()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_and_pictures_are_told_by_their_first_bytes() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n....", "x.png"), Ok("image/png"));
        assert_eq!(sniff(b"\xff\xd8\xff\xe0", "photo"), Ok("image/jpeg"));
        assert_eq!(sniff(b"GIF89a...", "a.gif"), Ok("image/gif"));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 ", "a.webp"), Ok("image/webp"));
        assert_eq!(sniff(b"\0\0\0\x18ftypheic", "IMG_1.HEIC"), Ok("image/heic"));
        assert_eq!(sniff(b"%PDF-1.7\n", "发票.pdf"), Ok("application/pdf"));
        assert_eq!(
            sniff(b"PK\x03\x04...", "报价.XLSX"),
            Ok("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        );
        assert_eq!(
            sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old.xls"),
            Ok("application/vnd.ms-excel")
        );
        assert_eq!(
            sniff("订单号,金额\n1,2\n".as_bytes(), "a.csv"),
            Ok("text/csv")
        );
        assert_eq!(sniff(b"error at line 3\r\n", "app.log"), Ok("text/plain"));
        // A PNG named .txt is still a PNG: the name does not decide.
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n", "notes.txt"), Ok("image/png"));
    }

    #[test]
    fn programs_pages_and_unknown_files_are_refused() {
        for (bytes, name) in [
            (&b"MZ\x90\0\x03"[..], "setup.exe"),
            (b"\x7fELF\x02\x01", "run"),
            (b"<html><script>alert(1)</script>", "page.html"),
            (b"<svg onload=alert(1)>", "logo.svg"),
            (b"PK\x03\x04", "app.apk"),
            (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "x.msi"),
            (b"\0\0\0\0binary", "data.bin"),
        ] {
            assert_eq!(sniff(bytes, name), Err(Invalid::FileType), "{name}");
        }
        assert_eq!(sniff(b"", "empty.txt"), Err(Invalid::Required));
        let big = vec![b'a'; MAX_FILE_BYTES + 1];
        assert_eq!(
            sniff(&big, "big.txt"),
            Err(Invalid::FileTooLarge { max_mb: 10 })
        );
    }

    #[test]
    fn names_keep_their_last_part_and_lose_what_is_unsafe() {
        assert_eq!(file_name("C:\\Users\\li\\发票.pdf"), "发票.pdf");
        assert_eq!(file_name("../../etc/passwd"), "passwd");
        assert_eq!(file_name("a\u{0}b\nc.txt"), "abc.txt");
        assert_eq!(file_name(".."), "file");
        assert_eq!(file_name(""), "file");
        assert_eq!(file_name(&"长".repeat(300)).chars().count(), 200);
        assert!(shown_inline("image/png") && shown_inline("application/pdf"));
        assert!(!shown_inline("text/plain") && !shown_inline("image/heic"));
    }
}
