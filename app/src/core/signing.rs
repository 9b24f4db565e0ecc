//! Actor tokens for links that act without a session (set a password, and later: web forms,
//! satisfaction ratings, unsubscribing, tracking). A token carries its payload in the clear and
//! an HMAC-SHA256 over it with the workspace's secret key, so the server keeps no table of them.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chacha20poly1305::aead::{Aead, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

use crate::error::AppError;

/// What a sealed value starts with: the format's version, for a change of cipher one day.
const SEALED: &str = "s1.";

/// The SHA-256 of `bytes` in lower-case hex: what is kept of a session's token, and a file's
/// fingerprint.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The key every token is signed with. It stays on the server: never logged, never sent.
/// After a rotation, the keys it replaced are kept `retired`: they still open links that live
/// in customers' mailboxes (see [`SecretKey::verify_lasting`]) and secrets in older backups,
/// and make nothing new.
#[derive(Clone)]
pub struct SecretKey {
    key: Vec<u8>,
    retired: Vec<Vec<u8>>,
}

/// Shorter keys are guessable offline from one token.
pub const MIN_KEY_LEN: usize = 32;

fn checked(key: &str) -> Result<Vec<u8>, String> {
    let key = key.trim();
    if key.len() < MIN_KEY_LEN {
        return Err(format!(
            "a secret key needs at least {MIN_KEY_LEN} characters"
        ));
    }
    Ok(key.as_bytes().to_vec())
}

impl SecretKey {
    pub fn new(key: &str) -> Result<Self, String> {
        Ok(SecretKey {
            key: checked(key)?,
            retired: Vec::new(),
        })
    }

    /// A key file: the key on its first line, the keys it replaced (newest first) on the
    /// lines after.
    pub fn from_file(text: &str) -> Result<Self, String> {
        let mut lines = text.lines().map(str::trim).filter(|line| !line.is_empty());
        let key = checked(lines.next().unwrap_or_default())?;
        let retired = lines.map(checked).collect::<Result<_, _>>()?;
        Ok(SecretKey { key, retired })
    }

    /// The key file after a rotation to `new`: this key joins the retired ones.
    pub fn rotated_file(&self, new: &str) -> Result<String, String> {
        let mut lines = vec![checked(new)?, self.key.clone()];
        lines.extend(self.retired.iter().cloned());
        let lines: Vec<String> = lines
            .into_iter()
            .map(|key| String::from_utf8_lossy(&key).into_owned())
            .collect();
        Ok(lines.join("\n") + "\n")
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
    /// Only the current key counts: a link that lets someone in (a password link) dies with
    /// the key it was made with, which may be why the key was changed.
    pub fn verify(&self, purpose: &str, token: &Token, binding: &[u8]) -> bool {
        self.mac(purpose, &token.payload, binding)
            .verify_slice(&token.mac)
            .is_ok()
    }

    /// [`SecretKey::verify`] for links that live on in mail already sent (unsubscribing,
    /// tracking, rating) and let no one in: made with a retired key, they still work.
    pub fn verify_lasting(&self, purpose: &str, token: &Token, binding: &[u8]) -> bool {
        std::iter::once(&self.key).chain(&self.retired).any(|key| {
            mac_with(key, purpose, &token.payload, binding)
                .verify_slice(&token.mac)
                .is_ok()
        })
    }

    /// This key and each one it retired, each alone and newest first: what a record made under
    /// any of them is checked with.
    pub fn generations(&self) -> impl Iterator<Item = SecretKey> + '_ {
        std::iter::once(&self.key)
            .chain(&self.retired)
            .map(|key| SecretKey {
                key: key.clone(),
                retired: Vec::new(),
            })
    }

    /// A keyed digest of `payload` in lower-case hex: what only the holder of the key can make,
    /// so a record of it cannot be forged with the database alone.
    pub fn digest(&self, purpose: &str, payload: &[u8]) -> String {
        hex(&self.mac(purpose, payload, b"").finalize().into_bytes())
    }

