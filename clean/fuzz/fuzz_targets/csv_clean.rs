//! Any bytes, read as an uploaded CSV file and every cell cleaned as each kind of value:
//! nothing may panic, and what cleaning returns must read back as itself.
#![no_main]

use clean::csv_line::write_row;
use clean::date::{self, DayOrder};
use clean::money;
use clean::table;
use clean::text::{self, Email, Phone};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(content) = table::decode(bytes) else {
        return;
    };
    let Ok(file) = table::read(&content) else {
        return;
    };
    for cell in file.headers.iter().chain(file.rows.iter().flat_map(|r| r.cells.iter())) {
        if let Ok(once) = text::text(cell, 200) {
            assert_eq!(text::text(&once, 200), Ok(once.clone()));
        }
        if let Ok(email) = Email::parse(cell) {
            assert_eq!(Email::parse(email.as_str()), Ok(email.clone()));
        }
        if let Ok(phone) = Phone::parse(cell, "CN") {
            assert_eq!(Phone::parse(phone.as_str(), "CN"), Ok(phone.clone()));
        }
        for order in [DayOrder::DayFirst, DayOrder::MonthFirst] {
            if let Ok(day) = date::day(cell, order) {
                let written = day.format("%Y-%m-%d").to_string();
                assert_eq!(date::day(&written, order), Ok(day));
            }
        }
        if let Ok(amount) = money::parse(cell, "CNY") {
            let plain = format!(
                "{}{}.{:02}",
                if amount.minor < 0 { "-" } else { "" },
                amount.minor.unsigned_abs() / 100,
                amount.minor.unsigned_abs() % 100
            );
            assert_eq!(money::parse(&plain, "CNY"), Ok(amount));
        }
    }
    // What Banyan writes back (the rejected rows) reads as the same cells.
    let mut written = write_row(&file.headers);
    for row in &file.rows {
        written.push_str(&write_row(&row.cells));
    }
    if let Ok(again) = table::read(&written) {
        assert_eq!(again.rows.len(), file.rows.len());
    }
});
