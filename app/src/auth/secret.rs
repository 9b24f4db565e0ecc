//! Passwords and session tokens.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::error::AppError;

/// An argon2id hash in PHC format, with a fresh random salt. Hashing takes tens of
/// milliseconds of a core by design: it runs on the blocking threads, so that a burst of
/// sign-ins never stalls the pages being served.
pub async fn hash_password(password: &str) -> Result<String, AppError> {
    let password = password.to_owned();
    off_the_async_threads(move || {
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt).map_err(AppError::internal)?;
        let salt = SaltString::encode_b64(&salt).map_err(AppError::internal)?;
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(AppError::internal)
    })
    .await?
}

pub async fn verify_password(password: &str, hash: &str) -> Result<bool, AppError> {
    let (password, hash) = (password.to_owned(), hash.to_owned());
    off_the_async_threads(move || {
        PasswordHash::new(&hash).is_ok_and(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
    })
    .await
}

async fn off_the_async_threads<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(AppError::internal)
}

/// A hash to compare against when the account does not exist, so that a wrong email takes as
/// long as a wrong password and does not reveal which accounts exist.
pub async fn decoy_hash() -> Result<&'static str, AppError> {
    static DECOY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    DECOY
        .get_or_try_init(|| hash_password("not a real password"))
        .await
        .map(String::as_str)
}

/// 256 random bits, URL-safe: the value of a session cookie.
pub fn new_token() -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(AppError::internal)?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// What the database keeps of a token.
pub fn token_hash(token: &str) -> String {
    crate::core::signing::sha256_hex(token.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_password_verifies_against_its_own_hash_only() {
        let hash = hash_password("榕树 grows slowly").await.unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        let verify = async |password, hash| verify_password(password, hash).await.unwrap();
        assert!(verify("榕树 grows slowly", &hash).await);
        assert!(!verify("榕树 grows fast", &hash).await);
        assert!(!verify("榕树 grows slowly", "not a hash").await);
        assert!(decoy_hash().await.unwrap().starts_with("$argon2id$"));
        assert_ne!(
            hash,
            hash_password("榕树 grows slowly").await.unwrap(),
            "salted"
        );
    }

    #[test]
    fn tokens_are_unique_and_stored_hashed() {
        let (a, b) = (new_token().unwrap(), new_token().unwrap());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), token_hash(&b));
    }
}
