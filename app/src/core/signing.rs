//! Actor tokens for links that act without a session (set a password, and later: web forms,
//! satisfaction ratings, unsubscribing, tracking). A token carries its payload in the clear and
//! an HMAC-SHA256 over it with the workspace's secret key, so the server keeps no table of them.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

/// The SHA-256 of `bytes` in lower-case hex: what is kept of a session's token, and a file's
/// fingerprint.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The key every token is signed with. It stays on the server: never logged, never sent.
#[derive(Clone)]
pub struct SecretKey(Vec<u8>);

/// Shorter keys are guessable offline from one token.
pub const MIN_KEY_LEN: usize = 32;

impl SecretKey {
    pub fn new(key: &str) -> Result<Self, String> {
        let key = key.trim();
        if key.len() < MIN_KEY_LEN {
            return Err(format!(
                "a secret key needs at least {MIN_KEY_LEN} characters"
            ));
        }
        Ok(SecretKey(key.as_bytes().to_vec()))
    }

    /// `purpose` keeps a token made for one kind of link from opening another kind; `binding`
    /// is state the token stops matching once used (a password hash, a version), which makes
    /// a link single-use without storing it.
    pub fn sign(&self, purpose: &str, payload: &[u8], binding: &[u8]) -> String {
        let mac = self.mac(purpose, payload, binding).finalize().into_bytes();
        format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(payload),
            URL_SAFE_NO_PAD.encode(mac)
        )
    }

    /// Checks a token's signature, in constant time, against what it must be bound to now.
    pub fn verify(&self, purpose: &str, token: &Token, binding: &[u8]) -> bool {
        self.mac(purpose, &token.payload, binding)
            .verify_slice(&token.mac)
            .is_ok()
    }

    /// A keyed digest of `payload` in lower-case hex: what only the holder of the key can make,
    /// so a record of it cannot be forged with the database alone.
    pub fn digest(&self, purpose: &str, payload: &[u8]) -> String {
        hex(&self.mac(purpose, payload, b"").finalize().into_bytes())
    }

    fn mac(&self, purpose: &str, payload: &[u8], binding: &[u8]) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key");
        // Lengths first, so that no two different triples feed the same bytes.
        for part in [purpose.as_bytes(), payload, binding] {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part);
        }
        mac
    }
}

#[cfg(any(test, feature = "testing"))]
impl SecretKey {
    pub fn for_tests() -> Self {
        SecretKey(b"a key for tests, never for a real workspace".to_vec())
    }
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(…)")
    }
}

/// A token taken apart, not yet trusted: read the payload to find what to bind it to, then
/// [`SecretKey::verify`] it.
pub struct Token {
    pub payload: Vec<u8>,
    mac: Vec<u8>,
}

impl Token {
    pub fn parse(token: &str) -> Option<Token> {
        let (payload, mac) = token.trim().split_once('.')?;
        Some(Token {
            payload: URL_SAFE_NO_PAD.decode(payload).ok()?,
            mac: URL_SAFE_NO_PAD.decode(mac).ok()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> SecretKey {
        SecretKey::new(&text.repeat(32)).unwrap()
    }

    #[test]
    fn a_token_opens_only_with_its_key_purpose_and_binding() {
        let token = key("a").sign("password", b"user 1", b"hash 1");
        let parsed = Token::parse(&token).unwrap();
        assert_eq!(parsed.payload, b"user 1");
        assert!(key("a").verify("password", &parsed, b"hash 1"));
        assert!(
            !key("b").verify("password", &parsed, b"hash 1"),
            "other key"
        );
        assert!(
            !key("a").verify("unsubscribe", &parsed, b"hash 1"),
            "other purpose"
        );
        assert!(!key("a").verify("password", &parsed, b"hash 2"), "used");
    }

    #[test]
    fn a_tampered_token_fails() {
        let token = key("a").sign("password", b"user 1", b"");
        let (_, mac) = token.split_once('.').unwrap();
        let forged = format!("{}.{mac}", URL_SAFE_NO_PAD.encode(b"user 2"));
        assert!(!key("a").verify("password", &Token::parse(&forged).unwrap(), b""));
        assert!(Token::parse("no dot").is_none());
        assert!(Token::parse("!!.??").is_none());
    }

    #[test]
    fn short_keys_are_refused() {
        assert!(SecretKey::new("short").is_err());
        assert!(SecretKey::new(&"k".repeat(MIN_KEY_LEN)).is_ok());
        assert_eq!(format!("{:?}", key("a")), "SecretKey(…)");
    }
}