    /// Encrypts a secret the server must read back later (an authenticator's seed) so that a
    /// copy of the database alone does not give it away. `label` names the row it belongs to:
    /// sealed for one row, it does not open in another.
    pub fn seal(&self, label: &str, plain: &[u8]) -> Result<String, AppError> {
        let mut nonce = [0u8; 12];
        getrandom::fill(&mut nonce).map_err(AppError::internal)?;
        let sealed = self
            .cipher()
            .encrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: plain,
                    aad: label.as_bytes(),
                },
            )
            .map_err(AppError::internal)?;
        Ok(format!(
            "{SEALED}{}",
            URL_SAFE_NO_PAD.encode([&nonce[..], &sealed].concat())
        ))
    }

    /// Opens what [`SecretKey::seal`] sealed for `label`, with this key or a retired one (a
    /// restored older backup); `None` when it was sealed under another key or label, or changed
    /// since.
    pub fn open(&self, label: &str, sealed: &str) -> Option<Vec<u8>> {
        let bytes = URL_SAFE_NO_PAD.decode(sealed.strip_prefix(SEALED)?).ok()?;
        let (nonce, sealed) = bytes.split_at_checked(12)?;
        let nonce: [u8; 12] = nonce.try_into().ok()?;
        let payload = || Payload {
            msg: sealed,
            aad: label.as_bytes(),
        };
        std::iter::once(&self.key)
            .chain(&self.retired)
            .find_map(|key| cipher(key).decrypt(&Nonce::from(nonce), payload()).ok())
    }

    /// What `sealed` becomes under `new`: the step a rotation of the key takes for each sealed
    /// secret.
    pub fn reseal(&self, new: &SecretKey, label: &str, sealed: &str) -> Result<String, AppError> {
        let plain = self.open(label, sealed).ok_or_else(|| {
            AppError::internal(format!("the secret of {label} does not open with this key"))
        })?;
        new.seal(label, &plain)
    }

    fn cipher(&self) -> ChaCha20Poly1305 {
        cipher(&self.key)
    }

    fn mac(&self, purpose: &str, payload: &[u8], binding: &[u8]) -> Hmac<Sha256> {
        mac_with(&self.key, purpose, payload, binding)
    }
}

/// A key of its own for sealing, so that no MAC made with the signing key is ever a cipher key.
fn cipher(key: &[u8]) -> ChaCha20Poly1305 {
    let derived: [u8; 32] = mac_with(key, "seal", b"", b"")
        .finalize()
        .into_bytes()
        .into();
    ChaCha20Poly1305::new(&Key::from(derived))
}

fn mac_with(key: &[u8], purpose: &str, payload: &[u8], binding: &[u8]) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key");
    // Lengths first, so that no two different triples feed the same bytes.
    for part in [purpose.as_bytes(), payload, binding] {
        mac.update(&(part.len() as u64).to_be_bytes());
        mac.update(part);
    }
    mac
}

#[cfg(any(test, feature = "testing"))]
impl SecretKey {
    pub fn for_tests() -> Self {
        SecretKey::new("a key for tests, never for a real workspace").expect("long enough")
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
    fn a_sealed_secret_opens_only_with_its_key_and_label() {
        let sealed = key("a").seal("totp:1", b"seed").unwrap();
        assert!(sealed.starts_with(SEALED) && !sealed.contains("seed"));
        assert_ne!(
            sealed,
            key("a").seal("totp:1", b"seed").unwrap(),
            "fresh nonce"
        );
        assert_eq!(
            key("a").open("totp:1", &sealed).as_deref(),
            Some(&b"seed"[..])
        );
        assert_eq!(key("b").open("totp:1", &sealed), None, "other key");
        assert_eq!(key("a").open("totp:2", &sealed), None, "other row");
        let mut bytes = URL_SAFE_NO_PAD.decode(&sealed[SEALED.len()..]).unwrap();
        *bytes.last_mut().unwrap() ^= 1;
        let changed = format!("{SEALED}{}", URL_SAFE_NO_PAD.encode(bytes));
        assert_eq!(key("a").open("totp:1", &changed), None, "changed");
        assert_eq!(key("a").open("totp:1", "seed"), None, "not sealed");
    }

    #[test]
    fn a_rotated_key_signs_anew_and_keeps_lasting_links_and_sealed_secrets() {
        let old = key("a");
        let link = Token::parse(&old.sign("unsubscribe", b"someone", b"")).unwrap();
        let password = Token::parse(&old.sign("password", b"user 1", b"hash")).unwrap();
        let sealed = old.seal("totp:1", b"seed").unwrap();
        let file = old.rotated_file(&"b".repeat(32)).unwrap();
        assert_eq!(file.lines().count(), 2);
        let new = SecretKey::from_file(&file).unwrap();
        assert!(
            new.verify_lasting("unsubscribe", &link, b""),
            "mail already sent"
        );
        assert!(!new.verify("unsubscribe", &link, b""));
        assert!(
            !new.verify("password", &password, b"hash"),
            "a way in dies with its key"
        );
        assert_eq!(new.open("totp:1", &sealed).as_deref(), Some(&b"seed"[..]));
        let fresh = Token::parse(&new.sign("password", b"user 1", b"hash")).unwrap();
        assert!(new.verify("password", &fresh, b"hash"));
        assert!(!old.verify("password", &fresh, b"hash"));
        let again = SecretKey::from_file(&new.rotated_file(&"c".repeat(32)).unwrap()).unwrap();
        assert!(
            again.verify_lasting("unsubscribe", &link, b""),
            "two rotations on"
        );
        assert!(SecretKey::from_file("short").is_err());
        assert!(SecretKey::from_file(&format!("{}\nshort", "d".repeat(32))).is_err());
    }

    #[test]
    fn short_keys_are_refused() {
        assert!(SecretKey::new("short").is_err());
        assert!(SecretKey::new(&"k".repeat(MIN_KEY_LEN)).is_ok());
        assert_eq!(format!("{:?}", key("a")), "SecretKey(…)");
    }
}
