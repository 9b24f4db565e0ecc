//! Writing CSV that spreadsheets open safely: for the server's exports and for lists the
//! browser builds itself.

/// One CSV line: cells quoted where they must be, and text that a spreadsheet would run as
/// a formula defused with a leading `'`.
pub fn write_row<S: AsRef<str>>(cells: &[S]) -> String {
    let mut line = cells
        .iter()
        .map(|cell| quote(cell.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

/// Quotes a cell when it must be, and defuses text a spreadsheet would run as a formula.
pub fn quote(cell: &str) -> String {
    let cell = if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_number(cell) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    };
    if cell.contains([',', '"', '\n', '\r', ';', '\t']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell
    }
}

/// `+8613800138000` and `-12.5` are values, not formulas.
fn is_number(cell: &str) -> bool {
    cell.len() > 1 && cell[1..].chars().all(|c| c.is_ascii_digit() || c == '.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(quote("plain"), "plain");
        assert_eq!(quote("a, b"), "\"a, b\"");
        assert_eq!(quote("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quote("two\nlines"), "\"two\nlines\"");
        assert_eq!(quote("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(quote("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(quote("+8613800138000"), "+8613800138000");
        assert_eq!(quote("张伟"), "张伟");
    }
}
