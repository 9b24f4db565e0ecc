//! The codes themselves: time-based one-time codes (RFC 6238: SHA-1, six digits, thirty
//! seconds, one step of clock drift either way), the QR code that hands the secret to an app,
//! and recovery codes.

use qrcode::QrCode;
use qrcode::render::svg;
use totp_rs::{Builder, Totp};

use crate::core::signing::sha256_hex;
use crate::error::AppError;

/// What the authenticator app shows the account under.
const ISSUER: &str = "Banyan";
/// 160 bits, as RFC 4226 recommends.
const SECRET_LEN: usize = 20;
pub const RECOVERY_CODES: usize = 10;
/// No 0/o, 1/l/i: a code copied by hand from paper reads back the same.
const ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";

pub fn new_secret() -> Result<Vec<u8>, AppError> {
    let mut secret = vec![0u8; SECRET_LEN];
    getrandom::fill(&mut secret).map_err(AppError::internal)?;
    Ok(secret)
}

fn totp(secret: &[u8], account: &str) -> Result<Totp, AppError> {
    Builder::new()
        .with_secret(secret.to_vec())
        .with_account_name(account.replace(':', " "))
        .with_issuer(Some(ISSUER))
        .build()
        .map_err(AppError::internal)
}

/// The time step a code is good for at `unix` seconds, if it is good at all.
pub fn step_of(secret: &[u8], code: &str, unix: i64) -> Option<i64> {
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let unix = u64::try_from(unix).ok()?;
    let step = totp(secret, "").ok()?.check(&digits, unix)?;
    i64::try_from(step).ok()
}

/// The code an app shows at `unix` seconds, for tests that sign in as a person would.
#[cfg(any(test, feature = "testing"))]
pub fn code_at(secret: &[u8], unix: i64) -> String {
    let unix = u64::try_from(unix).expect("a time after 1970");
    totp(secret, "")
        .expect("a secret of the length tests make")
        .generate(unix)
        .to_string()
}

/// The secret as people type it, when scanning fails.
pub fn base32(secret: &[u8]) -> String {
    totp_rs::Secret::from(secret.to_vec()).to_base32()
}

/// The `otpauth://` address an app reads from the QR code, drawn as an SVG.
pub fn qr_svg(secret: &[u8], account: &str) -> Result<String, AppError> {
    let uri = totp(secret, account)?
        .to_url()
        .map_err(AppError::internal)?;
    let code = QrCode::new(uri.as_bytes()).map_err(AppError::internal)?;
    Ok(code
        .render::<svg::Color>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build())
}

/// Ten new recovery codes, shown as `xxxxx-xxxxx` (50 bits each).
pub fn recovery_codes() -> Result<Vec<String>, AppError> {
    let mut bytes = [0u8; 10 * RECOVERY_CODES];
    getrandom::fill(&mut bytes).map_err(AppError::internal)?;
    Ok(bytes
        .chunks(10)
        .map(|chunk| {
            let letters: String = chunk
                .iter()
                .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
                .collect();
            format!("{}-{}", &letters[..5], &letters[5..])
        })
        .collect())
}

/// What is kept of a recovery code: its hash, whatever the case and dashes it is typed with.
pub fn code_hash(code: &str) -> String {
    let plain: String = code
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    sha256_hex(plain.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_good_for_its_step_and_one_either_side() {
        // RFC 6238's test secret and its SHA-1 vector at T = 59 s.
        let secret = b"12345678901234567890";
        assert_eq!(code_at(secret, 59), "287082");
        assert_eq!(step_of(secret, "287082", 59), Some(1));
        assert_eq!(
            step_of(secret, "287 082", 59),
            Some(1),
            "spaces as apps show them"
        );
        assert_eq!(step_of(secret, "287082", 89), Some(1), "a step late");
        assert_eq!(step_of(secret, "287082", 120), None, "two steps late");
        assert_eq!(step_of(secret, "287083", 59), None);
        assert_eq!(step_of(secret, "abcdef", 59), None);
    }

    #[test]
    fn recovery_codes_are_distinct_and_read_back_however_typed() {
        let codes = recovery_codes().unwrap();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let distinct: std::collections::HashSet<_> = codes.iter().collect();
        assert_eq!(distinct.len(), RECOVERY_CODES);
        assert!(
            codes
                .iter()
                .all(|c| c.len() == 11 && c.as_bytes()[5] == b'-')
        );
        let code = &codes[0];
        assert_eq!(
            code_hash(code),
            code_hash(&code.replace('-', " ").to_uppercase())
        );
        assert_ne!(code_hash(code), code_hash(&codes[1]));
    }

    #[test]
    fn the_qr_code_is_an_svg_and_the_key_base32() {
        let svg = qr_svg(b"12345678901234567890", "wang.fang@example.cn").unwrap();
        assert!(svg.contains("<svg") && svg.len() < 200_000, "{}", svg.len());
        assert_eq!(
            base32(b"12345678901234567890"),
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
        );
    }
}
