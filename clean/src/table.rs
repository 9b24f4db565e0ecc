//! CSV files as spreadsheets export them: UTF-8 with or without a byte-order mark, UTF-16
//! ("Unicode text"), or GB18030/GBK from Chinese Excel; separated by commas, semicolons or
//! tabs.

use crate::Invalid;

/// The largest file one import takes: 100,000 rows of a wide contact list fit easily.
pub const MAX_BYTES: usize = 64 * 1024 * 1024;

/// A file's rows under its header row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
}

/// One row, with the line of the file it starts on, so a report can point at it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub line: u64,
    pub cells: Vec<String>,
}

impl Row {
    /// The cell of column `index`; a short row has empty cells at its end.
    pub fn cell(&self, index: usize) -> &str {
        self.cells.get(index).map_or("", String::as_str)
    }
}

/// The file as text. Bytes that are valid UTF-8 are read as UTF-8, else as GB18030 (of which
/// GBK and GB2312 are subsets); text with control characters is no CSV file (a spreadsheet
/// saved as .xlsx, an image) and is refused.
pub fn decode(bytes: &[u8]) -> Result<String, Invalid> {
    if bytes.len() > MAX_BYTES {
        return Err(Invalid::FileTooLarge {
            max_mb: MAX_BYTES / 1024 / 1024,
        });
    }
    let text = if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        encoding
            .decode_without_bom_handling_and_without_replacement(&bytes[bom..])
            .map(|text| text.into_owned())
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        Some(text.to_owned())
    } else {
        encoding_rs::GB18030
            .decode_without_bom_handling_and_without_replacement(bytes)
            .map(|text| text.into_owned())
    };
    let text = text.ok_or(Invalid::Encoding)?;
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\r' | '\n'))
    {
        return Err(Invalid::Encoding);
    }
    Ok(text)
}

/// The separator of the header line: whichever of `,`, `;` and tab it holds most of, outside
/// quotes.
fn delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => break,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

/// Characters that show as nothing: pasted in from chat apps and web pages, they make two
/// equal names differ and a blank cell look filled. A byte-order mark is one of them.
const INVISIBLE: [char; 3] = ['\u{feff}', '\u{200b}', '\u{2060}'];

/// The header row and every non-blank row under it. Cells are kept as written but for
/// invisible characters; cleaning them is the importer's work.
pub fn read(text: &str) -> Result<Table, Invalid> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(text))
        .from_reader(text.as_bytes());
    let mut headers = None;
    let mut rows = Vec::new();
    for record in reader.records() {
        // A flexible reader of text in memory has nothing left to fail on; were it to, the
        // file is unreadable.
        let record = record.map_err(|_| Invalid::Encoding)?;
        let cells: Vec<String> = record
            .iter()
            .map(|cell| cell.replace(INVISIBLE, ""))
            .collect();
        if cells.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        match headers {
            None => {
                headers = Some(
                    cells
                        .iter()
                        .map(|h| h.split_whitespace().collect::<Vec<_>>().join(" "))
                        .collect(),
                )
            }
            Some(_) => rows.push(Row {
                line: record.position().map_or(0, |p| p.line()),
                cells,
            }),
        }
    }
    match headers {
        Some(headers) if !rows.is_empty() => Ok(Table { headers, rows }),
        _ => Err(Invalid::NoRows),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::csv_line::write_row;

    #[test]
    fn reads_utf8_with_and_without_bom_and_gb18030() {
        let text = "姓名,手机\n张伟,138 0013 8000\n";
        let (gbk, _, unmappable) = encoding_rs::GB18030.encode(text);
        assert!(!unmappable);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(text.as_bytes());
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        for bytes in [text.as_bytes(), &bom, &gbk, &utf16] {
            assert_eq!(decode(bytes).as_deref(), Ok(text));
        }
        assert_eq!(decode(b"PK\x03\x04\x14\x00"), Err(Invalid::Encoding));
        assert_eq!(decode(&[0xFF, 0x30, 0x81]), Err(Invalid::Encoding));
    }

    #[test]
    fn finds_the_separator_and_keeps_quoted_ones() {
        for text in [
            "name,city\n\"Chen, Emily\",上海\n",
            "name;city\n\"Chen, Emily\";上海\n",
            "name\tcity\n\"Chen, Emily\"\t上海\n",
        ] {
            let table = read(text).unwrap_or_else(|why| panic!("{text}: {why:?}"));
            assert_eq!(table.headers, ["name", "city"]);
            assert_eq!(table.rows[0].cells, ["Chen, Emily", "上海"]);
            assert_eq!(table.rows[0].line, 2);
        }
    }

    #[test]
    fn skips_blank_rows_and_pads_short_ones() {
        let table = read("a,b,c\n\n1,2\n,,\n\"multi\nline\",x,y\n4,5,6,7\n").unwrap_or_else(|_| {
            panic!("readable");
        });
        assert_eq!(table.rows.len(), 3);
        assert_eq!(table.rows[0].cell(2), "");
        assert_eq!(table.rows[1].line, 5);
        assert_eq!(table.rows[1].cell(0), "multi\nline");
        assert_eq!(table.rows[2].line, 7);
        assert_eq!(read("a,b\n"), Err(Invalid::NoRows));
        // Found by fuzzing: byte-order marks inside the file made blank rows look filled.
        assert_eq!(read("\n\u{feff}\n\n\u{feff}\n+"), Err(Invalid::NoRows));
        let table = read("name\n\u{200b}张伟\u{feff}\n").unwrap_or_else(|_| panic!("readable"));
        assert_eq!(table.rows[0].cells, ["张伟"]);
        assert_eq!(read(""), Err(Invalid::NoRows));
    }

    proptest! {
        #[test]
        fn never_panics_on_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            if let Ok(text) = decode(&bytes) {
                let _ = read(&text);
            }
        }

        #[test]
        fn what_it_writes_it_reads_back(
            rows in proptest::collection::vec(
                proptest::collection::vec("[a-z张伟,;\"\n ]{0,8}", 3), 1..6)
        ) {
            let mut text = write_row(&["h1", "h2", "h3"]);
            for row in &rows {
                text.push_str(&write_row(row));
            }
            let expected: Vec<&Vec<String>> = rows
                .iter()
                .filter(|row| !row.iter().all(|c| c.trim().is_empty()))
                .collect();
            match read(&text) {
                Ok(table) => {
                    let cells: Vec<&Vec<String>> = table.rows.iter().map(|r| &r.cells).collect();
                    prop_assert_eq!(cells, expected);
                }
                Err(why) => {
                    prop_assert_eq!(why, Invalid::NoRows);
                    prop_assert!(expected.is_empty());
                }
            }
        }
    }
}
